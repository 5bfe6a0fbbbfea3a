"""E-mail through the task interface: confirmation with .ics, changes and cancellations,
reminders sent once."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from ladder.learning import notify
from ladder.learning.models import Registration
from ladder.learning.registrations import registration_create
from tests.learning.conftest import future, make_session, register

S = Registration.Status


def test_the_confirmation_carries_the_session_as_an_ics_attachment(
    world, catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(by=world.bob, session=catalogue.riverside_series)

    (message,) = mail.outbox
    assert message.to == [world.bob.email]
    assert message.subject == "You are registered: Circulation desk essentials"
    assert "Eastside" in message.body
    ((filename, data, mimetype),) = message.attachments
    assert filename == "session.ics"
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(data)
    starts = sorted(event.decoded("dtstart") for event in calendar.walk("VEVENT"))
    # a series: one registration, both dates in the calendar
    assert starts == [d.starts_at for d in catalogue.riverside_series.dates.all()]


def test_no_email_is_sent_when_the_registration_is_rolled_back(
    world, catalogue, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        registration_create(by=world.bob, session=catalogue.workshop_north)
        raise RuntimeError("something later failed")

    assert mail.outbox == []
    assert not Registration.objects.filter(person=world.bob).exists()


def test_a_waitlisted_person_gets_no_confirmation(
    world, catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(by=world.carol, session=catalogue.workshop_south_full)

    assert mail.outbox == []


def test_an_email_whose_moment_passed_is_skipped(world, catalogue):
    registration = register(world.bob, catalogue.workshop_north, status=S.CANCELLED)

    assert notify.send_registration_email(registration.pk, "confirmed") is False
    assert mail.outbox == []


def test_a_session_change_tells_everyone_holding_or_waiting_for_a_seat(
    world, catalogue, django_capture_on_commit_callbacks
):
    session = catalogue.workshop_north
    register(world.bob, session)
    register(world.dave, session, status=S.WAITLISTED)
    register(world.sam, session, status=S.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        notify.session_changed(session, cancelled=False)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.bob.email, world.dave.email])
    to_bob = next(m for m in mail.outbox if m.to == [world.bob.email])
    assert to_bob.subject.startswith("Changed:")
    assert to_bob.attachments  # the updated calendar entry
    to_dave = next(m for m in mail.outbox if m.to == [world.dave.email])
    assert not to_dave.attachments  # waiting: nothing to put in a calendar yet


def test_a_cancellation_gives_the_reason(world, catalogue, django_capture_on_commit_callbacks):
    session = catalogue.workshop_north
    register(world.bob, session)
    session.status = session.Status.CANCELLED
    session.cancel_reason = "The trainer is ill."
    session.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify.session_changed(session, cancelled=True)

    (message,) = mail.outbox
    assert message.subject.startswith("Cancelled:")
    assert "The trainer is ill." in message.body


def test_the_organisers_cancel_reaches_the_registered(
    world, catalogue, django_capture_on_commit_callbacks
):
    offerings = pytest.importorskip("ladder.learning.offerings")
    register(world.bob, catalogue.workshop_north)

    with django_capture_on_commit_callbacks(execute=True):
        offerings.session_cancel(by=world.nina, session=catalogue.workshop_north, reason="Snow.")

    assert [m.to for m in mail.outbox] == [[world.bob.email]]
    assert "Snow." in mail.outbox[0].body


# --- reminders ----------------------------------------------------------------------------


@pytest.fixture
def tomorrow(world, catalogue):
    session = make_session(
        catalogue.network_workshop, [(timezone.now() + dt.timedelta(hours=20), future(2))]
    )
    return session


def test_reminders_go_to_the_confirmed_once(world, catalogue, tomorrow):
    register(world.bob, tomorrow)
    register(world.dave, tomorrow, status=S.WAITLISTED)
    register(world.sam, catalogue.workshop_north)  # weeks away

    assert notify.send_reminders(within_hours=24) == 1
    assert notify.send_reminders(within_hours=24) == 0

    (message,) = mail.outbox
    assert message.to == [world.bob.email]
    assert message.subject.startswith("Reminder:")
    assert message.attachments


def test_cancelled_sessions_get_no_reminder(world, tomorrow):
    register(world.bob, tomorrow)
    tomorrow.status = tomorrow.Status.CANCELLED
    tomorrow.save()

    assert notify.send_reminders() == 0


def test_a_failed_reminder_is_tried_again_next_time(world, tomorrow, monkeypatch):
    registration = register(world.bob, tomorrow)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notify, "enqueue", broken)
    assert notify.send_reminders() == 0
    registration.refresh_from_db()
    assert registration.reminded_at is None

    monkeypatch.undo()
    assert notify.send_reminders() == 1


def test_the_send_reminders_command(world, tomorrow, capsys):
    register(world.bob, tomorrow)

    call_command("send_reminders", "--hours", "48")
    call_command("send_reminders", "--hours", "48")

    out = capsys.readouterr().out
    assert "Sent 1 reminder." in out and "Sent 0 reminders." in out
    assert len(mail.outbox) == 1


def test_a_broken_mail_server_does_not_undo_a_registration(
    world, catalogue, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notify, "enqueue", broken)
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(by=world.bob, session=catalogue.workshop_north)

    assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED
