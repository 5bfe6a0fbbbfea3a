"""A person creates, lists and revokes their own API tokens, and nobody else's."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.people.models import ApiToken
from ladder.people.tokens import (
    MAX_ACTIVE_TOKENS,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from tests.api.conftest import assert_error


def test_created_token_authenticates_and_is_audited(world):
    token, raw = api_token_create(by=world.bob, name="  laptop  ")
    assert token.name == "laptop"
    assert api_token_authenticate(raw) == world.bob
    assert AuditEntry.objects.filter(action="people.api_token.created").exists()


def test_token_needs_a_name(world):
    with pytest.raises(ValidationError) as exc:
        api_token_create(by=world.bob, name="   ")
    assert "name" in exc.value.message_dict
    assert not ApiToken.objects.exists()


def test_a_person_has_a_bounded_number_of_active_tokens(world):
    for n in range(MAX_ACTIVE_TOKENS):
        api_token_create(by=world.bob, name=f"t{n}")
    with pytest.raises(ValidationError):
        api_token_create(by=world.bob, name="one too many")


def test_nobody_revokes_another_persons_token(world):
    token, raw = api_token_create(by=world.bob, name="mine")
    with pytest.raises(PermissionDenied):
        api_token_revoke(by=world.alice, token=token)
    assert api_token_authenticate(raw) == world.bob


def test_revoking_is_audited_and_final(world):
    token, raw = api_token_create(by=world.bob, name="mine")
    api_token_revoke(by=world.bob, token=token)
    api_token_revoke(by=world.bob, token=token)
    assert api_token_authenticate(raw) is None
    assert AuditEntry.objects.filter(action="people.api_token.revoked").count() == 1


def test_api_creates_a_token_and_shows_it_only_once(world, api_for):
    api = api_for(world.bob)
    created = api.post("tokens", {"name": "report script"})
    assert created.status_code == 201
    raw = created.json()["token"]
    assert api_token_authenticate(raw) == world.bob
    listed = api.get("tokens").json()["items"]
    assert {"report script", "tests"} == {t["name"] for t in listed}
    assert all("token" not in t for t in listed)


def test_api_lists_only_ones_own_tokens(world, api_for):
    api_token_create(by=world.alice, name="alice's")
    names = [t["name"] for t in api_for(world.bob).get("tokens").json()["items"]]
    assert names == ["tests"]


def test_api_revokes_ones_own_token(world, api_for):
    api = api_for(world.bob)
    token, raw = api_token_create(by=world.bob, name="old")
    response = api.delete(f"tokens/{token.pk}")
    assert response.status_code == 204
    assert api_token_authenticate(raw) is None


def test_api_cannot_revoke_another_persons_token(world, api_for):
    token, raw = api_token_create(by=world.alice, name="alice's")
    assert_error(api_for(world.carol).delete(f"tokens/{token.pk}"), 404)
    assert api_token_authenticate(raw) == world.alice


def test_api_token_name_is_validated(world, api_for):
    error = assert_error(api_for(world.bob).post("tokens", {"name": ""}), 422)
    assert "name" in error["fields"]
