"""A coordinator adjusts an adopted scheme's parts, categories and conversions in a real
browser, axe-core checked on every page (also on a phone)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.certifications.conftest import certs, lssc_tags  # noqa: F401
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_adjusts_parts(world, certs, checked_page):  # noqa: F811
    page = checked_page.page
    checked_page.login(world.nina.email, PASSWORD)
    checked_page.goto(reverse("certifications:scheme_detail", args=[certs.lssc.pk]))
    page.get_by_role("link", name="Parts, categories and conversions").click()
    checked_page.checked()
    add = page.locator("form", has=page.get_by_role("button", name="Add the part"))
    add.get_by_label("Code").fill("technology")
    add.get_by_label("Name").fill("Duplicate")
    add.get_by_role("button", name="Add the part").click()
    checked_page.checked()
    assert "A part with code technology already exists." in page.content()
    add = page.locator("form", has=page.get_by_role("button", name="Add the part"))
    add.get_by_label("Code").fill("outreach")
    add.get_by_label("Name").fill("Outreach")
    add.get_by_text("Required (otherwise an elective)").click()
    add.get_by_role("button", name="Add the part").click()
    checked_page.checked()
    assert "Added the part Outreach" in page.content()
    assert "4 required parts and 7 electives" in page.content()

    page.get_by_role("link", name="Change the category Technology").click()
    checked_page.checked()
    page.get_by_label("Minimum contact hours per cycle").fill("6")
    page.get_by_role("button", name="Save").click()
    checked_page.checked()
    assert certs.lssc.categories.get().min_hours == 6

    conv = page.locator("form", has=page.get_by_role("button", name="Add the conversion"))
    conv.get_by_label("Applies to").select_option(label="Webinar")
    conv.get_by_label("Factor").fill("0")
    conv.get_by_role("button", name="Add the conversion").click()
    checked_page.checked()
    assert "would count nothing" in page.content()

    page.get_by_role("button", name="Remove the conversion roundtable × 0.500").click()
    checked_page.checked()
    assert not certs.lssc.conversions.filter(activity_kind="roundtable").exists()


def test_parts_page_on_a_phone(world, certs, phone_page):  # noqa: F811
    phone_page.login(world.nina.email, PASSWORD)
    phone_page.goto(reverse("certifications:scheme_parts", args=[certs.lssc.pk]))
    part = certs.lssc.parts.first()
    phone_page.goto(reverse("certifications:scheme_part_edit", args=[certs.lssc.pk, part.pk]))
