"""Openings in a real browser, axe-core checked on every page: staff apply with a note; the
library admin ranks, runs a succession scenario and asks the budget a what-if (also on a phone)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.openings import budgets
from ladder.openings import openings as svc
from ladder.openings.models import Application
from ladder.people.models import Employment
from tests.conftest import PASSWORD
from tests.openings.conftest import hat, rate, wear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def posted(world, framework):
    draft = svc.opening_create(
        by=world.alice,
        library=world.riverside,
        job_class=world.assistant,
        weekly_hours=Decimal("40"),
        schedule="Evenings",
        internal_until=timezone.localdate() + dt.timedelta(days=14),
    )
    return svc.opening_publish(by=world.alice, opening=draft)


def test_staff_apply_with_a_note(world, posted, checked_page):
    page = checked_page.page
    checked_page.login(world.bob.email, PASSWORD)
    checked_page.goto(reverse("openings:list"))
    page.get_by_role("link", name=posted.display_title).click()
    checked_page.checked()
    page.get_by_label("A note to the library").fill("I would like full-time hours.")
    page.get_by_role("button", name="Send my application").click()
    checked_page.checked()
    assert Application.objects.get(person=world.bob).note == "I would like full-time hours."


def test_admin_ranks_plans_succession_and_budget(world, posted, checked_page):
    ill = hat(world.riverside, "Interlibrary loan", "6", {"interlibrary-loan": 2})
    wear(ill, world.sam)
    rate(world.bob, "interlibrary-loan", 2)
    job = Employment.objects.get(person=world.bob)
    budgets.pay_set(by=world.alice, employment=job, hourly_wage=Decimal("14"))
    budgets.budget_set(
        by=world.alice,
        library=world.riverside,
        fiscal_year=2024,
        salaries=500_000,
        benefits=100_000,
        total_operating=1_000_000,
    )
    page = checked_page.page
    checked_page.login(world.alice.email, PASSWORD)
    checked_page.goto(reverse("openings:manage"))
    checked_page.goto(reverse("openings:ranking", args=[posted.pk]) + "?scope=network")
    assert "Competency fit" in page.content()
    checked_page.goto(reverse("openings:scenario_create"))
    page.get_by_label("Person who would leave").select_option(str(world.sam.pk))
    page.get_by_role("button", name="Run the scenario").click()
    checked_page.checked()
    assert "Bob Page" in page.content()
    checked_page.goto(reverse("openings:budget"))
    page.get_by_label("Make this part-time post full-time").select_option(str(job.pk))
    page.get_by_role("button", name="Show the figures").click()
    checked_page.checked()
    assert "What-if" in page.content()


def test_budget_on_a_phone(world, phone_page):
    budgets.budget_set(
        by=world.alice,
        library=world.riverside,
        fiscal_year=2024,
        salaries=500_000,
        benefits=100_000,
        total_operating=1_000_000,
    )
    phone_page.login(world.alice.email, PASSWORD)
    phone_page.goto(reverse("openings:budget"))
    phone_page.goto(reverse("openings:list"))
