"""Admins' and coordinators' work in a real browser, axe-core checked on every page:
a staff import with a bad row then a good file, a new branch with a bad latitude."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladder.orgs.models import Branch
from ladder.people.models import Person
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "email,first_name,last_name,branch,job_class,weekly_hours,start_date\n"


def test_admin_imports_staff_sees_each_bad_row_then_commits(world, checked_page, tmp_path):
    page = checked_page.page
    checked_page.login(world.alice.email, PASSWORD)
    bad = tmp_path / "staff-bad.csv"
    bad.write_text(
        HEADER
        + "rae@riverside.example,Rae,Ng,Riverside Main,page,12,2024-01-08\n"
        + "lee@riverside.example,Lee,Ford,Nowhere Branch,page,99,2024-13-01\n"
    )
    checked_page.goto(reverse("people:import_start"))
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    checked_page.checked()
    body = page.content()
    assert "Nowhere Branch" in body and "weekly_hours" in body and "start_date" in body
    assert page.get_by_role("button", name="Commit import").count() == 0
    assert not Person.objects.filter(email="rae@riverside.example").exists()

    good = tmp_path / "staff-good.csv"
    good.write_text(HEADER + "rae@riverside.example,Rae,Ng,Riverside Main,page,12,2024-01-08\n")
    checked_page.goto(reverse("people:import_start"))
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    checked_page.checked()
    page.get_by_role("button", name="Commit import").click()
    checked_page.checked()
    rae = Person.objects.get(email="rae@riverside.example")
    assert rae.employments.get().library == world.riverside


def test_coordinator_adds_a_branch_and_is_told_which_field_is_wrong(world, checked_page):
    page = checked_page.page
    checked_page.login(world.nina.email, PASSWORD)
    checked_page.goto(reverse("orgs:library_detail", args=[world.hillcrest.pk]))
    page.get_by_role("link", name="Add a branch").click()
    checked_page.checked()
    page.get_by_label("Name").fill("Hillcrest Annex")
    page.get_by_label("Latitude").fill("123")
    page.get_by_role("button", name="Add branch").click()
    checked_page.checked()
    assert page.locator(".usa-error-message").count() >= 1
    assert not Branch.objects.filter(name="Hillcrest Annex").exists()
    page.get_by_label("Latitude").fill("40.1")
    page.get_by_label("Longitude").fill("-83.0")
    page.get_by_role("button", name="Add branch").click()
    checked_page.checked()
    assert Branch.objects.get(name="Hillcrest Annex").library == world.hillcrest


def test_directory_filters_without_reloading(world, checked_page):
    page = checked_page.page
    checked_page.login(world.alice.email, PASSWORD)
    checked_page.goto(reverse("people:directory"))
    page.get_by_label("Search").fill("Sam")
    page.get_by_role("button", name="Search").click()
    checked_page.checked()
    assert page.get_by_role("link", name="Sam Super").is_visible()
    assert page.get_by_role("link", name="Bob Page").count() == 0
