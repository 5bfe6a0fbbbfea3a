"""Two senders at once (two cron runs overlapping): each person still gets one digest.

Each thread has its own PostgreSQL connection, so the inserts of DigestSend race for real;
the unique (person, month) constraint makes the loser send nothing.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from ladder.learning.models import Offering
from ladder.shared_learning import digest
from ladder.shared_learning.models import DigestSend
from tests.learning.conftest import make_session


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")
def test_overlapping_runs_send_each_person_once(world):
    month = digest.month_after(timezone.localdate())
    webinar = Offering.objects.create(
        title="Free webinar",
        kind="webinar",
        provider_kind="network",
        provider_network=world.network,
        fee=Decimal("0"),
    )
    start = timezone.make_aware(timezone.datetime(month.year, month.month, 10, 14))
    make_session(webinar, [(start, start + timezone.timedelta(hours=1))])
    errors: list[BaseException] = []
    results: list[bool] = []
    start_line = threading.Barrier(4)

    def send() -> None:
        start_line.wait()
        try:
            results.append(digest.digest_send_one(world.bob, month))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert DigestSend.objects.filter(person=world.bob, month=month).count() == 1
    assert len(mail.outbox) == 1
