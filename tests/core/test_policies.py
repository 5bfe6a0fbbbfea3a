"""The permission decorator: who gets the page, who is sent to sign in, who gets a 403."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from ladder.core import policies
from ladder.core.access import Access, access_for


@policies.policy("Only network coordinators and site admins may do this (test).")
def _coordinates(access: Access) -> bool:
    return access.is_site_admin or access.is_coordinator


@policies.policy("Only for the person themselves (test).")
def _is_self(access: Access, person_id: int) -> bool:
    return access.person_id == person_id


@policies.permission(_coordinates)
def _page(request):  # type: ignore[no-untyped-def]
    return HttpResponse("ok")


def _request(user):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user
    return request


def test_anonymous_caller_is_sent_to_sign_in() -> None:
    response = _page(_request(AnonymousUser()))
    assert response.status_code == 302
    assert "next=/somewhere/%3Fx%3D1" in response["Location"]


def test_the_rule_admits_a_coordinator_and_refuses_staff_with_its_message(world) -> None:
    assert _page(_request(world.nina)).status_code == 200
    with pytest.raises(PermissionDenied, match="Only network coordinators"):
        _page(_request(world.bob))


def test_object_rules_are_named_not_checked_before_the_view(world) -> None:
    @policies.permission(_is_self)
    def view(request):  # type: ignore[no-untyped-def]
        policies.require(_is_self, access_for(request.user), world.bob.pk)
        return HttpResponse("ok")

    assert view.permission == "tests._is_self"
    assert view(_request(world.bob)).status_code == 200
    with pytest.raises(PermissionDenied, match="Only for the person themselves"):
        view(_request(world.sam))


def test_require_and_allowed_give_the_same_answer(world) -> None:
    for person in (world.nina, world.bob, world.root):
        access = access_for(person)
        assert policies.allowed(_coordinates, access) == (person != world.bob)


def test_a_plain_function_is_not_a_permission() -> None:
    with pytest.raises(TypeError, match="not a permission policy"):
        policies.permission(lambda access: True)
