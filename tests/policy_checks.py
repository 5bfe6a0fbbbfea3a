"""Asserting that a page or API operation refuses a caller."""

from __future__ import annotations

from typing import Any

from django.test import Client


def refuses(client: Client, method: str, url: str, status: int = 403) -> Any:
    """Call ``url`` and assert the answer is ``status`` (403 by default); return the response."""
    response = getattr(client, method.lower())(url)
    assert response.status_code == status, (method, url, response.status_code)
    return response
