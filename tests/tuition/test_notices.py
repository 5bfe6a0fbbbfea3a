"""Tuition news reaches the people concerned once each, by e-mail and on their home page;
an optional kind can be turned off, the applicant's own decisions cannot."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from ladder.core.models import Notice
from ladder.core.notices import KINDS, set_turned_off
from ladder.tuition import claims, enrolments
from tests.tuition.conftest import apply, submit


def test_each_step_of_an_application_and_claim_tells_the_right_people_once(
    world, grow, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = apply(grow)
    assert [m.to for m in mail.outbox] == [[world.alice.email]]  # Riverside's admin decides
    assert "Tuition application to decide" in mail.outbox[0].subject
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"
    assert "http://" in mail.outbox[0].body  # an absolute link

    with django_capture_on_commit_callbacks(execute=True):
        enrolments.enrolment_approve(by=world.alice, enrolment=enrolment)
        enrolments.enrolment_approve(by=grow.stella, enrolment=enrolment)
    told = [(m.to, m.subject) for m in mail.outbox[1:]]
    assert [to for to, _ in told] == [[grow.tina.email], [grow.tina.email]]
    assert "approved by your library" in told[0][1] or "approved" in told[0][1]

    enrolment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        claim = submit(enrolment)
        claims.claim_approve(by=grow.stella, claim=claim)
    assert mail.outbox[-1].to == [grow.tina.email]
    assert mail.outbox[-1].subject == f"Your tuition claim for {claim.term} is approved"
    assert Notice.objects.filter(recipient=grow.tina).count() == 3


def test_the_home_page_shows_notices_until_seen(
    world, grow, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(grow)
    client = client_for(world.alice)
    page = client.get(reverse("home")).content.decode()
    assert "New for you (1)" in page and "Tuition application to decide" in page
    assert client.post(reverse("notices_seen")).status_code == 302
    assert "New for you" not in client.get(reverse("home")).content.decode()


def test_an_optional_kind_turned_off_sends_no_mail_but_still_shows(
    world, grow, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.alice)
    kinds = [k for k in KINDS if k != "tuition.application_submitted"]
    assert client.post(reverse("notice_settings"), {"kinds": kinds}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        apply(grow)
    assert mail.outbox == []
    assert Notice.objects.filter(recipient=world.alice).count() == 1


def test_news_about_ones_own_money_cannot_be_turned_off(
    world, grow, django_capture_on_commit_callbacks
):
    set_turned_off(grow.tina, list(KINDS))
    enrolment = apply(grow)
    with django_capture_on_commit_callbacks(execute=True):
        enrolments.enrolment_refuse(by=world.alice, enrolment=enrolment, note="No budget.")
    assert [m.to for m in mail.outbox] == [[grow.tina.email]]
    assert "No budget." in mail.outbox[0].body
    page = reverse("notice_settings")
    assert page == "/notices/settings/"
