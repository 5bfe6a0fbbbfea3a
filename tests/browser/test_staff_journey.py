"""A person's first visit, in a real browser: sign in, the directory, a profile, an edit.
Every page visited is checked by axe-core (see conftest.check_accessibility)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_signs_in_finds_a_colleague_and_edits_her_profile(world, checked_page):
    page = checked_page.page
    checked_page.login(world.alice.email, PASSWORD)
    assert page.get_by_role("heading", name="Welcome, Alice Admin").is_visible()

    checked_page.goto(reverse("people:directory"))
    page.get_by_label("Search").fill("Bob")
    page.get_by_role("button", name="Search").click()
    checked_page.checked()
    page.get_by_role("link", name="Bob Page").click()
    checked_page.checked()
    assert page.get_by_role("heading", name="Bob Page").is_visible()

    checked_page.goto(reverse("people:me"))
    page.get_by_role("link", name="Edit profile").click()
    checked_page.checked()
    page.get_by_label("Phone").fill("614-555-0100")
    page.get_by_role("button", name="Save").click()
    checked_page.checked()
    assert page.get_by_text("614-555-0100").is_visible()
    world.alice.refresh_from_db()
    assert world.alice.phone == "614-555-0100"


def test_bad_login_shows_an_accessible_error(world, checked_page):
    checked_page.goto(reverse("login"))
    page = checked_page.page
    page.get_by_label("E-mail address").fill(world.bob.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    checked_page.checked()
    assert page.get_by_role("alert").first.is_visible()


def test_pages_work_on_a_phone(world, phone_page):
    page = phone_page.page
    phone_page.login(world.bob.email, PASSWORD)
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    menu.click()
    # bob's only "People" page is the directory, so it is a plain link, not a submenu.
    page.get_by_role("link", name="Directory").click()
    phone_page.checked()
    # Nothing wider than the screen: no horizontal scrolling of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    menu.click()
    page.get_by_role("button", name="Organisation").click()
    page.get_by_role("link", name="Libraries").click()
    phone_page.checked()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_every_main_page_passes_axe(world, checked_page):
    checked_page.login(world.alice.email, PASSWORD)
    for path in [
        "/",
        reverse("people:directory"),
        reverse("people:profile", args=[world.bob.pk]),
        reverse("orgs:library_list"),
        reverse("orgs:library_detail", args=[world.riverside.pk]),
        reverse("people:jobclass_list"),
        reverse("people:ladder_list"),
        reverse("people:import_start"),
        reverse("password_change"),
    ]:
        checked_page.goto(path)


def test_network_and_transcript_pages_pass_axe(world, catalogue, checked_page):
    checked_page.login(world.nina.email, PASSWORD)
    for path in [
        reverse("shared_learning:pool_list"),
        reverse("shared_learning:roundtable_list"),
        reverse("network:advisory_queue"),
        reverse("network:planner", args=[catalogue.network_workshop.pk]),
        reverse("learning:offering_detail", args=[catalogue.network_workshop.pk]),
    ]:
        checked_page.goto(path)
    checked_page.page.get_by_role("button", name="Sign out").click()
    checked_page.checked()
    checked_page.login(world.alice.email, PASSWORD)
    for path in [
        reverse("learning:transcript", args=[world.bob.pk]),
        reverse("network:advisory_mine"),
        reverse("network:advisory_ask"),
        reverse("learning:approvals"),
        reverse("skills:framework_list"),
    ]:
        checked_page.goto(path)
