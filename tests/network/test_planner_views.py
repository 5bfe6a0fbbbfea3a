"""The regional workshop planner's page: who may plan, the plan shown, sessions created."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ladder.learning.models import Offering, Session
from ladder.network import planner
from tests import factories as f

pytestmark = pytest.mark.django_db

FUTURE = (dt.date.today() + dt.timedelta(days=60)).isoformat()


def _place(branch, lat: str, lon: str) -> None:
    branch.latitude, branch.longitude = Decimal(lat), Decimal(lon)
    branch.save()


@pytest.fixture
def spread(world):
    """The world's branches spread over Ohio, so the plan has something to choose."""
    _place(world.riverside_main, "41.4993", "-81.6944")  # Cleveland
    _place(world.riverside_east, "41.0814", "-81.5190")  # Akron
    _place(world.hillcrest_branch, "39.1031", "-84.5120")  # Cincinnati
    return world


@pytest.fixture
def workshop(spread):
    return Offering.objects.create(
        title="Weeding the collection",
        kind="workshop",
        provider_kind="network",
        provider_network=spread.network,
    )


@pytest.fixture
def riverside_training(spread):
    return Offering.objects.create(
        title="Riverside ILS refresher",
        kind="in_house",
        provider_kind="library",
        provider_library=spread.riverside,
    )


def _url(offering: Offering) -> str:
    return reverse("network:planner", args=[offering.pk])


def _post(k: int, capacity: int = 20) -> dict[str, str]:
    return {
        "k": str(k),
        "date": FUTURE,
        "starts": "10:00",
        "ends": "15:00",
        "capacity": str(capacity),
    }


def test_coordinator_sees_the_plan_with_map_table_and_proven_gap(workshop, client_for, spread):
    response = client_for(spread.nina).get(_url(workshop), {"k": 2})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<rect" in html
    assert "Hosts and the branches each serves" in html
    assert "Proven within" in html
    assert "The farthest anyone must travel is" in html
    plan = response.context["plan"]
    hosts = {row.site.branch_id for row in plan.hosts}
    # Cincinnati is far from the other two, so it hosts; Cleveland (3 staff) beats Akron.
    assert hosts == {spread.hillcrest_branch.pk, spread.riverside_main.pk}
    assert plan.result.proven


def test_weights_count_the_audience_staff_per_branch(workshop, spread):
    sites = {site.branch_id: site.weight for site in planner.candidate_sites(workshop)}
    assert sites == {
        spread.riverside_main.pk: 3,
        spread.riverside_east.pk: 0,
        spread.hillcrest_branch.pk: 2,
    }


def test_library_offering_plans_only_that_librarys_branches(riverside_training, spread):
    ids = {site.branch_id for site in planner.candidate_sites(riverside_training)}
    assert ids == {spread.riverside_main.pk, spread.riverside_east.pk}


def test_branches_without_coordinates_are_not_candidates(workshop, spread):
    spread.riverside_east.latitude = None
    spread.riverside_east.save()
    ids = {site.branch_id for site in planner.candidate_sites(workshop)}
    assert spread.riverside_east.pk not in ids


def test_library_admin_plans_their_own_librarys_offering(riverside_training, client_for, spread):
    response = client_for(spread.alice).get(_url(riverside_training), {"k": 1})
    assert response.status_code == 200
    assert response.context["plan"].k == 1


@pytest.mark.parametrize("who", ["bob", "carol", "alice", "dave"])
def test_staff_and_library_admins_may_not_plan_a_network_workshop(
    workshop, client_for, spread, who
):
    client = client_for(getattr(spread, who))
    assert client.get(_url(workshop), {"k": 2}).status_code == 403
    assert client.post(_url(workshop), _post(2)).status_code == 403
    assert not Session.objects.exists()


def test_other_librarys_admin_cannot_see_the_planner_of_riverside_training(
    riverside_training, client_for, spread
):
    client = client_for(spread.carol)
    assert client.get(_url(riverside_training), {"k": 1}).status_code == 404
    assert client.post(_url(riverside_training), _post(1)).status_code == 404


def test_riverside_page_may_not_plan_riverside_training(riverside_training, client_for, spread):
    assert client_for(spread.bob).get(_url(riverside_training)).status_code == 403


def test_anonymous_is_sent_to_login(workshop, client):
    response = client.get(_url(workshop))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_creating_calls_session_create_once_per_host(workshop, client_for, spread, monkeypatch):
    calls = []
    real = planner.session_create

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(planner, "session_create", spy)
    response = client_for(spread.nina).post(_url(workshop), _post(2, capacity=25))
    assert response.status_code == 302
    assert len(calls) == 2
    venues = {call["venue_branch"].pk for call in calls}
    assert venues == {spread.hillcrest_branch.pk, spread.riverside_main.pk}
    for call in calls:
        assert call["by"] == spread.nina
        assert call["capacity"] == 25
        assert call["region"] == call["venue_branch"].library.region
        [(start, end)] = call["dates"]
        assert start.date().isoformat() == FUTURE
        assert (start.hour, end.hour) == (10, 15)
    sessions = Session.objects.filter(offering=workshop)
    assert sessions.count() == 2
    assert {s.region_id for s in sessions} == {spread.north.pk, spread.south.pk}
    assert {s.capacity for s in sessions} == {25}


@pytest.mark.parametrize(
    ("k", "message"),
    [(0, "Choose at least 1 host branch."), (4, "Choose at most 3 host branches")],
)
def test_bad_k_is_a_form_error_and_nothing_is_saved(workshop, client_for, spread, k, message):
    client = client_for(spread.nina)
    response = client.get(_url(workshop), {"k": k})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["plan"] is None
    response = client.post(_url(workshop), _post(k))
    assert response.status_code == 400
    assert message in str(response.context["sessions_form"].errors["k"])
    assert not Session.objects.exists()


def test_session_ending_before_it_starts_saves_nothing(workshop, client_for, spread):
    data = {**_post(2), "starts": "15:00", "ends": "10:00"}
    response = client_for(spread.nina).post(_url(workshop), data)
    assert response.status_code == 400
    assert "end after it starts" in response.content.decode()
    assert not Session.objects.exists()


def test_a_failing_session_rolls_back_the_whole_plan(workshop, spread, monkeypatch):
    real = planner.session_create
    made = []

    def second_fails(**kwargs):
        if made:
            raise planner.ValidationError({"capacity": "boom"})
        made.append(real(**kwargs))
        return made[-1]

    monkeypatch.setattr(planner, "session_create", second_fails)
    start = dt.datetime.fromisoformat(FUTURE + "T10:00")
    with pytest.raises(planner.ValidationError):
        planner.planned_sessions_create(
            by=spread.nina,
            offering=workshop,
            k=2,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=5),
            capacity=10,
        )
    assert not Session.objects.exists()


def test_offering_page_links_to_the_planner_for_those_allowed(workshop, client_for, spread):
    link = _url(workshop)
    assert link in client_for(spread.nina).get(workshop.get_absolute_url()).content.decode()
    assert link not in client_for(spread.bob).get(workshop.get_absolute_url()).content.decode()


def _branches(world, count: int) -> None:
    library = f.LibraryFactory(region=world.north)
    f.MembershipFactory(network=world.network, library=library)
    for i in range(count):
        branch = f.BranchFactory(
            library=library, latitude=Decimal(39 + i / 40), longitude=Decimal(-84 + i / 30)
        )
        person = f.PersonFactory()
        f.EmploymentFactory(
            person=person,
            library=library,
            branch=branch,
            job_class=world.page,
            weekly_hours=Decimal("20"),
            start_date=dt.date(2020, 1, 1),
        )


def test_planner_page_runs_the_same_queries_for_5_and_50_branches(workshop, client_for, spread):
    client = client_for(spread.nina)
    _branches(spread, 5)
    client.get(_url(workshop), {"k": 2})  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(workshop), {"k": 2}).status_code == 200
    _branches(spread, 45)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url(workshop), {"k": 2}).status_code == 200
    assert len(many) == len(few)


def test_planning_again_warns_and_needs_a_confirmation(workshop, client_for, spread):
    client = client_for(spread.nina)
    assert client.post(_url(workshop), _post(2)).status_code == 302
    assert Session.objects.filter(offering=workshop).count() == 2

    page = client.get(_url(workshop), {"k": 1}).content.decode()
    assert "2 upcoming sessions already scheduled" in page

    refused = client.post(_url(workshop), _post(1))
    assert refused.status_code == 400
    error = refused.context["sessions_form"].errors["also_when_scheduled"][0]
    assert "already has 2 upcoming sessions" in error and "Confirm to add 1 more" in error
    assert Session.objects.filter(offering=workshop).count() == 2

    confirmed = client.post(_url(workshop), {**_post(1), "also_when_scheduled": "on"})
    assert confirmed.status_code == 302
    assert Session.objects.filter(offering=workshop).count() == 3


def test_past_and_cancelled_sessions_do_not_count(workshop, client_for, spread):
    client = client_for(spread.nina)
    assert client.post(_url(workshop), _post(2)).status_code == 302
    first, second = Session.objects.filter(offering=workshop)
    Session.objects.filter(pk=first.pk).update(status=Session.Status.CANCELLED)
    Session.objects.filter(pk=second.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
    )
    assert client.post(_url(workshop), _post(1)).status_code == 302
