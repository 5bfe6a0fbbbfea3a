"""Careers eligibility in a real browser, axe-core checked on every page: bob's career page,
his gap analysis and recommended sessions; alice's library list (on a phone); nina's network
counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladder.people.models import EducationLevel
from ladder.skills.models import Interest
from tests import factories as f
from tests.careers.eligibility_setup import make_careers, offering, rate, session
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def careers(world, framework):
    made = make_careers(world, framework)
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.BACHELOR)
    rate(world.bob, made.circulation, 2)
    rate(world.bob, made.interview, 2)
    Interest.objects.create(person=world.bob).target_job_classes.add(made.librarian1)
    workshop = offering(world, {made.interview: 3, made.ils: 2}, title="Reference and ILS day")
    session(workshop, branch=world.riverside_main)
    return made


def test_staff_member_follows_their_career(world, careers, checked_page):
    page = checked_page.page
    checked_page.login(world.bob.email, PASSWORD)
    checked_page.goto(reverse("careers:my_career"))
    assert "Eligible for" in page.content()
    page.get_by_role("link", name="Ways to close the gaps for Librarian I").click()
    checked_page.checked()
    assert "Reference interview: needs level 3 (now 2)" in page.content()
    page.get_by_role("link", name="See the recommended sessions").click()
    checked_page.checked()
    assert "Reference and ILS day" in page.content()


def test_library_admin_lists_eligibility_on_a_phone(world, careers, phone_page):
    phone_page.login(world.alice.email, PASSWORD)
    phone_page.goto(reverse("careers:library_eligibility"))
    assert "Bob Page" in phone_page.page.content()
    phone_page.goto(reverse("careers:library_eligibility") + "?status=eligible")


def test_coordinator_sees_network_counts(world, careers, checked_page):
    checked_page.login(world.nina.email, PASSWORD)
    checked_page.goto(reverse("careers:network_eligibility"))
    assert "Riverside Public Library" in checked_page.page.content()
