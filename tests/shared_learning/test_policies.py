"""The shared-learning rules (ladder.shared_learning.policies), asked directly and through pages:
the one who may, someone from another library, a staff member, and an anonymous caller."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ladder.core.access import access_for
from ladder.core.policies import admin_or_coordinator, allowed
from ladder.shared_learning import policies as p
from ladder.shared_learning import pools_admin
from ladder.shared_learning.models import CoachingRequest
from tests.policy_checks import refuses
from tests.shared_learning.roundtable_helpers import make_roundtable, schedule

pytestmark = pytest.mark.django_db

ANON = access_for(None)


def _pool(world, **owner):
    data = pools_admin.PoolData(name="LinkedIn Learning", platform="LinkedIn Learning", seats=2)
    by = world.nina if "network" in owner else world.alice
    return pools_admin.pool_create(by=by, data=data, **owner)


def test_pools_are_coordinated_by_their_owner(world):
    network_pool, library_pool = (
        _pool(world, network=world.network),
        _pool(world, library=world.riverside),
    )
    assert allowed(p.can_coordinate_pool, access_for(world.nina), network_pool)
    assert allowed(p.can_coordinate_pool, access_for(world.alice), library_pool)
    assert allowed(p.can_coordinate_pool, access_for(world.root), library_pool)
    assert not allowed(p.can_coordinate_pool, access_for(world.alice), network_pool)
    assert not allowed(p.can_coordinate_pool, access_for(world.carol), library_pool)
    assert not allowed(p.can_coordinate_pool, access_for(world.bob), library_pool)
    assert not allowed(p.can_coordinate_pool, ANON, network_pool)
    assert allowed(p.can_own_pools, access_for(world.alice), world.riverside)
    assert not allowed(p.can_own_pools, access_for(world.carol), world.riverside)
    assert not allowed(p.can_own_pools, access_for(world.alice), world.network)
    assert not allowed(p.can_own_pools, ANON, world.riverside)


def test_roundtables_are_run_by_conveners_and_coordinators(world):
    roundtable = make_roundtable(world)  # sam convenes
    assert allowed(p.can_manage_roundtables, access_for(world.nina), world.network)
    assert not allowed(p.can_manage_roundtables, access_for(world.alice), world.network)
    assert not allowed(p.can_manage_roundtables, ANON, world.network)
    assert allowed(p.can_run_roundtable, access_for(world.sam), roundtable)
    assert allowed(p.can_run_roundtable, access_for(world.nina), roundtable)
    assert not allowed(p.can_run_roundtable, access_for(world.carol), roundtable)
    assert not allowed(p.can_run_roundtable, access_for(world.bob), roundtable)
    assert not allowed(p.can_run_roundtable, ANON, roundtable)
    assert not allowed(p.can_share_in_roundtable, access_for(world.bob), roundtable)
    assert not allowed(p.can_share_in_roundtable, ANON, roundtable)
    assert allowed(p.can_join_roundtable, access_for(world.bob), roundtable)
    assert not allowed(p.can_join_roundtable, access_for(world.nina), roundtable)  # no job
    assert not allowed(p.can_join_roundtable, ANON, roundtable)


def test_coaching_steps_belong_to_the_mentor_or_the_learner(world):
    request = CoachingRequest(mentor=world.sam, learner=world.bob)
    assert allowed(p.is_mentor_of, access_for(world.sam), request)
    assert not allowed(p.is_mentor_of, access_for(world.bob), request)
    assert not allowed(p.is_mentor_of, access_for(world.root), request)
    assert allowed(p.is_learner_of, access_for(world.bob), request)
    assert not allowed(p.is_learner_of, access_for(world.alice), request)  # his admin
    assert allowed(p.can_schedule_coaching, access_for(world.sam), request)
    assert not allowed(p.can_schedule_coaching, access_for(world.carol), request)
    assert not allowed(p.can_schedule_coaching, ANON, request)
    assert allowed(p.can_ask_for_coaching, access_for(world.bob))
    assert not allowed(p.can_ask_for_coaching, access_for(world.nina))  # no current job
    assert not allowed(p.can_ask_for_coaching, ANON)


def test_pages_refuse_those_the_rules_refuse(world, client_for):
    pool = _pool(world, library=world.riverside)
    for url in (
        reverse("shared_learning:pool_report", args=[pool.pk]),
        reverse("shared_learning:pool_edit", args=[pool.pk]),
    ):
        refuses(client_for(world.bob), "get", url)
        refuses(Client(), "get", url)
    refuses(client_for(world.bob), "get", reverse("shared_learning:pool_create"))
    assert not allowed(admin_or_coordinator, access_for(world.bob))
    roundtable = make_roundtable(world)
    edit = reverse("shared_learning:roundtable_edit", args=[roundtable.pk])
    refuses(client_for(world.sam), "get", edit)  # a convener, not a coordinator
    refuses(client_for(world.alice), "get", edit)
    refuses(Client(), "get", edit)
    note = reverse("shared_learning:roundtable_note_add", args=[roundtable.pk])
    meeting = schedule(world, roundtable)
    refuses(client_for(world.bob), "post", note, {"session": meeting.pk, "body": "Notes"})
