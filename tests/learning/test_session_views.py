"""Session pages: detail, schedule (single and series), edit, cancel, and one session's .ics."""

import zoneinfo

import icalendar
from django.urls import reverse

from ladder.learning.models import Session
from tests.learning.conftest import future

NY = zoneinfo.ZoneInfo("America/New_York")


def _session_post(world, rows, **extra):
    data = {
        "title": "Eastside evening",
        "timezone": "America/New_York",
        "venue_branch": world.riverside_east.pk,
        "venue_address": "",
        "online_url": "",
        "region": "",
        "capacity": "6",
        "registration_deadline": "",
        "facilitators": "sam@riverside.example",
        "dates-TOTAL_FORMS": str(len(rows)),
        "dates-INITIAL_FORMS": "0",
        "dates-MIN_NUM_FORMS": "0",
        "dates-MAX_NUM_FORMS": "30",
    }
    for i, (day, starts, ends) in enumerate(rows):
        data[f"dates-{i}-day"] = day
        data[f"dates-{i}-starts"] = starts
        data[f"dates-{i}-ends"] = ends
    data.update(extra)
    return data


def test_session_page_shows_dates_venue_seats_and_the_register_area(world, catalogue, client_for):
    session = catalogue.riverside_series
    response = client_for(world.bob).get(session.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "one registration covers all 2" in html
    assert "Eastside, Riverside Public Library" in html
    assert "5 of 5 left" in html
    assert "Alice Admin" in html  # the facilitator
    assert any(t.name == "learning/_register_box.html" for t in response.templates)
    assert response.context["in_audience"] is True
    assert response.context["registration_open"] is True


def test_full_session_says_so(world, catalogue, client_for):
    html = client_for(world.bob).get(catalogue.workshop_south_full.get_absolute_url())
    assert "Full — new registrations join the waitlist" in html.content.decode()


def test_session_page_gives_the_reason_to_someone_outside_the_audience(
    world, catalogue, client_for
):
    offering = catalogue.network_workshop
    offering.restriction_reason = "For circulation staff covering ILL."
    offering.save()
    offering.audience_job_classes.set([world.assistant])
    response = client_for(world.bob).get(catalogue.workshop_north.get_absolute_url())
    assert response.context["in_audience"] is False
    assert "For circulation staff covering ILL." in response.content.decode()


def test_online_link_is_shown_to_organisers_not_to_everyone(world, catalogue, client_for):
    url = catalogue.webinar_session.get_absolute_url()
    assert "meet.example.org" not in client_for(world.bob).get(url).content.decode()
    assert "meet.example.org" in client_for(world.nina).get(url).content.decode()


def test_another_librarys_people_get_404_for_riverside_sessions(world, catalogue, client_for):
    session = catalogue.riverside_series
    client = client_for(world.carol)
    for name in ("session_detail", "session_update", "session_cancel", "session_ics"):
        assert client.get(reverse(f"learning:{name}", args=[session.pk])).status_code == 404


def test_library_admin_schedules_a_series_from_the_page(world, catalogue, client_for):
    day1, day2 = future(40).date().isoformat(), future(47).date().isoformat()
    response = client_for(world.alice).post(
        reverse("learning:session_create", args=[catalogue.riverside_training.pk]),
        _session_post(world, [(day1, "18:00", "20:00"), (day2, "18:00", "20:00"), ("", "", "")]),
    )
    assert response.status_code == 302
    session = Session.objects.get(title="Eastside evening")
    assert session.dates.count() == 2
    assert list(session.facilitators.all()) == [world.sam]
    assert session.starts_at.astimezone(NY).strftime("%H:%M") == "18:00"


def test_schedule_page_shows_a_date_ending_before_it_starts(world, catalogue, client_for):
    day = future(40).date().isoformat()
    response = client_for(world.alice).post(
        reverse("learning:session_create", args=[catalogue.riverside_training.pk]),
        _session_post(world, [(day, "18:00", "17:00")]),
    )
    assert response.status_code == 400
    assert "Date 1 ends before it starts." in response.content.decode()
    assert not Session.objects.filter(title="Eastside evening").exists()


def test_schedule_page_shows_a_deadline_after_the_start(world, catalogue, client_for):
    day = future(40).date()
    response = client_for(world.alice).post(
        reverse("learning:session_create", args=[catalogue.riverside_training.pk]),
        _session_post(
            world,
            [(day.isoformat(), "18:00", "20:00")],
            registration_deadline=f"{future(41).date().isoformat()}T12:00",
        ),
    )
    assert response.status_code == 400
    assert "registration_deadline" in response.context["form"].errors


def test_schedule_page_with_no_dates_says_so(world, catalogue, client_for):
    response = client_for(world.alice).post(
        reverse("learning:session_create", args=[catalogue.riverside_training.pk]),
        _session_post(world, [("", "", "")]),
    )
    assert response.status_code == 400
    assert "Give at least one date." in response.content.decode()


def test_schedule_page_refuses_zero_capacity_on_the_field(world, catalogue, client_for):
    day = future(40).date().isoformat()
    response = client_for(world.alice).post(
        reverse("learning:session_create", args=[catalogue.riverside_training.pk]),
        _session_post(world, [(day, "18:00", "20:00")], capacity="0"),
    )
    assert response.status_code == 400
    assert "capacity" in response.context["form"].errors


def test_schedule_page_refuses_an_unknown_facilitator(world, catalogue, client_for):
    day = future(40).date().isoformat()
    response = client_for(world.alice).post(
        reverse("learning:session_create", args=[catalogue.riverside_training.pk]),
        _session_post(world, [(day, "18:00", "20:00")], facilitators="nobody@example.org"),
    )
    assert response.status_code == 400
    assert "nobody@example.org" in response.context["form"].errors["facilitators"][0]


def test_staff_cannot_schedule_edit_or_cancel(world, catalogue, client_for):
    client = client_for(world.bob)
    urls = [
        reverse("learning:session_create", args=[catalogue.network_workshop.pk]),
        reverse("learning:session_update", args=[catalogue.workshop_north.pk]),
        reverse("learning:session_cancel", args=[catalogue.workshop_north.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "x"}).status_code == 403


def test_edit_page_shows_the_dates_in_the_sessions_zone_and_saves(world, catalogue, client_for):
    session = catalogue.workshop_north
    client = client_for(world.nina)
    url = reverse("learning:session_update", args=[session.pk])
    form_page = client.get(url)
    assert form_page.status_code == 200
    first_row = form_page.context["dates"].forms[0]
    local = session.starts_at.astimezone(NY)
    assert first_row.initial["starts"] == local.time()
    day = future(21).date().isoformat()
    data = _session_post(world, [(day, "09:00", "12:00")], title="North", capacity="10")
    data.update(venue_branch=world.riverside_main.pk, facilitators="")
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.dates.count() == 1
    assert session.facilitators.count() == 0


def test_cancel_page_needs_a_reason_then_cancels(world, catalogue, client_for):
    client = client_for(world.nina)
    url = reverse("learning:session_cancel", args=[catalogue.workshop_north.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert client.post(url, {"reason": "The trainer is ill."}).status_code == 302
    session = Session.objects.get(pk=catalogue.workshop_north.pk)
    assert session.status == Session.Status.CANCELLED
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Cancelled." in html and "The trainer is ill." in html


def test_session_ics_download_parses_with_one_event_per_date(world, catalogue, client_for):
    session = catalogue.riverside_series
    response = client_for(world.bob).get(reverse("learning:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert len(cal.events) == 2
