"""Reminders before the renewal window opens and before expiry: due once, never twice."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command

from ladder.certifications.models import ReminderSent
from ladder.certifications.reminders import send_certification_reminders
from ladder.certifications.services import pursuit_record_held, pursuit_renew
from ladder.core.links import absolute_url
from tests.certifications.conftest import record

EARNED = dt.date(2022, 8, 1)  # LSSC: expires 2026-08-01, window opens 2025-08-01, grace 2026-10-01


def _held(world, certs):
    return pursuit_record_held(by=world.sam, person=world.bob, scheme=certs.lssc, earned_on=EARNED)


def test_nothing_due_long_before(certs, world):
    _held(world, certs)
    assert send_certification_reminders(dt.date(2025, 6, 1)) == 0
    assert mail.outbox == []


def test_window_reminder_once(certs, world):
    _held(world, certs)
    assert send_certification_reminders(dt.date(2025, 7, 5)) == 1
    assert send_certification_reminders(dt.date(2025, 7, 6)) == 0
    assert send_certification_reminders(dt.date(2025, 9, 6)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bob@riverside.example"]
    assert "opens on 1 August 2025" in mail.outbox[0].subject


def test_expiry_reminder_once_and_again_after_renewal(certs, world):
    pursuit = _held(world, certs)
    assert send_certification_reminders(dt.date(2026, 6, 10)) == 2  # window and expiry both due
    assert send_certification_reminders(dt.date(2026, 6, 11)) == 0
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("expires on 1 August 2026" in s for s in subjects)
    record(world.bob, dt.date(2025, 1, 1), "32", ["core-skills"])
    pursuit_renew(by=world.sam, pursuit=pursuit, renewed_on=dt.date(2026, 6, 20))
    # The next expiry gets its own reminders, years later.
    assert send_certification_reminders(dt.date(2026, 6, 21)) == 0
    assert send_certification_reminders(dt.date(2029, 7, 5)) == 1


def test_lapsed_gets_nothing(certs, world):
    _held(world, certs)
    assert send_certification_reminders(dt.date(2026, 10, 2)) == 0


def test_failed_send_is_retried(certs, world, monkeypatch):
    _held(world, certs)

    def boom(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("ladder.certifications.reminders.send_templated", boom)
    assert send_certification_reminders(dt.date(2025, 7, 5)) == 0
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert send_certification_reminders(dt.date(2025, 7, 5)) == 1


def test_command_runs(certs, world, capsys):
    call_command("certification_reminders")
    assert "certification reminder" in capsys.readouterr().out
    call_command("certification_templates")
    assert "Library Support Staff Certification: 10 parts" in capsys.readouterr().out


def test_each_reminder_has_text_and_html_with_the_link_and_the_name(certs, world):
    _held(world, certs)
    assert send_certification_reminders(dt.date(2026, 6, 10)) == 2  # window and expiry

    link = absolute_url("certifications:mine")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        [(html, _kind)] = message.alternatives
        for part in (message.body, html):
            assert link in part
            assert world.bob.display_name in part
            assert "1 August 2026" in part


def test_the_reminder_says_what_is_short_and_the_window(certs, world):
    _held(world, certs)
    assert send_certification_reminders(dt.date(2025, 9, 6)) == 1  # window open since 1 August
    message = mail.outbox[0]
    assert "is open until 1 August 2026" in message.subject
    assert "you may renew it until 1 August 2026" in message.body
    assert "grace period until 1 October 2026" in message.body
    assert "What is still short this cycle:" in message.body
    assert "hours short in total" in message.body


def test_complete_hours_are_said_to_be_complete(certs, world):
    _held(world, certs)
    record(world.bob, dt.date(2025, 1, 1), "32", ["core-skills"])
    assert send_certification_reminders(dt.date(2025, 7, 5)) == 1
    assert "Your hours this cycle are complete." in mail.outbox[0].body
