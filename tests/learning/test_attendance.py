"""Attendance: the roster, marking attended or no-show, mark all present; only facilitators
and the offering's organisers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.learning import registrations
from ladder.learning.models import Registration
from ladder.learning.registrations import attendance_mark, attendance_mark_all_present
from tests import factories as f
from tests.learning.conftest import make_session, register

S = Registration.Status


@pytest.fixture
def today(world, catalogue):
    """The network workshop running now, facilitated by sam, with bob and dave seated."""
    now = timezone.now()
    session = make_session(
        catalogue.network_workshop,
        [(now - dt.timedelta(minutes=30), now + dt.timedelta(hours=2))],
        facilitators=[world.sam],
        venue_branch=world.riverside_main,
    )
    bob = register(world.bob, session)
    dave = register(world.dave, session)
    return session, bob, dave


@pytest.fixture
def records(monkeypatch):
    """Stand in for ladder.learning.transcript's record maker and note the records asked for."""
    made: list = []
    monkeypatch.setattr(
        registrations,
        "training_record_from_attendance",
        lambda registration, by: made.append((registration.pk, by.pk)),
    )
    return made


def test_a_facilitator_marks_attended_and_a_training_record_is_made(world, today, records):
    _, bob, _ = today

    attendance_mark(by=world.sam, registration=bob, attended=True)

    bob.refresh_from_db()
    assert bob.status == S.ATTENDED
    assert records == [(bob.pk, world.sam.pk)]
    entry = AuditEntry.objects.get(action="learning.attendance.marked")
    assert entry.changes == {"status": ["confirmed", "attended"]}


def test_a_facilitator_marks_a_no_show(world, today, records):
    _, bob, _ = today

    attendance_mark(by=world.sam, registration=bob, attended=False)

    bob.refresh_from_db()
    assert bob.status == S.NO_SHOW
    assert records == []


def test_the_offerings_organiser_may_mark(world, today, records):
    _, _, dave = today

    attendance_mark(by=world.nina, registration=dave, attended=True)

    dave.refresh_from_db()
    assert dave.status == S.ATTENDED


@pytest.mark.parametrize("who", ["bob", "carol", "alice"])
def test_marking_by_someone_not_a_facilitator_nor_organiser_is_forbidden(
    world, today, records, who
):
    _, bob, dave = today

    with pytest.raises(PermissionDenied):
        attendance_mark(by=getattr(world, who), registration=dave, attended=True)
    with pytest.raises(PermissionDenied):
        attendance_mark_all_present(by=getattr(world, who), session=today[0])

    dave.refresh_from_db()
    bob.refresh_from_db()
    assert (bob.status, dave.status) == (S.CONFIRMED, S.CONFIRMED)
    assert records == []


def test_marking_before_the_session_day_is_refused(world, catalogue, records):
    registration = register(world.bob, catalogue.workshop_north)

    with pytest.raises(ValidationError, match="from the day the session starts"):
        attendance_mark(by=world.sam, registration=registration, attended=True)
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_marking_a_waitlisted_person_is_refused(world, today, records):
    session, _, _ = today
    waiting = register(world.alice, session, status=S.WAITLISTED)

    with pytest.raises(ValidationError, match="Only confirmed"):
        attendance_mark(by=world.sam, registration=waiting, attended=True)


def test_mark_all_present_marks_the_unmarked_and_keeps_no_shows(world, today, records):
    session, bob, dave = today
    attendance_mark(by=world.sam, registration=dave, attended=False)

    marked = attendance_mark_all_present(by=world.sam, session=session)

    bob.refresh_from_db()
    dave.refresh_from_db()
    assert marked == 1
    assert (bob.status, dave.status) == (S.ATTENDED, S.NO_SHOW)
    assert records == [(bob.pk, world.sam.pk)]


def test_a_no_show_can_be_corrected_to_attended(world, today, records):
    _, bob, _ = today
    attendance_mark(by=world.sam, registration=bob, attended=False)

    attendance_mark(by=world.sam, registration=bob, attended=True)

    bob.refresh_from_db()
    assert bob.status == S.ATTENDED


# --- the roster page --------------------------------------------------------------------


def test_the_roster_shows_the_seated_and_the_waitlist(world, today, client_for):
    session, _, _ = today
    register(world.alice, session, status=S.WAITLISTED)

    page = client_for(world.sam).get(reverse("learning:roster", args=[session.pk]))

    body = page.content.decode()
    assert page.status_code == 200
    assert "Bob Page" in body and "Dave Assist" in body
    assert "Waitlist (1)" in body and "Alice Admin" in body
    assert "Mark all present" in body
    assert 'class="ladder-table-wrap"' in body


def test_the_roster_is_for_the_organiser_too(world, today, client_for):
    assert (
        client_for(world.nina).get(reverse("learning:roster", args=[today[0].pk])).status_code
        == 200
    )


def test_the_roster_is_forbidden_to_staff_who_only_see_the_session(world, today, client_for):
    assert client_for(world.bob).get(
        reverse("learning:roster", args=[today[0].pk])
    ).status_code == (403)


def test_another_librarys_admin_cannot_find_a_library_training_roster(world, catalogue, client_for):
    url = reverse("learning:roster", args=[catalogue.riverside_series.pk])

    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(world.alice).get(url).status_code == 200


def test_marking_from_the_page_without_javascript_redirects_to_the_row(
    world, today, client_for, records
):
    session, bob, _ = today

    response = client_for(world.sam).post(
        reverse("learning:attendance_mark", args=[bob.pk]), {"attended": "1"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/learning/sessions/{session.pk}/roster/#r{bob.pk}")
    bob.refresh_from_db()
    assert bob.status == S.ATTENDED


def test_marking_with_htmx_returns_just_the_row(world, today, client_for, records):
    _, bob, _ = today

    response = client_for(world.sam).post(
        reverse("learning:attendance_mark", args=[bob.pk]),
        {"attended": "0"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith(f'<tr id="r{bob.pk}">')
    assert "No-show" in body and 'aria-pressed="true"' in body


def test_marking_from_the_page_by_a_stranger_is_refused(world, today, client_for, records):
    _, bob, _ = today

    # carol cannot see bob's registration at all; bob can see his own but not mark it
    assert (
        client_for(world.carol)
        .post(reverse("learning:attendance_mark", args=[bob.pk]), {"attended": "1"})
        .status_code
        == 404
    )
    assert (
        client_for(world.bob)
        .post(reverse("learning:attendance_mark", args=[bob.pk]), {"attended": "1"})
        .status_code
        == 403
    )
    bob.refresh_from_db()
    assert bob.status == S.CONFIRMED


def test_mark_all_present_from_the_page(world, today, client_for, records):
    session, _, _ = today

    response = client_for(world.sam).post(reverse("learning:mark_all_present", args=[session.pk]))

    assert response.status_code == 302
    assert set(session.registrations.values_list("status", flat=True)) == {S.ATTENDED}


def test_mark_all_present_is_post_only(world, today, client_for):
    url = reverse("learning:mark_all_present", args=[today[0].pk])

    assert client_for(world.sam).get(url).status_code == 405


def _seat(world, session, n):
    for _ in range(n):
        person = f.PersonFactory()
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            job_class=world.page,
            start_date=dt.date(2020, 1, 6),
        )
        register(person, session)


def test_the_roster_runs_the_same_queries_for_5_and_50(world, catalogue, client_for):
    now = timezone.now()
    session = make_session(
        catalogue.network_workshop,
        [(now - dt.timedelta(minutes=30), now + dt.timedelta(hours=2))],
        capacity=60,
        facilitators=[world.sam],
    )
    client = client_for(world.sam)
    url = reverse("learning:roster", args=[session.pk])
    _seat(world, session, 5)
    client.get(url)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    _seat(world, session, 45)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(five) == len(fifty)


def test_correcting_attended_to_no_show_sets_the_transcript_record_aside(world, catalogue):
    import datetime as dt

    from django.utils import timezone

    from ladder.learning.models import Registration, Session, TrainingRecord
    from ladder.learning.registrations import attendance_mark

    session = catalogue.webinar_session
    now = timezone.now()
    session.dates.update(starts_at=now, ends_at=now + dt.timedelta(hours=1))
    Session.objects.filter(pk=session.pk).update(starts_at=now, ends_at=now + dt.timedelta(hours=1))
    session.refresh_from_db()
    reg = Registration.objects.create(person=world.bob, session=session, status="confirmed")
    attendance_mark(by=world.nina, registration=reg, attended=True)
    record = TrainingRecord.objects.get(registration=reg)
    assert record.status == TrainingRecord.Status.VERIFIED
    attendance_mark(by=world.nina, registration=Registration.objects.get(pk=reg.pk), attended=False)
    record.refresh_from_db()
    assert record.status == TrainingRecord.Status.REJECTED
