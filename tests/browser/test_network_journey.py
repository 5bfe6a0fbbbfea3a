"""The network coordinator's services in a real browser, axe-core checked on every page: the
dashboard, the members page with a new member, a temp request placed from its matches, the
worker's page; and the library admin's request list on a phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladder.network.models import TempPlacement
from ladder.orgs.models import Library, Membership
from tests import factories as f
from tests.conftest import PASSWORD
from tests.network.temp_helpers import agency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["agency"]


def test_coordinator_works_the_network_desk(world, agency, checked_page):
    school = f.LibraryFactory(name="Lincoln High School Library", kind=Library.Kind.SCHOOL)
    page = checked_page.page
    checked_page.login(world.nina.email, PASSWORD)

    checked_page.goto(reverse("network:dashboard"))
    assert "Coordinator dashboard" in page.content()

    checked_page.goto(reverse("network:members"))
    page.get_by_label("Library").select_option(str(school.pk))
    page.get_by_label("Annual fee ($)").fill("120")
    page.get_by_role("button", name="Add the membership").click()
    checked_page.checked()
    assert Membership.objects.filter(library=school, annual_fee=120).exists()

    checked_page.goto(reverse("network:temp_home"))
    checked_page.goto(agency.request.get_absolute_url())
    page.get_by_role("button", name=f"Place {agency.near.person}").click()
    checked_page.checked()
    assert TempPlacement.objects.filter(worker=agency.near).exists()

    checked_page.goto(agency.near.get_absolute_url())
    assert "Riverside Public Library" in page.content()


def test_library_admin_sees_their_requests_on_a_phone(world, agency, phone_page):
    phone_page.login(world.alice.email, PASSWORD)
    phone_page.goto(reverse("network:temp_request_list"))
    phone_page.goto(reverse("network:temp_request_create"))
    phone_page.goto(agency.request.get_absolute_url())
