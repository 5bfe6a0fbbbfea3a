"""Installing the shipped default framework (ladder.skills.default_framework) and the LSSC
scheme, and bringing them up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from ladder.core.audit import log_action
from ladder.skills import default_framework as data
from ladder.skills.models import (
    Area,
    Competency,
    ExternalScheme,
    ExternalTag,
    Framework,
    Level,
)

# ---------------------------------------------------------------------------------------------
# The shipped default framework
# ---------------------------------------------------------------------------------------------


@dataclass
class InstallCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _sync(
    obj: models.Model | None,
    model: type[models.Model],
    keys: dict[str, Any],
    values: dict[str, Any],
) -> tuple[Any, str]:
    """Create the row, or bring its fields to values; returns it and what happened."""
    if obj is None:
        return model._default_manager.create(**keys, **values), "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    return obj, "updated"


def _install_scheme(counts: InstallCounts) -> dict[str, ExternalTag]:
    scheme, outcome = _sync(
        ExternalScheme.objects.filter(slug=data.LSSC_SLUG).first(),
        ExternalScheme,
        {"slug": data.LSSC_SLUG},
        {"name": data.LSSC_NAME, "description": data.LSSC_DESCRIPTION},
    )
    counts.add(outcome)
    existing = {t.code: t for t in ExternalTag.objects.filter(scheme=scheme)}
    tags = {}
    for code, name, required in data.LSSC_SETS:
        tag, outcome = _sync(
            existing.get(code),
            ExternalTag,
            {"scheme": scheme, "code": code},
            {"name": name, "is_required": required},
        )
        counts.add(outcome)
        tags[code] = tag
    return tags


def default_framework_sync() -> tuple[Framework, InstallCounts]:
    """Install or update the shipped framework and the LSSC scheme; never removes anything
    (levels, areas or competencies added locally stay). Safe to run any number of times."""
    counts = InstallCounts()
    with transaction.atomic():
        tags = _install_scheme(counts)
        framework = Framework.objects.filter(slug=data.SLUG).first()
        if framework is None:
            # The first install becomes the default unless someone already chose one.
            is_default = not Framework.objects.filter(is_default=True).exists()
            framework = Framework.objects.create(
                slug=data.SLUG,
                name=data.NAME,
                description=data.DESCRIPTION,
                is_default=is_default,
            )
            counts.add("created")
        else:
            framework, outcome = _sync(
                framework,
                Framework,
                {},
                {"name": data.NAME, "description": data.DESCRIPTION, "network_id": None},
            )
            counts.add(outcome)
        levels = {lvl.value: lvl for lvl in Level.objects.filter(framework=framework)}
        for value, name, description in data.LEVELS:
            _, outcome = _sync(
                levels.get(value),
                Level,
                {"framework": framework, "value": value},
                {"name": name, "description": description},
            )
            counts.add(outcome)
        areas = {a.code: a for a in Area.objects.filter(framework=framework)}
        competencies = {
            c.code: c
            for c in Competency.objects.filter(framework=framework).prefetch_related(
                "external_tags"
            )
        }
        for area_position, spec in enumerate(data.AREAS):
            area, outcome = _sync(
                areas.get(spec.code),
                Area,
                {"framework": framework, "code": spec.code},
                {"name": spec.name, "description": spec.description, "position": area_position},
            )
            counts.add(outcome)
            for position, item in enumerate(spec.competencies):
                existing = competencies.get(item.code)
                competency, outcome = _sync(
                    existing,
                    Competency,
                    {"framework": framework, "code": item.code},
                    {
                        "area_id": area.pk,
                        "name": item.name,
                        "description": item.description,
                        "position": position,
                    },
                )
                wanted = {tags[code].pk for code in spec.tags_of(item)}
                have = {t.pk for t in existing.external_tags.all()} if existing else set()
                if wanted != have:
                    competency.external_tags.set(wanted)
                    outcome = "updated" if outcome == "unchanged" else outcome
                counts.add(outcome)
        if counts.changed:
            log_action(
                actor=None,
                action="skills.framework.installed",
                obj=framework,
                summary=f"Installed the shipped framework {framework.name}",
                changes={"created": [None, counts.created], "updated": [None, counts.updated]},
            )
    return framework, counts


def install_default_framework() -> Framework:
    """The shipped default framework and the LSSC scheme, installed or brought up to date."""
    framework, _ = default_framework_sync()
    return framework
