"""The people rules (ladder.people.policies), refused for other libraries' admins, staff and
anonymous callers, in the rule, the service and the page alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from ladder.core.access import access_for
from ladder.people import policies, services, tokens
from ladder.people.models import Employment
from tests.policy_checks import refuses


def test_editing_a_person_is_for_self_their_librarys_admins_and_the_site_admin(world) -> None:
    for person, expected in (
        (world.bob, True),
        (world.alice, True),
        (world.root, True),
        (world.carol, False),
        (world.sam, False),
    ):
        assert policies.can_edit_person(access_for(person), world.bob) is expected


def test_sign_in_address_is_not_changed_by_oneself_nor_for_a_role_holder(world) -> None:
    assert not policies.can_change_sign_in_email(access_for(world.bob), world.bob)
    assert policies.can_change_sign_in_email(access_for(world.alice), world.bob)
    assert not policies.can_change_sign_in_email(access_for(world.alice), world.carol)
    assert policies.can_change_sign_in_email(access_for(world.root), world.carol)


def test_nobody_sets_their_own_pay(world) -> None:
    own = Employment.objects.get(person=world.alice, library=world.riverside)
    assert not policies.can_set_pay(access_for(world.alice), own)
    assert policies.can_set_pay(access_for(world.root), own)
    bobs = Employment.objects.get(person=world.bob)
    assert policies.can_edit_employment(access_for(world.alice), bobs)
    assert not policies.can_edit_employment(access_for(world.carol), bobs)


def test_attaching_a_job_refuses_another_librarys_staff(world) -> None:
    assert policies.can_attach(access_for(world.alice), world.bob, world.riverside)
    assert not policies.can_attach(access_for(world.alice), world.dave, world.riverside)
    assert not policies.can_attach(access_for(world.carol), world.bob, world.riverside)


def test_export_and_erase(world) -> None:
    assert policies.can_export(access_for(world.bob), world.bob)
    assert not policies.can_export(access_for(world.alice), world.bob)
    assert policies.can_erase(access_for(world.root))
    assert not policies.can_erase(access_for(world.alice))


def test_revoking_someone_elses_token_is_refused(world) -> None:
    token, _raw = tokens.api_token_create(by=world.bob, name="script")
    assert not policies.can_revoke_token(access_for(world.sam), token)
    with pytest.raises(PermissionDenied, match="only your own API tokens"):
        tokens.api_token_revoke(by=world.sam, token=token)
    assert policies.can_revoke_token(access_for(world.root), token)


def test_job_classes_and_ladders_belong_to_their_owner(world) -> None:
    template = world.page  # a network template
    assert policies.can_edit_job_class(access_for(world.nina), template)
    assert not policies.can_edit_job_class(access_for(world.alice), template)
    assert policies.can_add_owned(access_for(world.alice), None, world.riverside)
    assert not policies.can_add_owned(access_for(world.carol), None, world.riverside)
    assert not policies.can_add_owned(access_for(world.alice), world.network, None)


def test_service_refuses_staff_added_through_another_library(world) -> None:
    with pytest.raises(PermissionDenied, match="through a library you administer"):
        services.person_create(
            by=world.carol,
            email="new@example.org",
            first_name="New",
            last_name="Person",
            library=world.riverside,
        )
    with pytest.raises(PermissionDenied, match="Only library admins add staff"):
        services.person_create(
            by=world.bob, email="new@example.org", first_name="New", last_name="Person"
        )


def test_pages_refuse_staff_other_admins_and_anonymous(world, client_for) -> None:
    bob = client_for(world.bob)
    refuses(bob, "get", reverse("people:staff_add"))
    refuses(bob, "get", reverse("people:import_start"))
    refuses(bob, "get", reverse("people:jobclass_create"))
    refuses(client_for(world.alice), "get", reverse("people:erase", args=[world.bob.pk]))
    refuses(client_for(world.alice), "get", reverse("people:export_json", args=[world.bob.pk]))
    refuses(client_for(world.sam), "get", reverse("people:profile_edit", args=[world.alice.pk]))
    # Another library's admin does not even see the record.
    refuses(
        client_for(world.carol),
        "get",
        reverse("people:profile_edit", args=[world.bob.pk]),
        status=404,
    )
    refuses(Client(), "get", reverse("people:directory"), status=302)
