"""Reports: certifications expiring within N months and people short of hours (library admins
and supervisors, for the people whose records they may see), with CSV/XLSX export; and the
network aggregate for coordinators (counts per library and scheme — no individual's data).

Queries are bounded: the pursuits with their schemes (a few prefetches), the people's current
employments, and one query for all their verified training records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ladder.certifications.hours import fmt_hours
from ladder.certifications.models import Pursuit
from ladder.certifications.progress import (
    Progress,
    Status,
    progress_for,
    pursuit_queryset,
    status_on,
)
from ladder.core.access import Access
from ladder.core.dates import add_months
from ladder.orgs.models import Library, Membership
from ladder.people.models import Employment, Person
from ladder.people.selectors import people_managed_by

FORMATS = ("csv", "xlsx")
COLUMNS = [
    "person",
    "email",
    "library",
    "scheme",
    "status",
    "expires_on",
    "grace_ends",
    "hours_this_cycle",
    "hours_required",
    "hours_short",
    "category_shortfalls",
]


@dataclass
class ReportRow:
    progress: Progress
    library: str

    @property
    def person(self) -> Person:
        return self.progress.pursuit.person

    def cells(self) -> list[Any]:
        p = self.progress
        cycle = p.cycle
        return [
            self.person.display_name,
            self.person.email,
            self.library,
            p.scheme.name,
            p.status_label,
            p.pursuit.expires_on,
            p.grace_ends,
            fmt_hours(cycle.total) if cycle else "",
            fmt_hours(cycle.required_total) if cycle else "",
            fmt_hours(p.hours_short) if cycle else "",
            "; ".join(
                f"{code} {fmt_hours(short)}" for code, short in cycle.category_shortfalls.items()
            )
            if cycle
            else "",
        ]


@dataclass
class Report:
    months: int
    expiring: list[ReportRow] = field(default_factory=list)
    short: list[ReportRow] = field(default_factory=list)


def report_people(access: Access, library_id: int | None = None) -> QuerySet[Person]:
    """People whose certifications the user may report on: reports and their libraries' staff."""
    people = people_managed_by(access)
    if not access.is_site_admin:
        people = people.exclude(Q(pk=access.person_id))
    if library_id:
        people = people.filter(employments__library_id=library_id)
    return people


def report_libraries(access: Access) -> QuerySet[Library]:
    if access.is_site_admin:
        return Library.objects.all()
    return Library.objects.filter(
        Q(pk__in=access.admin_library_ids)
        | Q(employments__person_id__in=access.report_ids, employments__end_date__isnull=True)
    ).distinct()


def _libraries_of(person_ids: Iterable[int], today: dt.date) -> dict[int, str]:
    names: dict[int, list[str]] = defaultdict(list)
    for person_id, name in (
        Employment.objects.filter(person_id__in=list(person_ids))
        .current(today)
        .order_by("person_id", "library__name")
        .values_list("person_id", "library__name")
    ):
        if name not in names[person_id]:
            names[person_id].append(name)
    return {pk: ", ".join(v) for pk, v in names.items()}


def certification_report(
    access: Access,
    *,
    months: int = 6,
    library_id: int | None = None,
    today: dt.date | None = None,
) -> Report:
    """Held certifications expiring within `months` (or in grace), and holders short of hours."""
    today = today or timezone.localdate()
    people = report_people(access, library_id).values("pk")
    pursuits = list(
        pursuit_queryset()
        .filter(person_id__in=people, earned_on__isnull=False)
        .order_by("expires_on", "person__last_name", "pk")
    )
    progresses = [p for p in progress_for(pursuits, today) if p.is_holding]
    libraries = _libraries_of({p.pursuit.person_id for p in progresses}, today)
    report = Report(months=months)
    horizon = add_months(today, months)
    for progress in progresses:
        row = ReportRow(progress, libraries.get(progress.pursuit.person_id, ""))
        expires = progress.pursuit.expires_on
        if expires is not None and expires <= horizon:
            report.expiring.append(row)
        if progress.hours_short > 0:
            report.short.append(row)
    report.short.sort(key=lambda r: (-r.progress.hours_short, r.person.display_name))
    return report


def export_rows(report: Report, which: str) -> list[list[Any]]:
    rows = report.short if which == "short" else report.expiring
    return [COLUMNS] + [row.cells() for row in rows]


# --- network aggregate ----------------------------------------------------------------------


@dataclass
class NetworkCell:
    library: Library
    scheme_name: str
    counts: Counter[str]

    @property
    def holding(self) -> int:
        return sum(self.counts[s] for s in Status.HOLDING)


def network_report(network_ids: Iterable[int], today: dt.date | None = None) -> list[NetworkCell]:
    """Counts of pursuits by status per member library and scheme (no names, no hours)."""
    today = today or timezone.localdate()
    members = list(
        Library.objects.filter(
            pk__in=Membership.objects.filter(network_id__in=list(network_ids)).values("library_id")
        ).order_by("name")
    )
    by_id = {lib.pk: lib for lib in members}
    employments = (
        Employment.objects.filter(library_id__in=list(by_id))
        .current(today)
        .values_list("person_id", "library_id")
    )
    libs_of: dict[int, set[int]] = defaultdict(set)
    for person_id, library_id in employments:
        libs_of[person_id].add(library_id)
    pursuits = (
        Pursuit.objects.filter(
            person_id__in=list(libs_of), scheme__network_id__in=list(network_ids)
        )
        .select_related("scheme")
        .prefetch_related(Prefetch("scheme__parts"))
    )
    cells: dict[tuple[int, str], NetworkCell] = {}
    for pursuit in pursuits:
        status = status_on(pursuit, today)
        for library_id in libs_of[pursuit.person_id]:
            key = (library_id, pursuit.scheme.name)
            cell = cells.setdefault(
                key, NetworkCell(by_id[library_id], pursuit.scheme.name, Counter())
            )
            cell.counts[status] += 1
    return sorted(cells.values(), key=lambda c: (c.library.name, c.scheme_name))
