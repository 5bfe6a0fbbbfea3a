"""The orgs rules (ladder.orgs.policies): who may change networks, regions, libraries, branches."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from ladder.core.access import access_for
from ladder.orgs import policies, services
from ladder.orgs.models import Membership
from tests.policy_checks import refuses


def test_library_rules_refuse_another_librarys_admin_and_staff(world) -> None:
    assert policies.can_edit_library(access_for(world.alice), world.riverside)
    assert policies.can_edit_branch(access_for(world.alice), world.riverside_main)
    for person in (world.carol, world.bob):
        assert not policies.can_edit_library(access_for(person), world.riverside)
        assert not policies.can_edit_branch(access_for(person), world.riverside_main)


def test_network_rules_are_for_its_coordinators(world) -> None:
    region = world.north
    for person, expected in ((world.nina, True), (world.root, True), (world.alice, False)):
        access = access_for(person)
        assert policies.can_coordinate_network(access, world.network) is expected
        assert policies.can_edit_region(access, region) is expected


def test_only_coordinators_move_a_library_between_regions(world) -> None:
    assert policies.can_change_region(access_for(world.nina), world.riverside, world.south)
    assert not policies.can_change_region(access_for(world.alice), world.riverside, world.south)


def test_service_refuses_with_the_rule(world) -> None:
    with pytest.raises(PermissionDenied, match="edit it and its branches"):
        services.branch_create(by=world.carol, library=world.riverside, name="Annex")


def test_pages_refuse_staff_other_admins_and_anonymous(world, client_for) -> None:
    refuses(client_for(world.alice), "get", reverse("orgs:library_create"))
    edit_riverside = reverse("orgs:library_update", args=[world.riverside.pk])
    refuses(client_for(world.carol), "get", edit_riverside)
    refuses(client_for(world.bob), "get", reverse("orgs:region_create", args=[world.network.pk]))
    refuses(client_for(world.alice), "get", reverse("orgs:region_update", args=[world.north.pk]))
    refuses(Client(), "get", reverse("orgs:library_list"), status=302)


def test_ending_a_membership_is_for_the_networks_coordinators(world, client_for) -> None:
    membership = Membership.objects.get(network=world.network, library=world.hillcrest)
    assert policies.can_end_membership(access_for(world.nina), membership)
    assert not policies.can_end_membership(access_for(world.carol), membership)
    refuses(client_for(world.carol), "get", reverse("orgs:membership_end", args=[membership.pk]))
