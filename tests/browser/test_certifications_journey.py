"""Certifications in a real browser, axe-core checked on every page: a supervisor records a
part and sees the hours chart with its table; the report; the schemes; the network report;
my certifications on a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ladder.certifications.services import pursuit_record_held, pursuit_start
from tests.certifications.conftest import certs, give_degree, lssc_tags, record  # noqa: F401
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date.today()


@pytest.fixture
def cert_world(world, certs):  # noqa: F811
    give_degree(world.bob)
    pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc, started_on=TODAY)
    pursuit_record_held(
        by=world.alice,
        person=world.sam,
        scheme=certs.lssc,
        earned_on=TODAY.replace(year=TODAY.year - 3, day=1),
    )
    record(world.sam, TODAY - dt.timedelta(days=10), "3", ["core-skills"])
    return certs


def test_supervisor_records_a_part(world, cert_world, checked_page):
    page = checked_page.page
    checked_page.login(world.sam.email, PASSWORD)
    checked_page.goto(reverse("certifications:person", args=[world.bob.pk]))
    form = page.locator("form", has=page.get_by_role("button", name="Record the part"))
    form.get_by_label("Part").select_option(label="Youth Services")
    form.get_by_label("Completed by").select_option(label="Portfolio")
    form.get_by_label("Completed on").fill(TODAY.isoformat())
    form.get_by_role("button", name="Record the part").click()
    checked_page.checked()
    assert "Part recorded" in page.content()
    assert "5 remaining" in page.content()


def test_holder_sees_chart_and_table(world, cert_world, checked_page):
    page = checked_page.page
    checked_page.login(world.sam.email, PASSWORD)
    checked_page.goto(reverse("certifications:mine"))
    assert page.locator("canvas[role=img]").count() == 1
    assert page.get_by_role("table", name="Contact hours by category").is_visible()


def test_every_certification_page_passes_axe(world, cert_world, checked_page):
    checked_page.login(world.alice.email, PASSWORD)
    for path in [
        reverse("certifications:mine"),
        reverse("certifications:scheme_list"),
        reverse("certifications:scheme_detail", args=[cert_world.lssc.pk]),
        reverse("certifications:person", args=[world.sam.pk]),
        reverse("certifications:report"),
    ]:
        checked_page.goto(path)
    checked_page.login(world.nina.email, PASSWORD)
    for path in [
        reverse("certifications:network_report"),
        reverse("certifications:scheme_edit", args=[cert_world.lssc.pk]),
        reverse("certifications:scheme_detail", args=[cert_world.templates[0].pk]),
    ]:
        checked_page.goto(path)


def test_my_certifications_on_a_phone(world, cert_world, phone_page):
    page = phone_page.page
    phone_page.login(world.bob.email, PASSWORD)
    phone_page.goto(reverse("certifications:mine"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
