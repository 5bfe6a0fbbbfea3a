"""Per-person progress on a scheme: parts done and remaining, hours this cycle, dates, status.

Reads only. `progress_for(pursuits, today)` works on many pursuits at once with a fixed number
of queries (the pursuits' schemes must be prefetched with `pursuit_queryset()`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ladder.certifications.hours import (
    ZERO,
    Activity,
    CycleCount,
    add_years,
    count_cycle,
)
from ladder.certifications.models import PartCompletion, Pursuit, Scheme, SchemePart
from ladder.certifications.schemes import scheme_rules
from ladder.core.dates import add_months
from ladder.learning.models import TrainingCompetency, TrainingRecord


class Status:
    PURSUING = "pursuing"
    OUT_OF_TIME = "out_of_time"
    EARNED = "earned"
    RENEWAL_WINDOW = "renewal_window"
    GRACE = "grace"
    LAPSED = "lapsed"

    LABELS: dict[str, str] = {
        PURSUING: "Pursuing",
        OUT_OF_TIME: "Time limit passed",
        EARNED: "Earned",
        RENEWAL_WINDOW: "In renewal window",
        GRACE: "In grace period",
        LAPSED: "Lapsed",
    }
    HOLDING = (EARNED, RENEWAL_WINDOW, GRACE)


def pursuit_queryset() -> QuerySet[Pursuit]:
    return Pursuit.objects.select_related(
        "person", "scheme", "scheme__network", "scheme__certification_type"
    ).prefetch_related(
        "scheme__parts",
        "scheme__categories",
        "scheme__conversions",
        Prefetch("completions", queryset=PartCompletion.objects.select_related("training_record")),
    )


@dataclass
class PartProgress:
    part: SchemePart
    completion: PartCompletion | None = None
    records: list[TrainingRecord] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.completion is not None or bool(self.records)

    @property
    def how(self) -> str:
        if self.completion is not None:
            return self.completion.get_method_display()
        return "Training record" if self.records else ""


@dataclass
class CategoryHours:
    code: str
    name: str
    hours: Decimal
    minimum: Decimal

    @property
    def short_by(self) -> Decimal:
        return max(self.minimum - self.hours, ZERO)


@dataclass
class Progress:
    pursuit: Pursuit
    status: str
    required: list[PartProgress]
    electives: list[PartProgress]
    finish_by: dt.date | None = None
    window_opens: dt.date | None = None
    grace_ends: dt.date | None = None
    cycle: CycleCount | None = None
    rolling: CycleCount | None = None
    categories: list[CategoryHours] = field(default_factory=list)
    records: dict[int, TrainingRecord] = field(default_factory=dict)

    @property
    def scheme(self) -> Scheme:
        return self.pursuit.scheme

    @property
    def status_label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def required_done(self) -> int:
        return sum(1 for p in self.required if p.done)

    @property
    def electives_done(self) -> int:
        return sum(1 for p in self.electives if p.done)

    @property
    def electives_needed(self) -> int:
        return self.scheme.electives_needed

    @property
    def parts_remaining(self) -> int:
        """Parts still to do before it can be earned; none once it is earned (parts earned
        before Ladder kept the record count as done)."""
        if self.pursuit.earned_on is not None:
            return 0
        return (len(self.required) - self.required_done) + max(
            self.electives_needed - self.electives_done, 0
        )

    @property
    def parts_complete(self) -> bool:
        return self.parts_remaining == 0

    @property
    def is_holding(self) -> bool:
        return self.status in Status.HOLDING

    @property
    def hours_short(self) -> Decimal:
        """Contact hours still missing this cycle (total, category minimums and rolling)."""
        if self.cycle is None:
            return ZERO
        short = max(self.cycle.shortfall, sum(self.cycle.category_shortfalls.values(), ZERO))
        if self.rolling is not None:
            short = max(short, self.rolling.shortfall)
        return short

    @property
    def shortfalls(self) -> list[str]:
        """What is short this cycle, in words: "5 hours short of Technology", "2 hours short
        in total"."""
        if self.cycle is None:
            return []
        said = [
            f"{hours_text(c.short_by)} short of {c.name}" for c in self.categories if c.short_by
        ]
        total = self.cycle.shortfall
        if self.rolling is not None:
            total = max(total, self.rolling.shortfall)
        if total > sum(self.cycle.category_shortfalls.values(), ZERO):
            said.append(f"{hours_text(total)} short in total")
        return said

    @property
    def hours_met(self) -> bool:
        return self.cycle is not None and self.hours_short == ZERO

    def record_title(self, record_id: object) -> str:
        record = self.records.get(record_id) if isinstance(record_id, int) else None
        return record.title if record else str(record_id)


def hours_text(hours: Decimal) -> str:
    """12 -> "12 hours", 1 -> "1 hour", 2.5 -> "2.5 hours"."""
    number = f"{hours.normalize():f}" if hours != hours.to_integral_value() else f"{int(hours)}"
    return f"{number} hour" if hours == 1 else f"{number} hours"


def status_on(pursuit: Pursuit, today: dt.date) -> str:
    scheme = pursuit.scheme
    if pursuit.earned_on is None or pursuit.expires_on is None:
        if scheme.time_limit_years and today > add_years(
            pursuit.started_on, scheme.time_limit_years
        ):
            return Status.OUT_OF_TIME
        return Status.PURSUING
    expires = pursuit.expires_on
    if today > add_months(expires, scheme.grace_months):
        return Status.LAPSED
    if today > expires:
        return Status.GRACE
    if today >= add_months(expires, -scheme.renewal_window_months):
        return Status.RENEWAL_WINDOW
    return Status.EARNED


def grace_end(pursuit: Pursuit) -> dt.date | None:
    if pursuit.expires_on is None:
        return None
    return add_months(pursuit.expires_on, pursuit.scheme.grace_months)


def _category_codes(record: TrainingRecord, wanted: set[str]) -> frozenset[str]:
    found: set[str] = set()
    for tc in record.competencies.all():
        area = tc.competency.area.code
        tags = {t.code for t in tc.competency.external_tags.all()}
        for code in wanted:
            if area == code or area.startswith(code + "-") or code in tags:
                found.add(code)
    return frozenset(found)


def _tag_ids(record: TrainingRecord) -> set[int]:
    return {t.pk for tc in record.competencies.all() for t in tc.competency.external_tags.all()}


def verified_records(person_ids: Iterable[int]) -> dict[int, list[TrainingRecord]]:
    """Verified training records by person, with the competencies needed for parts and hours."""
    by_person: dict[int, list[TrainingRecord]] = defaultdict(list)
    qs = (
        TrainingRecord.objects.filter(
            person_id__in=list(person_ids), status=TrainingRecord.Status.VERIFIED
        )
        .prefetch_related(
            Prefetch(
                "competencies",
                queryset=TrainingCompetency.objects.select_related(
                    "competency__area"
                ).prefetch_related("competency__external_tags"),
            )
        )
        .order_by("completed_on", "pk")
    )
    for record in qs:
        by_person[record.person_id].append(record)
    return by_person


def activities(records: Iterable[TrainingRecord], category_codes: set[str]) -> list[Activity]:
    """Training records as activities in clock hours (one activity per record)."""
    return [
        Activity(
            key=r.pk,
            on=r.completed_on,
            amount=r.hours,
            kind=r.kind,
            categories=_category_codes(r, category_codes),
            title=r.title,
        )
        for r in records
    ]


def _progress(pursuit: Pursuit, records: list[TrainingRecord], today: dt.date) -> Progress:
    scheme = pursuit.scheme
    completions = {c.part_id: c for c in pursuit.completions.all()}
    required: list[PartProgress] = []
    electives: list[PartProgress] = []
    tagged = [(r, _tag_ids(r)) for r in records if r.completed_on >= pursuit.started_on]
    for part in scheme.parts.all():
        item = PartProgress(part=part, completion=completions.get(part.pk))
        if part.external_tag_id:
            item.records = [r for r, tags in tagged if part.external_tag_id in tags]
        (required if part.is_required else electives).append(item)
    status = status_on(pursuit, today)
    progress = Progress(
        pursuit=pursuit,
        status=status,
        required=required,
        electives=electives,
        records={r.pk: r for r in records},
    )
    if scheme.time_limit_years and pursuit.earned_on is None:
        progress.finish_by = add_years(pursuit.started_on, scheme.time_limit_years)
    if pursuit.expires_on is not None:
        progress.window_opens = add_months(pursuit.expires_on, -scheme.renewal_window_months)
        progress.grace_ends = grace_end(pursuit)
        rules = scheme_rules(scheme)
        cats = {c.code: c for c in scheme.categories.all()}
        acts = activities(records, set(cats))
        start = pursuit.cycle_start or pursuit.earned_on or pursuit.started_on
        end = progress.grace_ends or pursuit.expires_on
        progress.cycle = count_cycle(acts, rules, start, end)
        if scheme.rolling_hours and scheme.rolling_years:
            rolling_start = add_years(pursuit.expires_on, -scheme.rolling_years) + dt.timedelta(
                days=1
            )
            progress.rolling = count_cycle(
                acts,
                type(rules)(
                    cycle_hours=scheme.rolling_hours,
                    minutes_per_contact_hour=rules.minutes_per_contact_hour,
                    min_activity_hours=rules.min_activity_hours,
                    unit_hours=rules.unit_hours,
                    kind_factors=rules.kind_factors,
                ),
                rolling_start,
                end,
            )
        progress.categories = [
            CategoryHours(c.code, c.name, progress.cycle.by_category.get(c.code, ZERO), c.min_hours)
            for c in cats.values()
        ]
    return progress


def progress_for(pursuits: Iterable[Pursuit], today: dt.date | None = None) -> list[Progress]:
    """Progress of each pursuit (schemes prefetched; one more query for all training records)."""
    today = today or timezone.localdate()
    pursuits = list(pursuits)
    records = verified_records({p.person_id for p in pursuits})
    return [_progress(p, records.get(p.person_id, []), today) for p in pursuits]


def progress_of(pursuit: Pursuit, today: dt.date | None = None) -> Progress:
    fresh = pursuit_queryset().get(pk=pursuit.pk)
    return progress_for([fresh], today)[0]
