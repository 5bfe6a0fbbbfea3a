"""Reads of ratings and the evidence log: who may see and record them, and the skill profile.

Ratings are private: only people_managed_by(access) (the person, their supervisor
chain, their library's admins, site admins) see them; everyone else gets a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ladder.core.access import Access
from ladder.people.models import Employment, JobClass, Person
from ladder.people.selectors import people_managed_by
from ladder.skills import policies
from ladder.skills.models import (
    Competency,
    Evidence,
    EvidenceKind,
    HatAssignment,
    HatRequirement,
    Interest,
    JobClassCompetency,
    Level,
    Rating,
)

SELF = EvidenceKind.SELF.value
SUPERVISOR = EvidenceKind.SUPERVISOR.value

# --- permissions ---------------------------------------------------------------------------


def ratings_people(access: Access) -> QuerySet[Person]:
    """Whose ratings and evidence log the user may see."""
    return people_managed_by(access)


def ratings_person_or_404(access: Access, pk: int) -> Person:
    person = ratings_people(access).filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    return person


def rate_kind(access: Access, person: Person) -> str | None:
    """The kind of assessment the user makes on the rate page: their own, or a supervisor's."""
    if access.person_id == person.pk:
        return SELF
    if policies.can_record_evidence(access, person, SUPERVISOR):
        return SUPERVISOR
    return None


# --- the skill profile ---------------------------------------------------------------------


@dataclass
class Requirement:
    """A required level, its scale name, and how far the person's level falls short."""

    level: int
    label: str
    gap: int

    @property
    def is_met(self) -> bool:
        return self.gap <= 0


@dataclass
class ProfileRow:
    competency: Competency
    level: int | None
    level_label: str
    source: str
    source_label: str
    self_label: str
    supervisor_label: str
    self_level: int | None
    supervisor_level: int | None
    scale: list[tuple[int, str]]
    required_now: Requirement | None
    required_hats: Requirement | None
    # One (target job class, requirement or None) per target, in the profile's target order.
    required_targets: list[tuple[JobClass, Requirement | None]]

    @property
    def gaps(self) -> list[str]:
        """What the level falls short of, in words (the table never relies on colour)."""
        found = []
        if self.required_now and not self.required_now.is_met:
            found.append("current job")
        if self.required_hats and not self.required_hats.is_met:
            found.append("hats")
        return found

    @property
    def target_gaps(self) -> int:
        return sum(1 for _, r in self.required_targets if r is not None and not r.is_met)


@dataclass
class SkillProfile:
    person: Person
    job_classes: list[JobClass]
    targets: list[JobClass]
    hats: list[str]
    rows: list[ProfileRow]
    chart: dict[str, Any] = field(default_factory=dict)

    @property
    def rated_count(self) -> int:
        return sum(1 for row in self.rows if row.level is not None)

    @property
    def gaps_now(self) -> int:
        return sum(1 for row in self.rows if row.required_now and not row.required_now.is_met)

    @property
    def gaps_hats(self) -> int:
        return sum(1 for row in self.rows if row.required_hats and not row.required_hats.is_met)

    @property
    def gaps_targets(self) -> list[tuple[JobClass, int]]:
        counts = [0] * len(self.targets)
        for row in self.rows:
            for i, (_, req) in enumerate(row.required_targets):
                if req is not None and not req.is_met:
                    counts[i] += 1
        return list(zip(self.targets, counts, strict=True))

    @property
    def chart_summary(self) -> str:
        """The chart's aria-label: what a sighted reader takes from it at a glance."""
        parts = [
            f"Bar chart of {self.person.display_name}'s levels in {len(self.rows)} "
            f"competenc{'y' if len(self.rows) == 1 else 'ies'}, {self.rated_count} rated"
        ]
        if self.job_classes:
            parts.append(f"{self.gaps_now} below the current job's requirement")
        for target, gaps in self.gaps_targets:
            parts.append(f"{gaps} below {target.name}'s requirement")
        return "; ".join(parts) + ". The table lists the same levels."

    @property
    def chart_height(self) -> int:
        # Room for each competency's bars, so labels never overlap however many there are.
        return 120 + 36 * max(len(self.rows), 1) * (1 + len(self.targets) // 2)


def _label(value: int | None, names: dict[int, str]) -> str:
    if value is None:
        return "Not rated"
    name = names.get(value)
    return f"{value} {name}" if name else str(value)


def _requirement(required: int, level: int | None, names: dict[int, str]) -> Requirement:
    return Requirement(required, _label(required, names), required - (level or 0))


def _max_by(rows: Iterable[tuple[int, int]]) -> dict[int, int]:
    """{competency_id: the highest level any of the rows require}."""
    best: dict[int, int] = {}
    for competency_id, level in rows:
        best[competency_id] = max(level, best.get(competency_id, level))
    return best


def _targets(person: Person) -> list[JobClass]:
    through = Interest.target_job_classes.through
    chosen = through.objects.filter(interest__person_id=person.pk).values("jobclass_id")
    return list(JobClass.objects.filter(pk__in=chosen).order_by("name"))


def _hat_requirements(employment_ids: list[int]) -> tuple[list[str], dict[int, int]]:
    """Names of the hats the person wears or backs up now, and what those hats require."""
    if not employment_ids:
        return [], {}
    today = timezone.localdate()
    assignments = (
        HatAssignment.objects.filter(employment_id__in=employment_ids, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values_list("hat_id", "hat__name")
        .order_by("hat__name")
    )
    hats = dict(assignments)
    required = _max_by(
        HatRequirement.objects.filter(hat_id__in=list(hats)).values_list("competency_id", "level")
    )
    return sorted(set(hats.values())), required


def skill_profile(access: Access, person: Person, *, include: Iterable[int] = ()) -> SkillProfile:
    """The competencies that matter for the person, with their levels and what is required.

    Rows: their current job classes' requirements, their hats' requirements, their target job
    classes' requirements and anything rated (plus `include`, competency pks). A fixed number
    of queries, however many competencies, jobs or hats.
    """
    if not ratings_people(access).filter(pk=person.pk).exists():
        raise Http404("No such person")
    employments = list(
        Employment.objects.current().filter(person_id=person.pk).select_related("job_class")
    )
    job_classes = sorted({e.job_class for e in employments}, key=lambda jc: jc.name)
    targets = _targets(person)
    current_ids = {jc.pk for jc in job_classes}
    requirements = list(
        JobClassCompetency.objects.filter(
            job_class_id__in=current_ids | {t.pk for t in targets}
        ).values_list("job_class_id", "competency_id", "level")
    )
    required_now = _max_by((c, lv) for jc, c, lv in requirements if jc in current_ids)
    required_by_target = [
        {c: lv for jc, c, lv in requirements if jc == target.pk} for target in targets
    ]
    hats, required_hats = _hat_requirements([e.pk for e in employments])
    ratings = {r.competency_id: r for r in Rating.objects.filter(person_id=person.pk)}

    wanted = set(required_now) | set(required_hats) | set(ratings) | set(include)
    for by_target in required_by_target:
        wanted |= set(by_target)
    competencies = sorted(
        Competency.objects.filter(pk__in=wanted).select_related("area", "framework"),
        key=lambda c: (c.framework.name, c.area.position, c.area.name, c.position, c.name),
    )
    scales: dict[int, dict[int, str]] = {}
    for lv in Level.objects.filter(
        framework_id__in={c.framework_id for c in competencies}
    ).order_by("value"):
        scales.setdefault(lv.framework_id, {})[lv.value] = lv.name

    sources = dict(EvidenceKind.choices)
    rows = []
    for competency in competencies:
        names = scales.get(competency.framework_id, {})
        rating = ratings.get(competency.pk)
        level = rating.level if rating else None
        now = required_now.get(competency.pk)
        hat = required_hats.get(competency.pk)
        rows.append(
            ProfileRow(
                competency=competency,
                level=level,
                level_label=_label(level, names),
                source=rating.source if rating else "",
                source_label=sources.get(rating.source, rating.source) if rating else "",
                self_level=rating.self_level if rating else None,
                supervisor_level=rating.supervisor_level if rating else None,
                self_label=_label(rating.self_level if rating else None, names),
                supervisor_label=_label(rating.supervisor_level if rating else None, names),
                scale=list(names.items()),
                required_now=_requirement(now, level, names) if now is not None else None,
                required_hats=_requirement(hat, level, names) if hat is not None else None,
                required_targets=[
                    (target, _requirement(t[competency.pk], level, names))
                    if competency.pk in t
                    else (target, None)
                    for target, t in zip(targets, required_by_target, strict=True)
                ],
            )
        )
    profile = SkillProfile(
        person=person, job_classes=job_classes, targets=targets, hats=hats, rows=rows
    )
    profile.chart = _chart_data(profile, scales)
    return profile


def _chart_data(profile: SkillProfile, scales: dict[int, dict[int, str]]) -> dict[str, Any]:
    """The numbers skill-chart.js draws; the table beside the chart shows the same ones."""
    rows = profile.rows
    datasets: list[dict[str, Any]] = [
        {"key": "level", "label": "Current level", "data": [row.level for row in rows]}
    ]
    if profile.job_classes:
        datasets.append(
            {
                "key": "now",
                "label": "Required for " + ", ".join(jc.name for jc in profile.job_classes),
                "data": [row.required_now.level if row.required_now else None for row in rows],
            }
        )
    for i, target in enumerate(profile.targets):
        datasets.append(
            {
                "key": "target",
                "label": f"Required for {target.name} (target)",
                "data": [
                    req.level if (req := row.required_targets[i][1]) is not None else None
                    for row in rows
                ],
            }
        )
    top = max((max(names, default=0) for names in scales.values()), default=4)
    return {
        "labels": [row.competency.name for row in rows],
        "datasets": datasets,
        "max": top,
    }


def skill_summary(access: Access, person: Person) -> SkillProfile | None:
    """The profile for the summary on a person's page, or None if the user may not see it."""
    try:
        return skill_profile(access, person)
    except Http404:
        return None


def competency_options() -> list[tuple[str, list[tuple[int, str]]]]:
    """Every competency, grouped by framework and area, for 'rate another competency'."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for competency in Competency.objects.select_related("framework", "area").order_by(
        "framework__name", "area__position", "area__name", "position", "name"
    ):
        label = f"{competency.framework.name}: {competency.area.name}"
        groups.setdefault(label, []).append((competency.pk, competency.name))
    return list(groups.items())


# --- the evidence log ----------------------------------------------------------------------


def evidence_visible_to(access: Access) -> QuerySet[Evidence]:
    return Evidence.objects.filter(person_id__in=ratings_people(access).values("pk"))


def evidence_log(person: Person, competency: Competency | None = None) -> QuerySet[Evidence]:
    """The person's log, newest first (the caller has checked the user may see it)."""
    entries = Evidence.objects.filter(person_id=person.pk)
    if competency is not None:
        entries = entries.filter(competency=competency)
    return entries.select_related("competency__area", "recorded_by").order_by("-recorded_at", "-id")


def label_levels(entries: Iterable[Evidence]) -> None:
    """Give each entry a `level_label` ("2 Working") from its framework's scale, in one query."""
    entries = list(entries)
    framework_ids = {e.competency.framework_id for e in entries}
    names = {
        (framework_id, value): name
        for framework_id, value, name in Level.objects.filter(
            framework_id__in=framework_ids
        ).values_list("framework_id", "value", "name")
    }
    for entry in entries:
        name = names.get((entry.competency.framework_id, entry.level))
        entry.level_label = f"{entry.level} {name}" if name else str(entry.level)  # type: ignore[attr-defined]
