"""The hire flow in a real browser as the library admin, axe-core on every page (issue #16):
publish internally → a member of staff applies → hired → their profile shows the new job.
Also the error pages: a mistyped address and a refusal, in the site's layout."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ladder.openings import openings as svc
from ladder.openings.models import Application, Opening
from ladder.people.models import Employment
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(checked_page) -> None:
    checked_page.page.context.clear_cookies()


def test_publish_apply_hire_and_the_profile_shows_the_new_job(world, framework, checked_page):
    draft = svc.opening_create(
        by=world.alice,
        library=world.riverside,
        job_class=world.page,
        weekly_hours=Decimal("40"),
        branch=world.riverside_main,
        title="Full-time page",
    )
    page = checked_page.page

    # The library admin opens the draft to the network's staff.
    checked_page.login(world.alice.email, PASSWORD)
    checked_page.goto(draft.get_absolute_url())
    assert "Advertise externally" not in page.content()  # a draft is never advertised first
    page.get_by_role("button", name="Open to the network's staff").click()
    checked_page.checked()
    assert "can be advertised externally from" in page.content()
    assert Opening.objects.get(pk=draft.pk).status == Opening.Status.INTERNAL

    # Bob, a 15-hour page, applies.
    _sign_out(checked_page)
    checked_page.login(world.bob.email, PASSWORD)
    checked_page.goto(reverse("openings:list"))
    page.get_by_role("link", name="Full-time page").click()
    checked_page.checked()
    page.get_by_label("A note to the library").fill("I would like full-time hours.")
    page.get_by_role("button", name="Send my application").click()
    checked_page.checked()

    # The library admin hires him.
    _sign_out(checked_page)
    checked_page.login(world.alice.email, PASSWORD)
    checked_page.goto(draft.get_absolute_url())
    assert page.get_by_label("Start date for Bob Page").input_value()  # today, by default
    page.get_by_role("button", name="Hired").click()
    checked_page.checked()
    assert "Bob Page is hired" in page.content()
    assert Application.objects.get(person=world.bob).status == Application.Status.HIRED

    # His profile shows the new job, full-time; the old one has ended.
    checked_page.goto(reverse("people:profile", args=[world.bob.pk]))
    assert "Full-time" in page.content()
    current = Employment.objects.filter(person=world.bob).current().get()
    assert current.weekly_hours == Decimal("40")


def test_the_error_pages_in_the_sites_layout(world, checked_page):
    page = checked_page.page
    checked_page.login(world.bob.email, PASSWORD)

    missing = page.goto(checked_page.base_url + "/peeple/")
    assert missing is not None and missing.status == 404
    checked_page.checked()
    assert page.get_by_role("navigation", name="Primary navigation").is_visible()
    assert page.get_by_role("heading", name="Page not found").is_visible()

    refused = page.goto(checked_page.base_url + reverse("openings:manage"))
    assert refused is not None and refused.status == 403
    checked_page.checked()
    assert page.get_by_role("heading", name="You may not do this").is_visible()
    assert "Alice Admin" in page.content()
