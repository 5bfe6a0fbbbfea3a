"""Applying and inviting: the window, the network, applying twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.openings import openings as svc
from ladder.openings.models import Application, Opening
from ladder.skills.models import Interest
from tests import factories as f


def _outsider(world):
    other = f.NetworkFactory(name="Elsewhere Network", slug="elsewhere")
    library = f.LibraryFactory(name="Far Library", slug="far")
    f.MembershipFactory(network=other, library=library)
    person = f.PersonFactory(email="olga@far.example")
    f.EmploymentFactory(
        person=person,
        library=library,
        job_class=world.page,
        weekly_hours=Decimal("20"),
        start_date=dt.date(2020, 1, 1),
    )
    return person


def test_staff_of_the_library_apply_with_a_note(world, opening):
    application = svc.application_create(by=world.bob, opening=opening, note="I want more hours.")
    assert application.status == Application.Status.APPLIED
    assert application.note == "I want more hours."


def test_staff_of_another_member_library_of_the_network_may_apply(world, opening):
    assert svc.application_create(by=world.dave, opening=opening).pk


def test_applying_twice_is_refused_and_nothing_changes(world, opening):
    svc.application_create(by=world.bob, opening=opening, note="first")
    with pytest.raises(ValidationError, match="already applied"):
        svc.application_create(by=world.bob, opening=opening, note="second")
    assert Application.objects.get(opening=opening, person=world.bob).note == "first"


def test_applying_after_the_internal_window_is_refused(world, opening):
    Opening.objects.filter(pk=opening.pk).update(
        internal_until=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="window closed"):
        svc.application_create(by=world.bob, opening=opening)
    assert not Application.objects.exists()


def test_network_staff_may_apply_once_advertised_externally(world, opening):
    Opening.objects.filter(pk=opening.pk).update(
        internal_until=timezone.localdate() - dt.timedelta(days=3)
    )
    svc.opening_publish(by=world.alice, opening=opening, external=True)
    assert svc.application_create(by=world.bob, opening=opening).pk


def test_staff_of_another_network_are_refused(world, opening):
    olga = _outsider(world)
    with pytest.raises(ValidationError, match="network"):
        svc.application_create(by=olga, opening=opening)
    assert not Application.objects.exists()


def test_a_draft_or_closed_opening_takes_no_applications(world, opening):
    svc.opening_close(by=world.alice, opening=opening)
    with pytest.raises(ValidationError, match="not taking applications"):
        svc.application_create(by=world.bob, opening=opening)


def test_an_invited_person_applies_once(world, opening, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invited = svc.application_invite(by=world.alice, opening=opening, person=world.dave)
    assert invited.status == Application.Status.INVITED
    assert any("invited" in m.subject for m in mail.outbox)
    applied = svc.application_create(by=world.dave, opening=opening, note="Yes please")
    assert applied.pk == invited.pk and applied.status == Application.Status.APPLIED
    with pytest.raises(ValidationError):
        svc.application_invite(by=world.alice, opening=opening, person=world.dave)


def test_only_the_librarys_admins_invite(world, opening):
    with pytest.raises(PermissionDenied):
        svc.application_invite(by=world.carol, opening=opening, person=world.bob)
    with pytest.raises(PermissionDenied):
        svc.application_invite(by=world.nina, opening=opening, person=world.bob)


def test_publishing_emails_staff_whose_interests_match(
    world, framework, django_capture_on_commit_callbacks
):
    wants_class = Interest.objects.create(person=world.bob)
    wants_class.target_job_classes.add(world.assistant)
    Interest.objects.create(person=world.dave, wants_full_time=True)
    Interest.objects.create(person=world.sam, wants_management=True)  # not a management post
    draft = svc.opening_create(
        by=world.alice,
        library=world.riverside,
        job_class=world.assistant,
        weekly_hours=Decimal("40"),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.opening_publish(by=world.alice, opening=draft)
    to = sorted(address for m in mail.outbox for address in m.to)
    assert to == sorted([world.bob.email, world.dave.email])
    draft.refresh_from_db()
    assert draft.notified_at is not None


def test_a_part_time_post_does_not_email_those_who_want_full_time(
    world, framework, django_capture_on_commit_callbacks
):
    Interest.objects.create(person=world.dave, wants_full_time=True)
    draft = svc.opening_create(
        by=world.alice, library=world.riverside, job_class=world.page, weekly_hours=Decimal("15")
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.opening_publish(by=world.alice, opening=draft)
    assert mail.outbox == []


def test_opening_rules(world, framework):
    with pytest.raises(ValidationError) as exc:
        svc.opening_create(
            by=world.alice,
            library=world.riverside,
            job_class=world.assistant,
            weekly_hours=Decimal("80"),
            branch=world.hillcrest_branch,
        )
    assert set(exc.value.error_dict) == {"weekly_hours", "branch"}
    with pytest.raises(PermissionDenied):
        svc.opening_create(
            by=world.carol, library=world.riverside, job_class=world.page, weekly_hours=10
        )
    assert not Opening.objects.exists()


def test_withdraw_then_apply_again(world, opening):
    application = svc.application_create(by=world.bob, opening=opening)
    svc.application_withdraw(by=world.bob, application=application)
    again = svc.application_create(by=world.bob, opening=opening, note="changed my mind")
    assert again.status == Application.Status.APPLIED


def test_the_opening_page_shows_its_history_to_the_admin_and_the_applicant_their_own(
    world, opening, client_for
):
    from django.urls import reverse

    from ladder.openings import openings as svc

    svc.application_create(by=world.bob, opening=opening, note="Keen.")
    url = reverse("openings:detail", args=[opening.pk])
    admin_page = client_for(world.alice).get(url).content.decode()
    assert 'id="history-history"' in admin_page
    assert "applied for" in admin_page  # the application's audit entry
    own = client_for(world.bob).get(url).content.decode()
    assert 'id="history-history"' in own
