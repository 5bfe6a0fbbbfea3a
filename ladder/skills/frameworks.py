"""Competency frameworks (levels, areas, competencies, external tags) and the competency levels
job classes require: the services that change them and the selectors that read them.

Ownership: a framework with a network belongs to that network (its coordinators edit it); a
shared framework (no network) is edited by site admins only. Everything here is readable by
every logged-in user. A job class's required levels are edited by whoever may edit the job
class, and only with competencies of the frameworks its owner may use: the shared ones and
those of its networks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Prefetch, Q, QuerySet

from ladder.core.access import Access, access_for
from ladder.core.audit import diff, log_action, snapshot
from ladder.core.policies import require
from ladder.orgs.models import Membership, Network
from ladder.people.ladders import owner_label
from ladder.people.models import JobClass, Person
from ladder.people.policies import can_edit_job_class
from ladder.skills import default_framework as data
from ladder.skills import policies
from ladder.skills.models import (
    Area,
    Competency,
    ExternalScheme,
    ExternalTag,
    Framework,
    JobClassCompetency,
    Level,
)

MAX_LEVEL = 10
FRAMEWORK_EDITABLE = {"name", "slug", "description", "levels", "is_default"}
AREA_FIELDS = ["code", "name", "description", "position"]
COMPETENCY_FIELDS = ["area", "code", "name", "description", "position"]
COMPETENCY_EDITABLE = {*COMPETENCY_FIELDS, "external_tags"}

LevelSpec = tuple[int, str, str]

# ---------------------------------------------------------------------------------------------
# Permissions
# ---------------------------------------------------------------------------------------------


def framework_owner_label(framework: Framework) -> str:
    if framework.network_id is None:
        return "Shared by every network"
    return f"{framework.network} (the network's own)"


def require_framework_editor(by: Person, framework: Framework) -> None:
    require(
        policies.can_edit_framework,
        access_for(by),
        framework,
        message=f"You may not change {framework.name}: "
        + (
            "only site admins change a shared framework."
            if framework.network_id is None
            else f"only the coordinators of {framework.network} change it."
        ),
    )


# ---------------------------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------------------------


def _clean_code(value: Any, *, field: str, max_length: int, what: str) -> str:
    code = str(value or "").strip().lower()
    if not code:
        raise ValidationError({field: f"Enter the {what}'s code."})
    if len(code) > max_length:
        raise ValidationError(
            {field: f"The {what}'s code may have at most {max_length} characters."}
        )
    try:
        validate_slug(code)
    except ValidationError as exc:
        raise ValidationError(
            {field: f"The code “{code}” may use only letters, digits, hyphens and underscores."}
        ) from exc
    return code


def _clean_name(value: Any, *, field: str, max_length: int, what: str) -> str:
    name = str(value or "").strip()
    if not name:
        raise ValidationError({field: f"Enter the {what}'s name."})
    if len(name) > max_length:
        raise ValidationError(
            {field: f"The {what}'s name may have at most {max_length} characters."}
        )
    return name


def clean_levels(levels: Iterable[Any]) -> list[LevelSpec]:
    """A scale as (value, name, description), lowest first; ValidationError on 'levels'."""
    cleaned: list[LevelSpec] = []
    seen: set[int] = set()
    for spec in levels:
        value, name, *rest = spec
        description = str(rest[0] if rest else "").strip()
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LEVEL:
            raise ValidationError(
                {"levels": f"A level's value must be a whole number from 0 to {MAX_LEVEL}."}
            )
        name = str(name or "").strip()
        if not name:
            raise ValidationError({"levels": f"Give level {value} a name."})
        if len(name) > 60:
            raise ValidationError({"levels": f"Level {value}'s name is longer than 60 characters."})
        if value in seen:
            raise ValidationError({"levels": f"The value {value} appears twice in the scale."})
        seen.add(value)
        cleaned.append((value, name, description))
    if len(cleaned) < 2:
        raise ValidationError({"levels": "A scale needs at least two levels."})
    return sorted(cleaned)


def _level_users() -> list[tuple[type[models.Model], list[str]]]:
    """Every model that records a level of a competency, and its level fields.

    Found rather than listed so that requirements, ratings, evidence, hats and training added
    by any app all protect the values they use.
    """
    found = []
    for model in apps.get_models():
        if model is Level:
            continue
        competency_fks = [
            f
            for f in model._meta.get_fields()
            if isinstance(f, models.ForeignKey) and f.related_model is Competency
        ]
        level_fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.PositiveSmallIntegerField) and f.name.endswith("level")
        ]
        if len(competency_fks) == 1 and level_fields:
            found.append((model, [f"{competency_fks[0].name}", *level_fields]))
    return found


def levels_in_use(framework: Framework) -> set[int]:
    """Level values that some requirement, rating or log entry of this framework records."""
    used: set[int] = set()
    for model, (fk_name, *level_fields) in _level_users():
        rows = model._default_manager.filter(**{f"{fk_name}__framework": framework})
        for row in rows.values_list(*level_fields).distinct():
            used.update(v for v in row if v is not None)
    return used


def _framework_name_taken(name: str, slug: str, exclude_pk: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    others = Framework.objects.exclude(pk=exclude_pk) if exclude_pk else Framework.objects.all()
    if others.filter(name__iexact=name).exists():
        errors["name"] = f"A framework named “{name}” already exists; choose another name."
    if others.filter(slug=slug).exists():
        errors["slug"] = f"The short name “{slug}” is already used by another framework."
    return errors


def _levels_text(levels: Iterable[LevelSpec]) -> list[str]:
    return [f"{value} {name}" for value, name, _ in levels]


# ---------------------------------------------------------------------------------------------
# Frameworks
# ---------------------------------------------------------------------------------------------


def framework_create(
    *,
    by: Person,
    name: str,
    slug: str,
    network: Network | None = None,
    description: str = "",
    levels: list[tuple[int, str, str]],
) -> Framework:
    """A network's own framework, or (site admins only) one shared by every network."""
    access = access_for(by)
    shared = network is None
    require(
        policies.can_add_framework_to,
        access,
        network,
        message=None if shared else f"Only the coordinators of {network} add frameworks to it.",
    )
    name = _clean_name(name, field="name", max_length=200, what="framework")
    slug = _clean_code(slug, field="slug", max_length=80, what="framework")
    scale = clean_levels(levels)
    errors = _framework_name_taken(name, slug, None)
    if errors:
        raise ValidationError(errors)
    framework = Framework(
        name=name, slug=slug, network=network, description=(description or "").strip()
    )
    try:
        with transaction.atomic():
            framework.save()
            Level.objects.bulk_create(
                Level(framework=framework, value=v, name=n, description=d) for v, n, d in scale
            )
            log_action(
                actor=by,
                action="skills.framework.created",
                obj=framework,
                summary=f"Added framework {framework.name} ({framework_owner_label(framework)})",
                changes={
                    **diff({}, snapshot(framework, ["name", "slug", "description", "network"])),
                    "levels": [[], _levels_text(scale)],
                },
            )
    except IntegrityError as exc:
        # Another request took the name or short name between the check and the save.
        raise ValidationError({"name": "That name or short name was just taken."}) from exc
    return framework


def _set_levels(framework: Framework, scale: list[LevelSpec]) -> list[LevelSpec] | None:
    """Bring the framework's levels to the scale; the old scale when it changed, else None."""
    current = {lvl.value: lvl for lvl in Level.objects.filter(framework=framework)}
    old = [(lvl.value, lvl.name, lvl.description) for lvl in sorted(current.values(), key=_value)]
    if old == scale:
        return None
    wanted = {value for value, _, _ in scale}
    removed = set(current) - wanted
    in_use = sorted(removed & levels_in_use(framework))
    if in_use:
        listed = ", ".join(f"{v} {current[v].name}" for v in in_use)
        raise ValidationError(
            {
                "levels": f"Level{'s' if len(in_use) > 1 else ''} {listed} cannot be removed: "
                "job class or hat requirements, ratings or the evidence log use "
                f"{'them' if len(in_use) > 1 else 'it'}. Rename a level instead."
            }
        )
    Level.objects.filter(framework=framework, value__in=removed).delete()
    for value, name, description in scale:
        level = current.get(value)
        if level is None:
            Level.objects.create(
                framework=framework, value=value, name=name, description=description
            )
        elif (level.name, level.description) != (name, description):
            level.name, level.description = name, description
            level.save(update_fields=["name", "description"])
    return old


def _value(level: Level) -> int:
    return level.value


def framework_update(*, by: Person, framework: Framework, **fields: Any) -> Framework:
    """Change name, slug, description, the level scale (`levels`) or, for site admins,
    which framework is the default (`is_default`)."""
    require_framework_editor(by, framework)
    unknown = set(fields) - FRAMEWORK_EDITABLE
    if unknown:
        raise TypeError(f"Unknown framework fields: {', '.join(sorted(unknown))}")
    if "is_default" in fields and bool(fields["is_default"]) != framework.is_default:
        require(policies.can_choose_default_framework, access_for(by))
    before = snapshot(framework, ["name", "slug", "description", "is_default"])
    after = dict(before)
    if "name" in fields:
        after["name"] = _clean_name(fields["name"], field="name", max_length=200, what="framework")
    if "slug" in fields:
        after["slug"] = _clean_code(fields["slug"], field="slug", max_length=80, what="framework")
    if "description" in fields:
        after["description"] = str(fields["description"] or "").strip()
    if "is_default" in fields:
        after["is_default"] = bool(fields["is_default"])
    scale = clean_levels(fields["levels"]) if "levels" in fields else None
    errors = _framework_name_taken(after["name"], after["slug"], framework.pk)
    if errors:
        raise ValidationError(errors)
    for name, value in after.items():
        setattr(framework, name, value)
    try:
        _save_framework_update(by, framework, before, scale)
    except (ValidationError, IntegrityError) as exc:
        framework.refresh_from_db()
        if isinstance(exc, IntegrityError):
            raise ValidationError({"name": "That name or short name was just taken."}) from exc
        raise
    return framework


def _save_framework_update(
    by: Person, framework: Framework, before: dict[str, Any], scale: list[LevelSpec] | None
) -> None:
    with transaction.atomic():
        changes = diff(before, snapshot(framework, list(before)))
        if framework.is_default and "is_default" in changes:
            # One default at a time: the one just chosen replaces the old one.
            Framework.objects.filter(is_default=True).exclude(pk=framework.pk).update(
                is_default=False
            )
        if scale is not None:
            old = _set_levels(framework, scale)
            if old is not None:
                changes["levels"] = [_levels_text(old), _levels_text(scale)]
        if changes:
            framework.save()
            log_action(
                actor=by,
                action="skills.framework.updated",
                obj=framework,
                summary=f"Changed framework {framework.name}",
                changes=changes,
            )


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


def area_update(*, by: Person, area: Area, **fields: Any) -> Area:
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


def competency_update(*, by: Person, competency: Competency, **fields: Any) -> Competency:
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
# Job class requirements
# ---------------------------------------------------------------------------------------------


def _job_class_network_ids(job_class: JobClass) -> Q:
    if job_class.library_id is not None:
        return Q(
            network_id__in=Membership.objects.filter(library_id=job_class.library_id).values(
                "network_id"
            )
        )
    if job_class.network_id is not None:
        return Q(network_id=job_class.network_id)
    return Q(pk__in=[])


def frameworks_for_job_class(job_class: JobClass) -> QuerySet[Framework]:
    """The frameworks whose competencies the job class may require: the shared ones and
    those of the networks its owner belongs to; the default first."""
    return Framework.objects.filter(
        Q(network__isnull=True) | _job_class_network_ids(job_class)
    ).order_by("-is_default", "name", "pk")


@dataclass
class _Change:
    competency: Competency
    old: int | None
    new: int | None


def _check_requirement(
    job_class: JobClass,
    competency: Competency,
    level: int | None,
    scales: dict[int, dict[int, str]],
) -> None:
    scale = scales.get(competency.framework_id)
    if scale is None:
        raise ValidationError(
            {
                "competency": f"{competency.name} belongs to a framework that "
                f"{job_class.name} ({owner_label(job_class)}) may not use: only shared "
                "frameworks and those of its network."
            }
        )
    if level is None:
        return
    if isinstance(level, bool) or not isinstance(level, int) or level not in scale:
        listed = ", ".join(f"{v} {n}" for v, n in sorted(scale.items()))
        raise ValidationError(
            {
                "level": f"{level} is not a level of the framework's scale for "
                f"{competency.name}; choose one of {listed}."
            }
        )
    if level == min(scale):
        raise ValidationError(
            {
                "level": f"{level} {scale[level]} is the lowest level of the scale: requiring it "
                f"asks nothing. Leave {competency.name} not required instead."
            }
        )


def _scales(job_class: JobClass) -> dict[int, dict[int, str]]:
    """Framework id -> {level value: name} for the frameworks the job class may use."""
    scales: dict[int, dict[int, str]] = {}
    for level in Level.objects.filter(framework__in=frameworks_for_job_class(job_class)):
        scales.setdefault(level.framework_id, {})[level.value] = level.name
    return scales


def jobclass_requirements_set(
    *, by: Person, job_class: JobClass, levels: Mapping[Competency, int | None]
) -> list[JobClassCompetency]:
    """Set several required levels at once, all or nothing (None removes a requirement;
    competencies left out stay as they are). Returns the requirements that changed."""
    require(
        can_edit_job_class,
        access_for(by),
        job_class,
        message=f"You may not change {job_class.name}: it belongs to {owner_label(job_class)}.",
    )
    scales = _scales(job_class)
    for competency, level in levels.items():
        _check_requirement(job_class, competency, level, scales)
    with transaction.atomic():
        current = {
            r.competency_id: r
            for r in JobClassCompetency.objects.select_for_update().filter(
                job_class=job_class, competency__in=list(levels)
            )
        }
        changes = []
        for competency, level in levels.items():
            existing = current.get(competency.pk)
            old = existing.level if existing else None
            if old != level:
                changes.append(_Change(competency, old, level))
        if not changes:
            return []
        removed = [c.competency.pk for c in changes if c.new is None]
        JobClassCompetency.objects.filter(job_class=job_class, competency_id__in=removed).delete()
        written = []
        for change in changes:
            if change.new is None:
                continue
            requirement = current.get(change.competency.pk)
            if requirement is None:
                requirement = JobClassCompetency.objects.create(
                    job_class=job_class, competency=change.competency, level=change.new
                )
            else:
                requirement.level = change.new
                requirement.save(update_fields=["level"])
            written.append(requirement)
        log_action(
            actor=by,
            action="skills.jobclass_requirements.changed",
            obj=job_class,
            summary=f"Changed the competency requirements of {job_class.name}",
            changes={f"competency:{c.competency.code}": [c.old, c.new] for c in changes},
        )
    return written


def jobclass_competency_set(
    *, by: Person, job_class: JobClass, competency: Competency, level: int | None
) -> JobClassCompetency | None:
    """The job class requires the competency at this level; None removes the requirement."""
    jobclass_requirements_set(by=by, job_class=job_class, levels={competency: level})
    if level is None:
        return None
    return JobClassCompetency.objects.get(job_class=job_class, competency=competency)


# ---------------------------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------------------------


def framework_list() -> QuerySet[Framework]:
    """Every framework (all are readable), with counts, the default first."""
    return (
        Framework.objects.select_related("network")
        .annotate(
            area_count=Count("areas", distinct=True),
            competency_count=Count("competencies", distinct=True),
        )
        .order_by("-is_default", "network__name", "name", "pk")
    )


def _competencies_with_tags() -> QuerySet[Competency]:
    tags = ExternalTag.objects.select_related("scheme")
    return Competency.objects.prefetch_related(Prefetch("external_tags", queryset=tags))


def framework_detail_queryset() -> QuerySet[Framework]:
    """Frameworks with their levels, areas and competencies (and tags) in a fixed number of
    queries, however many competencies."""
    competencies = _competencies_with_tags().order_by("position", "name", "pk")
    areas = Area.objects.order_by("position", "name", "pk").prefetch_related(
        Prefetch("competencies", queryset=competencies)
    )
    return Framework.objects.select_related("network").prefetch_related(
        Prefetch("levels", queryset=Level.objects.order_by("value")),
        Prefetch("areas", queryset=areas),
    )


def competency_detail_queryset() -> QuerySet[Competency]:
    return (
        _competencies_with_tags()
        .select_related("framework__network", "area")
        .prefetch_related(Prefetch("framework__levels", queryset=Level.objects.order_by("value")))
    )


def external_schemes() -> QuerySet[ExternalScheme]:
    """The external schemes, each tag with the number of competencies mapped to it."""
    tags = ExternalTag.objects.annotate(competency_count=Count("competencies")).order_by(
        "-is_required", "name", "pk"
    )
    return ExternalScheme.objects.prefetch_related(Prefetch("tags", queryset=tags)).order_by("name")


def framework_tags(framework: Framework) -> QuerySet[ExternalTag]:
    """The external tags some competency of the framework has (for filtering its page)."""
    return (
        ExternalTag.objects.filter(competencies__framework=framework)
        .select_related("scheme")
        .distinct()
        .order_by("scheme__name", "-is_required", "name", "pk")
    )


def requiring_job_classes(access: Access, competency: Competency) -> QuerySet[JobClassCompetency]:
    """The job classes that require the competency: the templates, and the libraries' own
    classes where the user works, administers or coordinates (the job class list's scope)."""
    qs = JobClassCompetency.objects.filter(competency=competency).select_related(
        "job_class__network", "job_class__library"
    )
    if not access.is_site_admin:
        home = access.admin_library_ids | access.colleague_library_ids | access.network_library_ids
        qs = qs.filter(Q(job_class__library__isnull=True) | Q(job_class__library_id__in=home))
    return qs.order_by("-level", "job_class__name", "job_class_id")


@dataclass(frozen=True)
class RequirementRow:
    framework: Framework
    area: Area
    competency: Competency
    level: int
    level_name: str


def jobclass_requirement_rows(job_class: JobClass) -> list[RequirementRow]:
    """The job class's required competency levels, with level names, in framework order.
    Two queries, however many requirements."""
    requirements = list(
        JobClassCompetency.objects.filter(job_class=job_class)
        .select_related("competency__area", "competency__framework")
        .order_by(
            "competency__framework__name",
            "competency__area__position",
            "competency__area__name",
            "competency__position",
            "competency__name",
        )
    )
    if not requirements:
        return []
    framework_ids = {r.competency.framework_id for r in requirements}
    names = {
        (lvl.framework_id, lvl.value): lvl.name
        for lvl in Level.objects.filter(framework_id__in=framework_ids)
    }
    return [
        RequirementRow(
            framework=r.competency.framework,
            area=r.competency.area,
            competency=r.competency,
            level=r.level,
            level_name=names.get((r.competency.framework_id, r.level), ""),
        )
        for r in requirements
    ]


def framework_owner_choices(access: Access) -> list[tuple[str, str]]:
    """The owners a user may add frameworks for, as form choices ('' = shared)."""
    choices: list[tuple[str, str]] = []
    if access.is_site_admin:
        choices.append(("", "Shared by every network"))
    networks = Network.objects.order_by("name")
    if not access.is_site_admin:
        networks = networks.filter(pk__in=access.coordinator_network_ids)
    choices += [(str(n.pk), f"{n.name} (the network's own)") for n in networks]
    return choices


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
