"""The network rules (ladder.network.policies) and the shared coordinator rule on its pages."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from ladder.core.access import access_for
from ladder.network import policies
from tests.policy_checks import refuses


def test_asking_for_temps_is_for_member_libraries_admins(world) -> None:
    assert policies.can_ask_for_temps(access_for(world.alice))
    assert not policies.can_ask_for_temps(access_for(world.bob))
    assert policies.can_request_temp(access_for(world.nina), world.riverside, world.network)
    assert not policies.can_request_temp(access_for(world.carol), world.riverside, world.network)


def test_members_are_managed_by_the_networks_coordinators(world) -> None:
    assert policies.can_manage_members(access_for(world.nina), world.network)
    assert not policies.can_manage_members(access_for(world.alice), world.network)
    assert policies.can_log_advisory_for_others(access_for(world.nina), world.network)
    assert not policies.can_log_advisory_for_others(access_for(world.bob), world.network)


def test_coordinator_pages_refuse_library_admins_staff_and_anonymous(world, client_for) -> None:
    for name in ("network:temp_home", "network:members", "network:advisory_queue"):
        refuses(client_for(world.alice), "get", reverse(name))
        refuses(client_for(world.bob), "get", reverse(name))
        refuses(Client(), "get", reverse(name), status=302)
    refuses(client_for(world.bob), "get", reverse("network:temp_request_create"))
    refuses(client_for(world.bob), "get", reverse("network:temp_request_list"))
