"""Who is calling: a personal token (`Authorization: Bearer …`) or the browser's session.

Either way the person ends up in `request.auth`, and permissions come from the same
`access_for` the pages use.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from ladder.core.access import Access, access_for
from ladder.people.models import Person
from ladder.people.tokens import api_token_authenticate


class TokenAuth(HttpBearer):
    """A personal API token, created on the person's profile or with POST /tokens."""

    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        person = api_token_authenticate(token.strip())
        if person is not None:
            # Code that reads request.user (e.g. an audit helper) sees the token's owner.
            request.user = person
        return person


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; unsafe methods must carry the CSRF token.

    Unlike ninja's django_auth, the CSRF check runs only once a session is found, so a
    request without any credentials gets a 401, not a CSRF 403.
    """

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if (
            self.csrf
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()


def person(request: HttpRequest) -> Person:
    """The authenticated person (endpoints run only after authentication succeeded)."""
    return cast(Person, request.auth)  # type: ignore[attr-defined]


def access(request: HttpRequest) -> Access:
    return access_for(person(request))
