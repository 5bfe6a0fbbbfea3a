"""The learning rules (ladder.learning.policies), asked directly and through pages and the API:
the one who may, someone from another library, a staff member, and an anonymous caller."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ladder.core.access import access_for
from ladder.core.policies import allowed
from ladder.learning import policies as p
from ladder.learning.models import Registration, TrainingRecord
from tests.learning.conftest import register
from tests.policy_checks import refuses

pytestmark = pytest.mark.django_db

ANON = access_for(None)


def test_offerings_are_managed_by_their_provider_only(world, catalogue):
    own, network = catalogue.riverside_training, catalogue.network_workshop
    assert allowed(p.can_manage_offering, access_for(world.alice), own)
    assert allowed(p.can_manage_offering, access_for(world.nina), network)
    assert allowed(p.can_manage_offering, access_for(world.root), own)
    assert not allowed(p.can_manage_offering, access_for(world.carol), own)  # other library
    assert not allowed(p.can_manage_offering, access_for(world.bob), own)  # staff
    assert not allowed(p.can_manage_offering, access_for(world.alice), network)
    assert not allowed(p.can_manage_offering, ANON, own)


def test_sessions_are_run_by_facilitators_and_providers(world, catalogue):
    session = catalogue.workshop_north  # a network workshop facilitated by sam
    assert allowed(p.can_run_session, access_for(world.sam), session)
    assert allowed(p.can_run_session, access_for(world.nina), session)
    assert not allowed(p.can_run_session, access_for(world.carol), session)
    assert not allowed(p.can_run_session, access_for(world.bob), session)
    assert not allowed(p.can_run_session, ANON, session)
    assert not allowed(p.can_see_feedback, ANON, session)
    assert allowed(p.can_see_feedback, access_for(world.sam), session)


def test_nobody_decides_or_marks_their_own_registration(world, catalogue):
    own = register(world.root, catalogue.workshop_north, status=Registration.Status.REQUESTED)
    assert not allowed(p.can_decide_registration, access_for(world.root), own)
    assert not allowed(p.can_mark_attendance, access_for(world.root), own)
    bobs = register(world.bob, catalogue.riverside_series, status=Registration.Status.REQUESTED)
    assert allowed(p.can_decide_registration, access_for(world.sam), bobs)  # his supervisor
    assert allowed(p.can_decide_registration, access_for(world.alice), bobs)  # his admin
    assert not allowed(p.can_decide_registration, access_for(world.carol), bobs)
    assert not allowed(p.can_decide_registration, access_for(world.dave), bobs)
    assert not allowed(p.can_decide_registration, ANON, bobs)
    assert allowed(p.can_mark_attendance, access_for(world.alice), bobs)  # she facilitates
    assert not allowed(p.can_mark_attendance, access_for(world.carol), bobs)


def test_registrations_belong_to_their_person(world, catalogue):
    bobs = register(world.bob, catalogue.workshop_north)
    assert allowed(p.owns_registration, access_for(world.bob), bobs)
    assert not allowed(p.owns_registration, access_for(world.sam), bobs)
    assert not allowed(p.owns_registration, access_for(world.root), bobs)
    assert not allowed(p.owns_registration, ANON, bobs)


def test_feedback_is_for_attendees_and_feeds_for_their_owner(world, catalogue):
    attended = register(world.bob, catalogue.workshop_north, status=Registration.Status.ATTENDED)
    confirmed = register(world.dave, catalogue.workshop_north)
    assert allowed(p.can_give_feedback, access_for(world.bob), attended)
    assert not allowed(p.can_give_feedback, access_for(world.sam), attended)
    assert not allowed(p.can_give_feedback, access_for(world.dave), confirmed)
    assert not allowed(p.can_give_feedback, access_for(world.dave), None)
    assert allowed(p.can_reset_feed, access_for(world.bob), world.bob)
    assert allowed(p.can_reset_feed, access_for(world.root), world.bob)
    assert not allowed(p.can_reset_feed, access_for(world.sam), world.bob)
    assert not allowed(p.can_reset_feed, ANON, world.bob)


def test_reported_learning_is_verified_by_the_chain_not_the_person(world):
    record = TrainingRecord(person=world.bob, title="Storytime")
    assert allowed(p.can_verify_record, access_for(world.sam), record)
    assert allowed(p.can_verify_record, access_for(world.alice), record)
    assert not allowed(p.can_verify_record, access_for(world.bob), record)
    assert not allowed(p.can_verify_record, access_for(world.carol), record)
    assert not allowed(p.can_verify_record, ANON, record)
    assert allowed(p.can_verify_learning, access_for(world.sam))
    assert not allowed(p.can_verify_learning, access_for(world.bob))


def test_pages_refuse_those_the_rules_refuse(world, catalogue, client_for):
    network = catalogue.network_workshop  # in carol's catalogue, not hers to change
    edit = reverse("learning:offering_update", args=[network.pk])
    refuses(client_for(world.carol), "get", edit)
    refuses(client_for(world.bob), "get", edit)
    refuses(Client(), "get", edit)
    refuses(client_for(world.bob), "get", reverse("learning:offering_create"))
    roster = reverse("learning:roster", args=[catalogue.workshop_north.pk])
    refuses(client_for(world.carol), "get", roster)
    refuses(Client(), "get", roster)
    summary = reverse("learning:feedback_summary", args=[catalogue.workshop_north.pk])
    refuses(client_for(world.bob), "get", summary)
