import datetime as dt

import pytest
from django.urls import reverse

from ladder.orgs.models import Membership, Region
from tests import factories as f


def test_network_list_counts_regions_and_current_members(world, client_for):
    response = client_for(world.bob).get(reverse("orgs:network_list"))
    assert response.status_code == 200
    network = response.context["networks"][0]
    assert (network.region_count, network.member_count) == (2, 2)


def test_network_page_lists_regions_and_current_and_past_members(world, client_for):
    former = f.LibraryFactory(name="Former Library")
    f.MembershipFactory(network=world.network, library=former, left_on=dt.date(2019, 1, 1))

    response = client_for(world.bob).get(reverse("orgs:network_detail", args=[world.network.pk]))

    assert response.status_code == 200
    assert [r.name for r in response.context["regions"]] == ["North", "South"]
    assert [m.library.name for m in response.context["current_memberships"]] == [
        "Hillcrest College Library",
        "Riverside Public Library",
    ]
    assert [m.library.name for m in response.context["past_memberships"]] == ["Former Library"]
    assert reverse("orgs:region_create", args=[world.network.pk]) not in response.content.decode()


def test_network_page_offers_coordinators_their_actions(world, client_for):
    body = (
        client_for(world.nina)
        .get(reverse("orgs:network_detail", args=[world.network.pk]))
        .content.decode()
    )
    assert reverse("orgs:region_create", args=[world.network.pk]) in body
    assert reverse("orgs:membership_create", args=[world.network.pk]) in body
    assert reverse("orgs:region_update", args=[world.north.pk]) in body


def test_unknown_network_is_404(world, client_for):
    client = client_for(world.nina)
    assert client.get(reverse("orgs:network_detail", args=[99999])).status_code == 404
    assert client.get(reverse("orgs:region_create", args=[99999])).status_code == 404
    assert client.get(reverse("orgs:membership_create", args=[99999])).status_code == 404
    assert client.get(reverse("orgs:membership_end", args=[99999])).status_code == 404


# --- regions --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "carol", "bob"])
def test_only_coordinators_add_regions_page(world, client_for, who):
    url = reverse("orgs:region_create", args=[world.network.pk])
    client = client_for(getattr(world, who))
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Central"}).status_code == 403
    assert not Region.objects.filter(name="Central").exists()


def test_coordinator_adds_a_region(world, client_for):
    url = reverse("orgs:region_create", args=[world.network.pk])
    response = client_for(world.nina).post(url, {"name": "Central"})
    assert response.status_code == 302
    assert Region.objects.filter(network=world.network, name="Central").exists()


def test_duplicate_region_name_is_shown_on_the_field(world, client_for):
    url = reverse("orgs:region_create", args=[world.network.pk])
    response = client_for(world.nina).post(url, {"name": "North"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]


def test_coordinator_renames_a_region(world, client_for):
    url = reverse("orgs:region_update", args=[world.north.pk])
    response = client_for(world.nina).post(url, {"name": "Lakeshore"})
    assert response.status_code == 302
    world.north.refresh_from_db()
    assert world.north.name == "Lakeshore"


def test_library_admin_cannot_rename_a_region_page(world, client_for):
    url = reverse("orgs:region_update", args=[world.north.pk])
    client = client_for(world.carol)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Lakeshore"}).status_code == 403


# --- memberships ----------------------------------------------------------------------------


def test_coordinator_adds_a_member_library(world, client_for):
    newcomer = f.LibraryFactory(name="Newcomer Library")
    url = reverse("orgs:membership_create", args=[world.network.pk])
    client = client_for(world.nina)
    assert client.get(url).status_code == 200

    response = client.post(
        url, {"library": newcomer.pk, "joined_on": "2024-01-01", "annual_fee": "75"}
    )

    assert response.status_code == 302
    assert newcomer.memberships.get().network == world.network


def test_adding_a_current_member_again_shows_the_error(world, client_for):
    url = reverse("orgs:membership_create", args=[world.network.pk])
    response = client_for(world.nina).post(
        url, {"library": world.riverside.pk, "joined_on": "2024-01-01", "annual_fee": "0"}
    )
    assert response.status_code == 400
    assert "already a member" in response.context["form"].errors["library"][0]


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_library_admins_cannot_add_members(world, client_for, who):
    newcomer = f.LibraryFactory()
    url = reverse("orgs:membership_create", args=[world.network.pk])
    client = client_for(getattr(world, who))
    assert client.get(url).status_code == 403
    data = {"library": newcomer.pk, "joined_on": "2024-01-01", "annual_fee": "0"}
    assert client.post(url, data).status_code == 403
    assert not newcomer.memberships.exists()


def test_coordinator_ends_a_membership(world, client_for):
    membership = Membership.objects.get(library=world.hillcrest)
    url = reverse("orgs:membership_end", args=[membership.pk])

    response = client_for(world.nina).post(url, {"left_on": "2023-06-30"})

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == dt.date(2023, 6, 30)


def test_a_membership_ending_before_it_began_is_shown_on_the_field(world, client_for):
    membership = Membership.objects.get(library=world.hillcrest)
    url = reverse("orgs:membership_end", args=[membership.pk])
    response = client_for(world.nina).post(url, {"left_on": "2010-01-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["left_on"]
    membership.refresh_from_db()
    assert membership.left_on is None


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_library_admins_cannot_end_memberships_page(world, client_for, who):
    membership = Membership.objects.get(library=world.riverside)
    url = reverse("orgs:membership_end", args=[membership.pk])
    client = client_for(getattr(world, who))
    assert client.get(url).status_code == 403
    assert client.post(url, {"left_on": "2023-06-30"}).status_code == 403
    membership.refresh_from_db()
    assert membership.left_on is None
