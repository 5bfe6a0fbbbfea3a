"""The careers rules (ladder.careers.policies): who may manage, agree, evaluate and list.

Each rule is asked directly (may / may not) and through a page or the API that names it, for
the personas the rules must refuse: another library's admin (carol), staff who are not a
party (bob, dave), a coordinator (nina) and an anonymous caller.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from ladder.careers import evaluations as evals
from ladder.careers import plans as svc
from ladder.careers import policies
from ladder.core.access import ANONYMOUS, access_for
from tests.api.conftest import ApiClient, token_for
from tests.policy_checks import refuses


def _plan(world):
    return svc.plan_create(
        by=world.bob,
        person=world.bob,
        title="Bob's plan",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )


def _evaluation(world):
    return evals.evaluation_create(
        by=world.sam,
        person=world.bob,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )


def test_who_manages_and_agrees_to_a_plan(world):
    for who, manages, agrees in [
        (world.bob, True, False),
        (world.sam, True, True),
        (world.alice, True, True),
        (world.carol, False, False),
        (world.dave, False, False),
        (world.nina, False, False),
    ]:
        access = access_for(who)
        assert policies.can_manage_plan(access, world.bob) is manages, who
        assert policies.can_agree_plan(access, world.bob) is agrees, who
    assert not policies.can_manage_plan(ANONYMOUS, world.bob)
    assert not policies.can_agree_plan(ANONYMOUS, world.bob)


def test_who_writes_signs_and_adds_to_an_evaluation(world):
    evaluation = _evaluation(world)
    people = (world.sam, world.bob, world.alice, world.carol)
    sam, bob, alice, carol = (access_for(p) for p in people)
    assert policies.can_write_evaluation(sam, evaluation)
    assert not policies.can_write_evaluation(bob, evaluation)
    assert policies.can_comment_evaluation(bob, evaluation)
    assert not policies.can_comment_evaluation(sam, evaluation)
    assert policies.can_sign_evaluation(bob, evaluation)
    assert not policies.can_sign_evaluation(alice, evaluation)
    assert policies.can_add_to_evaluation(alice, evaluation)
    assert not policies.can_add_to_evaluation(carol, evaluation)
    for rule in (
        policies.can_write_evaluation,
        policies.can_comment_evaluation,
        policies.can_sign_evaluation,
        policies.can_add_to_evaluation,
    ):
        assert not rule(ANONYMOUS, evaluation), rule


def test_who_may_evaluate_and_start_evaluations(world):
    assert policies.can_evaluate(access_for(world.sam), world.bob, world.riverside)
    assert not policies.can_evaluate(access_for(world.carol), world.bob, world.riverside)
    assert not policies.can_evaluate(access_for(world.bob), world.bob, world.riverside)
    assert policies.can_name_reviewer(access_for(world.alice), world.riverside)
    assert not policies.can_name_reviewer(access_for(world.carol), world.riverside)
    assert not policies.can_start_evaluation_of(access_for(world.alice), world.alice)
    assert policies.can_write_evaluations(access_for(world.sam))
    for who in (world.bob, world.dave, world.nina):
        assert not policies.can_write_evaluations(access_for(who)), who
    assert not policies.can_write_evaluations(ANONYMOUS)


def test_who_lists_eligibility(world):
    assert policies.can_list_library_eligibility(access_for(world.sam))
    assert not policies.can_list_library_eligibility(access_for(world.bob))
    assert not policies.can_list_library_eligibility(access_for(world.nina))
    assert policies.can_list_network_eligibility(access_for(world.nina))
    assert not policies.can_list_network_eligibility(access_for(world.carol))
    assert not policies.can_list_network_eligibility(ANONYMOUS)


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("bob", "careers:evaluation_list"),
        ("dave", "careers:evaluation_create"),
        ("nina", "careers:evaluation_list"),
        ("bob", "careers:library_eligibility"),
        ("nina", "careers:library_eligibility"),
        ("carol", "careers:network_eligibility"),
        ("sam", "careers:network_eligibility"),
    ],
)
def test_pages_refuse_who_the_rule_refuses(world, client_for, who, name):
    refuses(client_for(getattr(world, who)), "get", reverse(name))


@pytest.mark.parametrize(
    "name", ["careers:evaluation_list", "careers:library_eligibility", "careers:my_plan"]
)
def test_pages_send_anonymous_callers_to_sign_in(world, name):
    refuses(Client(), "get", reverse(name), status=302)


def test_another_librarys_admin_does_not_reach_a_plan_or_an_evaluation(world, client_for):
    plan, evaluation = _plan(world), _evaluation(world)
    carol = client_for(world.carol)
    refuses(carol, "get", reverse("careers:plan_edit", args=[plan.pk]), status=404)
    refuses(carol, "get", reverse("careers:evaluation_detail", args=[evaluation.pk]), status=404)
    refuses(carol, "get", reverse("careers:person_career", args=[world.bob.pk]), status=404)


def test_the_person_does_not_agree_to_their_own_plan(world, client_for):
    plan = _plan(world)
    svc.goal_add(by=world.bob, plan=plan, description="Learn the catalogue")
    url = reverse("careers:plan_detail", args=[plan.pk])
    assert client_for(world.bob).post(url, {"action": "agree"}).status_code == 403


def test_only_the_parties_refresh_an_evaluation_on_the_page_and_in_the_api(world, client_for):
    """The page refused anyone but the reviewer and the person; the API now does too."""
    evaluation = _evaluation(world)
    page = reverse("careers:evaluation_detail", args=[evaluation.pk])
    assert client_for(world.alice).post(page, {"action": "refresh"}).status_code == 403
    api = f"evaluations/{evaluation.pk}/refresh"
    refuses(ApiClient(token_for(world.alice)), "post", api)
    assert ApiClient(token_for(world.sam)).post(api).status_code == 200
    refuses(ApiClient(), "post", api, status=401)


def test_api_refuses_who_the_rule_refuses(world):
    refuses(ApiClient(token_for(world.bob)), "get", "careers/eligibility/library")
    refuses(ApiClient(token_for(world.carol)), "get", "careers/eligibility/network")
    payload = {"person_id": world.bob.pk, "period_start": "2025-01-01", "period_end": "2025-12-31"}
    assert ApiClient(token_for(world.dave)).post("evaluations", payload).status_code == 403
    refuses(ApiClient(), "get", "plans", status=401)
