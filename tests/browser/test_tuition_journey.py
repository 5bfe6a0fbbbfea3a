"""Grow your own in a real browser, axe-core checked on every page: tina applies, the library
and the sponsor approve, the degree proposes a promotion, alice accepts it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ladder.tuition import claims, enrolments
from ladder.tuition.models import Enrolment, Promotion
from tests.conftest import PASSWORD
from tests.tuition.conftest import grow, submit

__all__ = ["grow"]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_approve_complete_and_promote(world, grow, checked_page, phone_page):
    page = checked_page.page
    checked_page.login(grow.tina.email, PASSWORD)
    checked_page.goto(reverse("tuition:mine"))
    assert page.get_by_role("link", name="Apply to Grow Your Own Librarians").count() == 1
    checked_page.goto(reverse("tuition:apply") + f"?programme={grow.programme.pk}")
    page.get_by_label("School or university").fill("Kent State University")
    page.get_by_label("Degree").select_option("50")
    page.locator("label[for=id_accredited]").click()
    page.get_by_label("Expected start").fill("2024-08-25")
    page.get_by_label("Expected end").fill("2026-05-15")
    page.get_by_role("button", name="Apply").click()
    checked_page.checked()
    enrolment = Enrolment.objects.get()
    enrolments.enrolment_approve(by=world.alice, enrolment=enrolment)
    enrolments.enrolment_approve(by=grow.stella, enrolment=enrolment)
    enrolment.refresh_from_db()
    claim = submit(enrolment)
    claims.claim_approve(by=grow.stella, claim=claim)
    checked_page.goto(enrolment.get_absolute_url())
    checked_page.goto(claim.get_absolute_url())

    phone_page.login(world.alice.email, PASSWORD)
    phone_page.goto(enrolment.get_absolute_url())
    phone_page.page.get_by_label("Degree awarded on").fill(dt.date(2025, 5, 15).isoformat())
    phone_page.page.get_by_role("button", name="Record the degree").click()
    phone_page.checked()
    promotion = Promotion.objects.get()
    phone_page.goto(reverse("tuition:programme_list"))
    phone_page.goto(reverse("tuition:programme_detail", args=[grow.programme.pk]))
    phone_page.goto(reverse("tuition:promotion_list"))
    phone_page.goto(promotion.get_absolute_url())
    phone_page.page.get_by_role("button", name="Accept the promotion").click()
    phone_page.checked()
    promotion.refresh_from_db()
    assert promotion.status == Promotion.Status.ACCEPTED
