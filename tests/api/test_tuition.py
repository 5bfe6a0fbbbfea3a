"""API: apply → approve (library, sponsor) → claim → approve/grade/pay → complete → accept."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.tuition.conftest import enrolled, grow, submit

__all__ = ["grow"]  # the fixture, shared with tests/tuition

APPLY = {
    "institution": "Kent State University",
    "degree_level": 50,
    "accredited": True,
    "expected_start": "2023-08-25",
    "expected_end": "2025-05-15",
}


def test_the_whole_journey(world, grow, api_for):
    tina, alice, stella = api_for(grow.tina), api_for(world.alice), api_for(grow.stella)
    assert tina.get("tuition/programmes").json()["count"] == 1
    created = tina.post("tuition/enrolments", {"programme_id": grow.programme.pk, **APPLY})
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert alice.post(f"tuition/enrolments/{pk}/approve").json()["status"] == "library_approved"
    assert stella.post(f"tuition/enrolments/{pk}/approve").json()["status"] == "enrolled"
    claim = tina.post(
        f"tuition/enrolments/{pk}/claims",
        {
            "term": "Fall 2024",
            "term_ends_on": "2024-12-15",
            "courses": "LIS 1",
            "credits": "3",
            "tuition_cost": "1000",
        },
    )
    assert claim.status_code == 201
    cid = claim.json()["id"]
    assert stella.post(f"tuition/claims/{cid}/approve").json()["approved_amount"] == "800.00"
    assert stella.post(f"tuition/claims/{cid}/grade", {"grade": "A"}).status_code == 200
    paid = stella.post(f"tuition/claims/{cid}/pay", {"reference": "EFT 1"})
    assert paid.json()["status"] == "paid"
    second = stella.post(f"tuition/claims/{cid}/pay", {})
    assert second.status_code == 422 and "Reimbursed once rule" in second.content.decode()
    done = alice.post(f"tuition/enrolments/{pk}/complete", {"awarded_on": "2025-05-15"})
    promotion_id = done.json()["promotion_id"]
    assert promotion_id
    accepted = alice.post(f"tuition/promotions/{promotion_id}/accept", {})
    assert accepted.json()["status"] == "accepted" and accepted.json()["new_employment_id"]
    board = stella.get(f"tuition/programmes/{grow.programme.pk}/dashboard").json()
    assert board["graduates"] == 1 and board["promotions"] == 1


def test_strangers_get_404_and_wrong_roles_403(world, grow, api_for):
    enrolment = enrolled(world, grow)
    carol = api_for(world.carol)
    assert carol.get(f"tuition/enrolments/{enrolment.pk}").status_code == 404
    assert (
        carol.post(
            f"tuition/enrolments/{enrolment.pk}/complete", {"awarded_on": "2025-01-01"}
        ).status_code
        == 404
    )
    assert carol.get(f"tuition/programmes/{grow.programme.pk}/dashboard").status_code == 404
    claim = submit(enrolment)
    assert api_for(grow.tina).post(f"tuition/claims/{claim.pk}/approve").status_code == 403
    assert (
        api_for(world.alice)
        .put(f"tuition/programmes/{grow.programme.pk}/budget", {"fiscal_year": 2030, "amount": "1"})
        .status_code
        == 403
    )


def test_over_budget_is_a_422_naming_the_rule(world, grow, api_for):
    from ladder.tuition.models import ProgrammeBudget

    ProgrammeBudget.objects.update(amount=10)
    claim = submit(enrolled(world, grow))
    response = api_for(grow.stella).post(f"tuition/claims/{claim.pk}/approve")
    assert response.status_code == 422 and "Budget rule" in response.content.decode()


@pytest.mark.parametrize("path", ["tuition/enrolments", "tuition/claims", "tuition/promotions"])
def test_lists_run_the_same_queries_for_5_and_for_15(world, grow, api_for, path):
    client = api_for(grow.stella)

    def add(n: int, tag: str) -> None:
        for i in range(n):
            p = f.PersonFactory(email=f"{tag}{i}@riverside.example")
            f.EmploymentFactory(person=p, library=world.riverside, job_class=world.assistant)
            submit(enrolled(world, grow, p))

    add(5, "a")
    client.get(path)  # the token's last use is recorded once
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    add(10, "b")
    with CaptureQueriesContext(connection) as large:
        assert client.get(path).status_code == 200
    assert len(large) == len(small)
