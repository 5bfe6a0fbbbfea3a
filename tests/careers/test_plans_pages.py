"""Development plan pages: who sees and changes what, the one-click add."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ladder.careers import plans as svc
from ladder.careers.models import DevelopmentPlan, PlannedSession
from tests.learning import conftest as learning_fixtures

catalogue = learning_fixtures.catalogue  # the learning tests' sessions


def make_plan(world):
    plan = svc.plan_create(
        by=world.bob,
        person=world.bob,
        title="Bob's plan",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        target_job_class=world.assistant,
    )
    svc.goal_add(by=world.bob, plan=plan, description="Learn the catalogue")
    return plan


def test_my_plan_page_lists_and_starts_plans(world, client_for):
    client = client_for(world.bob)
    response = client.get(reverse("careers:my_plan"))
    assert response.status_code == 200
    response = client.post(
        reverse("careers:my_plan"),
        {
            "person": world.bob.pk,
            "title": "Toward assistant",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "target_job_class": world.assistant.pk,
        },
    )
    plan = DevelopmentPlan.objects.get(person=world.bob)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    page = client.get(reverse("careers:my_plan"))
    assert b"Toward assistant" in page.content


def test_my_plan_refuses_bad_dates_with_a_message(world, client_for):
    response = client_for(world.bob).post(
        reverse("careers:my_plan"),
        {"person": world.bob.pk, "title": "x", "starts_on": "2026-05-01", "ends_on": "2026-01-01"},
    )
    assert response.status_code == 200
    assert b"must end on or after" in response.content


def test_cannot_start_a_plan_for_someone_not_manageable(world, client_for):
    response = client_for(world.bob).post(
        reverse("careers:my_plan"),
        {"person": world.sam.pk, "title": "x", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert response.status_code == 200  # the choice is not offered
    assert not DevelopmentPlan.objects.exists()


@pytest.mark.parametrize("who", ["bob", "sam", "alice", "root"])
def test_plan_detail_seen_by_person_chain_and_admin(world, client_for, who):
    plan = make_plan(world)
    response = client_for(getattr(world, who)).get(plan.get_absolute_url())
    assert response.status_code == 200
    assert b"Learn the catalogue" in response.content


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_plan_detail_is_404_for_others(world, client_for, who):
    plan = make_plan(world)
    assert client_for(getattr(world, who)).get(plan.get_absolute_url()).status_code == 404
    response = client_for(getattr(world, who)).post(plan.get_absolute_url(), {"action": "agree"})
    assert response.status_code == 404


def test_supervisor_agrees_and_person_cannot(world, client_for):
    plan = make_plan(world)
    response = client_for(world.bob).post(plan.get_absolute_url(), {"action": "agree"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.DRAFT
    response = client_for(world.sam).post(plan.get_absolute_url(), {"action": "agree"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.AGREED


def test_goal_and_check_in_forms(world, client_for):
    plan = make_plan(world)
    client = client_for(world.sam)
    response = client.post(
        plan.get_absolute_url(), {"action": "goal_add", "description": "Cover the desk"}
    )
    assert response.status_code == 302
    assert plan.goals.count() == 2
    response = client.post(plan.get_absolute_url(), {"action": "check_in", "note": ""})
    assert response.status_code == 200 and b"required" in response.content
    client.post(plan.get_absolute_url(), {"action": "check_in", "note": "Good start"})
    assert plan.check_ins.get().note == "Good start"
    goal = plan.goals.first()
    client.post(plan.get_absolute_url(), {"action": "goal_done", "goal": goal.pk})
    goal.refresh_from_db()
    assert goal.done_on is not None


def test_plan_edit(world, client_for):
    plan = make_plan(world)
    response = client_for(world.sam).post(
        reverse("careers:plan_edit", args=[plan.pk]),
        {"title": "Renamed", "starts_on": "2026-01-01", "ends_on": "2026-06-30"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Renamed" and plan.target_job_class is None
    assert (
        client_for(world.carol).get(reverse("careers:plan_edit", args=[plan.pk])).status_code == 404
    )


def test_add_session_one_click_is_idempotent_and_follows_next(world, client_for, catalogue):
    client = client_for(world.sam)
    data = {
        "person": world.bob.pk,
        "session": catalogue.workshop_north.pk,
        "reason": "Closes the ILL gap",
        "next": "/careers/me/",
    }
    response = client.post(reverse("careers:plan_add_session"), data)
    assert response.status_code == 302 and response["Location"] == "/careers/me/"
    client.post(reverse("careers:plan_add_session"), data)
    planned = PlannedSession.objects.get()
    assert planned.reason == "Closes the ILL gap"
    assert planned.plan.person == world.bob
    assert planned.plan.status == DevelopmentPlan.Status.DRAFT


def test_add_session_ignores_an_outside_next(world, client_for, catalogue):
    response = client_for(world.bob).post(
        reverse("careers:plan_add_session"),
        {
            "person": world.bob.pk,
            "session": catalogue.webinar_session.pk,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == PlannedSession.objects.get().plan.get_absolute_url()


@pytest.mark.parametrize("who", ["carol", "nina", "dave"])
def test_add_session_for_someone_not_yours_is_404(world, client_for, catalogue, who):
    response = client_for(getattr(world, who)).post(
        reverse("careers:plan_add_session"),
        {"person": world.bob.pk, "session": catalogue.workshop_north.pk},
    )
    assert response.status_code == 404
    assert not PlannedSession.objects.exists()


def test_add_session_get_is_not_allowed(world, client_for):
    assert client_for(world.bob).get(reverse("careers:plan_add_session")).status_code == 405


def test_plan_detail_query_count_is_bounded(world, client_for, catalogue, framework):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = make_plan(world)
    client = client_for(world.sam)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(plan.get_absolute_url()).status_code == 200
        return len(ctx)

    # One of each row kind first (an empty id list makes Django skip a query).
    svc.session_add(by=world.bob, plan=plan, session=catalogue.workshop_north)
    first, *others = framework.competencies.all()
    svc.goal_add(by=world.bob, plan=plan, description="x", competency=first, target_level=1)
    svc.check_in_add(by=world.sam, plan=plan, note="first")
    before = count()
    for competency in others:
        svc.goal_add(
            by=world.bob,
            plan=plan,
            description=competency.name,
            competency=competency,
            target_level=2,
        )
    for session in (catalogue.webinar_session, catalogue.riverside_series):
        svc.session_add(by=world.bob, plan=plan, session=session)
    svc.check_in_add(by=world.sam, plan=plan, note="a")
    svc.check_in_add(by=world.sam, plan=plan, note="b")
    assert count() == before


def test_add_session_with_a_long_reason_keeps_its_start(world, client_for, catalogue):
    response = client_for(world.bob).post(
        reverse("careers:plan_add_session"),
        {"person": world.bob.pk, "session": catalogue.webinar_session.pk, "reason": "r" * 400},
    )
    assert response.status_code == 302
    assert PlannedSession.objects.get().reason == "r" * 255


def test_an_unknown_action_is_bad_input_not_a_refusal(world, client_for):
    plan = make_plan(world)
    response = client_for(world.sam).post(plan.get_absolute_url(), {"action": "frobnicate"})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.DRAFT
