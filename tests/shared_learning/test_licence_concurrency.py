"""The seat lock under load: many people ask for the same licence at the same moment.

Each thread has its own database connection (closed when it is done), so the requests race
for real in PostgreSQL. Run with DATABASE_URL=postgres://... pytest
tests/shared_learning/test_licence_concurrency.py -s (prints the timing).
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from ladder.shared_learning.licences import licence_request, queue
from ladder.shared_learning.models import LicenceRequest, LicenceWindow
from tests.shared_learning import make_pool, staff

# PostgreSQL's default max_connections is 100 and other clients share the server.
MAX_CONNECTIONS = 40


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")
def test_fifty_simultaneous_requests_for_five_seats_give_each_seat_once(world):
    pool = make_pool(world, seats=5)
    people = staff(world, 50)
    errors: list[BaseException] = []
    start_line = threading.Barrier(len(people))
    slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def ask(person) -> None:
        start_line.wait()
        with slots:
            try:
                licence_request(by=person, pool=pool)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=ask, args=(p,)) for p in people]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    seconds = time.perf_counter() - began

    assert errors == []
    windows = list(LicenceWindow.objects.filter(pool=pool))
    requests = list(LicenceRequest.objects.filter(pool=pool))
    # exactly five seats given, each to a different person, and the other 45 waiting
    assert len(windows) == 5
    assert all(w.status == LicenceWindow.Status.ACTIVE for w in windows)
    assert len({w.person_id for w in windows}) == 5
    assert len(requests) == 45
    assert all(r.status == LicenceRequest.Status.WAITING for r in requests)
    # nobody both holds a seat and waits, and nobody was lost
    seated = {w.person_id for w in windows}
    waiting = {r.person_id for r in requests}
    assert not seated & waiting
    assert seated | waiting == {p.pk for p in people}
    # the queue is in arrival (lock) order: all newcomers, so by requested_at then id
    ordered = list(queue(pool))
    assert ordered == sorted(ordered, key=lambda r: (r.requested_at, r.pk))
    print(
        f"\nPostgreSQL: 50 simultaneous licence requests for 5 seats in {seconds:.2f}s: "
        "5 windows, 45 queued, none doubled"
    )
