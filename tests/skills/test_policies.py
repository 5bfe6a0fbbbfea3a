"""The skills rules (ladder.skills.policies): ratings, hats, interests and frameworks.

Each rule is asked directly and through a page or the API that names it, for the personas it
must refuse: another library's admin (carol), staff who are not a party (bob, dave), a
coordinator outside a library (nina) and an anonymous caller.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ladder.core.access import ANONYMOUS, access_for
from ladder.people.policies import can_edit_job_class
from ladder.skills import policies
from ladder.skills.models import Framework, Hat
from tests.api.conftest import ApiClient, token_for
from tests.policy_checks import refuses


@pytest.fixture
def hat(world):
    return Hat.objects.create(library=world.riverside, name="Interlibrary loan", weekly_hours=5)


def test_who_records_evidence_and_rates(world):
    people = (world.bob, world.sam, world.alice, world.carol)
    bob, sam, alice, carol = (access_for(p) for p in people)
    assert policies.can_record_evidence(bob, world.bob, "self")
    assert not policies.can_record_evidence(sam, world.bob, "self")
    assert policies.can_record_evidence(sam, world.bob, "supervisor")
    assert not policies.can_record_evidence(bob, world.bob, "supervisor")
    assert policies.can_record_evidence(alice, world.bob, "supervisor")  # above sam
    assert not policies.can_record_evidence(carol, world.bob, "supervisor")
    assert policies.can_record_evidence(alice, world.bob, "training")
    assert not policies.can_record_evidence(carol, world.bob, "training")
    assert not policies.can_record_evidence(sam, world.bob, "no such kind")
    assert not policies.can_record_evidence(ANONYMOUS, world.bob, "self")
    assert policies.can_rate(bob, world.bob) and policies.can_rate(sam, world.bob)
    assert not policies.can_rate(sam, world.alice)
    for who in (carol, access_for(world.dave), access_for(world.nina), ANONYMOUS):
        assert not policies.can_rate(who, world.bob), who


def test_who_sees_and_changes_hats(world):
    lib = world.riverside.pk
    assert policies.can_view_hat_board(access_for(world.bob), lib)
    assert not policies.can_view_hat_board(access_for(world.carol), lib)
    assert not policies.can_view_hat_board(access_for(world.dave), lib)
    assert not policies.can_view_hat_board(ANONYMOUS, lib)
    assert policies.can_edit_hats(access_for(world.alice), lib)
    for who in (world.sam, world.bob, world.carol, world.nina):
        assert not policies.can_edit_hats(access_for(who), lib), who
    assert not policies.can_edit_hats(ANONYMOUS, lib)


def test_who_states_and_lists_interests(world):
    assert policies.can_edit_interests(access_for(world.bob), world.bob)
    assert not policies.can_edit_interests(access_for(world.sam), world.bob)
    assert not policies.can_edit_interests(ANONYMOUS, world.bob)
    assert policies.can_list_interests(access_for(world.sam))
    assert policies.can_list_interests(access_for(world.carol))
    for who in (world.bob, world.dave, world.nina):
        assert not policies.can_list_interests(access_for(who)), who
    assert not policies.can_list_interests(ANONYMOUS)


def test_who_adds_and_changes_frameworks(world, framework):
    own = Framework.objects.create(name="Buckeye", slug="buckeye", network=world.network)
    nina, carol, root = (access_for(p) for p in (world.nina, world.carol, world.root))
    assert policies.can_create_framework(nina)
    assert not policies.can_create_framework(carol)
    assert not policies.can_create_framework(ANONYMOUS)
    assert policies.can_add_framework_to(nina, world.network)
    assert not policies.can_add_framework_to(nina, None)
    assert policies.can_add_framework_to(root, None)
    assert policies.can_edit_framework(nina, own)
    assert not policies.can_edit_framework(nina, framework)
    assert not policies.can_edit_framework(carol, own)
    assert policies.can_choose_default_framework(root)
    assert not policies.can_choose_default_framework(nina)
    assert can_edit_job_class(nina, world.page)
    assert not can_edit_job_class(carol, world.page)


def test_hat_pages_refuse_who_the_rule_refuses(world, client_for, hat):
    for who in (world.sam, world.bob):
        refuses(client_for(who), "get", reverse("skills:hat_update", args=[hat.pk]))
        refuses(client_for(who), "get", reverse("skills:hat_create", args=[world.riverside.pk]))
    refuses(client_for(world.carol), "get", reverse("skills:hat_detail", args=[hat.pk]), status=404)
    refuses(Client(), "get", reverse("skills:hat_detail", args=[hat.pk]), status=302)


def test_pages_refuse_who_the_rule_refuses(world, client_for, framework):
    refuses(client_for(world.bob), "get", reverse("skills:interests_list"))
    refuses(client_for(world.nina), "get", reverse("skills:interests_list"))
    refuses(client_for(world.sam), "get", reverse("skills:interests_edit", args=[world.bob.pk]))
    refuses(client_for(world.carol), "get", reverse("skills:rate", args=[world.bob.pk]), status=404)
    refuses(client_for(world.carol), "get", reverse("skills:framework_create"))
    refuses(client_for(world.nina), "get", reverse("skills:framework_update", args=[framework.pk]))
    url = reverse("skills:jobclass_requirements", args=[world.page.pk])
    refuses(client_for(world.carol), "get", url)
    for name in ("skills:interests_list", "skills:framework_list"):
        refuses(Client(), "get", reverse(name), status=302)


def test_api_refuses_who_the_rule_refuses(world, hat):
    refuses(ApiClient(token_for(world.bob)), "get", "interests")
    refuses(ApiClient(token_for(world.sam)), "delete", f"hats/{hat.pk}")
    refuses(ApiClient(token_for(world.carol)), "get", f"hats/{hat.pk}", status=404)
    refuses(ApiClient(token_for(world.carol)), "post", "frameworks", status=422)
    levels = [{"value": 0, "name": "None"}, {"value": 1, "name": "One"}]
    payload = {"name": "Mine", "slug": "mine", "levels": levels}
    assert ApiClient(token_for(world.carol)).post("frameworks", payload).status_code == 403
    refuses(ApiClient(), "get", "interests", status=401)
