"""A library admin creates a tuition programme and sets its budget in a real browser,
axe-core checked on every page (desktop), then edits it on a phone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.tuition.models import Programme, ProgrammeBudget
from ladder.tuition.repayment import fiscal_year_of
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_a_programme_and_set_its_budget(world, checked_page, phone_page):
    page = checked_page.page
    checked_page.login(world.alice.email, PASSWORD)
    checked_page.goto(reverse("tuition:programme_list"))
    page.get_by_role("link", name="New programme").click()
    checked_page.checked()
    page.locator("#id_name").fill("Riverside Grows Librarians")
    page.locator("label.usa-checkbox__label", has_text="Riverside Public Library").click()
    page.locator("label.usa-checkbox__label", has_text="Library Assistant").click()
    page.locator("label.usa-checkbox__label", has_text="MLS / MLIS").click()
    page.locator("label.usa-checkbox__label", has_text="Covers books").click()
    page.get_by_label("Minimum tenure (months)").fill("12")
    page.get_by_label("Reimbursement (%)").fill("80")
    page.get_by_label("Cap per person per fiscal year ($)").fill("5000")
    page.get_by_label("Cap per person for life ($)").fill("3000")
    page.get_by_role("button", name="Create the programme").click()
    checked_page.checked()  # the lifetime cap below the yearly one is refused on its field
    assert page.get_by_text("The lifetime cap cannot be below the cap per fiscal year.").count()
    assert not Programme.objects.exists()
    page.get_by_label("Cap per person for life ($)").fill("12000")
    page.get_by_role("button", name="Create the programme").click()
    checked_page.checked()

    programme = Programme.objects.get()
    assert programme.sponsor == world.riverside
    assert programme.degree_levels == "50" and programme.covers_books
    assert list(programme.eligible_job_classes.all()) == [world.assistant]
    assert page.get_by_role("heading", name="Set a budget for Riverside Grows Librarians").count()
    year = fiscal_year_of(timezone.localdate(), world.riverside.fiscal_year_start_month)
    page.get_by_label("Budget ($)").fill("20000")
    page.get_by_role("button", name="Set the budget").click()
    checked_page.checked()
    assert ProgrammeBudget.objects.get(programme=programme, fiscal_year=year).amount == Decimal(
        "20000"
    )
    assert page.get_by_role("heading", name="Riverside Grows Librarians").count()

    phone_page.login(world.alice.email, PASSWORD)
    phone_page.goto(programme.get_absolute_url())
    phone_page.page.get_by_role("link", name="Edit programme").click()
    phone_page.checked()
    phone_page.page.get_by_label("Reimbursement (%)").fill("90")
    phone_page.page.get_by_role("button", name="Save the programme").click()
    phone_page.checked()
    programme.refresh_from_db()
    assert programme.reimbursement_percent == Decimal("90")
    phone_page.page.get_by_role("link", name="Set a budget").click()
    phone_page.checked()
