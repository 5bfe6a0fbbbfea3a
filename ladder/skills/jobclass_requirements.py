"""The competency levels job classes require: the services that set them and the selectors
that read them.

A job class's required levels are edited by whoever may edit the job class, and only with
competencies of the frameworks its owner may use: the shared ones and those of its networks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.policies import require
from ladder.orgs.models import Membership
from ladder.people.ladders import owner_label
from ladder.people.models import JobClass, Person
from ladder.people.policies import can_edit_job_class
from ladder.skills.models import (
    Area,
    Competency,
    Framework,
    JobClassCompetency,
    Level,
)

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
