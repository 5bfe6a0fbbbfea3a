import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.orgs.models import Membership
from ladder.orgs.services import branch_create, membership_create, membership_end
from tests import factories as f


def test_coordinator_adds_an_existing_library_to_her_network(world):
    newcomer = f.LibraryFactory(name="Newcomer Library")

    membership = membership_create(
        by=world.nina,
        network=world.network,
        library=newcomer,
        joined_on=dt.date(2024, 1, 1),
        annual_fee=Decimal("100"),
    )

    assert membership.is_current(dt.date(2024, 6, 1))
    entry = AuditEntry.objects.get(action="orgs.membership.created")
    assert entry.changes == {"joined_on": [None, "2024-01-01"], "annual_fee": [None, "100.00"]}
    # The new member is at once hers to look after: the cached access is refreshed.
    assert branch_create(by=world.nina, library=newcomer, name="Newcomer Main").pk


@pytest.mark.parametrize("who", ["alice", "carol", "bob"])
def test_only_coordinators_add_members(world, who):
    newcomer = f.LibraryFactory()
    with pytest.raises(PermissionDenied):
        membership_create(
            by=getattr(world, who),
            network=world.network,
            library=newcomer,
            joined_on=dt.date(2024, 1, 1),
        )
    assert not newcomer.memberships.exists()


def test_coordinator_cannot_add_members_to_another_network(world):
    with pytest.raises(PermissionDenied):
        membership_create(
            by=world.nina,
            network=f.NetworkFactory(),
            library=world.riverside,
            joined_on=dt.date(2024, 1, 1),
        )


def test_a_current_member_cannot_join_again(world):
    with pytest.raises(ValidationError) as exc:
        membership_create(
            by=world.nina,
            network=world.network,
            library=world.riverside,
            joined_on=dt.date(2024, 1, 1),
        )
    assert "library" in exc.value.message_dict
    assert world.riverside.memberships.count() == 1


def test_a_former_member_rejoins_after_the_day_it_left(world):
    first = world.riverside.memberships.get()
    membership_end(by=world.nina, membership=first, left_on=dt.date(2020, 12, 31))

    with pytest.raises(ValidationError) as exc:
        membership_create(
            by=world.nina,
            network=world.network,
            library=world.riverside,
            joined_on=dt.date(2020, 6, 1),
        )
    assert "joined_on" in exc.value.message_dict

    again = membership_create(
        by=world.nina,
        network=world.network,
        library=world.riverside,
        joined_on=dt.date(2022, 1, 1),
    )
    assert world.riverside.memberships.count() == 2
    assert again.left_on is None


def test_a_negative_fee_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        membership_create(
            by=world.nina,
            network=world.network,
            library=f.LibraryFactory(),
            joined_on=dt.date(2024, 1, 1),
            annual_fee=Decimal("-1"),
        )
    assert "annual_fee" in exc.value.message_dict


def test_ending_a_membership_records_the_date_and_logs_it(world):
    membership = world.hillcrest.memberships.get()

    membership_end(by=world.nina, membership=membership, left_on=dt.date(2023, 6, 30))

    membership.refresh_from_db()
    assert membership.left_on == dt.date(2023, 6, 30)
    entry = AuditEntry.objects.get(action="orgs.membership.ended")
    assert entry.changes == {"left_on": [None, "2023-06-30"]}


def test_a_membership_cannot_end_before_it_began(world):
    membership = world.hillcrest.memberships.get()
    with pytest.raises(ValidationError) as exc:
        membership_end(by=world.nina, membership=membership, left_on=dt.date(2014, 12, 31))
    assert "left_on" in exc.value.message_dict
    assert membership.left_on is None
    membership.refresh_from_db()
    assert membership.left_on is None


def test_an_ended_membership_cannot_end_again(world):
    membership = world.hillcrest.memberships.get()
    membership_end(by=world.nina, membership=membership, left_on=dt.date(2023, 6, 30))
    with pytest.raises(ValidationError) as exc:
        membership_end(by=world.nina, membership=membership, left_on=dt.date(2024, 6, 30))
    assert "left_on" in exc.value.message_dict
    membership.refresh_from_db()
    assert membership.left_on == dt.date(2023, 6, 30)


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_library_admins_cannot_end_a_membership(world, who):
    membership = Membership.objects.get(library=world.riverside)
    with pytest.raises(PermissionDenied):
        membership_end(by=getattr(world, who), membership=membership, left_on=dt.date(2023, 1, 1))
    membership.refresh_from_db()
    assert membership.left_on is None
