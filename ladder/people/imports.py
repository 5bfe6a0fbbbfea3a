"""Staff import: read a CSV or XLSX file, report every bad row, then commit all or nothing.

Two steps share one validation: `staff_import_preview` reads the file and says what would
happen (and what is wrong, row by row); `staff_import_commit` validates the rows again inside
the transaction that writes them, so a file that went stale between the steps cannot
half-save. A person is matched by e-mail and an employment by (person, library, job class,
start date), which is why importing the same file twice updates instead of duplicating.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from ladder.core import tabular
from ladder.core.access import Access, access_for
from ladder.core.audit import diff, log_action, snapshot
from ladder.core.policies import require
from ladder.core.tabular import TableFileError, cell_text
from ladder.orgs.models import Branch, Library, Role
from ladder.people.models import Employment, JobClass, Person
from ladder.people.policies import can_import_staff
from ladder.people.selectors import people_managed_by
from ladder.people.services import (
    employment_create,
    employment_update,
    person_create,
    person_update,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An XLSX is a zip: refuse one that would inflate far beyond any real staff list.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
FILE_TYPES = tabular.FILE_TYPES

REQUIRED_COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "job_class",
    "weekly_hours",
    "start_date",
)
OPTIONAL_COLUMNS = (
    "library",
    "branch",
    "end_date",
    "benefits_eligible",
    "supervisor_email",
    "title",
    "phone",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
COLUMN_ALIASES = {"e_mail": "email", "email_address": "email", "hours": "weekly_hours"}

PERSON_FIELDS = ("first_name", "last_name", "phone")
EMPLOYMENT_FIELDS = ("branch", "weekly_hours", "end_date", "benefits_eligible", "title")

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# Exports prefix a quote to cells a spreadsheet would run as a formula; take it off again.


def _model_limits(model: Any, name: str) -> tuple[Decimal, Decimal]:
    """The min and max a model field's validators allow, so imports follow the model."""
    low = high = None
    for validator in model._meta.get_field(name).validators:
        if isinstance(validator, MinValueValidator):
            low = Decimal(validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = Decimal(validator.limit_value)
    assert low is not None and high is not None
    return low, high


HOURS_MIN, HOURS_MAX = _model_limits(Employment, "weekly_hours")


# One error class for every import, so callers catch what the shared reader raises.
ImportFileError = TableFileError


@dataclass(frozen=True)
class RowError:
    """One problem with one cell (or row): shown as 'line 7, weekly_hours: ...'."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


class ImportRejected(ValidationError):
    """Some rows are bad; nothing was saved."""

    def __init__(self, row_errors: list[RowError]) -> None:
        lines = len({e.line for e in row_errors})
        super().__init__(
            f"{lines} row{'s' if lines != 1 else ''} with errors; nothing was saved.",
            code="import_rejected",
        )
        self.row_errors = row_errors


@dataclass(frozen=True)
class ImportRow:
    """A data row as read from the file: the known columns present, as stripped text."""

    line: int
    values: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "values": self.values}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportRow:
        return cls(line=int(data["line"]), values={k: str(v) for k, v in data["values"].items()})


@dataclass
class Table:
    columns: list[str]
    ignored_columns: list[str]
    rows: list[ImportRow]


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
class ImportPreview:
    library: Library
    filename: str
    columns: list[str]
    ignored_columns: list[str]
    rows: list[ImportRow]
    errors: list[RowError]
    notices: list[RowError]
    counts: ImportCounts

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_lines(self) -> int:
        return len({e.line for e in self.errors})


@dataclass
class ImportResult:
    library: Library
    counts: ImportCounts

    def as_dict(self) -> dict[str, Any]:
        return {"library_id": self.library.pk, **self.counts.as_dict()}


# --- reading the file ---------------------------------------------------------------------


def check_upload_size(size: int) -> None:
    """Refuse a file over the limit before reading it into memory."""
    tabular.check_size(size, max_bytes=MAX_UPLOAD_BYTES)


def read_table(*, filename: str, data: bytes) -> Table:
    """The header and data rows of an uploaded file, or ImportFileError saying what is wrong."""
    sheets = tabular.read_upload(
        filename=filename,
        data=data,
        max_bytes=MAX_UPLOAD_BYTES,
        max_rows=MAX_ROWS,
        max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES,
    )
    return _table(next(iter(sheets.values())))


def _column_key(header: Any) -> str:
    key = re.sub(r"[\s\-]+", "_", cell_text(header).lower())
    return COLUMN_ALIASES.get(key, key)


def _table(raw: Iterable[tuple[int, list[Any]]]) -> Table:
    header: tabular.Header | None = None
    rows: list[ImportRow] = []
    for line, cells in raw:
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            continue
        if header is None:
            header = _header([_column_key(c) for c in cells], texts)
            continue
        rows.append(ImportRow(line=line, values=header.values(texts)))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                f"The file has more than {MAX_ROWS:,} rows; split it.", code="too_many_rows"
            )
    if header is None:
        raise ImportFileError("The file is empty.", code="empty")
    if not rows:
        raise ImportFileError("The file has a header row but no staff rows.", code="empty")
    return Table(columns=list(header.positions), ignored_columns=header.ignored, rows=rows)


def _header(keys: list[str], labels: list[str]) -> tabular.Header:
    header = tabular.read_header(keys, labels, COLUMNS)
    if header.duplicate is not None:
        raise ImportFileError(f"The column '{header.duplicate}' appears twice.", code="columns")
    missing = header.missing(REQUIRED_COLUMNS)
    if missing:
        raise ImportFileError(
            f"Missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}. "
            f"The header row must name at least: {', '.join(REQUIRED_COLUMNS)}.",
            code="columns",
        )
    return header


# --- validating rows ----------------------------------------------------------------------


@dataclass
class _Row:
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
class _Plan:
    rows: list[_Row]
    errors: list[RowError]
    notices: list[RowError]
    counts: ImportCounts


def _not_ended() -> Q:
    today = timezone.localdate()
    return Q(end_date__isnull=True) | Q(end_date__gte=today)


class _Lookups:
    """Everything rows are checked against, loaded in a fixed number of queries.

    The permission sets mirror the services' rules (person_update: a person with a job at a
    library the user administers; employment_create: nobody whose record is private to
    another library), so the preview reports what the commit would refuse.
    """

    def __init__(self, *, by: Person, library: Library, rows: list[ImportRow]) -> None:
        access = access_for(by)
        self.library = library
        self.branches = {b.name.lower(): b for b in Branch.objects.filter(library=library)}
        self.job_classes = self._job_classes(library)
        self.other_libraries = self._libraries(rows)
        emails = {r.values.get("email", "").lower() for r in rows} - {""}
        supervisors = {r.values.get("supervisor_email", "").lower() for r in rows} - {""}
        self.in_file = emails
        self.ended_in_file = self._ended_in_file(rows)
        self.people = {p.email: p for p in Person.objects.filter(email__in=emails)}
        self.editable_ids: set[int] = set()
        self.private_ids: set[int] = set()
        if access.is_site_admin:
            self.editable_ids = {p.pk for p in self.people.values()}
        elif self.people:
            self.editable_ids = {access.person_id or 0} | set(
                Employment.objects.filter(
                    _not_ended(),
                    library_id__in=access.admin_library_ids,
                    person__email__in=emails,
                ).values_list("person_id", flat=True)
            )
            self.private_ids = self._not_attachable(access, library, emails)
        self.employments: dict[int, list[Employment]] = {}
        for employment in (
            Employment.objects.filter(library=library, person__email__in=emails)
            .select_related("supervisor")
            .order_by("pk")
        ):
            self.employments.setdefault(employment.person_id, []).append(employment)
        self.staff = {
            e.person.email: e.person
            for e in Employment.objects.filter(
                _not_ended(), library=library, person__email__in=supervisors
            ).select_related("person")
        }

    @staticmethod
    def _not_attachable(access: Access, library: Library, emails: set[str]) -> set[int]:
        """The people in the file the user may not give a job here: employment_create's rule
        (people.policies.can_attach), answered for the whole file in a fixed number of queries."""
        people = Person.objects.filter(email__in=emails)
        here = set(
            Employment.objects.filter(_not_ended(), library=library, person__in=people).values_list(
                "person_id", flat=True
            )
        )
        barred = set(
            people.filter(Q(is_superuser=True) | Q(is_staff=True)).values_list("pk", flat=True)
        )
        barred |= set(
            Role.objects.filter(person__in=people)
            .exclude(kind=Role.Kind.LIBRARY_ADMIN, library_id__in=access.admin_library_ids)
            .values_list("person_id", flat=True)
        )
        barred |= set(
            Employment.objects.filter(_not_ended(), person__in=people)
            .exclude(library_id__in=access.admin_library_ids)
            .values_list("person_id", flat=True)
        )
        known = set(
            people.filter(added_by_library_id__in=access.admin_library_ids).values_list(
                "pk", flat=True
            )
        ) | set(people_managed_by(access).filter(email__in=emails).values_list("pk", flat=True))
        everyone = set(people.values_list("pk", flat=True))
        return (barred | (everyone - known)) - here

    @staticmethod
    def _job_classes(library: Library) -> dict[str, list[tuple[int, JobClass]]]:
        """Code and name -> classes, ranked: the library's own, its networks', any other."""
        networks = set(library.memberships.values_list("network_id", flat=True))
        found: dict[str, list[tuple[int, JobClass]]] = {}
        for job_class in JobClass.objects.available_to_library(library.pk):
            if job_class.library_id == library.pk:
                rank = 0
            elif job_class.network_id in networks:
                rank = 1
            else:
                rank = 2
            for key in {job_class.code.lower(), job_class.name.lower()}:
                found.setdefault(key, []).append((rank, job_class))
        return found

    @staticmethod
    def _libraries(rows: list[ImportRow]) -> dict[str, Library]:
        keys = {r.values.get("library", "").lower() for r in rows} - {""}
        if not keys:
            return {}
        found: dict[str, Library] = {}
        for library in Library.objects.annotate(lname=Lower("name")).filter(
            Q(slug__in=keys) | Q(lname__in=keys)
        ):
            found[library.slug.lower()] = library
            found[library.name.lower()] = library
        return found

    @staticmethod
    def _ended_in_file(rows: list[ImportRow]) -> set[str]:
        today = timezone.localdate()
        ended = set()
        for row in rows:
            end = _parse_date(row.values.get("end_date", ""))
            if end is not None and end < today:
                ended.add(row.values.get("email", "").lower())
        return ended

    def supervisor_problem(self, email: str) -> str | None:
        """Why this person cannot supervise at the library, or None when they can."""
        if email in self.staff or (email in self.in_file and email not in self.ended_in_file):
            return None
        if email in self.in_file:
            return f"Supervisor {email}'s employment in this file has already ended."
        return (
            f"Unknown supervisor {email}: not in this file and not on the staff of "
            f"{self.library.name}."
        )

    def job_class(self, raw: str) -> JobClass | str:
        """The class a cell names, or the reason it names none."""
        candidates = self.job_classes.get(raw.lower(), [])
        if not candidates:
            return f"Unknown job class '{raw}' (use a job class code or name)."
        best = min(rank for rank, _ in candidates)
        matches = {jc.pk: jc for rank, jc in candidates if rank == best}
        if len(matches) > 1:
            return f"'{raw}' names more than one job class; use its code."
        return next(iter(matches.values()))


def _parse_date(raw: str) -> dt.date | None:
    """YYYY-MM-DD or M/D/YYYY; None when the text is neither or not a real day."""
    try:
        if _ISO_DATE.match(raw):
            return dt.date.fromisoformat(raw)
        match = _US_DATE.match(raw)
        if match:
            month, day, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def _parse_hours(raw: str) -> Decimal | str:
    if not raw:
        return "Weekly hours are required."
    try:
        hours = Decimal(raw)
    except InvalidOperation:
        return f"'{raw}' is not a number of hours."
    if not hours.is_finite() or hours < HOURS_MIN or hours > HOURS_MAX:
        return f"Hours out of range: {raw} is not between {HOURS_MIN} and {HOURS_MAX}."
    if hours != hours.quantize(Decimal("0.1")):
        return f"Use at most one decimal place for hours (got {raw})."
    return hours.quantize(Decimal("0.1"))


def _email_problem(raw: str) -> str | None:
    try:
        validate_email(raw)
    except ValidationError:
        return f"'{raw}' is not a valid e-mail address."
    return None


class _Cells:
    """One row's cells, and every problem found in them (not only the first)."""

    def __init__(self, row: ImportRow) -> None:
        self.row = row
        self.values = row.values
        self.problems: list[RowError] = []

    def has(self, column: str) -> bool:
        return column in self.values

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def bad(self, column: str, message: str) -> None:
        self.problems.append(RowError(self.row.line, column, message))

    def text(self, column: str, limit: int, *, label: str = "", required: bool = False) -> str:
        value = self.get(column)
        if required and not value:
            self.bad(column, f"{label} is required.")
        if len(value) > limit:
            self.bad(column, f"Too long: at most {limit} characters.")
        return value

    def date(self, column: str, *, required: bool) -> dt.date | None:
        raw = self.get(column)
        if not raw:
            if required:
                self.bad(column, "Start date is required.")
            return None
        parsed = _parse_date(raw)
        if parsed is None:
            self.bad(column, f"Bad date '{raw}': use YYYY-MM-DD or M/D/YYYY.")
        return parsed


def _parse_row(cells: _Cells, lookups: _Lookups, seen: dict[str, int]) -> _Row | None:
    """A _Row when every cell is good; otherwise None, with the problems on `cells`."""
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
    hours = _parse_hours(cells.get("weekly_hours"))
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
    return _Row(
        line=cells.row.line,
        email=email,
        person_fields=person_fields,
        job_class=job_class,
        start_date=start_date,
        employment_fields=employment_fields,
        supervisor_email=supervisor_email,
        supervisor_on_staff=lookups.staff.get(supervisor_email or ""),
    )


def _check_email_cell(cells: _Cells, lookups: _Lookups, seen: dict[str, int]) -> str:
    email = cells.get("email").lower()
    if not email:
        cells.bad("email", "E-mail is required.")
    elif (problem := _email_problem(email)) is not None:
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


def _check_library_cell(cells: _Cells, library: Library, others: dict[str, Library]) -> None:
    named = cells.get("library")
    if not named or named.lower() in {library.slug.lower(), library.name.lower()}:
        return
    other = others.get(named.lower())
    if other is None:
        cells.bad("library", f"Unknown library '{named}'.")
    else:
        cells.bad("library", f"This row is for {other.name}; this import is for {library.name}.")


def _check_supervisor_cell(cells: _Cells, lookups: _Lookups, email: str) -> str | None:
    if not cells.has("supervisor_email"):
        return None
    supervisor = cells.get("supervisor_email").lower()
    if not supervisor:
        return supervisor
    problem = _email_problem(supervisor)
    if problem is None and supervisor == email:
        problem = "A person cannot be their own supervisor."
    if problem is None:
        problem = lookups.supervisor_problem(supervisor)
    if problem is not None:
        cells.bad("supervisor_email", problem)
    return supervisor


def _supervisors_first(rows: list[_Row]) -> tuple[list[_Row], list[RowError]]:
    """Rows ordered so a supervisor's employment is written before their reports' (the
    services require a supervisor on the library's staff), and any loop in the file."""
    by_email = {row.email: row for row in rows}
    ordered: list[_Row] = []
    errors: list[RowError] = []
    state: dict[str, str] = {}
    for start in rows:
        chain: list[_Row] = []
        row: _Row | None = start
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


def _plan(*, by: Person, library: Library, rows: list[ImportRow]) -> _Plan:
    """Validate every row and work out what committing would create, update or leave."""
    lookups = _Lookups(by=by, library=library, rows=rows)
    errors: list[RowError] = []
    parsed: list[_Row] = []
    seen: dict[str, int] = {}
    for row in rows:
        cells = _Cells(row)
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
    return _Plan(rows=ordered, errors=errors, notices=notices, counts=counts)


def _match(row: _Row, lookups: _Lookups, counts: ImportCounts, notices: list[RowError]) -> None:
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


def _employment_changes(row: _Row, employment: Employment) -> dict[str, Any]:
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


# --- the two steps ------------------------------------------------------------------------


def staff_import_preview(
    *, by: Person, library: Library, filename: str, data: bytes
) -> ImportPreview:
    """Read the file and report every bad row and what a commit would do. Writes nothing."""
    require(can_import_staff, access_for(by), library)
    table = read_table(filename=filename, data=data)
    plan = _plan(by=by, library=library, rows=table.rows)
    return ImportPreview(
        library=library,
        filename=filename,
        columns=table.columns,
        ignored_columns=table.ignored_columns,
        rows=table.rows,
        errors=plan.errors,
        notices=plan.notices,
        counts=plan.counts,
    )


Progress = Callable[..., None]


def staff_import_commit(
    *,
    by: Person,
    library: Library,
    rows: list[ImportRow],
    progress: Progress | None = None,
) -> ImportResult:
    """Validate the rows again and write them all, or raise ImportRejected and write nothing."""
    require(can_import_staff, access_for(by), library)
    with transaction.atomic():
        plan = _plan(by=by, library=library, rows=rows)
        if plan.errors:
            raise ImportRejected(plan.errors)
        total = len(plan.rows)
        people: dict[str, Person] = {}
        # People first, so a supervisor who is new in this file exists for the rows below.
        for row in plan.rows:
            with _rejected_as_row(row.line):
                people[row.email] = _save_person(by, library, row)
        for done, row in enumerate(plan.rows, 1):
            with _rejected_as_row(row.line):
                _save_employment(by, library, row, people)
            if progress is not None and (done % 50 == 0 or done == total):
                progress(done, total)
        counts = plan.counts
        log_action(
            actor=by,
            action="people.staff_import.committed",
            obj=library,
            summary=(
                f"Staff import of {total} rows: {counts.new_people} new and "
                f"{counts.updated_people} updated people, {counts.new_employments} new and "
                f"{counts.updated_employments} updated employments"
            ),
        )
    return ImportResult(library=library, counts=plan.counts)


# A service names its fields; the import names its columns.
_FIELD_COLUMNS = {"supervisor": "supervisor_email", "__all__": "email"}


@contextmanager
def _rejected_as_row(line: int) -> Iterator[None]:
    """Turn a service's refusal into a row error; raising rolls back the whole import."""
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = [
                RowError(line, _FIELD_COLUMNS.get(name, name), message)
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [RowError(line, "email", message) for message in exc.messages]
        raise ImportRejected(errors) from exc
    except PermissionDenied as exc:
        raise ImportRejected([RowError(line, "email", str(exc))]) from exc


def _save_person(by: Person, library: Library, row: _Row) -> Person:
    if row.person is None:
        fields = dict(row.person_fields)
        return person_create(
            by=by,
            library=library,
            email=row.email,
            first_name=fields.pop("first_name"),
            last_name=fields.pop("last_name"),
            **fields,
        )
    if row.person_changes:
        return person_update(
            by=by,
            person=row.person,
            **{name: row.person_fields[name] for name in row.person_changes},
        )
    return row.person


def _save_employment(by: Person, library: Library, row: _Row, people: dict[str, Person]) -> None:
    fields = dict(row.employment_fields)
    if row.supervisor_email is not None:
        fields["supervisor"] = (
            people.get(row.supervisor_email) or row.supervisor_on_staff
            if row.supervisor_email
            else None
        )
    if row.employment is None:
        employment_create(
            by=by,
            person=people[row.email],
            library=library,
            job_class=row.job_class,
            weekly_hours=fields.pop("weekly_hours"),
            start_date=row.start_date,
            **fields,
        )
    elif row.employment_changes:
        employment_update(by=by, employment=row.employment, **fields)
