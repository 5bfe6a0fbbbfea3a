"""Data protection: download everything Ladder holds about you."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from ladder.api.auth import person
from ladder.core.policies import api_permission, signed_in
from ladder.people.privacy import person_export_data

router = Router(tags=["people"])


@router.get(
    "/me/export",
    response=dict[str, Any],
    summary="Everything Ladder holds about you (the same data as the JSON download)",
)
@api_permission(signed_in)
def export_me(request: HttpRequest) -> dict[str, Any]:
    me = person(request)
    return person_export_data(by=me, person=me)
