"""The catalogue: what each person sees, search and filters, near-me order, calendar, queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.learning.models import Offering, OfferingCompetency, Session
from ladder.learning.selectors import haversine_miles
from tests import factories as f
from tests.learning.conftest import future, make_session, register

URL = "/learning/"


def _titles(response) -> list[str]:
    return [str(s) for s in response.context["object_list"]]


def test_catalogue_lists_the_sessions_a_person_may_see(world, catalogue, client_for):
    response = client_for(world.bob).get(reverse("learning:catalogue"))
    assert response.status_code == 200
    assert _titles(response) == [
        "E-books in five minutes",
        "Circulation desk essentials",
        "Interlibrary loan basics — North",
        "Interlibrary loan basics — South",
    ]


def test_another_librarys_staff_do_not_see_riverside_training(world, catalogue, client_for):
    titles = _titles(client_for(world.carol).get(URL))
    assert "Circulation desk essentials" not in titles
    assert "Interlibrary loan basics — North" in titles


def test_catalogue_needs_a_login(client, catalogue):
    assert client.get(URL).status_code == 302


def test_training_is_in_the_navigation(world, client_for):
    html = client_for(world.bob).get(reverse("home")).content.decode()
    assert f'href="{URL}"' in html and "Training" in html


def test_past_sessions_are_not_listed(world, catalogue, client_for):
    make_session(
        catalogue.webinar,
        [(future(-3, 14), future(-3, 15))],
        online_url="https://meet.example.org/old",
        title="Last week",
    )
    assert "E-books in five minutes — Last week" not in _titles(client_for(world.bob).get(URL))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "webinar"}, ["E-books in five minutes"]),
        ({"format": "online"}, ["E-books in five minutes"]),
        (
            {"format": "in_person"},
            [
                "Circulation desk essentials",
                "Interlibrary loan basics — North",
                "Interlibrary loan basics — South",
            ],
        ),
        ({"free": "on"}, ["E-books in five minutes", "Circulation desk essentials"]),
        (
            {"seats": "on"},
            [
                "E-books in five minutes",
                "Circulation desk essentials",
                "Interlibrary loan basics — North",
            ],
        ),
        ({"q": "renewing"}, ["Circulation desk essentials"]),
        ({"q": "south"}, ["Interlibrary loan basics — South"]),
    ],
)
def test_filters(world, catalogue, client_for, params, expected):
    assert _titles(client_for(world.bob).get(URL, params)) == expected


def test_region_filter(world, catalogue, client_for):
    response = client_for(world.bob).get(URL, {"region": world.south.pk})
    assert _titles(response) == ["Interlibrary loan basics — South"]


def test_date_filters(world, catalogue, client_for):
    params = {"date_from": future(15).date().isoformat(), "date_to": future(22).date().isoformat()}
    titles = _titles(client_for(world.bob).get(URL, params))
    # The series runs on days 10 and 17, so it overlaps the window; the webinar (day 5) and
    # the southern workshop (day 27) do not.
    assert titles == ["Circulation desk essentials", "Interlibrary loan basics — North"]


def test_competency_filter_and_topic_search(world, catalogue, client_for, framework):
    ill = framework.competencies.get(code="interlibrary-loan")
    OfferingCompetency.objects.create(offering=catalogue.network_workshop, competency=ill, level=2)
    client = client_for(world.bob)
    by_competency = _titles(client.get(URL, {"competency": ill.pk}))
    assert by_competency == ["Interlibrary loan basics — North", "Interlibrary loan basics — South"]
    by_area = _titles(client.get(URL, {"q": "access services"}))
    assert by_area == by_competency


def test_a_bad_filter_value_is_ignored_not_an_error(world, catalogue, client_for):
    response = client_for(world.bob).get(URL, {"region": "999999", "date_from": "soon"})
    assert response.status_code == 200
    assert len(_titles(response)) == 4


def test_cancelled_sessions_are_marked_and_left_out_when_asking_for_seats(
    world, catalogue, client_for
):
    Session.objects.filter(pk=catalogue.webinar_session.pk).update(
        status="cancelled", cancel_reason="Speaker ill."
    )
    client = client_for(world.bob)
    response = client.get(URL)
    assert "E-books in five minutes" in _titles(response)
    assert "<strong>Cancelled</strong>" in response.content.decode()
    assert "E-books in five minutes" not in _titles(client.get(URL, {"seats": "on"}))


def test_the_list_shows_seats_left_and_full(world, catalogue, client_for):
    register(world.bob, catalogue.workshop_north)
    html = client_for(world.bob).get(URL).content.decode()
    assert "9 of 10 left" in html
    assert "<strong>Full</strong>" in html


def test_htmx_gets_just_the_results(world, catalogue, client_for):
    response = client_for(world.bob).get(
        URL, {"kind": "webinar"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="catalogue-results"
    )
    assert response.templates[0].name == "learning/catalogue_results.html"
    assert "<html" not in response.content.decode()


# --- near me ------------------------------------------------------------------------------


def _place_branches(world):
    """Columbus (Riverside Main), a few miles east (Eastside), Cleveland (Hillcrest)."""
    for branch, lat, lon in (
        (world.riverside_main, "39.961176", "-82.998794"),
        (world.riverside_east, "39.970000", "-82.900000"),
        (world.hillcrest_branch, "41.499320", "-81.694361"),
    ):
        branch.latitude, branch.longitude = Decimal(lat), Decimal(lon)
        branch.save()


def test_near_me_puts_the_nearest_branchs_session_first(world, catalogue, client_for):
    _place_branches(world)
    dave = _titles(client_for(world.dave).get(URL, {"order": "near"}))
    assert dave[0] == "Interlibrary loan basics — South"
    assert dave[-1] == "E-books in five minutes"  # online: no distance, last
    bob = _titles(client_for(world.bob).get(URL, {"order": "near"}))
    assert bob == [
        "Interlibrary loan basics — North",
        "Circulation desk essentials",
        "Interlibrary loan basics — South",
        "E-books in five minutes",
    ]


def test_near_me_shows_the_distance_in_miles(world, catalogue, client_for):
    _place_branches(world)
    response = client_for(world.bob).get(URL, {"order": "near"})
    rows = {str(s): s.distance for s in response.context["object_list"]}
    expected = haversine_miles((39.961176, -82.998794), (41.49932, -81.694361))
    assert rows["Interlibrary loan basics — South"] == pytest.approx(expected, rel=1e-6)
    assert 120 < expected < 135  # Columbus to Cleveland
    assert rows["Interlibrary loan basics — North"] == pytest.approx(0, abs=1e-6)
    assert "mi</td>" in response.content.decode()


def test_near_me_without_a_located_branch_falls_back_to_soonest(world, catalogue, client_for):
    response = client_for(world.nina).get(URL, {"order": "near"})
    assert response.status_code == 200
    assert response.context["show_distance"] is False
    assert "location is not known" in response.content.decode()


# --- calendar -----------------------------------------------------------------------------


def test_calendar_shows_each_date_of_a_series_on_its_day(world, catalogue, client_for):
    series = catalogue.riverside_series
    client = client_for(world.bob)
    found = {}
    for date in series.dates.all():
        response = client.get(reverse("learning:calendar"), {"month": f"{date.starts_at:%Y-%m}"})
        assert response.status_code == 200
        for week in response.context["weeks"]:
            for day in week:
                if any(e.session_id == series.pk for e in day.entries) and day.in_month:
                    found[day.day] = True
    assert sorted(found) == sorted(d.starts_at.date() for d in series.dates.all())


def test_calendar_month_navigation_and_bad_month(world, catalogue, client_for):
    client = client_for(world.bob)
    response = client.get(reverse("learning:calendar"), {"month": "2031-12"})
    assert response.context["previous_month"] == "2031-11"
    assert response.context["next_month"] == "2032-01"
    assert client.get(reverse("learning:calendar"), {"month": "garbage"}).status_code == 200


def test_calendar_hides_what_the_person_may_not_see(world, catalogue, client_for):
    month = f"{catalogue.riverside_series.starts_at:%Y-%m}"
    response = client_for(world.carol).get(reverse("learning:calendar"), {"month": month})
    ids = {e.session_id for week in response.context["weeks"] for d in week for e in d.entries}
    assert catalogue.riverside_series.pk not in ids


# --- queries ------------------------------------------------------------------------------


def _many_sessions(world, n: int) -> None:
    offering = Offering.objects.create(
        title="Busy workshop",
        kind="workshop",
        provider_kind="network",
        provider_network=world.network,
        fee=Decimal("10"),
        paid_by="library",
    )
    for i in range(n):
        branch = f.BranchFactory(library=world.riverside, name=f"Branch {n}-{i}")
        session = make_session(
            offering,
            [(future(3 + i % 20, 9), future(3 + i % 20, 10)), (future(30, 9), future(30, 10))],
            capacity=3,
            venue_branch=branch,
            region=world.north,
            facilitators=[world.sam],
        )
        register(f.PersonFactory(), session)


def _count(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/learning/", {}),
        ("/learning/", {"order": "near", "seats": "on", "q": "busy"}),
        ("/learning/calendar/", {"month": f"{future(10):%Y-%m}"}),
    ],
)
def test_catalogue_queries_do_not_grow_with_the_sessions(world, client_for, url, params):
    client = client_for(world.bob)
    _many_sessions(world, 5)
    few = _count(client, url, params)
    _many_sessions(world, 45)
    many = _count(client, url, params)
    assert few == many


def test_organisers_see_their_offerings_still_to_schedule(world, catalogue, client_for):
    draft = Offering.objects.create(
        title="Copyright for reserves",
        kind="workshop",
        provider_kind="network",
        provider_network=world.network,
        is_published=False,
    )
    unscheduled = client_for(world.nina).get(URL).context["unscheduled"]
    assert unscheduled == [draft]
    assert client_for(world.alice).get(URL).context["unscheduled"] == []
    assert client_for(world.bob).get(URL).context["unscheduled"] == []


def test_near_me_leaves_online_sessions_without_a_distance(world, catalogue):
    """PostgreSQL's LEAST ignores NULL: an online session must not get half the globe's distance."""
    from ladder.learning.models import Session
    from ladder.learning.selectors import _distance_expression

    rows = dict(
        Session.objects.annotate(distance=_distance_expression((40.0, -83.0))).values_list(
            "pk", "distance"
        )
    )
    assert rows[catalogue.webinar_session.pk] is None
    assert rows[catalogue.workshop_north.pk] is not None
    assert rows[catalogue.workshop_north.pk] < 1000
