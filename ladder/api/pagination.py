"""Limit/offset pagination with a total count, bounded so no request asks for everything."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

# Fixed here rather than from settings.PAGE_SIZE: the API's contract (and its OpenAPI
# document) must not change with a deployment's environment.
DEFAULT_LIMIT = 25
MAX_LIMIT = 100
# Far beyond any real list, yet small enough for every database's OFFSET.
MAX_OFFSET = 1_000_000_000


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items to return.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class LimitOffset(PaginationBase):
    # A named class rather than the nested `Input`, so the OpenAPI component reads PageParams;
    # mypy treats a nested class attribute as fixed.
    Input = PageParams  # type: ignore[assignment]

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="How many items match, over all pages.")
        limit: int
        offset: int

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        limit, offset = pagination.limit, pagination.offset
        return {
            "items": list(queryset[offset : offset + limit]),
            "count": self._items_count(queryset),
            "limit": limit,
            "offset": offset,
        }
