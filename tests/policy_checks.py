"""Checks for permission tests: a page or API operation refuses a caller, in the usual way.

Pages send an anonymous caller to sign in and answer 403 to a signed-in one the rule refuses;
the API answers 401 and 403. ``refuses`` says which it expects from who is asking, so a test
reads as the rule: ``refuses(client_for(world.carol), "post", url)``; ``status=`` overrides it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client


def _expected(client: Any, url: str) -> int:
    is_page_client = isinstance(client, Client)
    anonymous = is_page_client and "_auth_user_id" not in client.session
    if anonymous and not url.startswith("/api/"):
        return 302
    if anonymous or (not is_page_client and not getattr(client, "headers", None)):
        return 401
    return 403


def refuses(
    client: Any, method: str, url: str, data: Any = None, *, status: int | None = None
) -> Any:
    """Call ``url`` and assert it refuses the caller (403; an anonymous caller: the sign-in
    page, or a 401 from the API); return the response."""
    call = getattr(client, method.lower())
    response = call(url, data) if data is not None else call(url)
    expected = status if status is not None else _expected(client, url)
    assert response.status_code == expected, (url, response.status_code, response.content[:300])
    if expected == 302 and status is None:
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), response
    return response
