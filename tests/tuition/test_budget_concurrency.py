"""Approvals at the same moment never exceed the budget (PostgreSQL, real threads)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from ladder.tuition import claims
from ladder.tuition.models import Claim, ProgrammeBudget
from ladder.tuition.programmes import committed_in_year
from tests import factories as f
from tests.tuition.conftest import enrolled, submit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")
def test_simultaneous_approvals_stop_at_the_budget(world, grow):
    # 12 people each claim 1000 (800 reimbursed); the budget holds 5 approvals.
    ProgrammeBudget.objects.filter(programme=grow.programme).update(amount=Decimal("4000"))
    pending = []
    for n in range(12):
        person = f.PersonFactory(email=f"racer{n}@riverside.example")
        f.EmploymentFactory(person=person, library=world.riverside, job_class=world.assistant)
        pending.append(submit(enrolled(world, grow, person), tuition="1000"))
    start_line = threading.Barrier(len(pending))
    refused: list[BaseException] = []
    other: list[BaseException] = []

    def approve(claim: Claim) -> None:
        start_line.wait()
        try:
            claims.claim_approve(by=grow.stella, claim=claim)
        except ValidationError as exc:
            refused.append(exc)
        except BaseException as exc:
            other.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(c,)) for c in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert other == []
    assert Claim.objects.filter(status=Claim.Status.APPROVED).count() == 5
    assert len(refused) == 7
    assert all("Budget rule" in str(exc) for exc in refused)
    assert committed_in_year(grow.programme, grow.fiscal_year) == Decimal("4000.00")
