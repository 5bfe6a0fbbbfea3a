"""The temp agency's pages: who sees what, placing from the request page, query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.network import temp
from ladder.network.models import TempLevel, TempPlacement, TempRequest, TempWorker
from ladder.orgs.models import Role
from tests import factories as f
from tests.network.temp_helpers import END, START, TODAY, agency, make_worker

__all__ = ["agency"]


def test_coordinator_home_lists_open_requests_and_roster(world, client_for, agency):
    response = client_for(world.nina).get(reverse("network:temp_home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Riverside Public Library — Eastside" in body
    assert "Near Temp" in body and "Page Temp" in body


def test_temp_home_is_for_coordinators(world, client_for, agency):
    assert client_for(world.alice).get(reverse("network:temp_home")).status_code == 403
    assert client_for(world.bob).get(reverse("network:temp_home")).status_code == 403


def test_library_admin_creates_a_request_from_the_page(world, client_for, framework):
    client = client_for(world.alice)
    assert client.get(reverse("network:temp_request_create")).status_code == 200
    response = client.post(
        reverse("network:temp_request_create"),
        {
            "library": world.riverside.pk,
            "branch": world.riverside_main.pk,
            "level": "professional",
            "term": "long",
            "starts_on": START.isoformat(),
            "ends_on": END.isoformat(),
            "weekly_hours": "35",
            "duties": "Reference desk",
        },
    )
    created = TempRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert (created.library, created.term, created.requested_by) == (
        world.riverside,
        "long",
        world.alice,
    )


def test_a_request_ending_before_it_starts_shows_the_error(world, client_for, framework):
    response = client_for(world.alice).post(
        reverse("network:temp_request_create"),
        {
            "library": world.riverside.pk,
            "level": "professional",
            "term": "short",
            "starts_on": END.isoformat(),
            "ends_on": START.isoformat(),
            "weekly_hours": "35",
        },
    )
    assert response.status_code == 400
    assert "before it starts" in response.content.decode()
    assert not TempRequest.objects.exists()


def test_carol_cannot_pick_riverside(world, client_for, framework):
    response = client_for(world.carol).post(
        reverse("network:temp_request_create"),
        {
            "library": world.riverside.pk,
            "level": "professional",
            "term": "short",
            "starts_on": START.isoformat(),
            "ends_on": END.isoformat(),
            "weekly_hours": "35",
        },
    )
    assert response.status_code == 400
    assert not TempRequest.objects.exists()
    assert client_for(world.bob).get(reverse("network:temp_request_create")).status_code == 403


def test_another_librarys_admin_gets_404_on_a_request(world, client_for, agency):
    url = agency.request.get_absolute_url()
    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(world.bob).get(url).status_code == 404
    other = f.NetworkFactory()
    outsider = f.PersonFactory()
    Role.objects.create(person=outsider, kind=Role.Kind.NETWORK_COORDINATOR, network=other)
    assert client_for(outsider).get(url).status_code == 404
    listing = client_for(world.carol).get(reverse("network:temp_request_list"))
    assert listing.status_code == 200
    assert "Riverside" not in listing.content.decode()


def test_library_admin_sees_the_request_but_not_the_matches(world, client_for, agency):
    response = client_for(world.alice).get(agency.request.get_absolute_url())
    assert response.status_code == 200
    assert "Matching workers" not in response.content.decode()
    response = client_for(world.alice).post(
        agency.request.get_absolute_url(), {"action": "place", "worker": agency.near.pk}
    )
    assert response.status_code == 403
    assert not TempPlacement.objects.exists()


def test_coordinator_sees_matches_nearest_first_and_places(world, client_for, agency):
    client = client_for(world.nina)
    body = client.get(agency.request.get_absolute_url()).content.decode()
    assert body.index("Near Temp") < body.index("Far Temp") < body.index("Page Temp")
    assert "Not a match:" in body
    response = client.post(
        agency.request.get_absolute_url(), {"action": "place", "worker": agency.near.pk}
    )
    assert response.status_code == 302
    placement = TempPlacement.objects.get()
    assert placement.worker == agency.near


def test_an_overlapping_placement_shows_a_clear_message(world, client_for, agency):
    temp.temp_place(by=world.nina, request=agency.request, worker=agency.near)
    other = temp.temp_request_create(
        by=world.alice,
        library=world.riverside,
        level=TempLevel.PARAPROFESSIONAL,
        starts_on=START,
        ends_on=END,
        weekly_hours=Decimal("20"),
    )
    response = client_for(world.nina).post(
        other.get_absolute_url(), {"action": "place", "worker": agency.near.pk}
    )
    assert response.status_code == 400
    assert "already placed at Riverside Public Library" in response.content.decode()
    assert TempPlacement.objects.count() == 1


def test_worker_page_shows_placements_to_the_worker_and_coordinators(world, client_for, agency):
    temp.temp_place(by=world.nina, request=agency.request, worker=agency.near)
    url = agency.near.get_absolute_url()
    for viewer in (agency.near.person, world.nina):
        response = client_for(viewer).get(url)
        assert response.status_code == 200
        assert "Riverside Public Library" in response.content.decode()
    assert client_for(world.alice).get(url).status_code == 404
    assert client_for(agency.far.person).get(url).status_code == 404
    assert (
        client_for(agency.near.person)
        .get(reverse("network:temp_worker_edit", args=[agency.near.pk]))
        .status_code
        == 403
    )


def test_coordinator_adds_and_edits_a_worker(world, client_for, framework):
    client = client_for(world.nina)
    response = client.post(
        reverse("network:temp_worker_create"),
        {
            "network": world.network.pk,
            "email": world.dave.email,
            "level": "paraprofessional",
            "available_from": TODAY.isoformat(),
            "max_weekly_hours": "30",
            "is_active": "on",
        },
    )
    worker = TempWorker.objects.get()
    assert response.status_code == 302
    assert worker.person == world.dave
    response = client.post(
        reverse("network:temp_worker_edit", args=[worker.pk]),
        {
            "level": "professional",
            "available_from": TODAY.isoformat(),
            "available_until": (TODAY - dt.timedelta(days=1)).isoformat(),
            "max_weekly_hours": "30",
        },
    )
    assert response.status_code == 400
    assert "availability must end" in response.content.decode()
    worker.refresh_from_db()
    assert worker.level == "paraprofessional"


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("network:temp_home")).status_code == 200
    return len(ctx.captured_queries)


def test_temp_pages_run_the_same_queries_for_5_and_50_rows(world, client_for, agency):
    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            make_worker(world, f"r{i}@temps.example", "professional", "40", "-83", [agency.ils])
            temp.temp_request_create(
                by=world.alice,
                library=world.riverside,
                branch=world.riverside_main,
                level="professional",
                starts_on=START,
                ends_on=END,
                weekly_hours=Decimal("10"),
                competencies=[agency.ils],
            )

    client = client_for(world.nina)
    add(2, 0)
    few = _home_queries(client)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("network:temp_request_list"))
        client.get(agency.request.get_absolute_url())
    few_other = len(ctx.captured_queries)
    add(45, 100)
    assert _home_queries(client) == few
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("network:temp_request_list"))
        client.get(agency.request.get_absolute_url())
    assert len(ctx.captured_queries) == few_other
