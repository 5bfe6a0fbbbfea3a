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


def _parse_row(cells: Cells, lookups: Lookups, seen: dict[str, int]) -> Row | None:
    """A Row when every cell is good; otherwise None, with the problems on `cells`."""
    email = _check_email_cell(cells, lookups, seen)
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


def _check_email_cell(cells: Cells, lookups: Lookups, seen: dict[str, int]) -> str:
    email = cells.get("email").lower()
    if not email:
        cells.bad("email", "E-mail is required.")
    elif (problem := email_problem(email)) is not None:
        cells.bad("email", problem)
    elif email in seen:
        cells.bad("email", f"Duplicate e-mail: {email} is already on line {seen[email]}.")
    else:
        seen[email] = cells.row.line
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
    other = others.get(named.lower())
    if other is None:
        cells.bad("library", f"Unknown library '{named}'.")
    else:
        cells.bad("library", f"This row is for {other.name}; this import is for {library.name}.")


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
    """Rows ordered so a supervisor's employment is written before their reports' (the
    services require a supervisor on the library's staff), and any loop in the file."""
    by_email = {row.email: row for row in rows}
    ordered: list[Row] = []
    errors: list[RowError] = []
    state: dict[str, str] = {}
    for start in rows:
        chain: list[Row] = []
        row: Row | None = start
        while row is not None and row.email not in state:
            state[row.email] = "visiting"
            chain.append(row)
            row = by_email.get(row.supervisor_email or "")
        if row is not None and state.get(row.email) == "visiting":
            errors.append(
                RowError(
                    row.line,
                    "supervisor_email",
                    "The supervisors in this file form a loop: someone ends up supervising "
                    "their own supervisor.",
                )
            )
        for done in reversed(chain):
            state[done.email] = "done"
            ordered.append(done)
    return ordered, errors


def plan(*, by: Person, library: Library, rows: list[ImportRow]) -> Plan:
    """Validate every row and work out what committing would create, update or leave."""
    lookups = Lookups(by=by, library=library, rows=rows)
    errors: list[RowError] = []
    parsed: list[Row] = []
    seen: dict[str, int] = {}
    for row in rows:
        cells = Cells(row)
        result = _parse_row(cells, lookups, seen)
        errors.extend(cells.problems)
        if result is not None:
            parsed.append(result)
    ordered, loop_errors = _supervisors_first(parsed)
    errors.extend(loop_errors)
    counts = ImportCounts()
    notices: list[RowError] = []
    for good in ordered:
        _match(good, lookups, counts, notices)
    # Errors read left to right, in the file's own column order.
    order = {name: index for index, name in enumerate(rows[0].values if rows else [])}
    errors.sort(key=lambda e: (e.line, order.get(e.column, len(order))))
    notices.sort(key=lambda e: e.line)
    return Plan(rows=ordered, errors=errors, notices=notices, counts=counts)


def _match(row: Row, lookups: Lookups, counts: ImportCounts, notices: list[RowError]) -> None:
    """Find the person and employment a row updates, and what would change."""
    row.person = lookups.people.get(row.email)
    if row.person is None:
        counts.new_people += 1
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
