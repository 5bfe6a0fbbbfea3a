"""API: development plans and evaluations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladder.careers import evaluations as evals
from ladder.careers import plans as svc
from ladder.careers.models import DevelopmentPlan, Evaluation, PlannedSession
from tests import factories as f
from tests.api.conftest import assert_error, ids
from tests.learning import conftest as learning_fixtures

catalogue = learning_fixtures.catalogue  # the learning tests' sessions


def plan_for(world):
    plan = svc.plan_create(
        by=world.bob,
        person=world.bob,
        title="Bob's plan",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    svc.goal_add(by=world.bob, plan=plan, description="Learn the catalogue")
    return plan


def evaluation_for(world, person=None):
    return evals.evaluation_create(
        by=world.alice if person else world.sam,
        person=person or world.bob,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )


def test_plan_lifecycle(world, api_for, framework, catalogue):
    bob, sam = api_for(world.bob), api_for(world.sam)
    created = bob.post(
        "plans",
        {
            "person_id": world.bob.pk,
            "title": "Toward assistant",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "target_job_class_id": world.assistant.pk,
        },
    )
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    ils = framework.competencies.get(code="ils")
    response = bob.post(
        f"plans/{plan_id}/goals",
        {"description": "ILS", "competency_id": ils.pk, "target_level": 2},
    )
    assert response.status_code == 201
    goal = response.json()["goals"][0]
    assert goal["progress_percent"] == 0 and goal["met"] is False
    first = bob.post(
        f"plans/{plan_id}/sessions", {"session_id": catalogue.workshop_north.pk, "reason": "ILL"}
    )
    assert first.status_code == 201 and first.json()["created"] is True
    again = bob.post(f"plans/{plan_id}/sessions", {"session_id": catalogue.workshop_north.pk})
    assert again.status_code == 200 and again.json()["created"] is False
    assert_error(bob.post(f"plans/{plan_id}/agree"), 403)
    agreed = sam.post(f"plans/{plan_id}/agree")
    assert agreed.status_code == 200 and agreed.json()["status"] == "agreed"
    changed = bob.patch(f"plans/{plan_id}", {"title": "Toward Library Assistant"})
    assert changed.json()["status"] == "changed"
    check_in = sam.post(f"plans/{plan_id}/check-ins", {"note": "On track"})
    assert check_in.status_code == 201
    detail = bob.get(f"plans/{plan_id}").json()
    assert detail["check_ins"][0]["note"] == "On track"
    assert detail["planned_sessions"][0]["status"] == "not_registered"
    assert isinstance(detail["gaps"], list)
    planned_id = detail["planned_sessions"][0]["id"]
    assert bob.delete(f"plans/{plan_id}/sessions/{planned_id}").status_code == 204
    assert bob.delete(f"plans/{plan_id}/goals/{goal['id']}").status_code == 204


def test_plan_errors(world, api_for):
    bob = api_for(world.bob)
    bad = bob.post(
        "plans",
        {
            "person_id": world.bob.pk,
            "title": "x",
            "starts_on": "2026-05-01",
            "ends_on": "2026-01-01",
        },
    )
    error = assert_error(bad, 422)
    assert "ends_on" in error["fields"]
    unknown = bob.post(
        "plans",
        {
            "person_id": world.bob.pk,
            "title": "x",
            "starts_on": "2026-01-01",
            "ends_on": "2026-01-02",
            "x": 1,
        },
    )
    assert_error(unknown, 422)
    not_mine = bob.post(
        "plans",
        {
            "person_id": world.sam.pk,
            "title": "x",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert "person_id" in assert_error(not_mine, 422)["fields"]


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_plans_are_private(world, api_for, who):
    plan = plan_for(world)
    client = api_for(getattr(world, who))
    assert_error(client.get(f"plans/{plan.pk}"), 404)
    assert_error(client.post(f"plans/{plan.pk}/agree"), 404)
    assert plan.pk not in ids(client.get("plans"))


def test_add_session_to_current_plan(world, api_for, catalogue):
    sam = api_for(world.sam)
    url = f"people/{world.bob.pk}/current-plan/sessions"
    first = sam.post(url, {"session_id": catalogue.workshop_north.pk, "reason": "gap"})
    assert first.status_code == 201
    assert sam.post(url, {"session_id": catalogue.workshop_north.pk}).status_code == 200
    assert PlannedSession.objects.count() == 1
    assert_error(api_for(world.carol).post(url, {"session_id": catalogue.workshop_north.pk}), 404)
    assert_error(sam.post(url, {"session_id": 999999}), 422)


def test_evaluation_lifecycle(world, api_for):
    sam, bob, alice = api_for(world.sam), api_for(world.bob), api_for(world.alice)
    created = sam.post(
        "evaluations",
        {"person_id": world.bob.pk, "period_start": "2025-01-01", "period_end": "2025-12-31"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    eid = body["id"]
    assert body["status"] == "in_progress"
    assert body["pdf_url"].endswith(f"/evaluations/{eid}/pdf/")
    assert "above_and_beyond" in body["pd_section"]
    assert sam.patch(f"evaluations/{eid}", {"narrative": "Great year"}).status_code == 200
    assert_error(bob.patch(f"evaluations/{eid}", {"narrative": "x"}), 403)
    assert_error(bob.post(f"evaluations/{eid}/sign"), 422)  # the reviewer signs first
    assert sam.post(f"evaluations/{eid}/sign").json()["status"] == "awaiting_person"
    error = assert_error(sam.post(f"evaluations/{eid}/sign"), 422)
    assert "already signed" in error["message"]
    assert bob.post(f"evaluations/{eid}/comment", {"comment": "Thanks"}).status_code == 200
    assert bob.post(f"evaluations/{eid}/sign").json()["status"] == "signed"
    error = assert_error(sam.patch(f"evaluations/{eid}", {"narrative": "Changed"}), 422)
    assert "add an addendum instead" in error["message"]
    assert_error(bob.post(f"evaluations/{eid}/comment", {"comment": "x"}), 422)
    addendum = alice.post(f"evaluations/{eid}/addenda", {"body": "Hours corrected."})
    assert addendum.status_code == 201
    detail = bob.get(f"evaluations/{eid}").json()
    assert detail["addenda"][0]["body"] == "Hours corrected."
    assert detail["narrative"] == "Great year"


def test_supervisor_evaluating_someone_not_theirs_is_refused(world, api_for):
    # alice is sam's supervisor, not his report: sam may not evaluate her. She is not in the
    # people sam may see, so the body id is refused as unknown.
    response = api_for(world.sam).post(
        "evaluations",
        {"person_id": world.alice.pk, "period_start": "2025-01-01", "period_end": "2025-12-31"},
    )
    assert_error(response, 422)
    # bob can see himself but may not evaluate himself.
    response = api_for(world.bob).post(
        "evaluations",
        {"person_id": world.bob.pk, "period_start": "2025-01-01", "period_end": "2025-12-31"},
    )
    assert_error(response, 403)
    # alice (admin) naming bob as sam's reviewer: bob is not in sam's chain.
    response = api_for(world.alice).post(
        "evaluations",
        {
            "person_id": world.sam.pk,
            "reviewer_id": world.bob.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
        },
    )
    error = assert_error(response, 403)
    assert "supervisor" in error["message"]
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_evaluations_are_private(world, api_for, who):
    evaluation = evaluation_for(world)
    client = api_for(getattr(world, who))
    assert_error(client.get(f"evaluations/{evaluation.pk}"), 404)
    assert_error(client.post(f"evaluations/{evaluation.pk}/sign"), 404)
    assert_error(client.post(f"evaluations/{evaluation.pk}/addenda", {"body": "x"}), 404)
    assert evaluation.pk not in ids(client.get("evaluations"))


def test_list_filters(world, api_for):
    bob_eval = evaluation_for(world)
    sam_eval = evaluation_for(world, person=world.sam)
    alice = api_for(world.alice)
    assert set(ids(alice.get("evaluations"))) == {bob_eval.pk, sam_eval.pk}
    assert ids(alice.get("evaluations", person_id=world.sam.pk)) == [sam_eval.pk]
    assert ids(api_for(world.sam).get("evaluations", mine=True)) == [sam_eval.pk]


def _staff(world, n, offset):
    people = []
    for i in range(n):
        person = f.PersonFactory(email=f"api{offset + i}@riverside.example")
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            branch=world.riverside_main,
            job_class=world.page,
            supervisor=world.sam,
            start_date=dt.date(2020, 1, 1),
        )
        people.append(person)
    return people


def test_lists_query_count_is_the_same_for_5_and_50(world, api_for):
    alice = api_for(world.alice)

    def count(path):
        alice.get(path, limit=100)  # warm up: the token's first use is recorded once
        with CaptureQueriesContext(connection) as ctx:
            response = alice.get(path, limit=100)
            assert response.status_code == 200
        return len(ctx), response.json()["count"]

    for person in _staff(world, 5, 0):
        evaluation_for(world, person=person)
        svc.plan_create(
            by=world.alice,
            person=person,
            title="p",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 2, 1),
        )
    few_evals, n = count("evaluations")
    few_plans, _ = count("plans")
    assert n == 5
    for person in _staff(world, 45, 100):
        evaluation_for(world, person=person)
        svc.plan_create(
            by=world.alice,
            person=person,
            title="p",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 2, 1),
        )
    many_evals, n = count("evaluations")
    many_plans, n_plans = count("plans")
    assert n == 50 and n_plans == 50
    assert many_evals == few_evals
    assert many_plans == few_plans
    assert DevelopmentPlan.objects.count() == 50
