"""iCalendar feeds, read back with the icalendar parser: the public catalogue, a person's
private feed at a secret (resettable) URL, one session's .ics; time zones and cancellations."""

import zoneinfo

import icalendar
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.core.models import AuditEntry
from ladder.learning.ical import calendar_bytes, session_ics
from ladder.learning.models import Offering, Session
from ladder.people.models import Person
from tests.learning.conftest import future, make_session, register

NY = zoneinfo.ZoneInfo("America/New_York")


def _parse(content: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def _by_summary(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def _person_feed(person) -> str:
    return reverse("learning:feed_person", args=[person.feed_token])


def test_public_feed_needs_no_login_and_lists_every_published_date(client, catalogue):
    response = client.get(reverse("learning:feed_public"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = _parse(response.content)
    assert str(cal["X-WR-CALNAME"]) == "Ladder training catalogue"
    assert sorted(_by_summary(cal)) == [
        "Circulation desk essentials (1 of 2)",
        "Circulation desk essentials (2 of 2)",
        "E-books in five minutes",
        "Interlibrary loan basics — North",
        "Interlibrary loan basics — South",
    ]


def test_feed_events_carry_the_sessions_time_zone(client, catalogue):
    cal = _parse(client.get(reverse("learning:feed_public")).content)
    event = _by_summary(cal)["Interlibrary loan basics — North"]
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert start == catalogue.workshop_north.starts_at
    assert start.utcoffset() == catalogue.workshop_north.starts_at.astimezone(NY).utcoffset()
    assert "America/New_York" in {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    assert event.decoded("DTEND") == catalogue.workshop_north.ends_at
    assert "Riverside Main, Riverside Public Library" in str(event["LOCATION"])
    assert str(event["URL"]).endswith(catalogue.workshop_north.get_absolute_url())
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_session_in_another_zone_keeps_its_zone(client, catalogue):
    Session.objects.filter(pk=catalogue.webinar_session.pk).update(timezone="America/Chicago")
    cal = _parse(client.get(reverse("learning:feed_public")).content)
    event = _by_summary(cal)["E-books in five minutes"]
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert event.decoded("DTSTART") == catalogue.webinar_session.starts_at


def test_cancelled_sessions_stay_in_the_feed_marked_cancelled(client, catalogue):
    Session.objects.filter(pk=catalogue.workshop_north.pk).update(
        status="cancelled", cancel_reason="Snowstorm."
    )
    cal = _parse(client.get(reverse("learning:feed_public")).content)
    event = _by_summary(cal)["Cancelled: Interlibrary loan basics — North"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert "Snowstorm." in str(event["DESCRIPTION"])


def test_public_feed_leaves_out_unpublished_offerings_and_online_links(client, catalogue):
    Offering.objects.filter(pk=catalogue.riverside_training.pk).update(is_published=False)
    response = client.get(reverse("learning:feed_public"))
    summaries = _by_summary(_parse(response.content))
    assert not any(s.startswith("Circulation") for s in summaries)
    assert str(summaries["E-books in five minutes"]["LOCATION"]) == "Online"
    assert b"meet.example.org" not in response.content


def test_public_feed_can_be_narrowed_by_kind(client, catalogue):
    response = client.get(reverse("learning:feed_public"), {"kind": "webinar"})
    assert list(_by_summary(_parse(response.content))) == ["E-books in five minutes"]


def test_person_feed_lists_their_registrations_with_status(client, world, catalogue):
    register(world.bob, catalogue.webinar_session)
    register(world.bob, catalogue.workshop_south_full, status="waitlisted")
    register(world.bob, catalogue.workshop_north, status="cancelled")
    response = client.get(_person_feed(world.bob))
    assert response.status_code == 200
    events = _by_summary(_parse(response.content))
    assert set(events) == {
        "E-books in five minutes",
        "Waitlisted: Interlibrary loan basics — South",
    }
    assert str(events["E-books in five minutes"]["STATUS"]) == "CONFIRMED"
    assert "meet.example.org/ebooks" in str(events["E-books in five minutes"]["LOCATION"])
    waiting = events["Waitlisted: Interlibrary loan basics — South"]
    assert str(waiting["STATUS"]) == "TENTATIVE"


def test_person_feed_marks_a_cancelled_session(client, world, catalogue):
    register(world.bob, catalogue.workshop_north)
    Session.objects.filter(pk=catalogue.workshop_north.pk).update(
        status="cancelled", cancel_reason="Trainer ill."
    )
    events = list(_parse(client.get(_person_feed(world.bob)).content).walk("VEVENT"))
    assert [str(e["STATUS"]) for e in events] == ["CANCELLED"]


def test_person_feed_404s_with_a_wrong_token(client, world):
    assert client.get(reverse("learning:feed_person", args=["x" * 43])).status_code == 404
    almost = world.bob.feed_token[:-1] + ("A" if world.bob.feed_token[-1] != "A" else "B")
    assert client.get(reverse("learning:feed_person", args=[almost])).status_code == 404


def test_short_or_blank_tokens_never_match(client, world):
    Person.objects.filter(pk=world.bob.pk).update(feed_token="abc")
    Person.objects.filter(pk=world.dave.pk).update(feed_token="")
    assert client.get(reverse("learning:feed_person", args=["abc"])).status_code == 404
    assert client.get("/learning/feeds/me/.ics").status_code == 404


def test_an_inactive_persons_feed_is_gone(client, world):
    Person.objects.filter(pk=world.bob.pk).update(is_active=False)
    assert client.get(_person_feed(world.bob)).status_code == 404


def test_reset_gives_a_new_address_and_the_old_one_stops_working(client_for, world, catalogue):
    register(world.bob, catalogue.webinar_session)
    old_url = _person_feed(world.bob)
    client = client_for(world.bob)
    assert client.get(old_url).status_code == 200
    response = client.post(reverse("learning:feed_reset"))
    assert response.status_code == 302
    world.bob.refresh_from_db()
    new_url = _person_feed(world.bob)
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert len(_parse(client.get(new_url).content).walk("VEVENT")) == 1
    assert AuditEntry.objects.filter(action="learning.feed_token.reset").count() == 1


def test_reset_is_post_only_and_needs_a_login(client, client_for, world):
    token = world.bob.feed_token
    assert client_for(world.bob).get(reverse("learning:feed_reset")).status_code == 405
    assert client.post(reverse("learning:feed_reset")).status_code == 302  # to the login page
    world.bob.refresh_from_db()
    assert world.bob.feed_token == token


def test_catalogue_page_shows_the_private_feed_address(client_for, world, catalogue):
    html = client_for(world.bob).get(reverse("learning:catalogue")).content.decode()
    assert world.bob.feed_token in html
    assert reverse("learning:feed_public") in html


def test_session_ics_for_a_person_has_one_event_per_date_and_the_link(world, catalogue):
    register(world.bob, catalogue.riverside_series)
    cal = _parse(session_ics(catalogue.riverside_series, for_person=world.bob))
    events = cal.walk("VEVENT")
    assert len(events) == 2
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert starts == [d.starts_at for d in catalogue.riverside_series.dates.all()]
    assert len({str(e["UID"]) for e in events}) == 2


def test_calendar_bytes_of_no_sessions_is_still_a_valid_calendar():
    cal = _parse(calendar_bytes([], "Empty"))
    assert str(cal["X-WR-CALNAME"]) == "Empty"
    assert cal.walk("VEVENT") == []


def test_feeds_run_the_same_queries_for_5_and_50_sessions(client, world, catalogue):
    def add(n):
        for i in range(n):
            session = make_session(
                catalogue.webinar,
                [(future(2 + i % 9, 15), future(2 + i % 9, 16)), (future(40, 15), future(40, 16))],
                online_url="https://meet.example.org/w",
            )
            register(world.bob, session)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [reverse("learning:feed_public"), _person_feed(world.bob)]
    add(5)
    few = [count(url) for url in urls]
    add(45)
    assert [count(url) for url in urls] == few
