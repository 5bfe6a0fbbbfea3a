"""Training in a real browser, axe-core checked on every page: the catalogue and calendar, a
registration and the waitlist, a facilitator's roster on a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.learning.models import Registration, Session
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_find_a_workshop_and_register(world, catalogue, checked_page):
    page = checked_page.page
    checked_page.login(world.bob.email, PASSWORD)
    checked_page.goto(reverse("learning:catalogue"))
    assert page.get_by_text("Interlibrary loan basics").first.is_visible()
    checked_page.goto(reverse("learning:calendar"))
    checked_page.goto(reverse("learning:session_detail", args=[catalogue.workshop_north.pk]))
    page.get_by_role("button", name="Register").click()
    checked_page.checked()
    reg = Registration.objects.get(person=world.bob, session=catalogue.workshop_north)
    assert reg.status == Registration.Status.CONFIRMED
    checked_page.goto(reverse("learning:my_registrations"))
    assert "Interlibrary loan basics" in page.content()


def test_a_full_session_offers_the_waitlist(world, catalogue, checked_page):
    page = checked_page.page
    checked_page.login(world.bob.email, PASSWORD)
    checked_page.goto(reverse("learning:session_detail", args=[catalogue.workshop_south_full.pk]))
    page.get_by_role("button", name="Join the waitlist").click()
    checked_page.checked()
    reg = Registration.objects.get(person=world.bob, session=catalogue.workshop_south_full)
    assert reg.status == Registration.Status.WAITLISTED


def test_facilitator_marks_everyone_present_on_a_phone(world, catalogue, phone_page):
    page = phone_page.page
    session = catalogue.webinar_session
    # Today's session: attendance can be marked from the day it starts.
    now = timezone.now()
    session.dates.update(starts_at=now, ends_at=now + dt.timedelta(hours=1))
    Session.objects.filter(pk=session.pk).update(starts_at=now, ends_at=now + dt.timedelta(hours=1))
    session.facilitators.add(world.alice)
    Registration.objects.create(person=world.bob, session=session, status="confirmed")
    phone_page.login(world.alice.email, PASSWORD)
    phone_page.goto(reverse("learning:roster", args=[session.pk]))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.get_by_role("button", name="Mark all present").click()
    phone_page.checked()
    assert Registration.objects.get(person=world.bob, session=session).status == "attended"
