"""Fixtures of the openings tests: an opening at Riverside, hats and ratings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ladder.openings import openings as svc
from ladder.openings.models import Opening
from ladder.skills.models import Competency, Hat, HatAssignment, HatRequirement, Rating


@pytest.fixture
def opening(world, framework) -> Opening:
    """A full-time Library Assistant post at Riverside, open to the network's staff for a week."""
    ils = Competency.objects.get(code="ils")
    circ = Competency.objects.get(code="circulation")
    created = svc.opening_create(
        by=world.alice,
        library=world.riverside,
        job_class=world.assistant,
        weekly_hours=Decimal("40"),
        branch=world.riverside_main,
        schedule="Evenings and weekends",
        benefits_eligible=True,
        reason=Opening.Reason.MORE_HOURS,
        internal_until=timezone.localdate() + dt.timedelta(days=14),
        competencies=[(ils, "required", 2), (circ, "preferred", 3)],
    )
    return svc.opening_publish(by=world.alice, opening=created)


def rate(person, code: str, level: int) -> None:
    Rating.objects.update_or_create(
        person=person,
        competency=Competency.objects.get(code=code),
        defaults={"level": level, "source": "supervisor"},
    )


def hat(library, name: str, hours: str, needs: dict[str, int]) -> Hat:
    created = Hat.objects.create(library=library, name=name, weekly_hours=Decimal(hours))
    for code, level in needs.items():
        HatRequirement.objects.create(
            hat=created, competency=Competency.objects.get(code=code), level=level
        )
    return created


def wear(hat_obj: Hat, person, role: str = "wearer") -> HatAssignment:
    job = person.employments.get(library=hat_obj.library)
    return HatAssignment.objects.create(
        hat=hat_obj, employment=job, role=role, start_date=dt.date(2020, 1, 1)
    )
