import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.orgs.models import Library, Membership
from ladder.orgs.services import library_create, library_update
from tests import factories as f

# --- library_create -------------------------------------------------------------------------


def test_coordinator_creates_a_library_that_joins_her_network_today(world):
    library = library_create(
        by=world.nina,
        network=world.network,
        name="Maple Falls Library",
        region=world.south,
        kind=Library.Kind.PUBLIC,
        city="Maple Falls",
    )

    assert library.slug == "maple-falls-library"
    assert library.region == world.south
    membership = Membership.objects.get(library=library)
    assert membership.network == world.network
    assert membership.joined_on == timezone.localdate()
    assert membership.left_on is None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"orgs.library.created", "orgs.membership.created"} <= actions


def test_library_create_takes_the_membership_date_and_fee(world):
    library = library_create(
        by=world.nina,
        network=world.network,
        name="Oak Hill Library",
        joined_on=dt.date(2001, 7, 1),
        annual_fee=Decimal("250"),
    )
    membership = library.memberships.get()
    assert membership.joined_on == dt.date(2001, 7, 1)
    assert membership.annual_fee == Decimal("250")


def test_a_taken_slug_gets_a_number(world):
    library = library_create(by=world.nina, network=world.network, name="Riverside")
    assert library.slug == "riverside-2"


def test_coordinator_cannot_create_a_library_in_another_network(world):
    other = f.NetworkFactory()
    with pytest.raises(PermissionDenied):
        library_create(by=world.nina, network=other, name="Elsewhere Library")
    assert not Library.objects.filter(name="Elsewhere Library").exists()


@pytest.mark.parametrize("who", ["bob", "alice", "carol", "sam"])
def test_staff_and_library_admins_cannot_create_libraries(world, who):
    with pytest.raises(PermissionDenied):
        library_create(by=getattr(world, who), network=world.network, name="New Library")
    assert not Library.objects.filter(name="New Library").exists()


def test_site_admin_creates_libraries_in_any_network(world):
    other = f.NetworkFactory()
    library = library_create(by=world.root, network=other, name="Elsewhere Library")
    assert library.memberships.get().network == other


def test_the_region_must_belong_to_the_network(world):
    other = f.NetworkFactory()
    foreign = f.RegionFactory(network=other)
    with pytest.raises(ValidationError) as exc:
        library_create(by=world.nina, network=world.network, name="X Library", region=foreign)
    assert "region" in exc.value.message_dict


def test_a_library_without_a_name_is_refused_and_nothing_is_saved(world):
    libraries, memberships = Library.objects.count(), Membership.objects.count()
    with pytest.raises(ValidationError) as exc:
        library_create(by=world.nina, network=world.network, name=" ", annual_fee=Decimal("-5"))
    assert set(exc.value.message_dict) >= {"name", "annual_fee"}
    assert (Library.objects.count(), Membership.objects.count()) == (libraries, memberships)
    assert not AuditEntry.objects.exists()


def test_the_full_time_threshold_must_be_within_range(world):
    with pytest.raises(ValidationError) as exc:
        library_create(
            by=world.nina,
            network=world.network,
            name="Y Library",
            full_time_threshold=Decimal("90"),
        )
    assert "full_time_threshold" in exc.value.message_dict


def test_an_explicit_slug_must_be_free(world):
    with pytest.raises(ValidationError) as exc:
        library_create(by=world.nina, network=world.network, name="Z Library", slug="riverside")
    assert "slug" in exc.value.message_dict


def test_unknown_fields_are_a_programming_error(world):
    with pytest.raises(TypeError):
        library_create(by=world.nina, network=world.network, name="Q", ladder=None)


# --- library_update -------------------------------------------------------------------------


def test_library_admin_edits_her_library_and_the_change_is_logged(world):
    library_update(by=world.alice, library=world.riverside, city="Riverton", county="Lake")

    world.riverside.refresh_from_db()
    assert world.riverside.city == "Riverton"
    entry = AuditEntry.objects.get(action="orgs.library.updated")
    assert entry.actor == world.alice
    assert entry.changes == {"city": ["Columbus", "Riverton"], "county": ["", "Lake"]}


def test_other_librarys_admin_cannot_edit_riverside(world):
    with pytest.raises(PermissionDenied):
        library_update(by=world.carol, library=world.riverside, city="Hacked")
    world.riverside.refresh_from_db()
    assert world.riverside.city == "Columbus"


@pytest.mark.parametrize("who", ["bob", "sam", "dave"])
def test_staff_cannot_edit_a_library(world, who):
    with pytest.raises(PermissionDenied):
        library_update(by=getattr(world, who), library=world.riverside, city="Hacked")


def test_library_admin_cannot_change_her_librarys_region(world):
    with pytest.raises(PermissionDenied):
        library_update(by=world.alice, library=world.riverside, region=world.south)
    world.riverside.refresh_from_db()
    assert world.riverside.region == world.north


def test_library_admin_may_resubmit_the_unchanged_region(world):
    library_update(by=world.alice, library=world.riverside, region=world.north, city="Riverton")
    world.riverside.refresh_from_db()
    assert world.riverside.city == "Riverton"


def test_coordinator_moves_a_member_library_to_another_region(world):
    library_update(by=world.nina, library=world.riverside, region=world.south)

    world.riverside.refresh_from_db()
    assert world.riverside.region == world.south
    entry = AuditEntry.objects.get(action="orgs.library.updated")
    assert entry.changes == {"region": [world.north.pk, world.south.pk]}


def test_coordinator_cannot_edit_a_library_outside_her_network(world):
    outsider = f.LibraryFactory()
    f.MembershipFactory(library=outsider)
    with pytest.raises(PermissionDenied):
        library_update(by=world.nina, library=outsider, city="Hacked")


def test_a_library_cannot_be_placed_in_a_region_of_a_network_it_has_not_joined(world):
    foreign = f.RegionFactory()
    with pytest.raises(ValidationError) as exc:
        library_update(by=world.root, library=world.riverside, region=foreign)
    assert "region" in exc.value.message_dict


def test_a_bad_edit_saves_nothing_and_leaves_the_object_as_it_was(world):
    with pytest.raises(ValidationError) as exc:
        library_update(
            by=world.alice,
            library=world.riverside,
            city="Riverton",
            full_time_threshold=Decimal("0"),
        )
    assert "full_time_threshold" in exc.value.message_dict
    assert world.riverside.city == "Columbus"
    world.riverside.refresh_from_db()
    assert world.riverside.city == "Columbus"
    assert not AuditEntry.objects.exists()


def test_an_edit_that_changes_nothing_is_not_logged(world):
    library_update(
        by=world.alice,
        library=world.riverside,
        city="Columbus",
        full_time_threshold=Decimal("35"),
    )
    assert not AuditEntry.objects.exists()


def test_only_the_librarys_admins_change_its_rules(world):
    with pytest.raises(PermissionDenied):
        library_update(by=world.nina, library=world.riverside, registration_needs_approval=True)
    world.riverside.refresh_from_db()
    assert not world.riverside.registration_needs_approval
    library_update(by=world.nina, library=world.riverside, registration_needs_approval=False)
    library_update(by=world.alice, library=world.riverside, registration_needs_approval=True)
    world.riverside.refresh_from_db()
    assert world.riverside.registration_needs_approval
