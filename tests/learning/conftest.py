"""Fixtures shared by the learning tests. Keep them generic: several test files build on them.

The `catalogue` fixture adds training to the `world` (tests/conftest.py), all in the future:
  - network_workshop: a Buckeye network workshop ("Interlibrary loan basics") with two sessions
      workshop_north: at Riverside Main (region North), capacity 10, facilitated by sam
      workshop_south_full: at Hillcrest Library (region South), capacity 1, full (dave confirmed)
  - riverside_training: Riverside's in-house training, one session that is a series of two dates
      at Eastside (riverside_series, capacity 5, facilitated by alice)
  - webinar: a free network webinar with one online session (webinar_session, capacity 100)
`make_session(offering, dates, ...)` builds more sessions the same way; `register(person,
session)` adds a registration without the service. The `framework` fixture (six
competencies, levels 0-4) comes from tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ladder.learning.models import Offering, Registration, Session, SessionDate
from ladder.people.models import Person
from tests.conftest import World

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def future(days: int, hour: int = 14) -> dt.datetime:
    """An aware datetime `days` days from now at `hour`:00 UTC."""
    return (timezone.now() + days * DAY).replace(hour=hour, minute=0, second=0, microsecond=0)


def make_session(
    offering: Offering,
    dates: list[tuple[dt.datetime, dt.datetime]],
    *,
    capacity: int = 10,
    facilitators: list[Person] | None = None,
    **fields: Any,
) -> Session:
    """A session with its dates written straight to the database (no service, no checks)."""
    session = Session.objects.create(
        offering=offering,
        starts_at=min(start for start, _ in dates),
        ends_at=max(end for _, end in dates),
        capacity=capacity,
        **fields,
    )
    SessionDate.objects.bulk_create(
        SessionDate(session=session, starts_at=start, ends_at=end) for start, end in dates
    )
    if facilitators:
        session.facilitators.set(facilitators)
    return session


def register(person: Person, session: Session, status: str = "confirmed") -> Registration:
    """A registration written straight to the database (no service, no capacity check)."""
    return Registration.objects.create(person=person, session=session, status=status)


@dataclass
class Catalogue:
    network_workshop: Offering
    workshop_north: Session
    workshop_south_full: Session
    riverside_training: Offering
    riverside_series: Session
    webinar: Offering
    webinar_session: Session


@pytest.fixture
def catalogue(world: World) -> Catalogue:
    network_workshop = Offering.objects.create(
        title="Interlibrary loan basics",
        kind=Offering.Kind.WORKSHOP,
        description="Requesting, lending and tracking items between libraries.",
        provider_kind=Offering.Provider.NETWORK,
        provider_network=world.network,
        ce_hours=Decimal("3"),
        ce_credits=Decimal("0.3"),
        fee=Decimal("25"),
        paid_by=Offering.PaidBy.LIBRARY,
        created_by=world.nina,
    )
    workshop_north = make_session(
        network_workshop,
        [(future(20, 14), future(20, 17))],
        capacity=10,
        title="North",
        venue_branch=world.riverside_main,
        region=world.north,
        registration_deadline=future(18, 12),
        facilitators=[world.sam],
    )
    workshop_south_full = make_session(
        network_workshop,
        [(future(27, 14), future(27, 17))],
        capacity=1,
        title="South",
        venue_branch=world.hillcrest_branch,
        region=world.south,
    )
    register(world.dave, workshop_south_full)

    riverside_training = Offering.objects.create(
        title="Circulation desk essentials",
        kind=Offering.Kind.IN_HOUSE,
        description="Checking out, renewing and holds, for new pages and assistants.",
        provider_kind=Offering.Provider.LIBRARY,
        provider_library=world.riverside,
        ce_hours=Decimal("4"),
        created_by=world.alice,
    )
    riverside_series = make_session(
        riverside_training,
        [(future(10, 15), future(10, 17)), (future(17, 15), future(17, 17))],
        capacity=5,
        venue_branch=world.riverside_east,
        region=world.north,
        facilitators=[world.alice],
    )

    webinar = Offering.objects.create(
        title="E-books in five minutes",
        kind=Offering.Kind.WEBINAR,
        provider_kind=Offering.Provider.NETWORK,
        provider_network=world.network,
        ce_hours=Decimal("1"),
        created_by=world.nina,
    )
    webinar_session = make_session(
        webinar,
        [(future(5, 18), future(5, 19))],
        capacity=100,
        online_url="https://meet.example.org/ebooks",
    )
    return Catalogue(
        network_workshop=network_workshop,
        workshop_north=workshop_north,
        workshop_south_full=workshop_south_full,
        riverside_training=riverside_training,
        riverside_series=riverside_series,
        webinar=webinar,
        webinar_session=webinar_session,
    )
