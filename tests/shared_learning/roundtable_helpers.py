"""Shared set-up for the roundtable tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ladder.learning.models import Session
from ladder.shared_learning.models import Roundtable
from ladder.shared_learning.roundtables import roundtable_create, roundtable_meeting_schedule


def make_roundtable(world, name: str = "Circulation", conveners=None) -> Roundtable:
    return roundtable_create(
        by=world.nina,
        network=world.network,
        name=name,
        description="People who run the circulation desk.",
        conveners=[world.sam] if conveners is None else conveners,
    )


def schedule(world, roundtable: Roundtable, days: int = 7, by=None) -> Session:
    start = timezone.now() + dt.timedelta(days=days)
    return roundtable_meeting_schedule(
        by=by or world.sam,
        roundtable=roundtable,
        dates=[(start, start + dt.timedelta(hours=1))],
        capacity=20,
        online_url="https://meet.example.org/circ",
    )
