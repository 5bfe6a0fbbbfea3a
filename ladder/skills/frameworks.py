"""Competency frameworks and their level scales: who edits a framework, the services that
add and change one, and the selectors that read frameworks and their external schemes.

Ownership: a framework with a network belongs to that network (its coordinators edit it); a
shared framework (no network) is edited by site admins only. Everything here is readable by
every logged-in user. Areas and competencies are in ladder.skills.competencies, the levels
job classes require in ladder.skills.jobclass_requirements, the shipped framework's install
in ladder.skills.framework_install.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Prefetch, QuerySet
from typing_extensions import Unpack

from ladder.core.access import Access, access_for
from ladder.core.audit import diff, log_action, snapshot
from ladder.core.policies import require
from ladder.orgs.models import Network
from ladder.people.models import Person
from ladder.skills import policies
from ladder.skills.models import (
    Area,
    Competency,
    ExternalScheme,
    ExternalTag,
    Framework,
    Level,
)

MAX_LEVEL = 10
FRAMEWORK_EDITABLE = {"name", "slug", "description", "levels", "is_default"}

LevelSpec = tuple[int, str, str]


class FrameworkFields(TypedDict, total=False):
    """What a caller may change on a framework (framework_update)."""

    name: str
    slug: str
    description: str
    levels: list[LevelSpec]
    is_default: bool


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


def framework_update(
    *, by: Person, framework: Framework, **fields: Unpack[FrameworkFields]
) -> Framework:
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
