"""``{% history_panel obj %}``: who did what to a record, when, old → new (the audit log).

Put it on the page of any audited record, after the page has checked the viewer may see the
record; ``{% history_panel objs %}`` takes a list (e.g. a person's employments) and shows their
entries together. One query, the newest :data:`LIMIT` entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.db import models
from django.db.models import Q

from ladder.core.models import AuditEntry

register = template.Library()

LIMIT = 100


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _shown(value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def entries_for(objects: Iterable[models.Model]) -> tuple[list[dict[str, Any]], bool]:
    """The newest entries about the objects, as rows for the panel; and whether there are more."""
    by_type: dict[str, list[str]] = {}
    for obj in objects:
        if obj is not None and obj.pk is not None:
            by_type.setdefault(obj._meta.label_lower, []).append(str(obj.pk))
    if not by_type:
        return [], False
    where = Q(pk__in=[])
    for object_type, ids in sorted(by_type.items()):
        where |= Q(object_type=object_type, object_id__in=sorted(ids))
    found = list(AuditEntry.objects.filter(where).select_related("actor")[: LIMIT + 1])
    rows = [
        {
            "at": entry.at,
            "actor": entry.actor.get_full_name() or entry.actor.email if entry.actor else "",
            "what": entry.summary or entry.action,
            "changes": [
                {"field": _label(key), "old": _shown(pair[0]), "new": _shown(pair[1])}
                for key, pair in sorted(entry.changes.items())
                if isinstance(pair, list) and len(pair) == 2
            ],
        }
        for entry in found[:LIMIT]
    ]
    return rows, len(found) > LIMIT


@register.inclusion_tag("core/_history.html")
def history_panel(subject: Any, title: str = "History") -> dict[str, Any]:
    objects = list(subject) if isinstance(subject, (list, tuple, models.QuerySet)) else [subject]
    rows, more = entries_for(objects)
    return {"rows": rows, "more": more, "title": title, "limit": LIMIT}
