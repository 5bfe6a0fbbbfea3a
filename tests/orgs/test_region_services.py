import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.orgs.models import Region
from ladder.orgs.services import region_create, region_update
from tests import factories as f


def test_coordinator_adds_a_region_to_her_network_and_it_is_logged(world):
    region = region_create(by=world.nina, network=world.network, name="  Central ")

    assert region.name == "Central"
    assert region.network == world.network
    entry = AuditEntry.objects.get(action="orgs.region.created")
    assert entry.actor == world.nina
    assert entry.object_id == str(region.pk)


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_only_coordinators_add_regions(world, who):
    with pytest.raises(PermissionDenied):
        region_create(by=getattr(world, who), network=world.network, name="Central")
    assert not Region.objects.filter(name="Central").exists()


def test_coordinator_cannot_add_a_region_to_another_network(world):
    other = f.NetworkFactory()
    with pytest.raises(PermissionDenied):
        region_create(by=world.nina, network=other, name="Central")


def test_site_admin_adds_regions_to_any_network(world):
    other = f.NetworkFactory()
    assert region_create(by=world.root, network=other, name="East").network == other


def test_region_name_must_be_unique_in_the_network_ignoring_case(world):
    with pytest.raises(ValidationError) as exc:
        region_create(by=world.nina, network=world.network, name="north")
    assert "name" in exc.value.message_dict
    assert Region.objects.filter(network=world.network).count() == 2


def test_the_same_region_name_is_fine_in_another_network(world):
    other = f.NetworkFactory()
    assert region_create(by=world.root, network=other, name="North").name == "North"


def test_region_name_is_required(world):
    with pytest.raises(ValidationError) as exc:
        region_create(by=world.nina, network=world.network, name="   ")
    assert "name" in exc.value.message_dict


def test_renaming_a_region_logs_old_and_new_name(world):
    region_update(by=world.nina, region=world.north, name="Lakeshore")

    world.north.refresh_from_db()
    assert world.north.name == "Lakeshore"
    entry = AuditEntry.objects.get(action="orgs.region.updated")
    assert entry.changes == {"name": ["North", "Lakeshore"]}


def test_renaming_to_an_existing_name_is_refused_and_leaves_the_region_as_it_was(world):
    with pytest.raises(ValidationError) as exc:
        region_update(by=world.nina, region=world.north, name="South")
    assert "name" in exc.value.message_dict
    assert world.north.name == "North"
    world.north.refresh_from_db()
    assert world.north.name == "North"


def test_library_admin_cannot_rename_a_region(world):
    with pytest.raises(PermissionDenied):
        region_update(by=world.carol, region=world.north, name="Lakeshore")
    world.north.refresh_from_db()
    assert world.north.name == "North"
