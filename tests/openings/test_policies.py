"""The openings rules (ladder.openings.policies): who may not, by persona.

alice admins Riverside (where the opening is), carol admins Hillcrest, bob is a page at
Riverside, sam supervises there, nina coordinates the network."""

from __future__ import annotations

from django.urls import reverse

from ladder.core.access import access_for
from ladder.core.policies import allowed
from ladder.openings import policies
from ladder.openings.models import Application
from ladder.orgs.models import Role
from ladder.people.models import Employment
from tests.policy_checks import refuses


def test_another_librarys_admin_manages_nothing_at_riverside(world, opening):
    carol = access_for(world.carol)
    assert allowed(policies.can_manage_opening, access_for(world.alice), opening)
    assert not allowed(policies.can_manage_opening, carol, opening)
    assert not allowed(policies.can_open_posts_at, carol, world.riverside)
    assert not allowed(policies.can_set_ranking_weights, carol, world.riverside)
    assert not allowed(policies.can_plan_succession_at, carol, world.riverside)
    assert not allowed(policies.can_manage_budget, carol, world.riverside)


def test_staff_and_coordinators_manage_no_openings(world):
    for who in (world.bob, world.sam, world.nina):
        assert not allowed(policies.can_manage_openings, access_for(who))
        assert not allowed(policies.can_see_budgets, access_for(who))
        assert not allowed(policies.can_plan_succession, access_for(who))


def test_people_apply_and_withdraw_only_for_themselves(world, opening):
    alice = access_for(world.alice)
    assert allowed(policies.can_apply_as, alice, world.alice)
    assert not allowed(policies.can_apply_as, alice, world.bob)
    application = Application(opening=opening, person=world.bob)
    assert allowed(policies.can_withdraw, access_for(world.bob), application)
    assert not allowed(policies.can_withdraw, alice, application)


def test_nobody_decides_their_own_application_or_sets_their_own_pay(world, opening):
    """Separation of duties: alice decides bob's application and pay, never her own."""
    alice = access_for(world.alice)
    assert allowed(
        policies.can_decide_application, alice, Application(opening=opening, person=world.bob)
    )
    assert not allowed(
        policies.can_decide_application, alice, Application(opening=opening, person=world.alice)
    )
    bobs_job = Employment.objects.get(person=world.bob)
    alices_job = Employment.objects.get(person=world.alice)
    assert allowed(policies.can_set_pay, alice, bobs_job)
    assert not allowed(policies.can_set_pay, alice, alices_job)
    assert not allowed(policies.can_set_pay, access_for(world.nina), bobs_job)


def test_a_second_admin_sets_the_first_admins_pay(world):
    Role.objects.create(person=world.sam, kind=Role.Kind.LIBRARY_ADMIN, library=world.riverside)
    alices_job = Employment.objects.get(person=world.alice)
    assert allowed(policies.can_set_pay, access_for(world.sam), alices_job)


def test_staff_get_403_and_anonymous_are_sent_to_sign_in(world, client_for, client):
    bob = client_for(world.bob)
    for url in (
        reverse("openings:manage"),
        reverse("openings:scenario_list"),
        reverse("openings:budget"),
        reverse("openings:create"),
    ):
        refuses(bob, "get", url)
        refuses(client, "get", url, status=302)


def test_another_librarys_admin_gets_404_on_riverside_pages(world, opening, client_for):
    carol = client_for(world.carol)
    refuses(carol, "get", reverse("openings:ranking", args=[opening.pk]), status=404)
    job = Employment.objects.get(person=world.bob)
    refuses(carol, "get", reverse("openings:pay", args=[job.pk]), status=404)
