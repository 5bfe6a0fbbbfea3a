"""True concurrency (PostgreSQL): two reminder runs at once send each reminder once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection

from ladder.certifications.models import ReminderSent
from ladder.certifications.reminders import send_certification_reminders
from ladder.certifications.services import pursuit_record_held

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
    ),
]


def test_parallel_reminder_runs_send_once(certs, world):
    pursuit_record_held(
        by=world.sam, person=world.bob, scheme=certs.lssc, earned_on=dt.date(2022, 8, 1)
    )
    results: list[int] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            results.append(send_certification_reminders(dt.date(2025, 7, 5)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1]
    assert ReminderSent.objects.count() == 1
    assert len(mail.outbox) == 1
