from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.orgs.models import Branch
from ladder.orgs.services import branch_create, branch_update


def test_library_admin_adds_a_branch_and_it_is_logged(world):
    branch = branch_create(
        by=world.alice,
        library=world.riverside,
        name="Westside",
        address="9 Elm St",
        latitude=Decimal("39.95"),
        longitude=Decimal("-83.1"),
        weekly_hours=Decimal("48"),
    )

    assert branch.library == world.riverside
    branch.refresh_from_db()
    assert branch.latitude == Decimal("39.950000")
    entry = AuditEntry.objects.get(action="orgs.branch.created")
    assert entry.actor == world.alice
    assert entry.changes["name"] == [None, "Westside"]


def test_network_coordinator_adds_a_branch_to_a_member_library(world):
    assert branch_create(by=world.nina, library=world.riverside, name="Westside").pk


@pytest.mark.parametrize("who", ["carol", "bob", "sam", "dave"])
def test_others_cannot_add_branches_to_riverside(world, who):
    with pytest.raises(PermissionDenied):
        branch_create(by=getattr(world, who), library=world.riverside, name="Westside")
    assert not Branch.objects.filter(name="Westside").exists()


def test_other_librarys_admin_cannot_edit_riversides_branch(world):
    with pytest.raises(PermissionDenied):
        branch_update(by=world.carol, branch=world.riverside_main, name="Hacked")
    world.riverside_main.refresh_from_db()
    assert world.riverside_main.name == "Riverside Main"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("latitude", Decimal("90.5")),
        ("latitude", Decimal("-91")),
        ("longitude", Decimal("180.1")),
        ("weekly_hours", Decimal("169")),
        ("weekly_hours", Decimal("-1")),
    ],
)
def test_out_of_range_values_are_refused_on_their_field(world, field, value):
    with pytest.raises(ValidationError) as exc:
        branch_create(by=world.alice, library=world.riverside, name="Westside", **{field: value})
    assert list(exc.value.message_dict) == [field]
    assert not Branch.objects.filter(name="Westside").exists()


def test_a_library_cannot_have_two_branches_of_the_same_name(world):
    with pytest.raises(ValidationError) as exc:
        branch_create(by=world.alice, library=world.riverside, name="riverside main")
    assert "name" in exc.value.message_dict
    assert world.riverside.branches.count() == 2


def test_two_libraries_may_each_have_a_branch_of_the_same_name(world):
    assert branch_create(by=world.carol, library=world.hillcrest, name="Eastside").pk


def test_editing_a_branch_logs_old_and_new_values(world):
    branch_update(
        by=world.alice,
        branch=world.riverside_east,
        weekly_hours=Decimal("52"),
        address="2 Oak Ave",
    )

    world.riverside_east.refresh_from_db()
    assert world.riverside_east.weekly_hours == Decimal("52.0")
    entry = AuditEntry.objects.get(action="orgs.branch.updated")
    assert entry.changes == {
        "weekly_hours": ["60.0", "52.0"],
        "address": ["1 Main St", "2 Oak Ave"],
    }


def test_renaming_a_branch_to_a_sibling_name_is_refused_and_nothing_changes(world):
    with pytest.raises(ValidationError) as exc:
        branch_update(
            by=world.alice,
            branch=world.riverside_east,
            name="Riverside Main",
            address="2 Oak Ave",
        )
    assert "name" in exc.value.message_dict
    assert world.riverside_east.name == "Eastside"
    world.riverside_east.refresh_from_db()
    assert (world.riverside_east.name, world.riverside_east.address) == ("Eastside", "1 Main St")


def test_a_branch_may_keep_its_own_name(world):
    branch_update(by=world.alice, branch=world.riverside_east, name="Eastside", city="Riverton")
    world.riverside_east.refresh_from_db()
    assert world.riverside_east.city == "Riverton"


def test_branches_cannot_be_moved_to_another_library(world):
    with pytest.raises(TypeError):
        branch_update(by=world.root, branch=world.riverside_east, library=world.hillcrest)
