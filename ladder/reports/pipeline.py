"""The pipeline funnel: pages → assistants and technicians → library school → degree →
a professional post, counted now, as moves per year, and who has not moved for years.

The rule that puts a person in a stage on a day is :func:`stage_of` (and the class rule it
uses, :func:`job_class_kind`); everything else here reads the records it needs for many
libraries at once in a fixed number of queries (:func:`read_records`) and replays each
person's history through that one rule (:func:`stage_history`), without touching the database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ladder.people.models import Credential, EducationLevel, Employment
from ladder.reports.periods import Period
from ladder.tuition.models import Enrolment, Promotion
from ladder.tuition.repayment import months_between

PAGE = "page"
ASSISTANT = "assistant"
SCHOOL = "school"
DEGREE = "degree"
PROMOTED = "promoted"
STAGES: list[tuple[str, str]] = [
    (PAGE, "Pages"),
    (ASSISTANT, "Assistants and technicians"),
    (SCHOOL, "In library school"),
    (DEGREE, "Degree completed"),
    (PROMOTED, "Promoted to a professional post"),
]
STAGE_LABELS = dict(STAGES)
STAGE_RANK = {stage: rank for rank, (stage, _) in enumerate(STAGES)}
#: How a move into each stage is named in the flows table.
MOVE_LABELS = {
    ASSISTANT: "Page → assistant or technician",
    SCHOOL: "Started library school",
    DEGREE: "Completed the degree",
    PROMOTED: "Promoted to a professional post",
}

KIND_PAGE = "page"
KIND_SUPPORT = "support"
KIND_PROFESSIONAL = "professional"
KIND_RANK = {KIND_PAGE: 0, KIND_SUPPORT: 1, KIND_PROFESSIONAL: 2}
PAGE_NAME = re.compile(r"\bpages?\b", re.IGNORECASE)

DEFAULT_STUCK_YEARS = 3

HOW_WE_COUNT = (
    "How we count: a person's stage is read from their main job at the library (the most "
    "senior one they hold that day). A job class marked professional or management, or one "
    "requiring an MLS, is a professional post; a class named “Page” is a page; every other "
    "class is an assistant or technician post. Someone in a non-professional post is "
    "“degree completed” once an MLS/MLIS (or higher) is recorded as awarded, and “in library "
    "school” while a tuition enrolment for one is open or a degree of that level is recorded "
    "in progress. Someone in a professional post counts as promoted only if they reached it "
    "from inside the library (an accepted promotion, or an earlier non-professional job "
    "there); professionals hired from outside are not part of the funnel. A move is counted in "
    "the year it happened, with the months spent in the stage before it; someone is stuck when "
    "their stage has not changed for the chosen number of years."
)


def job_class_kind(
    name: str, *, is_professional: bool, is_management: bool, min_education: int
) -> str:
    """A professional post (flagged professional or management, or needing an MLS), a page
    (a class named "Page"), or a support post (assistants, clerks, technicians…)."""
    if is_professional or is_management or min_education >= EducationLevel.MLS:
        return KIND_PROFESSIONAL
    if PAGE_NAME.search(name):
        return KIND_PAGE
    return KIND_SUPPORT


@dataclass(frozen=True)
class Job:
    start: dt.date
    end: dt.date | None
    kind: str
    weekly_hours: Decimal = Decimal("0")

    def current_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass
class Record:
    """What the stage rule needs to know of one person at one library."""

    person_id: int
    library_id: int
    jobs: list[Job] = field(default_factory=list)
    #: the first day an MLS/MLIS (or higher) was awarded
    degree_on: dt.date | None = None
    #: spells in library school: (first day, last day or None while open)
    school: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    #: the first accepted promotion into a professional post at the library
    promoted_on: dt.date | None = None


def main_job(record: Record, on: dt.date) -> Job | None:
    """The most senior job held on the day (then the most hours)."""
    current = [job for job in record.jobs if job.current_on(on)]
    if not current:
        return None
    return max(current, key=lambda job: (KIND_RANK[job.kind], job.weekly_hours, job.start))


def stage_of(record: Record, on: dt.date) -> str | None:
    """THE stage rule: where a person stands in the library's pipeline on a day.

    - not on the library's staff that day: no stage (None);
    - main job professional: ``promoted`` if they got there from inside (an accepted
      promotion by then, or an earlier non-professional job at the library), else None
      (hired as a professional: outside the funnel);
    - otherwise ``degree`` once an MLS/MLIS (or higher) has been awarded;
    - otherwise ``school`` while in library school (an open tuition enrolment for an MLS, or
      such a degree in progress);
    - otherwise ``page`` in a page post, ``assistant`` in any other support post.
    """
    job = main_job(record, on)
    if job is None:
        return None
    if job.kind == KIND_PROFESSIONAL:
        came_up = (record.promoted_on is not None and record.promoted_on <= on) or any(
            other.kind != KIND_PROFESSIONAL and other.start < job.start for other in record.jobs
        )
        return PROMOTED if came_up else None
    if record.degree_on is not None and record.degree_on <= on:
        return DEGREE
    if any(start <= on and (end is None or end >= on) for start, end in record.school):
        return SCHOOL
    return PAGE if job.kind == KIND_PAGE else ASSISTANT


def stage_history(record: Record, until: dt.date) -> list[tuple[dt.date, str | None]]:
    """The days the person's stage changed (up to ``until``), with the stage from then on."""
    days: set[dt.date] = set()
    for job in record.jobs:
        days.add(job.start)
        if job.end is not None:
            days.add(job.end + dt.timedelta(days=1))
    for start, end in record.school:
        days.add(start)
        if end is not None:
            days.add(end + dt.timedelta(days=1))
    for day in (record.degree_on, record.promoted_on):
        if day is not None:
            days.add(day)
    history: list[tuple[dt.date, str | None]] = []
    for day in sorted(d for d in days if d <= until):
        stage = stage_of(record, day)
        if not history or history[-1][1] != stage:
            history.append((day, stage))
    return history


@dataclass(frozen=True)
class Move:
    person_id: int
    into: str
    on: dt.date
    months: int  # in the stage before


def moves(history: Sequence[tuple[dt.date, str | None]], person_id: int) -> list[Move]:
    """Each step forward in the funnel (a stage skipped still counts as a move into the next)."""
    found: list[Move] = []
    for (since, before), (on, after) in itertools.pairwise(history):
        if before is None or after is None or STAGE_RANK[after] <= STAGE_RANK[before]:
            continue
        found.append(Move(person_id, after, on, months_between(since, on)))
    return found


# --- reading many libraries at once ------------------------------------------------------------


@dataclass
class Funnel:
    """One library's funnel: people per stage now, moves per period, who is stuck."""

    now: dict[str, set[int]] = field(default_factory=lambda: {s: set() for s, _ in STAGES})
    #: (stage moved into, period index) -> moves
    moved: dict[tuple[str, int], list[Move]] = field(default_factory=lambda: defaultdict(list))
    stuck: dict[str, set[int]] = field(default_factory=lambda: {s: set() for s, _ in STAGES})
    #: person -> the day they entered their current stage
    since: dict[int, dt.date] = field(default_factory=dict)

    def median_months(self, stage: str, index: int) -> float | None:
        months = [m.months for m in self.moved.get((stage, index), [])]
        return float(statistics.median(months)) if months else None


def read_records(library_ids: Iterable[int], as_of: dt.date) -> dict[tuple[int, int], Record]:
    """(person, library) -> Record for everyone who ever worked at the libraries: four queries."""
    ids = sorted(set(library_ids))
    records: dict[tuple[int, int], Record] = {}
    people: dict[int, list[Record]] = defaultdict(list)
    for person_id, library_id, start, end, hours, name, prof, mgmt, education in (
        Employment.objects.filter(library_id__in=ids, start_date__lte=as_of)
        .order_by()
        .values_list(
            "person_id",
            "library_id",
            "start_date",
            "end_date",
            "weekly_hours",
            "job_class__name",
            "job_class__is_professional",
            "job_class__is_management",
            "job_class__min_education",
        )
    ):
        key = (person_id, library_id)
        record = records.get(key)
        if record is None:
            record = records[key] = Record(person_id, library_id)
            people[person_id].append(record)
        kind = job_class_kind(
            name, is_professional=prof, is_management=mgmt, min_education=education
        )
        record.jobs.append(Job(start, end, kind, hours))
    staff = Employment.objects.filter(library_id__in=ids).values("person_id")
    for person_id, status, awarded, started, created in (
        Credential.objects.filter(
            person_id__in=staff,
            kind=Credential.Kind.DEGREE,
            degree_level__gte=EducationLevel.MLS,
        )
        .order_by()
        .values_list("person_id", "status", "awarded_on", "started_on", "created_at")
    ):
        for record in people.get(person_id, []):
            if status == Credential.Status.AWARDED and awarded is not None:
                if awarded <= as_of and (record.degree_on is None or awarded < record.degree_on):
                    record.degree_on = awarded
            else:
                record.school.append((started or created.date(), None))
    open_statuses = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED, Enrolment.Status.ENDED)
    for person_id, library_id, status, enrolled, completed, ended in (
        Enrolment.objects.filter(
            library_id__in=ids,
            degree_level__gte=EducationLevel.MLS,
            enrolled_on__isnull=False,
            enrolled_on__lte=as_of,
            status__in=(*open_statuses, Enrolment.Status.WITHDRAWN),
        )
        .order_by()
        .values_list("person_id", "library_id", "status", "enrolled_on", "completed_on", "ended_on")
    ):
        record = records.get((person_id, library_id))
        if record is None or enrolled is None:
            continue
        spell_end: dt.date | None
        if status == Enrolment.Status.ENROLLED:
            spell_end = None
        elif completed is not None:
            spell_end = completed - dt.timedelta(days=1)
        elif ended is not None:
            spell_end = ended
        else:
            continue  # withdrawn or ended without a date: not counted as a spell
        record.school.append((enrolled, spell_end))
        if (
            status == Enrolment.Status.COMPLETED
            and completed is not None
            and completed <= as_of
            and (record.degree_on is None or completed < record.degree_on)
        ):
            record.degree_on = completed
    for person_id, library_id, effective, prof, mgmt, education in (
        Promotion.objects.filter(
            library_id__in=ids, status=Promotion.Status.ACCEPTED, effective_date__lte=as_of
        )
        .order_by()
        .values_list(
            "person_id",
            "library_id",
            "effective_date",
            "to_job_class__is_professional",
            "to_job_class__is_management",
            "to_job_class__min_education",
        )
    ):
        record = records.get((person_id, library_id))
        if record is None:
            continue
        if job_class_kind(
            "", is_professional=prof, is_management=mgmt, min_education=education
        ) == (KIND_PROFESSIONAL) and (record.promoted_on is None or effective < record.promoted_on):
            record.promoted_on = effective
    return records


def funnels(
    records: dict[tuple[int, int], Record],
    periods: Sequence[Period],
    as_of: dt.date,
    stuck_years: int = DEFAULT_STUCK_YEARS,
) -> dict[int, Funnel]:
    """library id -> its funnel, from the records (no queries)."""
    result: dict[int, Funnel] = defaultdict(Funnel)
    try:
        stuck_before = as_of.replace(year=as_of.year - stuck_years)
    except ValueError:  # 29 February
        stuck_before = as_of.replace(year=as_of.year - stuck_years, day=28)
    for (person_id, library_id), record in records.items():
        funnel = result[library_id]
        history = stage_history(record, as_of)
        if not history:
            continue
        since, stage = history[-1]
        if stage is not None:
            funnel.now[stage].add(person_id)
            funnel.since[person_id] = since
            if stage != PROMOTED and since <= stuck_before:
                funnel.stuck[stage].add(person_id)
        for move in moves(history, person_id):
            for index, period in enumerate(periods):
                if move.on in period:
                    funnel.moved[(move.into, index)].append(move)
    return result
