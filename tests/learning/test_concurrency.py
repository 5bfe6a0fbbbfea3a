"""The capacity lock under load: many people register for the same session at the same moment.

Each thread has its own database connection, so the registrations race for real in the
database. Arrival is the moment a thread gets past the session's lock: the test records that
order by wrapping registrations.lock_session, and checks that the rows were numbered (id,
created_at) in exactly that order, that the first `capacity` of them hold the seats and that
the rest wait in that order. Run on PostgreSQL with
DATABASE_URL=postgres://... pytest tests/learning/test_concurrency.py -s  (prints the timing).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import connection, connections

from ladder.learning import registrations
from ladder.learning.models import Offering, Registration, Session
from ladder.learning.registrations import registration_create, waitlist
from tests import factories as f
from tests.learning.conftest import future, make_session

S = Registration.Status

# PostgreSQL's default max_connections is 100 and other clients share the server, so at most
# this many of the threads hold a connection at once; all are released together.
MAX_CONNECTIONS = 40


@dataclass
class Outcome:
    lock_order: list[int]
    errors: list[BaseException]
    seconds: float


def _staff(world, n: int) -> list:
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


def _register_all_at_once(
    session: Session, people: list, monkeypatch, *, connect: Callable[[], None] = lambda: None
) -> Outcome:
    lock_order: list[int] = []
    errors: list[BaseException] = []
    guard = threading.Lock()
    local = threading.local()
    original = registrations.lock_session

    def recording_lock(session_id: int) -> Session:
        locked = original(session_id)
        with guard:  # past the lock: this is the thread's arrival
            lock_order.append(local.person_id)
        return locked

    monkeypatch.setattr(registrations, "lock_session", recording_lock)
    start_line = threading.Barrier(len(people))
    connection_slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def run(person) -> None:
        local.person_id = person.pk
        connect()
        start_line.wait()
        with connection_slots:
            try:
                registration_create(by=person, session=session)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(p,)) for p in people]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Outcome(lock_order, errors, time.perf_counter() - began)


def _check(session: Session, people: list, outcome: Outcome, capacity: int) -> None:
    assert outcome.errors == []
    by_id = list(Registration.objects.filter(session=session).order_by("id"))
    # no registration lost, none doubled
    assert len(by_id) == len(people)
    assert {r.person_id for r in by_id} == {p.pk for p in people}
    # exactly `capacity` seats, the rest waiting
    statuses = [r.status for r in by_id]
    assert statuses.count(S.CONFIRMED) == capacity
    assert statuses.count(S.WAITLISTED) == len(people) - capacity
    assert Registration.objects.filter(session=session, status__in=Registration.SEATED).count() == (
        capacity
    )
    # rows are numbered in the order the lock was acquired ...
    assert [r.person_id for r in by_id] == outcome.lock_order
    assert sorted(by_id, key=lambda r: (r.created_at, r.pk)) == by_id
    # ... so the seats went to the earliest arrivals, and the waitlist keeps arrival order
    assert statuses == [S.CONFIRMED] * capacity + [S.WAITLISTED] * (len(people) - capacity)
    assert [r.person_id for r in waitlist(session)] == outcome.lock_order[capacity:]
    # each seat's confirmation e-mail went out after its commit
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.person.email for r in by_id[:capacity])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")
def test_a_hundred_parallel_registrations_for_ten_seats(world, monkeypatch):
    offering = Offering.objects.create(
        title="State conference",
        kind=Offering.Kind.CONFERENCE,
        provider_kind=Offering.Provider.NETWORK,
        provider_network=world.network,
    )
    session = make_session(offering, [(future(30), future(30, 17))], capacity=10)
    session = Session.objects.select_related("offering").get(pk=session.pk)
    people = _staff(world, 100)

    outcome = _register_all_at_once(session, people, monkeypatch)

    _check(session, people, outcome, capacity=10)
    print(
        f"\nPostgreSQL: 100 parallel registrations for 10 seats in {outcome.seconds:.2f}s "
        f"(at most {MAX_CONNECTIONS} connections at once): 10 confirmed, 90 waitlisted, "
        "ids and waitlist in lock order"
    )


def _in_thread(fn: Callable[[], None]) -> None:
    """Run fn in a fresh thread (and so with that thread's connection); re-raise its error."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:
            failure.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the PostgreSQL test above covers this database"
)
def test_parallel_registrations_on_sqlite_serialise_too(world, monkeypatch, tmp_path):
    """As a single library runs it: SQLite in a file, every transaction BEGIN IMMEDIATE.

    The test database is in memory with a shared cache, whose table locks fail at once
    instead of waiting (SQLITE_LOCKED ignores the busy timeout). So the data is copied to a
    file database and each thread connects to that file, as separate web requests would.
    """
    from django.db.backends.sqlite3.base import DatabaseWrapper

    offering = Offering.objects.create(
        title="Branch mentor's tech hour",
        kind=Offering.Kind.IN_HOUSE,
        provider_kind=Offering.Provider.LIBRARY,
        provider_library=world.riverside,
    )
    session = make_session(offering, [(future(30), future(30, 17))], capacity=4)
    session = Session.objects.select_related("offering").get(pk=session.pk)
    people = _staff(world, 12)
    path = tmp_path / "ladder.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    file_settings = {**connection.settings_dict, "NAME": str(path)}
    assert file_settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

    def connect() -> None:
        connections["default"] = DatabaseWrapper(file_settings, "default")

    outcome = _register_all_at_once(session, people, monkeypatch, connect=connect)

    def check() -> None:
        connect()
        _check(session, people, outcome, capacity=4)

    _in_thread(check)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")
def test_a_registration_that_cannot_get_the_lock_in_time_is_refused(world, monkeypatch):
    from django.core.exceptions import ValidationError
    from django.db import transaction

    offering = Offering.objects.create(
        title="Copyright for reserves",
        kind=Offering.Kind.WORKSHOP,
        provider_kind=Offering.Provider.NETWORK,
        provider_network=world.network,
    )
    session = make_session(offering, [(future(30), future(30, 17))], capacity=10)
    monkeypatch.setattr(registrations, "LOCK_TIMEOUT_SECONDS", 1)
    holding, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with transaction.atomic():
            registrations.lock_session(session.pk)
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=lambda: _in_thread(hold_the_lock))
    holder.start()
    holding.wait(10)
    try:
        with pytest.raises(ValidationError, match="try again"):
            registration_create(by=world.bob, session=session)
    finally:
        release.set()
        holder.join()
    assert not Registration.objects.filter(session=session).exists()
