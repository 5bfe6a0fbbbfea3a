"""Checking a staff import's rows: each row's cells against the lookups, the supervisors in
the file put first, and the plan matching every good row to the person and employment it
would create or update (with the counts and notices the preview shows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ladder.core.audit import diff, snapshot
from ladder.orgs.models import Library
from ladder.people.import_cells import (
    NO,
    YES,
    Cells,
    ImportRow,
    RowError,
    email_problem,
    parse_hours,
)
from ladder.people.import_lookups import Lookups
from ladder.people.models import Employment, JobClass, Person


@dataclass
class ImportCounts:
    new_people: int = 0
    updated_people: int = 0
    unchanged_people: int = 0
    new_employments: int = 0
    updated_employments: int = 0
    unchanged_employments: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class Row:
    """A row whose cells all parsed: what the commit writes, and what it changes."""

    line: int
    email: str
    person_fields: dict[str, Any]
    job_class: JobClass
    start_date: dt.date
    employment_fields: dict[str, Any]
    # None when the file has no supervisor column: the supervisor is then left as it is.
    supervisor_email: str | None
    # The supervisor when they are not in this file (already on the library's staff).
    supervisor_on_staff: Person | None = None
    person: Person | None = None
    may_edit_person: bool = True
    employment: Employment | None = None
    person_changes: dict[str, Any] = field(default_factory=dict)
    employment_changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    rows: list[Row]
    errors: list[RowError]
    notices: list[RowError]
    counts: ImportCounts


@dataclass
class Seen:
    """What earlier rows of the file said: one row per employment, so a person may have several
    rows (two jobs), each with the same name; one employment may not come twice."""

    employments: dict[tuple[str, int, dt.date], int] = field(default_factory=dict)
    people: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)


def _parse_row(cells: Cells, lookups: Lookups, seen: Seen) -> Row | None:
    """A Row when every cell is good; otherwise None, with the problems on `cells`."""
    email = _check_email_cell(cells, lookups)
    person_fields = {
        "first_name": cells.text("first_name", 150, label="First name", required=True),
        "last_name": cells.text("last_name", 150, label="Last name", required=True),
    }
    if cells.has("phone"):
        person_fields["phone"] = cells.text("phone", 40)
    _check_library_cell(cells, lookups.library, lookups.other_libraries)
    employment_fields: dict[str, Any] = {}
    if cells.has("branch"):
        employment_fields["branch"] = lookups.branches.get(cells.get("branch").lower())
        if cells.get("branch") and employment_fields["branch"] is None:
            cells.bad("branch", f"Unknown branch '{cells.get('branch')}' at {lookups.library}.")
    job_class: JobClass | str = "Job class is required."
    if cells.get("job_class"):
        job_class = lookups.job_class(cells.get("job_class"))
    if isinstance(job_class, str):
        cells.bad("job_class", job_class)
    hours = parse_hours(cells.get("weekly_hours"))
    if isinstance(hours, str):
        cells.bad("weekly_hours", hours)
    employment_fields["weekly_hours"] = hours
    start_date = cells.date("start_date", required=True)
    if cells.has("end_date"):
        end_date = cells.date("end_date", required=False)
        if end_date and start_date and end_date < start_date:
            cells.bad("end_date", "The end date is before the start date.")
        employment_fields["end_date"] = end_date
    if cells.has("benefits_eligible"):
        answer = cells.get("benefits_eligible").lower()
        if answer not in YES | NO:
            cells.bad("benefits_eligible", f"'{cells.get('benefits_eligible')}' is not yes or no.")
        employment_fields["benefits_eligible"] = answer in YES
    if cells.has("title"):
        employment_fields["title"] = cells.text("title", 120)
    supervisor_email = _check_supervisor_cell(cells, lookups, email)
    if email and not isinstance(job_class, str) and start_date is not None:
        _check_repeated(cells, seen, email, job_class, start_date, person_fields)
    if cells.problems or isinstance(job_class, str) or start_date is None:
        return None
    return Row(
        line=cells.row.line,
        email=email,
        person_fields=person_fields,
        job_class=job_class,
        start_date=start_date,
        employment_fields=employment_fields,
        supervisor_email=supervisor_email,
        supervisor_on_staff=lookups.staff.get(supervisor_email or ""),
    )


def _check_repeated(
    cells: Cells,
    seen: Seen,
    email: str,
    job_class: JobClass,
    start_date: dt.date,
    person_fields: dict[str, Any],
) -> None:
    key = (email, job_class.pk, start_date)
    if key in seen.employments:
        cells.bad(
            "email",
            f"Duplicate employment: {email} as {job_class.name} from {start_date:%Y-%m-%d} is "
            f"already on line {seen.employments[key]}.",
        )
        return
    seen.employments[key] = cells.row.line
    earlier = seen.people.get(email)
    if earlier is None:
        seen.people[email] = (cells.row.line, person_fields)
    elif earlier[1] != person_fields:
        cells.bad(
            "email",
            f"{email} is on line {earlier[0]} with another name or phone: give a person the "
            "same name and phone on each of their rows.",
        )


def _check_email_cell(cells: Cells, lookups: Lookups) -> str:
    email = cells.get("email").lower()
    if not email:
        cells.bad("email", "E-mail is required.")
    elif (problem := email_problem(email)) is not None:
        cells.bad("email", problem)
    else:
        person = lookups.people.get(email)
        if person is not None and person.pk in lookups.private_ids:
            cells.bad(
                "email",
                f"{email} was not added through {lookups.library}, works at another library "
                f"or holds a role: only a site admin can add them to {lookups.library}.",
            )
    return email


def _check_library_cell(cells: Cells, library: Library, others: dict[str, Library]) -> None:
    named = cells.get("library")
    if not named or named.lower() in {library.slug.lower(), library.name.lower()}:
        return
    if others.get(named.lower()) is None:
        cells.bad("library", f"Unknown library '{named}'.")


def other_library(cells: Cells, lookups: Lookups) -> Library | None:
    """The other known library a row is for (the directory's export lists a person's jobs
    elsewhere too): such a row is left out of this library's import, with a notice."""
    named = cells.get("library")
    if not named or named.lower() in {lookups.library.slug.lower(), lookups.library.name.lower()}:
        return None
    return lookups.other_libraries.get(named.lower())


def _check_supervisor_cell(cells: Cells, lookups: Lookups, email: str) -> str | None:
    if not cells.has("supervisor_email"):
        return None
    supervisor = cells.get("supervisor_email").lower()
    if not supervisor:
        return supervisor
    problem = email_problem(supervisor)
    if problem is None and supervisor == email:
        problem = "A person cannot be their own supervisor."
    if problem is None:
        problem = lookups.supervisor_problem(supervisor)
    if problem is not None:
        cells.bad("supervisor_email", problem)
    return supervisor


def _supervisors_first(rows: list[Row]) -> tuple[list[Row], list[RowError]]:
    """Rows ordered so a supervisor's rows are written before their reports' (the services
    require a supervisor on the library's staff), and any loop in the file. A person with
    several rows (jobs) keeps them together, in the file's order."""
    rows_of: dict[str, list[Row]] = {}
    for row in rows:
        rows_of.setdefault(row.email, []).append(row)
    bosses = {
        email: [r.supervisor_email for r in own if r.supervisor_email in rows_of]
        for email, own in rows_of.items()
    }
    ordered: list[Row] = []
    errors: list[RowError] = []
    state: dict[str, str] = {}

    def visit(email: str) -> None:
        state[email] = "visiting"
        for boss in bosses[email]:
            assert boss is not None
            if state.get(boss) == "visiting":
                errors.append(
                    RowError(
                        rows_of[email][0].line,
                        "supervisor_email",
                        "The supervisors in this file form a loop: someone ends up supervising "
                        "their own supervisor.",
                    )
                )
            elif boss not in state:
                visit(boss)
        state[email] = "done"
        ordered.extend(rows_of[email])

    for email in rows_of:
        if email not in state:
            visit(email)
    return ordered, errors


def plan(*, by: Person, library: Library, rows: list[ImportRow]) -> Plan:
    """Validate every row and work out what committing would create, update or leave."""
    lookups = Lookups(by=by, library=library, rows=rows)
    errors: list[RowError] = []
    notices: list[RowError] = []
    parsed: list[Row] = []
    seen = Seen()
    for row in rows:
        cells = Cells(row)
        elsewhere = other_library(cells, lookups)
        if elsewhere is not None:
            notices.append(
                RowError(
                    row.line,
                    "library",
                    f"Left out: this row is for {elsewhere.name}; this import is for "
                    f"{library.name}.",
                )
            )
            continue
        result = _parse_row(cells, lookups, seen)
        errors.extend(cells.problems)
        if result is not None:
            parsed.append(result)
    ordered, loop_errors = _supervisors_first(parsed)
    errors.extend(loop_errors)
    counts = ImportCounts()
    counted: set[str] = set()
    for good in ordered:
        _match(good, lookups, counts, notices, first_row=good.email not in counted)
        counted.add(good.email)
    # Errors read left to right, in the file's own column order.
    order = {name: index for index, name in enumerate(rows[0].values if rows else [])}
    errors.sort(key=lambda e: (e.line, order.get(e.column, len(order))))
    notices.sort(key=lambda e: e.line)
    return Plan(rows=ordered, errors=errors, notices=notices, counts=counts)


def _match(
    row: Row,
    lookups: Lookups,
    counts: ImportCounts,
    notices: list[RowError],
    *,
    first_row: bool = True,
) -> None:
    """Find the person and employment a row updates, and what would change (a person with
    several rows is counted on their first)."""
    row.person = lookups.people.get(row.email)
    if row.person is None:
        counts.new_people += first_row
    elif not first_row:
        row.may_edit_person = row.person.pk in lookups.editable_ids
    else:
        row.may_edit_person = row.person.pk in lookups.editable_ids
        row.person_changes = diff(snapshot(row.person, list(row.person_fields)), row.person_fields)
        if row.person_changes and not row.may_edit_person:
            notices.append(
                RowError(
                    row.line,
                    "email",
                    f"{row.email} already has a profile you do not manage: their name and "
                    "phone are kept; only the employment here is imported.",
                )
            )
            row.person_changes = {}
        if row.person_changes:
            counts.updated_people += 1
        else:
            counts.unchanged_people += 1
    existing = lookups.employments.get(row.person.pk, []) if row.person else []
    row.employment = next(
        (
            e
            for e in existing
            if e.job_class_id == row.job_class.pk and e.start_date == row.start_date
        ),
        None,
    )
    if row.employment is None:
        counts.new_employments += 1
        others = [e for e in existing if e.is_current]
        if others:
            notices.append(
                RowError(
                    row.line,
                    "job_class",
                    f"Adds a second employment at {lookups.library}: {row.email} already has "
                    f"one since {others[0].start_date:%Y-%m-%d} (another job class or start "
                    "date makes another employment).",
                )
            )
        return
    row.employment_changes = _employment_changes(row, row.employment)
    if row.employment_changes:
        counts.updated_employments += 1
    else:
        counts.unchanged_employments += 1


def _employment_changes(row: Row, employment: Employment) -> dict[str, Any]:
    wanted = dict(row.employment_fields)
    before = snapshot(employment, list(wanted))
    # The database may hand back 15 or 15.0; the file's 15.0 is the same hours.
    before["weekly_hours"] = Decimal(employment.weekly_hours).quantize(Decimal("0.1"))
    changes = diff(before, wanted)
    supervisor = row.supervisor_email
    if supervisor is not None:
        current = employment.supervisor.email if employment.supervisor else ""
        if current != supervisor:
            changes["supervisor"] = [current, supervisor]
    return changes
