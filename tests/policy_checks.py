"""One check the policy tests share: a request the rules refuse."""

from __future__ import annotations

from typing import Any


def refuses(client: Any, method: str, url: str, status: int = 403) -> None:
    """Assert that ``client`` gets ``status`` (a 403 unless told) for ``method url``."""
    response = getattr(client, method.lower())(url)
    assert response.status_code == status, (method, url, response.status_code)
