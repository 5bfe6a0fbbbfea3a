"""Who may call the API: a personal token or a logged-in session; nobody else."""

import hashlib

import pytest
from django.test import Client

from ladder.people.models import ApiToken
from ladder.people.tokens import api_token_revoke
from tests.api.conftest import API, ApiClient, assert_error, token_for


def test_no_credentials_is_a_401_in_the_error_format(world, anonymous_api):
    error = assert_error(anonymous_api.get("me"), 401, "not_authenticated")
    assert "Bearer" in error["message"]


def test_unsafe_request_without_credentials_is_a_401_not_a_csrf_403(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{API}/tokens", data={"name": "x"}, content_type="application/json")
    assert_error(response, 401)


def test_a_token_authenticates_its_owner(world, api_for):
    response = api_for(world.bob).get("me")
    assert response.status_code == 200
    assert response.json()["id"] == world.bob.pk


@pytest.mark.parametrize(
    "header",
    [
        "Bearer ldr_not-a-real-token",
        "Bearer ",
        "Token abc",
        "Bearer ldr_\u00e9\u00e9",
        "Basic eDp5",
    ],
)
def test_an_unknown_or_malformed_token_is_a_401(world, header):
    response = Client().get(f"{API}/me", headers={"Authorization": header})
    assert_error(response, 401)


def test_a_revoked_token_no_longer_authenticates(world):
    raw = token_for(world.bob)
    api = ApiClient(raw)
    assert api.get("me").status_code == 200
    token = ApiToken.objects.get(person=world.bob)
    api_token_revoke(by=world.bob, token=token)
    assert_error(api.get("me"), 401)


def test_a_deactivated_persons_token_no_longer_authenticates(world):
    api = ApiClient(token_for(world.bob))
    world.bob.is_active = False
    world.bob.save()
    assert_error(api.get("me"), 401)


def test_the_session_of_a_logged_in_browser_works_too(world, client_for):
    response = client_for(world.alice).get(f"{API}/me")
    assert response.status_code == 200
    assert response.json()["id"] == world.alice.pk


def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.bob)
    body = {"bio": "Shelving since 2019"}
    refused = client.patch(f"{API}/me", data=body, content_type="application/json")
    assert_error(refused, 403, "permission_denied")
    world.bob.refresh_from_db()
    assert world.bob.bio == ""

    client.get("/accounts/login/")  # sets the CSRF cookie, as a page of the site would
    csrf = client.cookies["csrftoken"].value
    accepted = client.patch(
        f"{API}/me", data=body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["bio"] == "Shelving since 2019"


def test_token_writes_need_no_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    api = ApiClient(token_for(world.bob), client=client)
    response = api.patch("me", {"bio": "Hello"})
    assert response.status_code == 200, response.content


def test_only_a_hash_and_a_prefix_of_the_token_are_stored(world, api_for):
    response = api_for(world.bob).post("tokens", {"name": "my script"})
    assert response.status_code == 201
    raw = response.json()["token"]
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(token.prefix)
    assert len(token.prefix) <= 12
    assert raw not in {token.token_hash, token.prefix, token.name}


def test_using_a_token_records_when_it_was_last_used(world):
    raw = token_for(world.bob)
    token = ApiToken.objects.get(person=world.bob)
    assert token.last_used_at is None
    ApiClient(raw).get("me")
    token.refresh_from_db()
    assert token.last_used_at is not None
