"""Membership: the coordinator's members page, join and end with history, and the rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.core.models import AuditEntry
from ladder.learning.audience import in_audience
from ladder.learning.models import Offering
from ladder.network import membership
from ladder.orgs.models import Library, Membership, Role
from tests import factories as f

TODAY = dt.date.today()


@pytest.fixture
def school(world) -> Library:
    return f.LibraryFactory(name="Lincoln High School Library", kind=Library.Kind.SCHOOL)


def test_coordinator_adds_a_school_library_with_a_fee(world, school):
    m = membership.membership_join(
        by=world.nina,
        network=world.network,
        library=school,
        joined_on=TODAY,
        annual_fee=Decimal("150"),
    )
    assert m in membership.current_members(world.network)
    assert school not in membership.non_members(world.network)
    school_row = next(k for k in membership.members_by_kind(world.network) if k.kind == "school")
    assert (school_row.members, school_row.fees) == (1, Decimal("150"))
    assert AuditEntry.objects.filter(action="network.membership.joined").count() == 1


def test_only_coordinators_add_members(world, school):
    for person in (world.alice, world.carol, world.bob):
        with pytest.raises(PermissionDenied):
            membership.membership_join(
                by=person, network=world.network, library=school, joined_on=TODAY
            )


def test_a_current_member_cannot_join_again(world):
    with pytest.raises(ValidationError) as caught:
        membership.membership_join(
            by=world.nina, network=world.network, library=world.riverside, joined_on=TODAY
        )
    assert "already a member" in caught.value.message_dict["library"][0]
    assert Membership.objects.filter(library=world.riverside).count() == 1


def test_a_negative_fee_is_refused(world, school):
    with pytest.raises(ValidationError) as caught:
        membership.membership_join(
            by=world.nina,
            network=world.network,
            library=school,
            joined_on=TODAY,
            annual_fee=Decimal("-1"),
        )
    assert "annual_fee" in caught.value.message_dict


def test_ending_and_rejoining_keeps_the_history(world):
    current = Membership.objects.get(library=world.hillcrest)
    membership.membership_end(
        by=world.nina, membership=current, left_on=TODAY - dt.timedelta(days=1)
    )
    assert world.hillcrest.pk in {m.library_id for m in membership.former_members(world.network)}
    assert current not in membership.current_members(world.network)
    # hillcrest's staff are no longer the audience of the network's offerings
    offering = Offering.objects.create(
        title="Weeding", kind="workshop", provider_kind="network", provider_network=world.network
    )
    assert in_audience(world.dave, offering)[0] is False
    assert in_audience(world.bob, offering)[0] is True
    membership.membership_join(
        by=world.nina, network=world.network, library=world.hillcrest, joined_on=TODAY
    )
    assert membership.membership_history(world.network, world.hillcrest).count() == 2
    assert world.hillcrest.pk not in {
        m.library_id for m in membership.former_members(world.network)
    }


def test_a_membership_cannot_end_before_it_started(world):
    current = Membership.objects.get(library=world.hillcrest)
    with pytest.raises(ValidationError) as caught:
        membership.membership_end(by=world.nina, membership=current, left_on=dt.date(2000, 1, 1))
    assert "before it started" in caught.value.message_dict["left_on"][0]
    current.refresh_from_db()
    assert current.left_on is None


def test_members_page_shows_members_by_kind_former_and_non_members(world, client_for, school):
    former = f.LibraryFactory(name="Harmon Law Library", kind=Library.Kind.SPECIAL)
    f.MembershipFactory(
        network=world.network,
        library=former,
        joined_on=dt.date(2010, 1, 1),
        left_on=dt.date(2020, 1, 1),
    )
    response = client_for(world.nina).get(reverse("network:members"))
    assert response.status_code == 200
    body = response.content.decode()
    current = body.index("Current members (2)")
    former_at = body.index("Former members (1)")
    non_at = body.index("Libraries that are not members (1)")
    assert current < body.index("Riverside Public Library") < former_at
    # (the join form's library list comes before the former members)
    assert former_at < body.index("Harmon Law Library", former_at) < non_at
    assert non_at < body.index("Lincoln High School Library", non_at)


def test_members_page_is_for_coordinators(world, client_for):
    for person in (world.alice, world.carol, world.bob):
        assert client_for(person).get(reverse("network:members")).status_code == 403
    other = f.NetworkFactory()
    outsider = f.PersonFactory()
    Role.objects.create(person=outsider, kind=Role.Kind.NETWORK_COORDINATOR, network=other)
    url = f"{reverse('network:members')}?network={world.network.pk}"
    assert client_for(outsider).get(url).status_code == 404
    riverside = Membership.objects.get(library=world.riverside)
    response = client_for(outsider).post(
        reverse("network:member_end", args=[riverside.pk]), {"left_on": TODAY.isoformat()}
    )
    assert response.status_code == 404
    riverside.refresh_from_db()
    assert riverside.left_on is None


def test_join_and_end_from_the_page(world, client_for, school):
    client = client_for(world.nina)
    response = client.post(
        reverse("network:member_join"),
        {
            "network": world.network.pk,
            "library": school.pk,
            "joined_on": TODAY.isoformat(),
            "annual_fee": "0",
        },
    )
    assert response.status_code == 302
    joined = Membership.objects.get(library=school)
    response = client.post(
        reverse("network:member_end", args=[joined.pk]), {"left_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    joined.refresh_from_db()
    assert joined.left_on == TODAY
    history = client.get(reverse("network:member_history", args=[school.pk]))
    assert history.status_code == 200
    body = history.content.decode()
    assert "joins Buckeye Library Network" in body and "leaves Buckeye Library Network" in body


def test_joining_twice_from_the_page_shows_the_rule(world, client_for):
    response = client_for(world.nina).post(
        reverse("network:member_join"),
        {
            "network": world.network.pk,
            "library": world.riverside.pk,
            "joined_on": TODAY.isoformat(),
            "annual_fee": "0",
        },
    )
    # riverside is not offered (an open membership), so the form refuses the choice
    assert response.status_code == 400
    assert Membership.objects.filter(library=world.riverside).count() == 1


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("network:members")).status_code == 200
    return len(ctx.captured_queries)


def test_members_page_runs_the_same_queries_for_5_and_50_libraries(world, client_for):
    def add(n: int) -> None:
        for _ in range(n):
            lib = f.LibraryFactory(region=world.north)
            f.MembershipFactory(network=world.network, library=lib, annual_fee=Decimal("10"))
            f.MembershipFactory(
                network=world.network,
                library=f.LibraryFactory(),
                joined_on=dt.date(2010, 1, 1),
                left_on=dt.date(2011, 1, 1),
            )
            f.LibraryFactory()

    client = client_for(world.nina)
    add(3)
    few = _count(client)
    add(47)
    assert _count(client) == few
