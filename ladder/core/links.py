"""absolute_url: the one way links in e-mails, PDFs, badges and feeds are made absolute.

SITE_URL names the scheme, host and port the site is actually served on (see README).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def site_root() -> str:
    return str(settings.SITE_URL).rstrip("/")


def absolute_url(name_or_path: str, *args: Any, **kwargs: Any) -> str:
    """An absolute link to a URL name (reversed with args/kwargs) or to a path starting '/'."""
    path = (
        name_or_path
        if name_or_path.startswith("/")
        else reverse(name_or_path, args=args or None, kwargs=kwargs or None)
    )
    return site_root() + path
