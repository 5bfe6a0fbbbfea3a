"""Every learning API list (the catalogue, registrations, rosters, approvals, transcripts,
verifications) runs the same number of queries for 5 rows as for 50: no query per row."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladder.learning.models import (
    Certificate,
    Offering,
    OfferingCompetency,
    Registration,
    TrainingCompetency,
    TrainingRecord,
)
from ladder.people.models import Person
from tests import factories as f
from tests.api import test_learning_catalogue as shared
from tests.api.conftest import API
from tests.conftest import login
from tests.learning.conftest import future, make_session, register

training = shared.training
serial = itertools.count()
S = Registration.Status


def _staff(world) -> Person:
    """A new page at Riverside Main, supervised by sam."""
    person = f.PersonFactory()
    f.EmploymentFactory(
        person=person,
        library=world.riverside,
        branch=world.riverside_main,
        job_class=world.page,
        supervisor=world.sam,
        weekly_hours=Decimal("12"),
        start_date=dt.date(2022, 1, 3),
    )
    return person


def _offerings(world, t, n):
    for _ in range(n):
        i = next(serial)
        offering = Offering.objects.create(
            title=f"Workshop {i:04}",
            kind=Offering.Kind.WORKSHOP,
            provider_kind=Offering.Provider.NETWORK,
            provider_network=world.network,
        )
        OfferingCompetency.objects.create(offering=offering, competency=t.ill, level=2)
        make_session(
            offering,
            [(future(30 + i % 20), future(30 + i % 20, 17))],
            venue_branch=world.riverside_main,
            region=world.north,
        )


def _sessions(world, t, n):
    for _ in range(n):
        i = next(serial)
        day = 30 + i % 20
        make_session(
            t.workshop,
            [(future(day, 9), future(day, 12)), (future(day + 7, 9), future(day + 7, 12))],
            venue_branch=world.riverside_east,
            region=world.north,
            facilitators=[world.sam],
        )


def _my_registrations(world, t, n):
    for number in range(n):
        session = make_session(
            t.workshop, [(future(40), future(40, 17))], venue_branch=world.riverside_main
        )
        status = S.WAITLISTED if number % 2 else S.CONFIRMED
        register(world.bob, session, status=status)


def _roster(world, t, n):
    for number in range(n):
        register(_staff(world), t.north, status=S.WAITLISTED if number % 3 == 0 else S.CONFIRMED)


def _approvals(world, t, n):
    for _ in range(n):
        register(_staff(world), t.north, status=S.REQUESTED)


def _records(world, t, n, status=TrainingRecord.Status.VERIFIED, certificate=True):
    for number in range(n):
        record = TrainingRecord.objects.create(
            person=world.bob,
            title=f"Training {number}",
            kind=Offering.Kind.WORKSHOP,
            completed_on=dt.date(2024, 1, 1) + dt.timedelta(days=number * 5),
            hours=Decimal("2"),
            status=status,
            verified_by=world.sam,
        )
        TrainingCompetency.objects.create(record=record, competency=t.ill, level=2)
        if certificate:
            Certificate.objects.create(record=record)


def _pending(world, t, n):
    _records(world, t, n, status=TrainingRecord.Status.PENDING, certificate=False)


# path -> (rows to add, reader)
LISTS = {
    "offerings": (_offerings, "bob"),
    "offerings/{workshop}": (_sessions, "bob"),
    "sessions": (_sessions, "bob"),
    "me/registrations": (_my_registrations, "bob"),
    "sessions/{north}/roster": (_roster, "sam"),
    "approvals": (_approvals, "sam"),
    "people/{bob}/transcript": (_records, "alice"),
    "verifications": (_pending, "sam"),
}


def _size(body) -> int:
    if "items" in body:
        return len(body["items"])
    if "records" in body:
        return len(body["records"])
    return len(body["sessions"])


def _count_queries(world, t, path: str, reader: str) -> tuple[int, int]:
    client = login(getattr(world, reader))
    url = f"{API}/" + path.format(bob=world.bob.pk, north=t.north.pk, workshop=t.workshop.pk)
    client.get(url)  # warm up: the session and anything cached per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"limit": 100})
    assert response.status_code == 200, response.content
    return len(queries), _size(response.json())


@pytest.mark.parametrize("path", list(LISTS))
def test_learning_query_count_does_not_grow_with_rows(world, training, path):
    make, reader = LISTS[path]
    make(world, training, 5)
    few_queries, few_rows = _count_queries(world, training, path, reader)
    make(world, training, 45)
    many_queries, many_rows = _count_queries(world, training, path, reader)
    assert many_rows >= few_rows + 45
    assert many_queries == few_queries, (
        f"{path}: {few_queries} queries for 5, {many_queries} for 50"
    )
