"""Plans and evaluations in a real browser, axe-core checked on every page: bob starts a plan
and adds a goal; sam agrees; sam writes and signs bob's evaluation, bob acknowledges it (on a
phone); the printable page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ladder.careers import evaluations as evals
from ladder.careers import plans as svc
from ladder.careers.models import DevelopmentPlan, Evaluation
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_starts_a_plan_and_supervisor_agrees(world, checked_page):
    page = checked_page.page
    checked_page.login(world.bob.email, PASSWORD)
    checked_page.goto(reverse("careers:my_plan"))
    page.get_by_label("Title").fill("Toward library assistant")
    page.get_by_label("Starts on").fill("2026-01-01")
    page.get_by_label("Ends on").fill("2026-12-31")
    page.get_by_role("button", name="Start the plan").click()
    checked_page.checked()
    assert "Plan started" in page.content()
    page.locator("#id_description").fill("Learn the circulation desk")
    page.get_by_role("button", name="Add the goal").click()
    checked_page.checked()
    assert "Learn the circulation desk" in page.content()
    plan = DevelopmentPlan.objects.get(person=world.bob)

    checked_page.page.context.clear_cookies()
    checked_page.login(world.sam.email, PASSWORD)
    checked_page.goto(plan.get_absolute_url())
    page.get_by_role("button", name="Agree to this plan").click()
    checked_page.checked()
    assert "You agreed to the plan" in page.content()


def test_evaluation_is_written_signed_and_acknowledged(world, checked_page, phone_page):
    evaluation = evals.evaluation_create(
        by=world.sam,
        person=world.bob,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    page = checked_page.page
    checked_page.login(world.sam.email, PASSWORD)
    checked_page.goto(reverse("careers:evaluation_list"))
    page.get_by_role("link", name="Bob Page").click()
    checked_page.checked()
    page.locator("#id_narrative").fill("Bob learned the whole circulation desk.")
    page.get_by_role("button", name="Save", exact=True).click()
    checked_page.checked()
    page.get_by_role("button", name="Sign as reviewer").click()
    checked_page.checked()
    assert "Awaiting the person" in page.content()

    phone = phone_page.page
    phone_page.login(world.bob.email, PASSWORD)
    phone_page.goto(reverse("careers:my_evaluations"))
    phone_page.goto(evaluation.get_absolute_url())
    phone.locator("#id_comment").fill("Thank you!")
    phone.get_by_role("button", name="Save the comment").click()
    phone_page.checked()
    phone.get_by_role("button", name="Acknowledge and sign").click()
    phone_page.checked()
    assert "read-only" in phone.content()
    phone_page.goto(reverse("careers:evaluation_print", args=[evaluation.pk]))
    assert Evaluation.objects.get().is_signed


def test_plan_with_sessions_and_progress_renders(world, framework, checked_page, catalogue):
    plan = svc.plan_create(
        by=world.bob,
        person=world.bob,
        title="Grow",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        target_job_class=world.assistant,
    )
    ils = framework.competencies.get(code="ils")
    svc.goal_add(by=world.bob, plan=plan, description="ILS", competency=ils, target_level=2)
    svc.session_add(by=world.bob, plan=plan, session=catalogue.workshop_north, reason="ILL")
    checked_page.login(world.alice.email, PASSWORD)
    checked_page.goto(plan.get_absolute_url())
    assert "Remaining gaps" in checked_page.page.content()
