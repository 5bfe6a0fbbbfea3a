"""The training catalogue through the API: offerings and sessions, seen by the staff of the
provider's libraries and created or changed by the provider's admins or coordinators.

The `training` fixture (used by the other test_learning_* files too) adds, to the `world`:
  - workshop: a Buckeye network workshop ("Interlibrary loan basics", fee 25, interlibrary
      loan to level 2), with north (Riverside Main, capacity 10, deadline, facilitated by sam)
      and south_full (Hillcrest, capacity 1, dave holds the seat)
  - in_house: Riverside's own training, a series at Eastside (capacity 5, alice facilitates),
      and past (yesterday, bob confirmed, sam facilitates) for attendance
  - webinar: a free network webinar, online only (capacity 100)
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from ladder.learning.models import Offering, OfferingCompetency, Registration, Session
from ladder.skills.models import Competency
from tests.api.conftest import assert_error, ids
from tests.learning.conftest import future, make_session, register


def past(days: int, hour: int = 14) -> dt.datetime:
    return future(-days, hour)


@dataclass
class Training:
    workshop: Offering
    north: Session
    south_full: Session
    in_house: Offering
    series: Session
    past: Session
    webinar: Offering
    webinar_session: Session
    ill: Competency


def build_training(world, framework) -> Training:
    ill = framework.competencies.get(code="interlibrary-loan")
    workshop = Offering.objects.create(
        title="Interlibrary loan basics",
        kind=Offering.Kind.WORKSHOP,
        description="Requesting, lending and tracking items between libraries.",
        provider_kind=Offering.Provider.NETWORK,
        provider_network=world.network,
        ce_hours=Decimal("3"),
        ce_credits=Decimal("0.3"),
        fee=Decimal("25"),
        paid_by=Offering.PaidBy.LIBRARY,
        created_by=world.nina,
    )
    OfferingCompetency.objects.create(offering=workshop, competency=ill, level=2)
    north = make_session(
        workshop,
        [(future(20, 14), future(20, 17))],
        capacity=10,
        title="North",
        venue_branch=world.riverside_main,
        region=world.north,
        registration_deadline=future(18, 12),
        facilitators=[world.sam],
    )
    south_full = make_session(
        workshop,
        [(future(27, 14), future(27, 17))],
        capacity=1,
        title="South",
        venue_branch=world.hillcrest_branch,
        region=world.south,
    )
    register(world.dave, south_full)
    in_house = Offering.objects.create(
        title="Circulation desk essentials",
        kind=Offering.Kind.IN_HOUSE,
        description="Checking out, renewing and holds, for new pages and assistants.",
        provider_kind=Offering.Provider.LIBRARY,
        provider_library=world.riverside,
        ce_hours=Decimal("4"),
        created_by=world.alice,
    )
    OfferingCompetency.objects.create(
        offering=in_house, competency=framework.competencies.get(code="circulation"), level=2
    )
    series = make_session(
        in_house,
        [(future(10, 15), future(10, 17)), (future(17, 15), future(17, 17))],
        capacity=5,
        venue_branch=world.riverside_east,
        region=world.north,
        facilitators=[world.alice],
    )
    held = make_session(
        in_house,
        [(past(1, 13), past(1, 17))],
        capacity=5,
        title="Yesterday",
        venue_branch=world.riverside_main,
        region=world.north,
        facilitators=[world.sam],
    )
    register(world.bob, held)
    webinar = Offering.objects.create(
        title="E-books in five minutes",
        kind=Offering.Kind.WEBINAR,
        provider_kind=Offering.Provider.NETWORK,
        provider_network=world.network,
        ce_hours=Decimal("1"),
        created_by=world.nina,
    )
    webinar_session = make_session(
        webinar,
        [(future(5, 18), future(5, 19))],
        capacity=100,
        online_url="https://meet.example.org/ebooks",
    )
    return Training(
        workshop=workshop,
        north=north,
        south_full=south_full,
        in_house=in_house,
        series=series,
        past=held,
        webinar=webinar,
        webinar_session=webinar_session,
        ill=ill,
    )


@pytest.fixture
def training(world, framework) -> Training:
    return build_training(world, framework)


def _offering_body(world, **overrides):
    return {
        "title": "Weeding the collection",
        "kind": "workshop",
        "provider_kind": "library",
        "provider_library": world.riverside.pk,
        **overrides,
    }


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


# --- the catalogue --------------------------------------------------------------------------


def test_staff_see_their_catalogue_soonest_first(world, api_for, training):
    listed = ids(api_for(world.bob).get("sessions"))

    assert listed == [
        training.webinar_session.pk,
        training.series.pk,
        training.north.pk,
        training.south_full.pk,
    ]


def test_the_catalogue_shows_seats_dates_and_venue(world, api_for, training):
    items = api_for(world.bob).get("sessions").json()["items"]
    by_id = {item["id"]: item for item in items}

    series = by_id[training.series.pk]
    assert len(series["dates"]) == 2
    assert series["venue_branch"]["library"]["name"] == "Riverside Public Library"
    assert series["seats_left"] == 5
    assert by_id[training.south_full.pk]["seats_left"] == 0
    webinar = by_id[training.webinar_session.pk]
    assert webinar["online"] is True
    assert "online_url" not in webinar
    assert webinar["offering"]["is_free"] is True


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "webinar"}, ["webinar_session"]),
        ({"free": "true"}, ["webinar_session", "series"]),
        ({"online": "true"}, ["webinar_session"]),
        ({"online": "false"}, ["series", "north", "south_full"]),
        ({"seats_left": "true"}, ["webinar_session", "series", "north"]),
        ({"q": "holds"}, ["series"]),
        ({"q": "interlibrary"}, ["north", "south_full"]),
        ({"past": "true", "kind": "in_house"}, ["past", "series"]),
    ],
)
def test_the_catalogue_filters(world, api_for, training, params, expected):
    listed = ids(api_for(world.bob).get("sessions", **params))

    assert listed == [getattr(training, name).pk for name in expected]


def test_the_catalogue_filters_by_region_competency_and_dates(world, api_for, training):
    api = api_for(world.bob)
    today = timezone.localdate()

    assert ids(api.get("sessions", region=world.south.pk)) == [training.south_full.pk]
    assert ids(api.get("sessions", competency=training.ill.pk)) == [
        training.north.pk,
        training.south_full.pk,
    ]
    window = {"date_from": today + dt.timedelta(days=19), "date_to": today + dt.timedelta(days=21)}
    assert ids(api.get("sessions", **window)) == [training.north.pk]
    assert ids(api.get("sessions", region=999_999)) == []


def test_near_me_orders_by_distance_from_my_branch(world, api_for, training):
    world.riverside_main.latitude, world.riverside_main.longitude = Decimal("40"), Decimal("-83")
    world.riverside_main.save()
    world.riverside_east.latitude, world.riverside_east.longitude = Decimal("40.5"), Decimal("-83")
    world.riverside_east.save()

    items = api_for(world.bob).get("sessions", order="near").json()["items"]

    distances = {item["id"]: item["distance_miles"] for item in items}
    assert items[0]["id"] == training.north.pk
    assert distances[training.north.pk] == 0.0
    assert distances[training.series.pk] == pytest.approx(34.5, abs=0.5)
    assert (items[-1]["id"], items[-1]["distance_miles"]) == (training.webinar_session.pk, None)
    known = [d for d in distances.values() if d is not None]
    assert [item["distance_miles"] for item in items[: len(known)]] == sorted(known)


def test_another_library_does_not_see_riversides_own_training(world, api_for, training):
    api = api_for(world.carol)

    listed = ids(api.get("sessions"))
    assert training.series.pk not in listed
    assert training.north.pk in listed
    assert_error(api.get(f"sessions/{training.series.pk}"), 404, "not_found")
    assert_error(api.get(f"offerings/{training.in_house.pk}"), 404, "not_found")


def test_the_catalogue_needs_authentication(anonymous_api, training):
    assert_error(anonymous_api.get("sessions"), 401, "not_authenticated")
    assert_error(anonymous_api.get("offerings"), 401, "not_authenticated")
    assert_error(anonymous_api.get(f"sessions/{training.north.pk}"), 401)


# --- offerings ------------------------------------------------------------------------------


def test_offerings_list_with_their_next_session(world, api_for, training):
    items = api_for(world.bob).get("offerings").json()["items"]
    by_title = {item["title"]: item for item in items}

    assert list(by_title) == [
        "Circulation desk essentials",
        "E-books in five minutes",
        "Interlibrary loan basics",
    ]
    workshop = by_title["Interlibrary loan basics"]
    assert workshop["upcoming_sessions"] == 2
    assert workshop["competencies"] == [
        {
            "competency": {
                "id": training.ill.pk,
                "code": "interlibrary-loan",
                "name": "Interlibrary loan",
                "framework_id": training.ill.framework_id,
                "area_id": training.ill.area_id,
            },
            "level": 2,
        }
    ]
    assert workshop["fee"] == 25.0 and workshop["paid_by"] == "library"


def test_offerings_filter_by_their_sessions(world, api_for, training):
    api = api_for(world.bob)

    assert ids(api.get("offerings", region=world.south.pk)) == [training.workshop.pk]
    assert ids(api.get("offerings", online="true")) == [training.webinar.pk]
    assert ids(api.get("offerings", free="true")) == [training.in_house.pk, training.webinar.pk]
    assert ids(api.get("offerings", competency=training.ill.pk)) == [training.workshop.pk]
    training.webinar_session.delete()
    assert ids(api.get("offerings", scheduled="true")) == [
        training.in_house.pk,
        training.workshop.pk,
    ]


def test_an_offering_shows_its_sessions_and_whether_i_may_register(world, api_for, training):
    body = api_for(world.bob).get(f"offerings/{training.in_house.pk}").json()

    assert [s["id"] for s in body["sessions"]] == [training.series.pk]
    assert body["in_audience"] is True
    assert body["audience"] == "the staff of Riverside Public Library"
    assert body["can_manage"] is False
    assert body["next_starts_at"] is not None


def test_those_a_restriction_leaves_out_see_its_reason(world, api_for, training):
    training.in_house.audience_job_classes.set([world.librarian2])
    training.in_house.restriction_reason = "For the reference desk only."
    training.in_house.save()

    body = api_for(world.bob).get(f"offerings/{training.in_house.pk}").json()

    assert body["in_audience"] is False
    assert body["audience_reason"] == "For the reference desk only."
    assert body["audience_job_classes"] == [{"id": world.librarian2.pk, "name": "Librarian II"}]


def test_a_library_admin_adds_an_offering(world, api_for):
    body = _offering_body(world, fee="40", paid_by="library", ce_hours="2.5")

    response = api_for(world.alice).post("offerings", body)

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["provider_library"] == {"id": world.riverside.pk, "name": world.riverside.name}
    assert (created["ce_hours"], created["fee"], created["can_manage"]) == (2.5, 40.0, True)
    assert created["sessions"] == []


def test_staff_and_other_libraries_cannot_add_riversides_offerings(world, api_for):
    assert_error(api_for(world.bob).post("offerings", _offering_body(world)), 403)
    assert_error(api_for(world.carol).post("offerings", _offering_body(world)), 403)
    assert not Offering.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"fee": "40"}, "paid_by"),
        ({"audience_job_classes": "page"}, "restriction_reason"),
        ({"provider_library": None}, "provider_library"),
        ({"audience_libraries": [999_999]}, "audience_libraries"),
        ({"kind": "lecture"}, "kind"),
        ({"fee": "-1"}, "fee"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_offering_is_refused_on_its_field(world, api_for, overrides, field):
    if overrides.get("audience_job_classes") == "page":
        overrides = {"audience_job_classes": [world.page.pk]}

    error = assert_error(
        api_for(world.alice).post("offerings", _offering_body(world, **overrides)), 422
    )

    assert field in error["fields"], error
    assert not Offering.objects.exists()


def test_the_provider_edits_an_offering(world, api_for, training):
    response = api_for(world.alice).patch(
        f"offerings/{training.in_house.pk}",
        {"audience_job_classes": [world.page.pk], "restriction_reason": "Pages' induction."},
    )

    assert response.status_code == 200, response.content
    assert response.json()["restriction_reason"] == "Pages' induction."
    assert list(training.in_house.audience_job_classes.all()) == [world.page]


def test_only_the_provider_edits_an_offering(world, api_for, training):
    path = f"offerings/{training.in_house.pk}"
    assert_error(api_for(world.bob).patch(path, {"title": "Mine"}), 403, "permission_denied")
    assert_error(api_for(world.carol).patch(path, {"title": "Mine"}), 404, "not_found")
    # The network's coordinator does not run a member library's own training.
    assert_error(api_for(world.nina).patch(path, {"title": "Mine"}), 404)
    assert_error(
        api_for(world.alice).patch(f"offerings/{training.workshop.pk}", {"title": "Mine"}), 403
    )
    training.in_house.refresh_from_db()
    training.workshop.refresh_from_db()
    assert (training.in_house.title, training.workshop.title) == (
        "Circulation desk essentials",
        "Interlibrary loan basics",
    )


def test_the_provider_replaces_an_offerings_competencies(world, api_for, training, framework):
    ils = framework.competencies.get(code="ils")
    path = f"offerings/{training.workshop.pk}/competencies"

    response = api_for(world.nina).put(path, {"competencies": [{"competency": ils.pk, "level": 3}]})

    assert response.status_code == 200, response.content
    assert [(c["competency"]["code"], c["level"]) for c in response.json()] == [("ils", 3)]
    bad = api_for(world.nina).put(path, {"competencies": [{"competency": ils.pk, "level": 9}]})
    assert "level" in assert_error(bad, 422)["fields"]
    assert_error(api_for(world.bob).put(path, {"competencies": []}), 403)
    assert list(OfferingCompetency.objects.filter(offering=training.workshop)) == [
        OfferingCompetency.objects.get(offering=training.workshop, competency=ils)
    ]


# --- sessions -------------------------------------------------------------------------------


def _session_body(**overrides):
    start = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    return {
        "dates": [{"starts_at": f"{start}T09:00", "ends_at": f"{start}T12:00"}],
        "capacity": 12,
        "venue_address": "Community room, 5 Elm Street",
        **overrides,
    }


def test_the_provider_schedules_a_series(world, api_for, training):
    first = timezone.localdate() + dt.timedelta(days=40)
    second = first + dt.timedelta(days=7)
    body = _session_body(
        dates=[
            {"starts_at": f"{first}T09:00", "ends_at": f"{first}T12:00"},
            {"starts_at": f"{second}T09:00", "ends_at": f"{second}T12:00"},
        ],
        venue_address="",
        venue_branch=world.riverside_east.pk,
        facilitators=[world.sam.pk],
        timezone="America/Chicago",
    )

    response = api_for(world.alice).post(f"offerings/{training.in_house.pk}/sessions", body)

    assert response.status_code == 201, response.content
    created = response.json()
    assert len(created["dates"]) == 2
    session = Session.objects.get(pk=created["id"])
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    assert session.starts_at == dt.datetime.combine(first, dt.time(9), tzinfo=chicago)
    assert created["region"]["id"] == world.north.pk
    assert [p["id"] for p in created["facilitators"]] == [world.sam.pk]
    assert created["can_manage"] is True


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"dates": [{"starts_at": "2040-01-01T12:00", "ends_at": "2040-01-01T09:00"}]}, "dates"),
        ({"dates": []}, "dates"),
        ({"capacity": 0}, "capacity"),
        ({"venue_address": "", "venue_branch": None}, "venue_branch"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"registration_deadline": "2099-01-01T00:00"}, "registration_deadline"),
        ({"venue_address": "", "venue_branch": "hillcrest"}, "venue_branch"),
    ],
)
def test_a_bad_session_is_refused_on_its_field(world, api_for, training, overrides, field):
    if overrides.get("venue_branch") == "hillcrest":
        overrides = {**overrides, "venue_branch": world.hillcrest_branch.pk}
    before = Session.objects.count()

    response = api_for(world.alice).post(
        f"offerings/{training.in_house.pk}/sessions", _session_body(**overrides)
    )

    assert field in assert_error(response, 422)["fields"]
    assert Session.objects.count() == before


def test_only_the_provider_schedules_sessions(world, api_for, training):
    path = f"offerings/{training.in_house.pk}/sessions"
    before = Session.objects.count()

    assert_error(api_for(world.bob).post(path, _session_body()), 403)
    assert_error(api_for(world.sam).post(path, _session_body()), 403)
    assert_error(api_for(world.carol).post(path, _session_body()), 404)
    assert Session.objects.count() == before


def test_capacity_cannot_drop_below_the_seats_taken(world, api_for, training):
    register(world.bob, training.series)
    register(world.sam, training.series)

    response = api_for(world.alice).patch(f"sessions/{training.series.pk}", {"capacity": 1})

    assert "capacity" in assert_error(response, 422)["fields"]
    training.series.refresh_from_db()
    assert training.series.capacity == 5


def test_the_provider_moves_a_session(world, api_for, training):
    response = api_for(world.alice).patch(
        f"sessions/{training.series.pk}", {"capacity": 8, "venue_branch": world.riverside_main.pk}
    )

    assert response.status_code == 200, response.content
    assert response.json()["capacity"] == 8
    assert response.json()["venue_branch"]["id"] == world.riverside_main.pk


def test_the_provider_cancels_a_session_with_a_reason(world, api_for, training):
    path = f"sessions/{training.series.pk}/cancel"

    assert "reason" in assert_error(api_for(world.alice).post(path, {"reason": ""}), 422)["fields"]
    assert_error(api_for(world.bob).post(path, {"reason": "I can't come"}), 403)
    response = api_for(world.alice).post(path, {"reason": "The trainer is ill."})

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["cancel_reason"]) == (
        "cancelled",
        "The trainer is ill.",
    )
    again = api_for(world.alice).post(path, {"reason": "Again"})
    assert "already cancelled" in assert_error(again, 422)["message"]


def test_a_session_shows_its_link_only_to_those_registered(world, api_for, training):
    path = f"sessions/{training.webinar_session.pk}"
    before = api_for(world.bob).get(path).json()
    assert before["online_url"] is None
    assert before["my_registration"] is None and before["in_audience"] is True

    registration = register(world.bob, training.webinar_session)
    after = api_for(world.bob).get(path).json()

    assert after["online_url"] == "https://meet.example.org/ebooks"
    assert after["my_registration"] == {"id": registration.pk, "status": "confirmed"}
    assert api_for(world.nina).get(path).json()["online_url"] == "https://meet.example.org/ebooks"


def test_a_full_session_says_how_many_wait(world, api_for, training):
    register(world.bob, training.south_full, status=Registration.Status.WAITLISTED)

    body = api_for(world.bob).get(f"sessions/{training.south_full.pk}").json()

    assert (body["seats_left"], body["waitlisted"], body["closed_reason"]) == (0, 1, "")
    assert body["can_run"] is False


def test_a_facilitator_may_run_but_not_manage(world, api_for, training):
    body = api_for(world.sam).get(f"sessions/{training.north.pk}").json()

    assert (body["can_run"], body["can_manage"]) == (True, False)
