"""The tuition rules (ladder.tuition.policies): who may not, by persona.

stella admins the sponsor (State Library), alice admins Riverside (tina's library), carol
admins Hillcrest, sam supervises tina, bob is a page, nina coordinates the network."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from ladder.core.access import access_for
from ladder.core.policies import allowed
from ladder.people.models import EducationLevel
from ladder.tuition import policies
from ladder.tuition.models import Enrolment
from tests.policy_checks import refuses
from tests.tuition.conftest import enrolled


def _own_enrolment(grow) -> Enrolment:
    """stella's own enrolment in the programme her library sponsors."""
    return Enrolment.objects.create(
        programme=grow.programme,
        person=grow.stella,
        library=grow.state,
        institution="KSU",
        degree_level=EducationLevel.MLS,
        expected_start=dt.date(2024, 1, 1),
        expected_end=dt.date(2026, 1, 1),
    )


def test_nobody_approves_their_own_claim(world, grow):
    """Separation of duties: the sponsor's admin decides tina's claims, never her own."""
    stella = access_for(grow.stella)
    assert allowed(policies.can_manage_claims, stella, enrolled(world, grow))
    own = _own_enrolment(grow)
    assert not allowed(policies.can_manage_claims, stella, own)
    assert not allowed(policies.can_decide_enrolment, stella, own)
    assert not allowed(policies.can_end_enrolment, stella, own)
    assert allowed(policies.can_withdraw_enrolment, stella, own)


def test_another_librarys_admin_and_staff_decide_nothing(world, grow):
    enrolment = enrolled(world, grow)
    for who in (world.carol, world.bob, world.sam):
        access = access_for(who)
        assert not allowed(policies.can_manage_claims, access, enrolment)
        assert not allowed(policies.can_claim_for, access, enrolment)
        assert not allowed(policies.can_decide_enrolment, access, enrolment)
        assert not allowed(policies.can_change_programme, access, grow.programme)


def test_the_person_and_their_librarys_admin_claim_but_not_the_coordinator(world, grow):
    """The page's claim button follows the service: not the coordinator, whose fallback is
    for decisions only (the page used to offer it where the service refused)."""
    enrolment = enrolled(world, grow)
    assert allowed(policies.can_claim_for, access_for(grow.tina), enrolment)
    assert allowed(policies.can_claim_for, access_for(world.alice), enrolment)
    assert not allowed(policies.can_claim_for, access_for(world.nina), enrolment)


def test_staff_are_not_tuition_admins(world, grow):
    bob = access_for(world.bob)
    assert not allowed(policies.can_create_programmes, bob)
    assert not allowed(policies.can_list_promotions, bob)
    assert not allowed(policies.can_open_tuition_admin, bob)
    assert allowed(policies.can_open_tuition_admin, access_for(world.nina))
    assert not allowed(policies.can_apply_to, access_for(world.carol), grow.programme)
    assert allowed(policies.can_apply_to, access_for(grow.tina), grow.programme)


def test_staff_get_403_and_anonymous_are_sent_to_sign_in(world, grow, client_for, client):
    bob = client_for(world.bob)
    for url in (
        reverse("tuition:programme_list"),
        reverse("tuition:programme_new"),
        reverse("tuition:promotion_list"),
    ):
        refuses(bob, "get", url)
        refuses(client, "get", url, status=302)


def test_a_participating_librarys_admin_may_not_change_the_sponsors_programme(
    world, grow, client_for
):
    refuses(
        client_for(world.alice), "get", reverse("tuition:programme_edit", args=[grow.programme.pk])
    )
