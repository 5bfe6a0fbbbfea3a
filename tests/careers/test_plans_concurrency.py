"""Concurrent clicks and signatures, racing for real on PostgreSQL (one connection a thread)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from ladder.careers import evaluations as evals
from ladder.careers import plans as svc
from ladder.careers.models import DevelopmentPlan, PlannedSession
from ladder.core.access import forget_access
from tests.learning import conftest as learning_fixtures

catalogue = learning_fixtures.catalogue  # the learning tests' sessions

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def race(n: int, work) -> list[BaseException]:
    errors: list[BaseException] = []
    line = threading.Barrier(n)

    def run() -> None:
        line.wait()
        try:
            work()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_simultaneous_one_click_adds_make_one_plan_and_one_row(world, catalogue):
    def add() -> None:
        forget_access(world.sam)
        svc.session_add_to_current(
            by=world.sam, person=world.bob, session=catalogue.workshop_north, reason="gap"
        )

    assert race(8, add) == []
    assert DevelopmentPlan.objects.filter(person=world.bob).count() == 1
    assert PlannedSession.objects.count() == 1


def test_simultaneous_signatures_sign_once(world):
    evaluation = evals.evaluation_create(
        by=world.sam,
        person=world.bob,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    evals.evaluation_update(by=world.sam, evaluation=evaluation, narrative="Good")

    def sign() -> None:
        from ladder.careers.models import Evaluation

        evals.evaluation_sign(by=world.sam, evaluation=Evaluation.objects.get(pk=evaluation.pk))

    errors = race(6, sign)
    assert len(errors) == 5
    assert all(isinstance(e, ValidationError) and "already signed" in str(e) for e in errors)
