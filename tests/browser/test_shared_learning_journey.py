"""Shared learning in a real browser, axe-core checked on every page: a page asks the branch
mentor to teach them, the mentor accepts; the digest preview and the coordinator's new licence
form (also on a phone)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladder.shared_learning.models import CoachingRequest, LicencePool
from tests.conftest import PASSWORD
from tests.shared_learning.coaching_helpers import mentors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_page_asks_the_branch_mentor_who_accepts(world, framework, checked_page):
    m = mentors(world, framework)
    page = checked_page.page
    checked_page.login(world.bob.email, PASSWORD)
    checked_page.goto(reverse("shared_learning:coaching_new") + f"?competency={m.circulation.pk}")
    page.get_by_label("Mentor").select_option(str(m.sam.pk))
    page.get_by_label("Times that suit you").fill("Tuesday mornings")
    page.get_by_role("button", name="Send the request").click()
    checked_page.checked()
    request = CoachingRequest.objects.get()
    assert request.mentor == m.sam and "Tuesday mornings" in page.content()
    checked_page.goto(reverse("shared_learning:coaching_mine"))

    checked_page.login(m.sam.email, PASSWORD)
    checked_page.goto(request.get_absolute_url())
    page.get_by_role("button", name="Accept").click()
    checked_page.checked()
    request.refresh_from_db()
    assert request.status == "accepted"


def test_digest_preview_and_new_licence(world, checked_page):
    checked_page.login(world.bob.email, PASSWORD)
    checked_page.goto(reverse("shared_learning:digest_preview"))
    checked_page.login(world.nina.email, PASSWORD)
    checked_page.goto(reverse("shared_learning:pool_create"))
    page = checked_page.page
    page.locator("#id_name").fill("LinkedIn Learning")
    page.locator("#id_platform").fill("LinkedIn")
    page.locator("#id_seats").fill("3")
    page.get_by_role("button", name="Save").click()
    checked_page.checked()
    assert LicencePool.objects.get().seats == 3


def test_coaching_pages_on_a_phone(world, framework, phone_page):
    mentors(world, framework)
    phone_page.login(world.bob.email, PASSWORD)
    phone_page.goto(reverse("shared_learning:coaching_mine"))
    phone_page.goto(reverse("shared_learning:coaching_new"))
    phone_page.goto(reverse("shared_learning:digest_preview"))
