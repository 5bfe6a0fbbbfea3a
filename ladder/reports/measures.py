"""Every measure of the library dashboard and the network totals, for many libraries at once.

:func:`measure_libraries` reads what it needs in a fixed number of queries whatever the number
of libraries and people, and answers, per library, *which people* are behind each number (the
library dashboard lists them; the network totals only count them). Eligibility comes from
ladder.careers.eligibility, certification progress from ladder.certifications.progress, the
repayment rule from ladder.tuition.repayment: nothing here re-states their rules.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from ladder.careers import eligibility as el
from ladder.certifications.progress import progress_for, pursuit_queryset
from ladder.core.audit import AuditEntry
from ladder.core.dates import add_months
from ladder.openings.models import Application, Opening
from ladder.orgs.models import Library, Membership
from ladder.people.models import Employment, JobClass
from ladder.reports import pipeline
from ladder.reports.periods import Period, fiscal_year_of
from ladder.tuition.models import ZERO, Claim, Enrolment, Programme, ProgrammeBudget
from ladder.tuition.repayment import repayment_owed

EXPIRING_DAYS = 90


@dataclass
class Money:
    budget: Decimal | None = None
    committed: Decimal = ZERO  # approved or paid
    spent: Decimal = ZERO  # paid


@dataclass
class Fill:
    opening_id: int
    person_id: int | None
    internal: bool
    days: int | None


@dataclass
class LibraryMeasures:
    library_id: int
    funnel: pipeline.Funnel = field(default_factory=pipeline.Funnel)
    #: professional job class id -> people eligible now / one requirement away
    eligible: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    one_away: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    #: period index -> tuition money
    money: dict[int, Money] = field(default_factory=lambda: defaultdict(Money))
    #: graduates whose service commitment has ended, and those who stayed through it
    commitments_ended: set[int] = field(default_factory=set)
    retained: set[int] = field(default_factory=set)
    #: person -> what they owe back for leaving before their commitment ended
    repayments: dict[int, Decimal] = field(default_factory=dict)
    #: period index -> openings filled in it
    fills: dict[int, list[Fill]] = field(default_factory=lambda: defaultdict(list))
    #: period index -> people whose part-time job became a full-time one
    conversions: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    expiring: set[int] = field(default_factory=set)
    short_hours: set[int] = field(default_factory=set)

    def internal(self, index: int) -> list[Fill]:
        return [f for f in self.fills.get(index, []) if f.internal]

    def external(self, index: int) -> list[Fill]:
        return [f for f in self.fills.get(index, []) if not f.internal]

    def median_days_to_fill(self, index: int) -> float | None:
        days = [f.days for f in self.fills.get(index, []) if f.days is not None]
        return float(statistics.median(days)) if days else None


@dataclass
class Measures:
    libraries: dict[int, LibraryMeasures]
    #: professional job class id -> name (the classes people are eligible for)
    job_classes: dict[int, str]


def _period_index(periods: Sequence[Period], day: dt.date | None) -> int | None:
    if day is None:
        return None
    for index, period in enumerate(periods):
        if day in period:
            return index
    return None


def _eligibility(
    result: dict[int, LibraryMeasures], ids: list[int], as_of: dt.date
) -> dict[int, str]:
    scope = dict(
        Employment.objects.current(as_of)
        .filter(library_id__in=ids)
        .order_by("person_id", "weekly_hours")
        .values_list("person_id", "library_id")
    )
    steps = el.next_steps(scope, as_of)
    targets = {step.job_class_id for person_steps in steps.values() for step in person_steps}
    professional = {
        pk: name
        for pk, name, prof, mgmt, education in JobClass.objects.filter(pk__in=targets).values_list(
            "pk", "name", "is_professional", "is_management", "min_education"
        )
        if pipeline.job_class_kind(
            name, is_professional=prof, is_management=mgmt, min_education=education
        )
        == pipeline.KIND_PROFESSIONAL
    }
    for person_id, person_steps in steps.items():
        for step in person_steps:
            if step.library_id not in result or step.job_class_id not in professional:
                continue
            if step.eligible:
                result[step.library_id].eligible[step.job_class_id].add(person_id)
            elif step.one_away:
                result[step.library_id].one_away[step.job_class_id].add(person_id)
    return professional


def _left_on(
    records: dict[tuple[int, int], pipeline.Record], key: tuple[int, int]
) -> dt.date | None:
    """The last day at the library, or None while still employed there (or never was)."""
    record = records.get(key)
    if record is None or not record.jobs or any(job.end is None for job in record.jobs):
        return None
    return max(job.end for job in record.jobs if job.end is not None)


def _tuition(
    result: dict[int, LibraryMeasures],
    ids: list[int],
    periods: Sequence[Period],
    start_months: dict[int, int],
    records: dict[tuple[int, int], pipeline.Record],
    as_of: dt.date,
) -> None:
    years: dict[int, dict[int, int]] = {}  # library -> fiscal year -> period index
    for library_id in ids:
        years[library_id] = {
            period.fiscal_year
            if period.fiscal_year is not None
            else fiscal_year_of(period.start, start_months[library_id]): index
            for index, period in enumerate(periods)
        }
    for sponsor_id, year, amount in (
        ProgrammeBudget.objects.filter(programme__sponsor_id__in=ids)
        .values_list("programme__sponsor_id", "fiscal_year")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        index = years[sponsor_id].get(year)
        if index is not None:
            money = result[sponsor_id].money[index]
            money.budget = (money.budget or ZERO) + (amount or ZERO)
    for library_id, year, status, total in (
        Claim.objects.filter(enrolment__library_id__in=ids, status__in=Claim.COMMITTED)
        .values_list("enrolment__library_id", "fiscal_year", "status")
        .annotate(total=Sum("approved_amount"))
        .order_by()
    ):
        index = years[library_id].get(year) if year is not None else None
        if index is None:
            continue
        money = result[library_id].money[index]
        money.committed += total or ZERO
        if status == Claim.Status.PAID:
            money.spent += total or ZERO
    enrolments = list(
        Enrolment.objects.filter(library_id__in=ids, commitment_starts_on__isnull=False)
        .order_by()
        .values_list(
            "pk",
            "person_id",
            "library_id",
            "commitment_starts_on",
            "commitment_months",
            "programme__repayment",
        )
    )
    reimbursed = dict(
        Claim.objects.filter(
            enrolment__library_id__in=ids,
            enrolment__commitment_starts_on__isnull=False,
            status=Claim.Status.PAID,
        )
        .values_list("enrolment_id")
        .annotate(total=Sum("reimbursement"))
        .order_by()
    )
    for pk, person_id, library_id, starts, months, rule in enrolments:
        if months is None or starts is None:
            continue
        measures = result[library_id]
        left_on = _left_on(records, (person_id, library_id))
        if left_on is not None and left_on > as_of:
            left_on = None
        ends = add_months(starts, months)
        if ends <= as_of:
            measures.commitments_ended.add(person_id)
            if left_on is None or left_on >= ends - dt.timedelta(days=1):
                measures.retained.add(person_id)
        owed = repayment_owed(
            reimbursed.get(pk) or ZERO,
            starts,
            months,
            left_on,
            pro_rata=rule == Programme.Repayment.PRO_RATA,
        )
        if owed > 0:
            measures.repayments[person_id] = measures.repayments.get(person_id, ZERO) + owed


def _openings(
    result: dict[int, LibraryMeasures],
    ids: list[int],
    periods: Sequence[Period],
    records: dict[tuple[int, int], pipeline.Record],
    as_of: dt.date,
) -> None:
    openings = {
        pk: (library_id, job_class_id, published)
        for pk, library_id, job_class_id, published in Opening.objects.filter(
            library_id__in=ids, status=Opening.Status.FILLED
        ).values_list("pk", "library_id", "job_class_id", "published_at")
    }
    hires = dict(
        Application.objects.filter(
            opening_id__in=list(openings), status=Application.Status.HIRED
        ).values_list("opening_id", "person_id")
    )
    closed = {
        int(object_id): when
        for object_id, when in AuditEntry.objects.filter(
            action="opening.closed",
            object_type="openings.opening",
            object_id__in=[str(pk) for pk in openings],
        ).values_list("object_id", "at")
    }
    # Where each hired person worked before: this library, or a library of its networks.
    hired = set(hires.values())
    networks: dict[int, set[int]] = defaultdict(set)
    for library_id, network_id in Membership.objects.filter(library_id__in=ids).values_list(
        "library_id", "network_id"
    ):
        networks[library_id].add(network_id)
    member_of: dict[int, set[int]] = defaultdict(set)
    jobs_of: dict[int, list[tuple[int, int, dt.date, dt.date | None]]] = defaultdict(list)
    for person_id, library_id, job_class_id, start, end in (
        Employment.objects.filter(person_id__in=hired)
        .order_by()
        .values_list("person_id", "library_id", "job_class_id", "start_date", "end_date")
    ):
        jobs_of[person_id].append((library_id, job_class_id, start, end))
    for library_id, network_id in Membership.objects.filter(
        network_id__in={n for ns in networks.values() for n in ns}
    ).values_list("library_id", "network_id"):
        member_of[network_id].add(library_id)
    for pk, (library_id, job_class_id, published) in openings.items():
        hired_id = hires.get(pk)
        opened = published.date() if published else None
        filled_on: dt.date | None = None
        internal = False
        if hired_id is not None:
            jobs = jobs_of.get(hired_id, [])
            starts = [
                start
                for lib, jc, start, _ in jobs
                if lib == library_id and jc == job_class_id and (opened is None or start >= opened)
            ]
            filled_on = min(starts) if starts else None
            near = {library_id} | {lib for n in networks[library_id] for lib in member_of[n]}
            internal = opened is not None and any(
                lib in near and start < opened and (end is None or end >= opened)
                for lib, _, start, end in jobs
            )
        if filled_on is None and pk in closed:
            filled_on = closed[pk].date()
        index = _period_index(periods, filled_on)
        if index is None:
            continue
        days = (filled_on - opened).days if filled_on and opened else None
        result[library_id].fills[index].append(Fill(pk, hired_id, internal, days))
    thresholds = dict(Library.objects.filter(pk__in=ids).values_list("pk", "full_time_threshold"))
    for (person_id, library_id), record in records.items():
        threshold = thresholds[library_id]
        for job in record.jobs:
            if job.weekly_hours < threshold or job.start > as_of:
                continue
            day_before = job.start - dt.timedelta(days=1)
            if any(
                other.weekly_hours < threshold and other.current_on(day_before)
                for other in record.jobs
            ):
                converted = _period_index(periods, job.start)
                if converted is not None:
                    result[library_id].conversions[converted].add(person_id)


def _certifications(result: dict[int, LibraryMeasures], ids: list[int], as_of: dt.date) -> None:
    staff: dict[int, set[int]] = defaultdict(set)
    for person_id, library_id in (
        Employment.objects.current(as_of)
        .filter(library_id__in=ids)
        .values_list("person_id", "library_id")
    ):
        staff[person_id].add(library_id)
    pursuits = pursuit_queryset().filter(
        person_id__in=Employment.objects.current(as_of)
        .filter(library_id__in=ids)
        .values("person_id"),
        earned_on__isnull=False,
    )
    horizon = as_of + dt.timedelta(days=EXPIRING_DAYS)
    for progress in progress_for(pursuits, as_of):
        if not progress.is_holding:
            continue
        person_id = progress.pursuit.person_id
        expires = progress.pursuit.expires_on
        for library_id in staff.get(person_id, ()):
            if expires is not None and expires <= horizon:
                result[library_id].expiring.add(person_id)
            if progress.hours_short > 0:
                result[library_id].short_hours.add(person_id)


def measure_libraries(
    library_ids: Iterable[int],
    periods: Sequence[Period],
    as_of: dt.date,
    *,
    stuck_years: int = pipeline.DEFAULT_STUCK_YEARS,
) -> Measures:
    """Every measure of each library; ``periods`` oldest first (the chosen one last)."""
    ids = sorted(set(library_ids))
    start_months = dict(
        Library.objects.filter(pk__in=ids).values_list("pk", "fiscal_year_start_month")
    )
    ids = [pk for pk in ids if pk in start_months]
    result = {pk: LibraryMeasures(pk) for pk in ids}
    records = pipeline.read_records(ids, as_of)
    for library_id, funnel in pipeline.funnels(records, periods, as_of, stuck_years).items():
        result[library_id].funnel = funnel
    job_classes = _eligibility(result, ids, as_of)
    _tuition(result, ids, periods, start_months, records, as_of)
    _openings(result, ids, periods, records, as_of)
    _certifications(result, ids, as_of)
    return Measures(result, job_classes)
