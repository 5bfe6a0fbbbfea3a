"""The coordinator's dashboard: members, sessions by region with fill rates, advisory, temps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ladder.learning.models import Offering, Registration, Session
from ladder.network import advisory
from ladder.network.dashboard import dashboard
from ladder.network.models import AdvisoryRequest
from ladder.orgs.models import Role
from tests import factories as f
from tests.network.temp_helpers import agency

__all__ = ["agency"]


def _session(world, region, capacity: int, seated: int) -> Session:
    offering, _ = Offering.objects.get_or_create(
        title="Weeding workshop",
        kind="workshop",
        provider_kind="network",
        provider_network=world.network,
    )
    starts = timezone.now() + dt.timedelta(days=20)
    session = Session.objects.create(
        offering=offering,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        region=region,
        capacity=capacity,
    )
    for _ in range(seated):
        Registration.objects.create(session=session, person=f.PersonFactory(), status="confirmed")
    return session


def test_dashboard_aggregates(world, agency):
    _session(world, world.north, 10, 5)
    _session(world, world.north, 10, 3)
    _session(world, world.south, 20, 20)
    asked = advisory.advisory_request_create(
        by=world.bob, network=world.network, channel="phone", topic="Weeding", question="How?"
    )
    advisory.advisory_answer(by=world.nina, request=asked, answer="Like this.")
    advisory.advisory_request_create(
        by=world.dave, network=world.network, channel="email", topic="ILL", question="Fees?"
    )
    board = dashboard(world.network)
    assert board.members == 2
    assert {k.kind: k.members for k in board.members_by_kind if k.members} == {
        "public": 1,
        "academic": 1,
    }
    assert [(r.region, r.sessions, r.seats, r.taken, r.fill_percent) for r in board.regions] == [
        ("North", 2, 20, 8, 40),
        ("South", 1, 20, 20, 100),
    ]
    assert dict(board.advisory_by_channel)["Phone"] == 1
    assert board.advisory_open == 1
    assert board.advisory_average is not None
    assert board.open_temp_requests == [agency.request]
    assert board.charts["regions"]["data"] == [40, 100]


def test_dashboard_page_has_charts_with_tables(world, client_for, agency):
    _session(world, world.north, 10, 5)
    response = client_for(world.nina).get(reverse("network:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-network-chart="regions-chart-data"' in body
    assert "Fill rates of upcoming sessions" in body
    assert "Current members by type" in body
    assert "Riverside Public Library — Eastside" in body


def test_dashboard_is_for_coordinators_of_the_network(world, client_for):
    for person in (world.bob, world.alice, world.carol):
        assert client_for(person).get(reverse("network:dashboard")).status_code == 403
    other = f.NetworkFactory()
    outsider = f.PersonFactory()
    Role.objects.create(person=outsider, kind=Role.Kind.NETWORK_COORDINATOR, network=other)
    url = f"{reverse('network:dashboard')}?network={world.network.pk}"
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(world.root).get(url).status_code == 200


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("network:dashboard")).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_runs_the_same_queries_for_few_and_many_rows(world, client_for, agency):
    client = client_for(world.nina)
    regions = [f.RegionFactory(network=world.network) for _ in range(3)]
    for region in regions:
        _session(world, region, 10, 1)
    few = _count(client)
    for i in range(20):
        _session(world, f.RegionFactory(network=world.network), 10, 2)
        f.MembershipFactory(network=world.network, annual_fee=Decimal("5"))
        AdvisoryRequest.objects.create(
            network=world.network,
            library=world.riverside,
            asked_by=world.bob,
            topic=f"T{i}",
            question="Q",
        )
    assert _count(client) == few
