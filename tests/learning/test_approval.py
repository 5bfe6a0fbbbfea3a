"""Supervisor approval where a library requires it: a request holds a seat, the supervisor
chain or the library's admins decide, nobody else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.core.access import access_for
from ladder.learning.models import Registration
from ladder.learning.registrations import (
    approval_queue,
    registration_accept_offer,
    registration_approve,
    registration_cancel,
    registration_create,
    registration_decline,
    registration_needs_approval,
)
from tests import factories as f

S = Registration.Status


@pytest.fixture
def approval(world):
    world.riverside.registration_needs_approval = True
    world.riverside.save()
    return world


def test_staff_of_a_library_requiring_approval_request_and_hold_a_seat(approval, catalogue):
    session = catalogue.riverside_series
    session.capacity = 1
    session.save()

    request = registration_create(by=approval.bob, session=session)
    after = registration_create(by=approval.sam, session=session)

    # bob's request holds the only seat, so sam (who registered later) waits
    assert request.status == S.REQUESTED
    assert after.status == S.WAITLISTED


def test_a_library_admin_needs_no_approval_at_their_own_library(approval, catalogue):
    assert registration_needs_approval(approval.alice) is False
    assert registration_needs_approval(approval.bob) is True
    assert registration_create(by=approval.alice, session=catalogue.workshop_north).status == (
        S.CONFIRMED
    )


def test_other_libraries_staff_need_no_approval(approval, catalogue):
    assert registration_create(by=approval.dave, session=catalogue.workshop_north).status == (
        S.CONFIRMED
    )


def test_the_request_emails_the_person_and_their_supervisor(
    approval, catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(by=approval.bob, session=catalogue.workshop_north)

    recipients = sorted(tuple(m.to) for m in mail.outbox)
    assert recipients == [(approval.bob.email,), (approval.sam.email,)]
    to_sam = next(m for m in mail.outbox if m.to == [approval.sam.email])
    assert "Approval needed" in to_sam.subject
    assert reverse("learning:approvals") in to_sam.body


def test_the_supervisor_approves_and_the_person_gets_the_confirmation(
    approval, catalogue, django_capture_on_commit_callbacks
):
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)

    with django_capture_on_commit_callbacks(execute=True):
        registration_approve(by=approval.sam, registration=request)

    request.refresh_from_db()
    assert request.status == S.CONFIRMED
    assert request.decided_by == approval.sam
    assert [m.to for m in mail.outbox] == [[approval.bob.email]]
    assert "You are registered" in mail.outbox[0].subject


def test_the_supervisors_supervisor_may_approve(approval, catalogue):
    # alice supervises sam, who supervises bob: the chain
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)

    registration_approve(by=approval.alice, registration=request)

    request.refresh_from_db()
    assert request.status == S.CONFIRMED


def test_the_library_admin_may_approve(approval, catalogue):
    admin = f.PersonFactory()
    f.RoleFactory(person=admin, library=approval.riverside)
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)

    registration_approve(by=admin, registration=request)

    request.refresh_from_db()
    assert request.status == S.CONFIRMED


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_approval_by_someone_outside_the_chain_and_the_library_is_forbidden(
    approval, catalogue, who
):
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)

    with pytest.raises(PermissionDenied):
        registration_approve(by=getattr(approval, who), registration=request)
    with pytest.raises(PermissionDenied):
        registration_decline(by=getattr(approval, who), registration=request)

    request.refresh_from_db()
    assert request.status == S.REQUESTED
    assert request.decided_by is None


def test_approving_ones_own_request_is_forbidden(approval, catalogue):
    # sam is supervised by alice and needs approval; sam cannot approve himself
    request = registration_create(by=approval.sam, session=catalogue.workshop_north)

    with pytest.raises(PermissionDenied):
        registration_approve(by=approval.sam, registration=request)


def test_approving_what_is_not_a_request_is_refused(approval, catalogue):
    approval.riverside.registration_needs_approval = False
    approval.riverside.save()
    confirmed = registration_create(by=approval.bob, session=catalogue.workshop_north)

    with pytest.raises(ValidationError, match="not waiting for approval"):
        registration_approve(by=approval.sam, registration=confirmed)


def test_declining_frees_the_seat_for_the_next_person(
    approval, catalogue, django_capture_on_commit_callbacks
):
    session = catalogue.riverside_series
    session.capacity = 1
    session.save()
    request = registration_create(by=approval.bob, session=session)
    waiting = registration_create(by=approval.alice, session=session)

    with django_capture_on_commit_callbacks(execute=True):
        registration_decline(by=approval.sam, registration=request, reason="Desk coverage.")

    request.refresh_from_db()
    waiting.refresh_from_db()
    assert request.status == S.DECLINED
    assert request.note == "Desk coverage."
    assert waiting.status == S.CONFIRMED  # alice runs her library: no approval needed
    declined = next(m for m in mail.outbox if m.to == [approval.bob.email])
    assert "Not approved" in declined.subject
    assert "Desk coverage." in declined.body


def test_a_waitlisted_person_needing_approval_gets_a_held_request_when_a_seat_frees(
    approval, catalogue
):
    session = catalogue.riverside_series
    session.capacity = 1
    session.save()
    seat = registration_create(by=approval.alice, session=session)
    waiting = registration_create(by=approval.bob, session=session)

    registration_cancel(by=approval.alice, registration=seat)

    waiting.refresh_from_db()
    assert waiting.status == S.REQUESTED


def test_accepting_an_offer_becomes_a_request_when_approval_is_needed(approval, catalogue):
    session = catalogue.riverside_series
    session.capacity = 1
    session.save()
    session.offering.offer_hold_hours = 12
    session.offering.save()
    seat = registration_create(by=approval.alice, session=session)
    waiting = registration_create(by=approval.bob, session=session)
    registration_cancel(by=approval.alice, registration=seat)
    waiting.refresh_from_db()

    registration_accept_offer(by=approval.bob, registration=waiting)

    waiting.refresh_from_db()
    assert waiting.status == S.REQUESTED


def test_the_queue_shows_requests_to_their_deciders_only(approval, catalogue):
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)

    assert list(approval_queue(access_for(approval.sam))) == [request]
    assert list(approval_queue(access_for(approval.alice))) == [request]
    assert list(approval_queue(access_for(approval.carol))) == []
    assert list(approval_queue(access_for(approval.bob))) == []


def test_a_former_employee_is_no_longer_the_admins_to_decide(approval, catalogue):
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)
    admin = f.PersonFactory()
    f.RoleFactory(person=admin, library=approval.riverside)
    job = approval.bob.employments.get()
    job.end_date = dt.date(2020, 12, 31)
    job.save()

    with pytest.raises(PermissionDenied):
        registration_approve(by=admin, registration=request)


# --- pages -------------------------------------------------------------------------------


def test_the_approvals_page_lists_requests_and_approves_one(
    approval, catalogue, client_for, django_capture_on_commit_callbacks
):
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)
    client = client_for(approval.sam)

    page = client.get(reverse("learning:approvals"))
    assert page.status_code == 200
    assert "Bob Page" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("learning:registration_approve", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == S.CONFIRMED


def test_the_approvals_page_declines_with_a_reason(approval, catalogue, client_for):
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)

    client_for(approval.sam).post(
        reverse("learning:registration_decline", args=[request.pk]), {"reason": "Short-staffed"}
    )

    request.refresh_from_db()
    assert (request.status, request.note) == (S.DECLINED, "Short-staffed")


def test_the_approvals_page_is_forbidden_to_staff_without_reports(approval, client_for):
    assert client_for(approval.bob).get(reverse("learning:approvals")).status_code == 403


def test_another_librarys_admin_cannot_reach_a_request(approval, catalogue, client_for):
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)

    response = client_for(approval.carol).post(
        reverse("learning:registration_approve", args=[request.pk])
    )

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == S.REQUESTED


def test_a_facilitator_who_sees_the_roster_may_still_not_approve(approval, catalogue, client_for):
    # nina coordinates the network that runs the workshop: she sees its roster, not approvals
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)

    response = client_for(approval.nina).post(
        reverse("learning:registration_approve", args=[request.pk])
    )

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == S.REQUESTED


def test_the_upcoming_view_lists_the_people_of_a_supervisor(approval, catalogue, client_for):
    approval.riverside.registration_needs_approval = False
    approval.riverside.save()
    registration_create(by=approval.bob, session=catalogue.workshop_north)
    registration_create(by=approval.dave, session=catalogue.workshop_north)

    page = client_for(approval.sam).get(reverse("learning:approvals") + "?show=upcoming")

    body = page.content.decode()
    assert "Bob Page" in body
    assert "Dave Assist" not in body


def _requests(world, session, n):
    for _ in range(n):
        person = f.PersonFactory()
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            job_class=world.page,
            supervisor=world.sam,
            start_date=dt.date(2020, 1, 6),
        )
        Registration.objects.create(session=session, person=person, status=S.REQUESTED)


def test_the_approvals_page_runs_the_same_queries_for_5_and_50(approval, catalogue, client_for):
    client = client_for(approval.sam)
    url = reverse("learning:approvals")
    _requests(approval, catalogue.workshop_north, 5)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    _requests(approval, catalogue.riverside_series, 45)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(five) == len(fifty)


def test_a_decline_reason_over_a_thousand_characters_is_refused(approval, catalogue):
    request = registration_create(by=approval.bob, session=catalogue.workshop_north)

    with pytest.raises(ValidationError) as info:
        registration_decline(by=approval.sam, registration=request, reason="x" * 1001)

    assert "reason" in info.value.message_dict
    request.refresh_from_db()
    assert request.status == S.REQUESTED
