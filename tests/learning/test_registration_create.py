"""registration_create: a seat or the waitlist, and every refusal leaving nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.learning.models import Registration
from ladder.learning.registrations import registration_cancel, registration_create
from tests import factories as f
from tests.learning.conftest import future, make_session

S = Registration.Status


def riverside_staff(world, n: int) -> list:
    people = []
    for _ in range(n):
        person = f.PersonFactory()
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            branch=world.riverside_main,
            job_class=world.page,
            start_date=dt.date(2020, 1, 6),
        )
        people.append(person)
    return people


def refused(by, session, match: str) -> None:
    before = Registration.objects.count()
    with pytest.raises(ValidationError, match=match) as info:
        registration_create(by=by, session=session)
    assert "session" in info.value.message_dict
    assert Registration.objects.count() == before


def test_a_free_seat_is_confirmed_and_logged(world, catalogue):
    registration = registration_create(by=world.bob, session=catalogue.workshop_north)

    assert registration.status == S.CONFIRMED
    assert registration.person == world.bob
    entry = AuditEntry.objects.get(action="learning.registration.created")
    assert entry.actor == world.bob
    assert entry.changes == {"status": [None, "confirmed"]}


def test_a_full_session_waitlists_the_next_person(world, catalogue):
    # workshop_south_full has one seat, taken by dave
    registration = registration_create(by=world.carol, session=catalogue.workshop_south_full)

    assert registration.status == S.WAITLISTED


def test_capacity_is_never_exceeded_one_after_another(world, catalogue):
    session = catalogue.riverside_series  # capacity 5
    people = riverside_staff(world, 7)

    statuses = [registration_create(by=p, session=session).status for p in people]

    assert statuses == [S.CONFIRMED] * 5 + [S.WAITLISTED] * 2


def test_registering_twice_is_refused(world, catalogue):
    registration_create(by=world.bob, session=catalogue.workshop_north)

    refused(world.bob, catalogue.workshop_north, "already registered")


def test_registering_twice_while_waitlisted_is_refused(world, catalogue):
    registration_create(by=world.carol, session=catalogue.workshop_south_full)

    refused(world.carol, catalogue.workshop_south_full, r"already registered .*waitlisted")


def test_registering_again_after_cancelling_goes_to_the_back(world, catalogue):
    first = registration_create(by=world.bob, session=catalogue.workshop_north)
    registration_cancel(by=world.bob, registration=first)

    again = registration_create(by=world.bob, session=catalogue.workshop_north)

    assert again.pk != first.pk and again.status == S.CONFIRMED


def test_registering_after_the_deadline_is_refused(world, catalogue):
    session = catalogue.workshop_north
    session.registration_deadline = timezone.now() - dt.timedelta(minutes=1)
    session.save()

    refused(world.bob, session, "Registration closed")


def test_registering_for_a_cancelled_session_is_refused(world, catalogue):
    session = catalogue.workshop_north
    session.status = session.Status.CANCELLED
    session.save()

    refused(world.bob, session, "cancelled")


def test_registering_for_a_session_that_started_is_refused(world, catalogue):
    started = make_session(
        catalogue.network_workshop,
        [(timezone.now() - dt.timedelta(hours=1), timezone.now() + dt.timedelta(hours=2))],
    )

    refused(world.bob, started, "already started")


def test_registering_for_a_past_session_is_refused(world, catalogue):
    past = make_session(
        catalogue.network_workshop,
        [(timezone.now() - dt.timedelta(days=3), timezone.now() - dt.timedelta(days=3, hours=-2))],
    )

    refused(world.bob, past, "already started")


def test_registering_outside_the_audience_is_refused_with_the_reason(world, catalogue):
    # Riverside's in-house training is for Riverside's staff; dave works at Hillcrest
    refused(world.dave, catalogue.riverside_series, "Riverside")


def test_a_restricted_offering_shows_its_reason_to_those_excluded(world, catalogue):
    offering = catalogue.riverside_training
    offering.restriction_reason = "Only for pages starting at the circulation desk."
    offering.save()
    offering.audience_job_classes.set([world.page])

    refused(world.sam, catalogue.riverside_series, "circulation desk")
    assert registration_create(by=world.bob, session=catalogue.riverside_series).status == (
        S.CONFIRMED
    )


def test_someone_without_a_job_is_refused(world, catalogue):
    refused(world.nina, catalogue.workshop_north, "no current job")


def test_an_unpublished_offering_takes_no_registrations(world, catalogue):
    catalogue.network_workshop.is_published = False
    catalogue.network_workshop.save()

    refused(world.bob, catalogue.workshop_north, "not open")


def test_free_seats_go_to_those_waiting_before_a_newcomer(world, catalogue):
    # Given a full session with someone waiting, whose capacity is then raised directly
    session = catalogue.workshop_south_full
    waiting = registration_create(by=world.carol, session=session)
    session.capacity = 2
    session.save()

    # When a newcomer registers
    newcomer = registration_create(by=world.bob, session=session)

    # Then the one who waited has the seat and the newcomer waits
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert newcomer.status == S.WAITLISTED


def test_the_deadline_defaults_to_the_start(world, catalogue):
    session = make_session(catalogue.network_workshop, [(future(3), future(3, 16))])

    assert registration_create(by=world.bob, session=session).status == S.CONFIRMED
