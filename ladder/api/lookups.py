"""Turning ids in a request body into objects, with a field error for an unknown one.

An id in the URL names the resource: unknown or invisible is a 404. An id in the body is an
input value: unknown or invisible is a 422 on that field, worded the same either way so the
answer does not tell whether a hidden object exists.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

M = TypeVar("M", bound=models.Model)


def one(queryset: models.QuerySet[M], pk: int, field: str) -> M:
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        label = queryset.model._meta.verbose_name
        raise ValidationError({field: [f"There is no {label} with id {pk}."]})
    return obj


def optional(queryset: models.QuerySet[M], pk: int | None, field: str) -> M | None:
    return None if pk is None else one(queryset, pk, field)


def many(queryset: models.QuerySet[M], pks: list[int], field: str) -> list[M]:
    """The objects in the order of `pks`."""
    found = queryset.in_bulk(pks)
    missing = [pk for pk in pks if pk not in found]
    if missing:
        label = queryset.model._meta.verbose_name_plural
        listed = ", ".join(str(pk) for pk in missing)
        raise ValidationError({field: [f"There are no {label} with ids {listed}."]})
    return [found[pk] for pk in pks]


def resolve_fields(data: dict[str, Any], lookups: dict[str, models.QuerySet[Any]]) -> None:
    """Replace, in place, each id in `data` named in `lookups` by its object (None stays None)."""
    for field, queryset in lookups.items():
        if field in data:
            data[field] = optional(queryset, data[field], field)
