"""API test helpers: a client that authenticates with a personal token, and error checks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ladder.people.models import Person
from ladder.people.tokens import api_token_create

API = "/api/v1"


def url_of(path: str) -> str:
    return path if path.startswith("/") else f"{API}/{path}"


class ApiClient:
    """A test client that sends a Bearer token and JSON bodies."""

    def __init__(self, token: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body: Any = None):
        kwargs: dict[str, Any] = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method)(url_of(path), **kwargs)

    def get(self, path: str, **params: Any):
        return self.client.get(url_of(path), data=params, headers=self.headers)

    def post(self, path: str, body: Any = None):
        return self._call("post", path, body if body is not None else {})

    def patch(self, path: str, body: Any):
        return self._call("patch", path, body)

    def put(self, path: str, body: Any):
        return self._call("put", path, body)

    def delete(self, path: str):
        return self._call("delete", path)


def token_for(person: Person) -> str:
    _, raw = api_token_create(by=person, name="tests")
    return raw


@pytest.fixture
def api_for():
    """api_for(world.alice) -> an ApiClient authenticated with a token of alice's."""

    def make(person: Person) -> ApiClient:
        return ApiClient(token_for(person))

    return make


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient()


def assert_error(response, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is an error of `status` in the one error format; returns its detail."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "fields"}
    assert error["status"] == status
    if code:
        assert error["code"] == code
    assert error["message"]
    return error


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]
