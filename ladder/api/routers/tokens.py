"""Your own API tokens: list, create (the token is shown once), revoke."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from ladder.api.auth import person
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.people import TokenCreate, TokenCreated, TokenOut
from ladder.core.access import get_visible_or_404
from ladder.core.policies import api_permission, signed_in
from ladder.core.throttle import hit
from ladder.people.models import ApiToken
from ladder.people.policies import can_revoke_token
from ladder.people.tokens import api_token_create, api_token_revoke

router = Router(tags=["tokens"])


def _own_tokens(request: HttpRequest) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(person=person(request)).order_by("-created_at", "-pk")


@router.get("/tokens", response=list[TokenOut], summary="Your API tokens, revoked ones too")
@api_permission(signed_in)
@paginate(LimitOffset)
def list_tokens(request: HttpRequest) -> QuerySet[ApiToken]:
    return _own_tokens(request)


@router.post("/tokens", response={201: TokenCreated}, summary="Create an API token")
@api_permission(signed_in)
def create_token(request: HttpRequest, payload: TokenCreate) -> Status[Any]:
    refusal = hit("api_token_create", f"person:{person(request).pk}", request=request)
    if refusal is not None:
        raise HttpError(429, f"Too many new API tokens: try again in {refusal.wait}.")
    token, raw = api_token_create(by=person(request), name=payload.name)
    token.token = raw  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke an API token")
@api_permission(can_revoke_token)
def revoke_token(request: HttpRequest, token_id: int) -> Status[Any]:
    token = get_visible_or_404(_own_tokens(request), pk=token_id)
    api_token_revoke(by=person(request), token=token)
    return Status(204, None)
