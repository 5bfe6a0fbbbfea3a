"""A cancelled registration takes the session out of the person's calendar: METHOD:CANCEL with
the same UIDs and a higher SEQUENCE than the invitation (RFC 5546); a later registration
outranks the CANCEL in turn; the organiser's cancel and changes raise the SEQUENCE too. Being
moved off the waitlist says a seat opened up."""

from __future__ import annotations

import icalendar
from django.core import mail

from ladder.learning import offerings
from ladder.learning.models import Registration
from ladder.learning.registrations import registration_cancel, registration_create
from tests.learning.conftest import register
from tests.learning.test_waitlist import riverside_staff

S = Registration.Status


def _events(data: bytes) -> tuple[str, list[tuple[str, int, str]]]:
    calendar = icalendar.Calendar.from_ical(data)
    events = [
        (str(e["uid"]), int(e["sequence"]), str(e["status"])) for e in calendar.walk("VEVENT")
    ]
    return str(calendar["method"]), sorted(events)


def _ics(message, name: str) -> bytes:
    return next(data for filename, data, _ in message.attachments if filename == name)


def test_cancelling_sends_a_cancel_with_the_same_uids_and_a_higher_sequence(
    world, catalogue, django_capture_on_commit_callbacks
):
    session = catalogue.riverside_series
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(by=world.bob, session=session)
    method, invited = _events(_ics(mail.outbox[0], "session.ics"))
    assert method == "PUBLISH" and len(invited) == 2  # a series: two dates

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(by=world.bob, registration=registration)

    cancel = mail.outbox[1]
    assert cancel.subject == f"Cancelled: your registration for {session}"
    assert "is cancelled, as you asked" in cancel.body
    (attachment,) = cancel.attachments
    assert attachment[2] == "text/calendar; charset=utf-8; method=CANCEL"
    method, withdrawn = _events(attachment[1])
    assert method == "CANCEL"
    assert [uid for uid, _, _ in withdrawn] == [uid for uid, _, _ in invited]
    assert all(seq > old for (_, seq, _), (_, old, _) in zip(withdrawn, invited, strict=True))
    assert {status for _, _, status in withdrawn} == {"CANCELLED"}

    # Registering again: the new invitation outranks the CANCEL.
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(by=world.bob, session=session)
    _, again = _events(_ics(mail.outbox[2], "session.ics"))
    assert all(seq > old for (_, seq, _), (_, old, _) in zip(again, withdrawn, strict=True))


def test_leaving_the_waitlist_sends_nothing_to_the_calendar(
    world, catalogue, django_capture_on_commit_callbacks
):
    session = catalogue.riverside_series
    session.capacity = 0
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(by=world.bob, session=session)
        assert registration.status == S.WAITLISTED
        registration_cancel(by=world.bob, registration=registration)
    assert mail.outbox == []


def test_the_organisers_cancel_carries_a_cancel_with_a_raised_sequence(
    world, catalogue, django_capture_on_commit_callbacks
):
    session = catalogue.workshop_north
    register(world.bob, session)
    assert session.ical_sequence == 0

    with django_capture_on_commit_callbacks(execute=True):
        offerings.session_cancel(by=world.nina, session=session, reason="Snow.")

    session.refresh_from_db()
    assert session.ical_sequence == 1
    method, events = _events(_ics(mail.outbox[0], "cancel.ics"))
    assert method == "CANCEL"
    assert {seq for _, seq, _ in events} == {1}
    assert {status for _, _, status in events} == {"CANCELLED"}


def test_a_seat_opened_up_from_the_waitlist_says_so(
    world, catalogue, django_capture_on_commit_callbacks
):
    session = catalogue.riverside_series
    session.capacity = 1
    session.save()
    first, second = riverside_staff(world, 2)
    with django_capture_on_commit_callbacks(execute=True):
        taken = registration_create(by=first, session=session)
        registration_create(by=second, session=session)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(by=first, registration=taken)

    to_second = [m for m in mail.outbox if m.to == [second.email]]
    (message,) = to_second
    assert message.subject == f"A seat opened up: you are registered for {session}"
    assert "A seat opened up in" in message.body and "you are off the waitlist" in message.body
