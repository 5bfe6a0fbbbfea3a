"""Training reach: who gets training, for one library or a set of them, over a period.

The staff of a report are the people with an employment at one of its libraries during the
period; each counts once, under their main job there (the most weekly hours, then the latest
start), which says whether they are part-time (fewer weekly hours than the library's
full-time threshold), their job class and their branch. Their training is their transcript
(``learning.TrainingRecord``): verified lines completed in the period, hours summed, one
line one session; a line marked *above and beyond* (training beyond what the job asks) is
counted apart. Approval declines are the registrations of these staff a supervisor declined
in the period, grouped by the reason given.

Every figure is a few queries (aggregated in the database or one pass over one query),
however many people the libraries employ. Where the viewer may not see people (a network
coordinator, or any report over several libraries), counts of 1 to 4 show as "<5" and the
averages of groups that small are left out; rare decline reasons fold into "Other reasons".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from ladder.learning.models import Registration, TrainingRecord
from ladder.orgs.models import Library
from ladder.people.models import Employment
from ladder.reports.figures import Column, Figure, Link
from ladder.reports.periods import Period
from ladder.reports.privacy import SMALL_CELL, suppressed

NO_REASON = "No reason given"
OTHER_REASONS = "Other reasons"
REASON_LENGTH = 80


@dataclass
class Staffer:
    """One person on a report's staff, described by their main job in its libraries."""

    person_id: int
    library: Library
    branch: str
    job_class: str
    job_class_id: int
    branch_id: int | None
    full_time: bool
    page_or_assistant: bool  # neither a professional nor a management class
    weekly_hours: Decimal
    hours: float = 0.0  # training in the period
    sessions: int = 0
    above_and_beyond: int = 0
    extra: dict[str, bool] = field(default_factory=dict)  # the equity report's flags

    @property
    def trained(self) -> bool:
        return self.sessions > 0


def employments_during(library_ids: Iterable[int], period: Period) -> QuerySet[Employment]:
    return Employment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start),
        library_id__in=list(library_ids),
        start_date__lte=period.end,
    )


def staff_of(libraries: Sequence[Library], period: Period) -> dict[int, Staffer]:
    """The report's staff by person id (one query, one pass), with their training added."""
    by_id = {library.pk: library for library in libraries}
    rows = employments_during(by_id, period).values_list(
        "person_id",
        "library_id",
        "branch_id",
        "branch__name",
        "job_class_id",
        "job_class__name",
        "job_class__is_professional",
        "job_class__is_management",
        "weekly_hours",
        "start_date",
    )
    best: dict[int, tuple[Decimal, dt.date, Staffer]] = {}
    for (
        person_id,
        library_id,
        branch_id,
        branch,
        job_class_id,
        job_class,
        professional,
        management,
        hours,
        start,
    ) in rows:
        current = best.get(person_id)
        if current is not None and (current[0], current[1]) >= (hours, start):
            continue
        library = by_id[library_id]
        best[person_id] = (
            hours,
            start,
            Staffer(
                person_id=person_id,
                library=library,
                branch=branch or "No branch",
                job_class=job_class,
                job_class_id=job_class_id,
                branch_id=branch_id,
                full_time=hours >= library.full_time_threshold,
                page_or_assistant=not (professional or management),
                weekly_hours=hours,
            ),
        )
    staff = {person_id: entry[2] for person_id, entry in best.items()}
    add_training(staff, by_id, period)
    return staff


def add_training(staff: dict[int, Staffer], library_ids: Iterable[int], period: Period) -> None:
    people = employments_during(library_ids, period).values("person_id")
    totals = (
        TrainingRecord.objects.filter(
            person_id__in=people,
            status=TrainingRecord.Status.VERIFIED,
            completed_on__gte=period.start,
            completed_on__lte=period.end,
        )
        .values("person_id")
        .annotate(
            hours=Sum("hours"),
            sessions=Count("id"),
            above=Count("id", filter=Q(above_and_beyond=True)),
        )
        .values_list("person_id", "hours", "sessions", "above")
    )
    for person_id, hours, sessions, above in totals:
        staffer = staff.get(person_id)
        if staffer is not None:
            staffer.hours = float(hours or 0)
            staffer.sessions = sessions
            staffer.above_and_beyond = above


def declines_by_reason(
    libraries: Sequence[Library], period: Period, *, private: bool
) -> list[tuple[str, int]]:
    """Registrations of the staff declined by a supervisor in the period, by reason."""
    people = employments_during((library.pk for library in libraries), period).values("person_id")
    rows = (
        Registration.objects.filter(
            status=Registration.Status.DECLINED,
            person_id__in=people,
            updated_at__date__gte=period.start,
            updated_at__date__lte=period.end,
        )
        .values_list("note")
        .annotate(n=Count("id"))
    )
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for note, n in rows:
        label = reason_label(note)
        labels.setdefault(label.casefold(), label)
        counts[label.casefold()] += n
    merged: Counter[str] = Counter()
    for key, n in counts.items():
        label = labels[key]
        if private and n < SMALL_CELL and label != NO_REASON:
            label = OTHER_REASONS
        merged[label] += n
    return sorted(merged.items(), key=lambda item: (-item[1], item[0]))


def reason_label(note: str) -> str:
    """A free-text decline reason as a table row: its first line, trimmed, capitalised."""
    text = " ".join((note or "").strip().splitlines()[:1]).strip().rstrip(".")
    if not text:
        return NO_REASON
    if len(text) > REASON_LENGTH:
        text = text[: REASON_LENGTH - 1].rstrip() + "…"
    return text[0].upper() + text[1:]


# --- figures --------------------------------------------------------------------------------

REACH_COLUMNS = [
    Column("staff", "Staff"),
    Column("hours_per_person", "Hours per person"),
    Column("sessions_per_person", "Sessions per person"),
    Column("untrained", "With no training"),
    Column("untrained_share", "With no training (%)"),
    Column("above_and_beyond", "Above and beyond"),
]


def _round(value: float) -> float:
    return round(value, 1)


def reach_row(
    label: str, people: Sequence[Staffer], *, private: bool, people_url: str = ""
) -> list[Any]:
    n = len(people)
    untrained = sum(1 for s in people if not s.trained)
    above = sum(s.above_and_beyond for s in people)
    if n == 0:
        return [label, 0, None, None, 0, None, 0]
    if private and n < SMALL_CELL:
        return [label, suppressed(n), None, None, None, None, None]
    untrained_cell = suppressed(untrained) if private else untrained
    share = _round(100 * untrained / n) if untrained_cell == untrained else None
    return [
        label,
        Link(n, people_url) if people_url and not private else n,
        _round(sum(s.hours for s in people) / n),
        _round(sum(s.sessions for s in people) / n),
        untrained_cell,
        share,
        suppressed(above) if private else above,
    ]


def _grouped(staff: Iterable[Staffer], key: Callable[[Staffer], str]) -> dict[str, list[Staffer]]:
    groups: dict[str, list[Staffer]] = defaultdict(list)
    for staffer in staff:
        groups[key(staffer)].append(staffer)
    return groups


def _reach_figure(
    key: str, title: str, first: Column, rows: list[list[Any]], summary: str
) -> Figure:
    return Figure(
        key=key,
        title=title,
        summary=summary,
        columns=[first, *REACH_COLUMNS],
        rows=rows,
        chart="hbar",
        series=["hours_per_person", "sessions_per_person"],
        note="Verified transcript lines completed in the period; one line is one session. "
        "Part-time: fewer weekly hours than the library's full-time threshold.",
    )


def number(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def reach_figures(
    libraries: Sequence[Library], period: Period, *, viewer_may_see_people: bool
) -> list[Figure]:
    """Training hours and sessions per person (by part-time/full-time, job class, branch or
    library), the share with no training, above-and-beyond counts, declines by reason."""
    staff = staff_of(libraries, period)
    return reach_figures_for(staff, libraries, period, viewer_may_see_people=viewer_may_see_people)


def reach_figures_for(
    staff: dict[int, Staffer],
    libraries: Sequence[Library],
    period: Period,
    *,
    viewer_may_see_people: bool,
) -> list[Figure]:
    private = not viewer_may_see_people
    everyone = list(staff.values())
    n = len(everyone)
    untrained = sum(1 for s in everyone if not s.trained)
    hours = sum(s.hours for s in everyone)
    if n:
        overall = (
            f"{n:,} staff trained {number(hours / n)} hours each on average in {period.label}; "
            f"{round(100 * untrained / n)}% had no training at all."
        )
    else:
        overall = f"No staff worked at {_where(libraries)} in {period.label}."
    kinds = _grouped(everyone, lambda s: "Full-time" if s.full_time else "Part-time")
    by_kind = [
        reach_row(label, kinds.get(label, []), private=private)
        for label in ("Part-time", "Full-time")
    ]
    by_kind.append(reach_row("All staff", everyone, private=private))
    figures = [
        _reach_figure(
            "reach-by-hours",
            "Training per person: part-time and full-time",
            Column("group", "Employment", numeric=False),
            by_kind if n else [],
            overall,
        )
    ]
    one = libraries[0] if len(libraries) == 1 and viewer_may_see_people else None

    def people(**filters: int | None) -> str:
        """The directory, filtered to the people behind a row (one library's admins only)."""
        if one is None or None in filters.values():
            return ""
        query = "&".join(
            f"{name}={value}" for name, value in {"library": one.pk, **filters}.items()
        )
        return f"{reverse('people:directory')}?{query}"

    classes = _grouped(everyone, lambda s: s.job_class)
    figures.append(
        _reach_figure(
            "reach-by-job-class",
            "Training per person by job class",
            Column("job_class", "Job class", numeric=False),
            [
                reach_row(
                    name,
                    classes[name],
                    private=private,
                    people_url=people(job_class=classes[name][0].job_class_id),
                )
                for name in sorted(classes)
            ],
            _most_and_least(classes, "job class"),
        )
    )
    if len(libraries) == 1:
        places = _grouped(everyone, lambda s: s.branch)
        figures.append(
            _reach_figure(
                "reach-by-branch",
                "Training per person by branch",
                Column("branch", "Branch", numeric=False),
                [
                    reach_row(
                        name,
                        places[name],
                        private=private,
                        people_url=people(branch=places[name][0].branch_id),
                    )
                    for name in sorted(places)
                ],
                _most_and_least(places, "branch"),
            )
        )
    else:
        places = _grouped(everyone, lambda s: s.library.name)
        figures.append(
            _reach_figure(
                "reach-by-library",
                "Training per person by library",
                Column("library", "Library", numeric=False),
                [reach_row(name, places[name], private=private) for name in sorted(places)],
                _most_and_least(places, "library"),
            )
        )
    declines = declines_by_reason(libraries, period, private=private)
    total = sum(count for _, count in declines)
    figures.append(
        Figure(
            key="reach-declines",
            title="Training requests declined, by reason",
            summary=(
                f"Supervisors declined {total:,} training request{'s' if total != 1 else ''} "
                f"in {period.label}"
                + (f"; the most common reason: “{declines[0][0]}”." if declines else ".")
            ),
            columns=[Column("reason", "Reason", numeric=False), Column("declines", "Declined")],
            rows=[[reason, suppressed(count) if private else count] for reason, count in declines],
            chart="hbar",
            unit="requests",
            note="Registrations that needed a supervisor's approval and were not approved."
            + (" Reasons given fewer than 5 times are counted together." if private else ""),
        )
    )
    return figures


def _most_and_least(groups: dict[str, list[Staffer]], noun: str) -> str:
    sized = {
        name: sum(s.hours for s in people) / len(people)
        for name, people in groups.items()
        if len(people) >= SMALL_CELL
    }
    if len(sized) < 2:
        return f"Too few {noun} groups of 5 or more staff to compare."
    most = max(sized, key=lambda name: (sized[name], name))
    least = min(sized, key=lambda name: (sized[name], name))
    return (
        f"Most training per person: {most} ({number(sized[most])} hours); "
        f"least: {least} ({number(sized[least])} hours)."
    )


def _where(libraries: Sequence[Library]) -> str:
    return libraries[0].name if len(libraries) == 1 else f"these {len(libraries)} libraries"
