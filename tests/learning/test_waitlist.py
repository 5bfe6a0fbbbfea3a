"""The waitlist: arrival order, seats passed on at once or held, offers accepted, declined,
expired, and cancelling (own only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from ladder.learning.models import Registration
from ladder.learning.registrations import (
    offers_expire,
    registration_accept_offer,
    registration_cancel,
    registration_create,
    registration_decline_offer,
    waitlist,
    waitlist_advance,
    waitlist_position,
)
from tests import factories as f
from tests.learning.conftest import make_session

S = Registration.Status


def riverside_staff(world, n: int) -> list:
    people = []
    for _ in range(n):
        person = f.PersonFactory()
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            job_class=world.page,
            start_date=dt.date(2020, 1, 6),
        )
        people.append(person)
    return people


@pytest.fixture
def small(world, catalogue):
    """A one-seat Riverside session: first holds the seat, then second and third wait."""
    session = catalogue.riverside_series
    session.capacity = 1
    session.save()
    first, second, third = riverside_staff(world, 3)
    regs = [registration_create(by=p, session=session) for p in (first, second, third)]
    return session, (first, second, third), regs


def held(session, hours: int) -> None:
    session.offering.offer_hold_hours = hours
    session.offering.save()


def test_the_waitlist_keeps_arrival_order(small):
    session, _, (_, second, third) = small

    assert list(waitlist(session)) == [second, third]
    assert (waitlist_position(second), waitlist_position(third)) == (1, 2)


def test_a_cancelled_seat_goes_to_the_first_waiting_at_once_without_a_hold(
    small, django_capture_on_commit_callbacks
):
    _, (first, second, _), (seat, waiting, last) = small

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(by=first, registration=seat)

    waiting.refresh_from_db()
    last.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert last.status == S.WAITLISTED
    # The one who cancelled is told (with a CANCEL for their calendar), the next one seated.
    assert [m.to for m in mail.outbox] == [[first.email], [second.email]]
    assert "A seat opened up: you are registered" in mail.outbox[1].subject


def test_with_a_hold_the_seat_is_offered_until_the_hold_ends(
    small, django_capture_on_commit_callbacks
):
    session, (first, second, _), (seat, waiting, _) = small
    held(session, 24)
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(by=first, registration=seat)

    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED
    assert before + dt.timedelta(hours=24) <= waiting.offered_until
    assert waiting.offered_until <= timezone.now() + dt.timedelta(hours=24)
    cancelled, offer = mail.outbox
    assert cancelled.to == [first.email]
    assert offer.to == [second.email]
    assert f"/learning/registrations/{waiting.pk}/accept/" in offer.body
    assert f"/learning/registrations/{waiting.pk}/decline-offer/" in offer.body


def test_a_hold_never_runs_past_the_start(small):
    session, (first, _, _), (seat, waiting, _) = small
    held(session, 336)  # two weeks; the session starts in ten days

    registration_cancel(by=first, registration=seat)

    waiting.refresh_from_db()
    assert waiting.offered_until == session.starts_at


def test_accepting_an_offer_confirms_the_seat(small):
    session, (first, second, _), (seat, waiting, _) = small
    held(session, 24)
    registration_cancel(by=first, registration=seat)
    waiting.refresh_from_db()

    registration_accept_offer(by=second, registration=waiting)

    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert waiting.offered_until is None


def test_accepting_an_expired_offer_is_refused_and_changes_nothing(small):
    session, (first, second, _), (seat, waiting, last) = small
    held(session, 24)
    registration_cancel(by=first, registration=seat)
    Registration.objects.filter(pk=waiting.pk).update(
        offered_until=timezone.now() - dt.timedelta(minutes=1)
    )
    waiting.refresh_from_db()

    with pytest.raises(ValidationError, match="expired"):
        registration_accept_offer(by=second, registration=waiting)

    waiting.refresh_from_db()
    last.refresh_from_db()
    assert waiting.status == S.OFFERED
    assert last.status == S.WAITLISTED


def test_accepting_someone_elses_offer_is_forbidden(small):
    session, (first, _, third), (seat, waiting, _) = small
    held(session, 24)
    registration_cancel(by=first, registration=seat)
    waiting.refresh_from_db()

    with pytest.raises(PermissionDenied):
        registration_accept_offer(by=third, registration=waiting)
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED


def test_accepting_without_an_offer_is_refused(small):
    _, (_, second, _), (_, waiting, _) = small

    with pytest.raises(ValidationError, match="no seat offer"):
        registration_accept_offer(by=second, registration=waiting)


def test_declining_an_offer_passes_the_seat_on(small, django_capture_on_commit_callbacks):
    session, (first, second, third), (seat, waiting, last) = small
    held(session, 24)
    registration_cancel(by=first, registration=seat)
    waiting.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        registration_decline_offer(by=second, registration=waiting)

    waiting.refresh_from_db()
    last.refresh_from_db()
    assert waiting.status == S.CANCELLED
    assert last.status == S.OFFERED
    assert [m.to for m in mail.outbox] == [[third.email]]


def test_offers_expire_passes_an_expired_seat_to_the_next_person_and_emails_them(
    small, django_capture_on_commit_callbacks
):
    session, (first, _, third), (seat, waiting, last) = small
    held(session, 24)
    registration_cancel(by=first, registration=seat)

    with django_capture_on_commit_callbacks(execute=True):
        expired = offers_expire(now=timezone.now() + dt.timedelta(hours=25))

    assert expired == 1
    waiting.refresh_from_db()
    last.refresh_from_db()
    assert waiting.status == S.CANCELLED
    assert "not accepted in time" in waiting.note
    assert last.status == S.OFFERED
    assert [m.to for m in mail.outbox if m.to != [first.email]] == [[third.email]]
    assert "A seat opened up and is held for you" in mail.outbox[-1].subject


def test_offers_expire_leaves_running_offers_alone(small):
    session, (first, _, _), (seat, waiting, _) = small
    held(session, 24)
    registration_cancel(by=first, registration=seat)

    assert offers_expire(now=timezone.now() + dt.timedelta(hours=23)) == 0
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED


def test_the_expire_offers_command_reports_what_it_passed_on(small, capsys):
    session, (first, _, _), (seat, waiting, last) = small
    held(session, 24)
    registration_cancel(by=first, registration=seat)
    Registration.objects.filter(pk=waiting.pk).update(
        offered_until=timezone.now() - dt.timedelta(minutes=1)
    )

    call_command("expire_offers")

    assert "Passed on 1 expired offer." in capsys.readouterr().out
    last.refresh_from_db()
    assert last.status == S.OFFERED


def test_cancelling_someone_elses_registration_is_forbidden(small):
    _, (_, second, _), (seat, _, _) = small

    with pytest.raises(PermissionDenied):
        registration_cancel(by=second, registration=seat)
    seat.refresh_from_db()
    assert seat.status == S.CONFIRMED


def test_cancelling_twice_is_refused(small):
    _, (first, _, _), (seat, _, _) = small
    registration_cancel(by=first, registration=seat)

    with pytest.raises(ValidationError, match="cannot be cancelled"):
        registration_cancel(by=first, registration=seat)


def test_cancelling_after_the_start_is_refused(world, catalogue):
    started = make_session(
        catalogue.network_workshop,
        [(timezone.now() - dt.timedelta(hours=1), timezone.now() + dt.timedelta(hours=1))],
    )
    registration = Registration.objects.create(
        session=started, person=world.bob, status=S.CONFIRMED
    )

    with pytest.raises(ValidationError, match="started"):
        registration_cancel(by=world.bob, registration=registration)
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_leaving_the_waitlist_moves_the_others_up(small):
    _, (_, second, _), (_, waiting, last) = small

    registration_cancel(by=second, registration=waiting)

    last.refresh_from_db()
    assert waitlist_position(last) == 1


def test_a_raised_capacity_moves_the_waitlist_forward(small):
    session, _, (_, waiting, last) = small
    session.capacity = 3
    session.save()

    moved = waitlist_advance(session=session)

    assert moved == [waiting, last]
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


def test_raising_capacity_gives_the_new_seats_to_the_waitlist_in_order(world, catalogue):
    from ladder.learning.models import Registration
    from ladder.learning.offerings import session_update
    from ladder.learning.registrations import registration_create

    session = catalogue.workshop_south_full
    waiting = []
    for person in (world.sam, world.alice):
        reg = registration_create(by=person, session=session)
        waiting.append(reg)
    assert {r.status for r in waiting} == {Registration.Status.WAITLISTED}
    session_update(by=world.nina, session=session, capacity=session.capacity + 1)
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses[1] == Registration.Status.WAITLISTED
    assert statuses[0] != Registration.Status.WAITLISTED
