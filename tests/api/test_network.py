"""Network services through the API: membership, the planner, the advisory desk, the temp
agency and the dashboard, with the same permissions as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladder.learning.models import Offering, Session
from ladder.network import temp
from ladder.network.models import TempPlacement, TempRequest
from ladder.orgs.models import Library, Membership, Role
from tests import factories as f
from tests.api.conftest import assert_error, ids
from tests.network.temp_helpers import END, START, TODAY, agency, make_worker
from tests.network.test_planner_views import spread, workshop

__all__ = ["agency", "spread", "workshop"]


@pytest.fixture
def outsider(world):
    """A coordinator of another network."""
    person = f.PersonFactory(email="otto@other.example")
    Role.objects.create(
        person=person, kind=Role.Kind.NETWORK_COORDINATOR, network=f.NetworkFactory()
    )
    return person


# --- membership -----------------------------------------------------------------------------


def test_members_and_non_members(world, api_for):
    school = f.LibraryFactory(name="Lincoln High", kind=Library.Kind.SCHOOL)
    api = api_for(world.nina)
    members = api.get(f"networks/{world.network.pk}/memberships").json()
    assert {m["library"]["name"] for m in members["items"]} == {
        "Riverside Public Library",
        "Hillcrest College Library",
    }
    assert ids(api.get(f"networks/{world.network.pk}/non-members")) == [school.pk]
    response = api.post(
        f"networks/{world.network.pk}/memberships",
        {"library_id": school.pk, "joined_on": TODAY.isoformat(), "annual_fee": "75"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["library"]["kind"], body["annual_fee"]) == ("school", 75.0)
    again = api.post(
        f"networks/{world.network.pk}/memberships",
        {"library_id": school.pk, "joined_on": TODAY.isoformat()},
    )
    assert "already a member" in assert_error(again, 422)["fields"]["library"][0]
    ended = api.post(f"memberships/{body['id']}/end", {"left_on": TODAY.isoformat()})
    assert ended.json()["left_on"] == TODAY.isoformat()


def test_membership_endpoints_are_for_the_networks_coordinators(world, api_for, outsider):
    path = f"networks/{world.network.pk}/memberships"
    assert_error(api_for(world.alice).get(path), 403)
    assert_error(api_for(world.carol).get(path), 403)
    assert_error(api_for(outsider).get(path), 404)
    riverside = Membership.objects.get(library=world.riverside)
    assert_error(
        api_for(outsider).post(f"memberships/{riverside.pk}/end", {"left_on": TODAY.isoformat()}),
        404,
    )


def test_membership_list_query_count(world, api_for):
    api = api_for(world.nina)
    api.get("advisory-requests/mine")  # the token's first use writes its last-used time

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(f"networks/{world.network.pk}/memberships", limit=100).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        f.MembershipFactory(network=world.network, library=f.LibraryFactory(region=world.north))
    few = count()
    for _ in range(45):
        f.MembershipFactory(network=world.network, library=f.LibraryFactory(region=world.north))
    assert count() == few


# --- the planner ----------------------------------------------------------------------------


def test_plan_an_offering_and_create_its_sessions(world, api_for, workshop):
    api = api_for(world.nina)
    plan = api.get(f"offerings/{workshop.pk}/regional-plan", k=2).json()
    assert plan["k"] == 2 and plan["candidates"] == 3
    assert len(plan["hosts"]) == 2
    assert len(plan["assignments"]) == 3
    assert plan["farthest"] is not None
    starts = dt.datetime.combine(TODAY + dt.timedelta(days=30), dt.time(10))
    response = api.post(
        f"offerings/{workshop.pk}/regional-sessions",
        {
            "k": 2,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=4)).isoformat(),
            "capacity": 25,
        },
    )
    assert response.status_code == 201, response.content
    assert len(response.json()) == 2
    assert Session.objects.filter(offering=workshop).count() == 2
    again = {
        "k": 1,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=4)).isoformat(),
        "capacity": 25,
    }
    error = assert_error(api.post(f"offerings/{workshop.pk}/regional-sessions", again), 422)
    assert "also_when_scheduled" in error["fields"]
    assert Session.objects.filter(offering=workshop).count() == 2
    again["also_when_scheduled"] = True
    assert api.post(f"offerings/{workshop.pk}/regional-sessions", again).status_code == 201
    assert Session.objects.filter(offering=workshop).count() == 3


@pytest.mark.parametrize("k", [0, 4])
def test_planning_with_a_bad_k_is_refused(world, api_for, workshop, k):
    error = assert_error(
        api_for(world.nina).get(f"offerings/{workshop.pk}/regional-plan", k=k), 422
    )
    assert "k" in error["fields"]
    starts = dt.datetime.combine(TODAY + dt.timedelta(days=30), dt.time(10))
    response = api_for(world.nina).post(
        f"offerings/{workshop.pk}/regional-sessions",
        {
            "k": k,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=4)).isoformat(),
            "capacity": 25,
        },
    )
    assert_error(response, 422)
    assert not Session.objects.exists()


def test_only_the_provider_plans(world, api_for, workshop):
    assert_error(api_for(world.alice).get(f"offerings/{workshop.pk}/regional-plan", k=1), 403)


# --- the advisory desk ----------------------------------------------------------------------


def test_ask_queue_assign_answer_close(world, api_for):
    bob = api_for(world.bob)
    asked = bob.post(
        "advisory-requests",
        {"network_id": world.network.pk, "channel": "email", "topic": "ILL", "question": "Fees?"},
    )
    assert asked.status_code == 201, asked.content
    pk = asked.json()["id"]
    assert ids(bob.get("advisory-requests/mine")) == [pk]
    assert_error(bob.get("advisory-requests/queue"), 403)
    assert_error(bob.post(f"advisory-requests/{pk}/answer", {"answer": "x"}), 403)
    nina = api_for(world.nina)
    assert ids(nina.get("advisory-requests/queue")) == [pk]
    assert (
        nina.post(f"advisory-requests/{pk}/assign", {"consultant_id": world.nina.pk}).json()[
            "status"
        ]
        == "assigned"
    )
    answered = nina.post(f"advisory-requests/{pk}/answer", {"answer": "None for members."}).json()
    assert answered["status"] == "answered" and answered["first_response_at"]
    assert bob.post(f"advisory-requests/{pk}/close").json()["status"] == "closed"
    assert_error(api_for(world.dave).get(f"advisory-requests/{pk}"), 404)


# --- the temp agency ------------------------------------------------------------------------


def test_roster_crud(world, api_for, framework, outsider):
    nina = api_for(world.nina)
    created = nina.post(
        "temp-workers",
        {
            "network_id": world.network.pk,
            "person_id": world.dave.pk,
            "level": "paraprofessional",
            "available_from": TODAY.isoformat(),
            "home_city": "Columbus",
            "home_latitude": "39.96",
            "home_longitude": "-83.0",
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    patched = nina.patch(f"temp-workers/{pk}", {"max_weekly_hours": "25", "level": "professional"})
    assert (patched.json()["max_weekly_hours"], patched.json()["level"]) == (25.0, "professional")
    bad = nina.patch(
        f"temp-workers/{pk}", {"available_until": (TODAY - dt.timedelta(days=1)).isoformat()}
    )
    assert "available_until" in assert_error(bad, 422)["fields"]
    assert ids(nina.get("temp-workers")) == [pk]
    assert api_for(world.dave).get(f"temp-workers/{pk}").status_code == 200
    assert_error(api_for(world.dave).patch(f"temp-workers/{pk}", {"notes": "x"}), 403)
    assert_error(api_for(world.alice).get(f"temp-workers/{pk}"), 404)
    assert_error(api_for(world.alice).get("temp-workers"), 403)
    assert_error(api_for(outsider).get(f"temp-workers/{pk}"), 404)


def test_request_match_place_cancel(world, api_for, agency):
    alice = api_for(world.alice)
    created = alice.post(
        "temp-requests",
        {
            "library_id": world.riverside.pk,
            "branch_id": world.riverside_east.pk,
            "level": "paraprofessional",
            "starts_on": START.isoformat(),
            "ends_on": END.isoformat(),
            "weekly_hours": "20",
            "competency_ids": [agency.ils.pk],
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert_error(alice.get(f"temp-requests/{pk}/matches"), 403)
    nina = api_for(world.nina)
    matches = nina.get(f"temp-requests/{pk}/matches").json()
    assert [m["worker"]["id"] for m in matches] == [agency.near.pk, agency.far.pk]
    assert matches[0]["reasons"] and matches[0]["distance_km"] < matches[1]["distance_km"]
    everyone = nina.get(f"temp-requests/{pk}/matches", everyone="true").json()
    assert everyone[-1]["worker"]["id"] == agency.page.pk and everyone[-1]["problems"]
    assert_error(alice.post(f"temp-requests/{pk}/placements", {"worker_id": agency.near.pk}), 403)
    placed = nina.post(f"temp-requests/{pk}/placements", {"worker_id": agency.near.pk})
    assert placed.status_code == 201, placed.content
    assert alice.get(f"temp-requests/{pk}").json()["status"] == "filled"
    # the same worker on the fixture's overlapping request: refused, nothing saved
    clash = nina.post(
        f"temp-requests/{agency.request.pk}/placements", {"worker_id": agency.near.pk}
    )
    assert "already placed" in assert_error(clash, 422)["fields"]["worker"][0]
    assert TempPlacement.objects.count() == 1
    history = api_for(agency.near.person).get(f"temp-workers/{agency.near.pk}/placements").json()
    assert [p["library"]["name"] for p in history["items"]] == ["Riverside Public Library"]
    cancelled = nina.post(f"temp-placements/{placed.json()['id']}/cancel")
    assert cancelled.json()["is_cancelled"] is True
    assert alice.get(f"temp-requests/{pk}").json()["status"] == "open"
    assert alice.post(f"temp-requests/{pk}/cancel").json()["status"] == "cancelled"


def test_a_request_ending_before_it_starts_is_a_422(world, api_for, framework):
    response = api_for(world.alice).post(
        "temp-requests",
        {
            "library_id": world.riverside.pk,
            "level": "professional",
            "starts_on": END.isoformat(),
            "ends_on": START.isoformat(),
            "weekly_hours": "20",
        },
    )
    assert "before it starts" in assert_error(response, 422)["fields"]["ends_on"][0]
    assert not TempRequest.objects.exists()


def test_requests_are_seen_by_their_library_and_network_only(world, api_for, agency, outsider):
    pk = agency.request.pk
    assert_error(api_for(world.carol).get(f"temp-requests/{pk}"), 404)
    assert_error(api_for(outsider).get(f"temp-requests/{pk}"), 404)
    assert ids(api_for(world.carol).get("temp-requests")) == []
    assert ids(api_for(world.alice).get("temp-requests")) == [pk]
    assert_error(
        api_for(world.carol).post(
            "temp-requests",
            {
                "library_id": world.riverside.pk,
                "level": "professional",
                "starts_on": START.isoformat(),
                "ends_on": END.isoformat(),
                "weekly_hours": "20",
            },
        ),
        403,
    )


def test_temp_lists_query_count(world, api_for, agency):
    nina = api_for(world.nina)
    nina.get("advisory-requests/mine")  # the token's first use writes its last-used time

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert nina.get("temp-requests", limit=100).status_code == 200
            assert nina.get("temp-workers", limit=100).status_code == 200
            assert nina.get(f"temp-requests/{agency.request.pk}/matches").status_code == 200
        return len(ctx.captured_queries)

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            make_worker(world, f"q{i}@temps.example", "professional", "40", "-83", [agency.ils])
            temp.temp_request_create(
                by=world.alice,
                library=world.riverside,
                level="professional",
                starts_on=START,
                ends_on=END,
                weekly_hours=Decimal("10"),
                competencies=[agency.ils],
            )

    add(2, 0)
    few = count()
    add(45, 100)
    assert count() == few


# --- the dashboard --------------------------------------------------------------------------


def test_dashboard(world, api_for, agency, outsider):
    Offering.objects.create(
        title="Weeding", kind="workshop", provider_kind="network", provider_network=world.network
    )
    body = api_for(world.nina).get(f"networks/{world.network.pk}/dashboard").json()
    assert body["members"] == 2
    assert body["temp_open_requests"] == 1
    assert body["open_temp_requests"][0]["id"] == agency.request.pk
    assert_error(api_for(world.bob).get(f"networks/{world.network.pk}/dashboard"), 403)
    assert_error(api_for(outsider).get(f"networks/{world.network.pk}/dashboard"), 404)
