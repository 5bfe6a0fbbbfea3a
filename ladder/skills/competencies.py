"""Areas and competencies of a framework: the services that add and change them (edited by
whoever may edit their framework) and the selector for a competency's page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from typing_extensions import Unpack

from ladder.core.audit import diff, log_action, snapshot
from ladder.people.models import Person
from ladder.skills.frameworks import (
    _clean_code,
    _clean_name,
    _competencies_with_tags,
    require_framework_editor,
)
from ladder.skills.models import (
    Area,
    Competency,
    ExternalTag,
    Framework,
    Level,
)

AREA_FIELDS = ["code", "name", "description", "position"]
COMPETENCY_FIELDS = ["area", "code", "name", "description", "position"]
COMPETENCY_EDITABLE = {*COMPETENCY_FIELDS, "external_tags"}


class AreaFields(TypedDict, total=False):
    """What a caller may change on an area (area_update)."""

    code: str
    name: str
    description: str
    position: int


class CompetencyFields(TypedDict, total=False):
    """What a caller may change on a competency (competency_update)."""

    area: Area
    code: str
    name: str
    description: str
    position: int
    external_tags: Iterable[ExternalTag]


# ---------------------------------------------------------------------------------------------
# Areas
# ---------------------------------------------------------------------------------------------


def _validate_area(area: Area) -> None:
    area.code = _clean_code(area.code, field="code", max_length=60, what="area")
    area.name = _clean_name(area.name, field="name", max_length=200, what="area")
    area.description = (area.description or "").strip()
    if not isinstance(area.position, int) or not 0 <= area.position <= 32767:
        raise ValidationError({"position": "The position must be a whole number from 0."})
    same = Area.objects.filter(framework_id=area.framework_id, code=area.code)
    if area.pk is not None:
        same = same.exclude(pk=area.pk)
    if same.exists():
        raise ValidationError(
            {"code": f"The framework already has an area with the code “{area.code}”."}
        )


def area_create(
    *,
    by: Person,
    framework: Framework,
    code: str,
    name: str,
    description: str = "",
    position: int = 0,
) -> Area:
    require_framework_editor(by, framework)
    area = Area(
        framework=framework, code=code, name=name, description=description, position=position
    )
    _validate_area(area)
    with transaction.atomic():
        area.save()
        log_action(
            actor=by,
            action="skills.area.created",
            obj=area,
            summary=f"Added area {area.name} to {framework.name}",
            changes=diff({}, snapshot(area, AREA_FIELDS)),
        )
    return area


def area_update(*, by: Person, area: Area, **fields: Unpack[AreaFields]) -> Area:
    require_framework_editor(by, area.framework)
    unknown = set(fields) - set(AREA_FIELDS)
    if unknown:
        raise TypeError(f"Unknown area fields: {', '.join(sorted(unknown))}")
    before = snapshot(area, AREA_FIELDS)
    for name, value in fields.items():
        setattr(area, name, value)
    try:
        _validate_area(area)
    except ValidationError:
        area.refresh_from_db()
        raise
    with transaction.atomic():
        changes = diff(before, snapshot(area, AREA_FIELDS))
        if changes:
            area.save()
            log_action(
                actor=by,
                action="skills.area.updated",
                obj=area,
                summary=f"Changed area {area.name} of {area.framework.name}",
                changes=changes,
            )
    return area


# ---------------------------------------------------------------------------------------------
# Competencies
# ---------------------------------------------------------------------------------------------


def _validate_competency(competency: Competency) -> None:
    competency.code = _clean_code(competency.code, field="code", max_length=80, what="competency")
    competency.name = _clean_name(competency.name, field="name", max_length=200, what="competency")
    competency.description = (competency.description or "").strip()
    if not isinstance(competency.position, int) or not 0 <= competency.position <= 32767:
        raise ValidationError({"position": "The position must be a whole number from 0."})
    if competency.area.framework_id != competency.framework_id:
        raise ValidationError({"area": "Choose an area of the same framework."})
    same = Competency.objects.filter(framework_id=competency.framework_id, code=competency.code)
    if competency.pk is not None:
        same = same.exclude(pk=competency.pk)
    if same.exists():
        raise ValidationError(
            {"code": f"The framework already has a competency with the code “{competency.code}”."}
        )


def _tag_list(tags: Iterable[ExternalTag]) -> list[ExternalTag]:
    result: list[ExternalTag] = []
    for tag in tags:
        if not isinstance(tag, ExternalTag):
            raise ValidationError({"external_tags": "Choose tags of the external schemes."})
        if tag not in result:
            result.append(tag)
    return result


def _tag_codes(tags: Iterable[ExternalTag]) -> list[str]:
    return sorted(f"{t.scheme.slug}:{t.code}" for t in tags)


def competency_create(
    *,
    by: Person,
    framework: Framework,
    area: Area,
    code: str,
    name: str,
    description: str = "",
    position: int = 0,
    external_tags: Iterable[ExternalTag] = (),
) -> Competency:
    require_framework_editor(by, framework)
    tags = _tag_list(external_tags)
    competency = Competency(
        framework=framework,
        area=area,
        code=code,
        name=name,
        description=description,
        position=position,
    )
    _validate_competency(competency)
    with transaction.atomic():
        competency.save()
        competency.external_tags.set(tags)
        log_action(
            actor=by,
            action="skills.competency.created",
            obj=competency,
            summary=f"Added competency {competency.name} to {framework.name}",
            changes={
                **diff({}, snapshot(competency, COMPETENCY_FIELDS)),
                "external_tags": [[], _tag_codes(tags)],
            },
        )
    return competency


def competency_update(
    *, by: Person, competency: Competency, **fields: Unpack[CompetencyFields]
) -> Competency:
    require_framework_editor(by, competency.framework)
    unknown = set(fields) - COMPETENCY_EDITABLE
    if unknown:
        raise TypeError(f"Unknown competency fields: {', '.join(sorted(unknown))}")
    tags = _tag_list(fields.pop("external_tags")) if "external_tags" in fields else None
    before = snapshot(competency, COMPETENCY_FIELDS)
    old_tags = _tag_codes(competency.external_tags.select_related("scheme"))
    for name, value in fields.items():
        setattr(competency, name, value)
    try:
        _validate_competency(competency)
    except ValidationError:
        competency.refresh_from_db()
        raise
    with transaction.atomic():
        changes = diff(before, snapshot(competency, COMPETENCY_FIELDS))
        if changes:
            competency.save()
        if tags is not None and _tag_codes(tags) != old_tags:
            competency.external_tags.set(tags)
            changes["external_tags"] = [old_tags, _tag_codes(tags)]
        if changes:
            log_action(
                actor=by,
                action="skills.competency.updated",
                obj=competency,
                summary=f"Changed competency {competency.name} of {competency.framework.name}",
                changes=changes,
            )
    return competency


# ---------------------------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------------------------


def competency_detail_queryset() -> QuerySet[Competency]:
    return (
        _competencies_with_tags()
        .select_related("framework__network", "area")
        .prefetch_related(Prefetch("framework__levels", queryset=Level.objects.order_by("value")))
    )
