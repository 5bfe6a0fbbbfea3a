"""Typing help for views behind @login_required: request.user is a Person there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from ladder.people.models import Person


class AuthedRequest(HttpRequest):
    user: Person  # type: ignore[assignment]
