"""Checks for permission tests: a page or API operation refuses a caller, in the usual way.

Pages send an anonymous caller to sign in and answer 403 to a signed-in one the rule refuses;
the API answers 401 and 403. ``refuses`` says which it expects from who is asking, so a test
reads as the rule: ``refuses(client_for(world.carol), "post", url)``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client


def refuses(client: Any, method: str, url: str, data: Any = None) -> None:
    """The caller gets a 403 (an anonymous caller: the sign-in page, or a 401 from the API)."""
    call = getattr(client, method.lower())
    response = call(url, data) if data is not None else call(url)
    is_page_client = isinstance(client, Client)
    anonymous = is_page_client and "_auth_user_id" not in client.session
    if anonymous and not url.startswith("/api/"):
        assert response.status_code == 302, (url, response.status_code)
        location = response["Location"]
        assert location.startswith(resolve_url(settings.LOGIN_URL)), location
    elif anonymous or (not is_page_client and not getattr(client, "headers", None)):
        assert response.status_code == 401, (url, response.status_code)
    else:
        assert response.status_code == 403, (url, response.status_code, response.content[:300])
