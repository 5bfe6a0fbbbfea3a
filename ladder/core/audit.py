"""log_action: the one way services record a change to a record people rely on."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from ladder.core.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in after
        if _plain(before.get(key)) != _plain(after.get(key))
    }


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def assign_fields(
    obj: models.Model, *, fields: Mapping[str, Any], allowed: Collection[str]
) -> None:
    """Set fields on obj, refusing any not in allowed.

    An unknown field is a programming error in the caller, not bad user input: TypeError.
    """
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected {obj._meta.verbose_name} fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


def assign_validated(
    obj: models.Model,
    *,
    fields: Mapping[str, Any],
    allowed: list[str],
    validate: Callable[[], None],
) -> dict[str, list[Any]]:
    """Set the fields and validate the result; return what changed ({field: [old, new]}).

    Values that fail validation are taken off the object again, so whoever shows it next
    sees the record as it is stored, not the rejected edit.
    """
    before = snapshot(obj, allowed)
    assign_fields(obj, fields=fields, allowed=allowed)
    try:
        validate()
    except ValidationError:
        assign_fields(obj, fields=before, allowed=allowed)
        raise
    return diff(before, snapshot(obj, allowed))


def log_action(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:255],
        changes={k: [_plain(v) for v in pair] for k, pair in (changes or {}).items()},
    )


def log_event(
    *, actor: Any, action: str, object_type: str, object_id: str, summary: str = ""
) -> AuditEntry:
    """An entry about something that is not one record: a sign-in lock-out, a throttled link."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=object_type[:80],
        object_id=object_id[:40],
        summary=summary[:255],
    )
