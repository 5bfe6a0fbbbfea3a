"""Staff import: read a CSV or XLSX file, report every bad row, then commit all or nothing.

Two steps share one validation: `staff_import_preview` reads the file and says what would
happen (and what is wrong, row by row); `staff_import_commit` validates the rows again inside
the transaction that writes them, so a file that went stale between the steps cannot
half-save. A person is matched by e-mail and an employment by (person, library, job class,
start date), which is why importing the same file twice updates instead of duplicating.

This module holds the public steps, reading the file and saving; checking the rows is in
import_rows (with one row's cells in import_cells and what they are checked against in
import_lookups).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ladder.core import tabular
from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.policies import require
from ladder.core.tabular import TableFileError, cell_text
from ladder.orgs.models import Library
from ladder.people import import_rows
from ladder.people.import_cells import ImportRow, RowError
from ladder.people.import_rows import ImportCounts
from ladder.people.models import Person
from ladder.people.policies import can_import_staff
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


# One error class for every import, so callers catch what the shared reader raises.
ImportFileError = TableFileError


class ImportRejected(ValidationError):
    """Some rows are bad; nothing was saved."""

    def __init__(self, row_errors: list[RowError]) -> None:
        lines = len({e.line for e in row_errors})
        super().__init__(
            f"{lines} row{'s' if lines != 1 else ''} with errors; nothing was saved.",
            code="import_rejected",
        )
        self.row_errors = row_errors


@dataclass
class Table:
    columns: list[str]
    ignored_columns: list[str]
    rows: list[ImportRow]


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


# --- the two steps ------------------------------------------------------------------------


def staff_import_preview(
    *, by: Person, library: Library, filename: str, data: bytes
) -> ImportPreview:
    """Read the file and report every bad row and what a commit would do. Writes nothing."""
    require(can_import_staff, access_for(by), library)
    table = read_table(filename=filename, data=data)
    plan = import_rows.plan(by=by, library=library, rows=table.rows)
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
        plan = import_rows.plan(by=by, library=library, rows=rows)
        if plan.errors:
            raise ImportRejected(plan.errors)
        total = len(plan.rows)
        people: dict[str, Person] = {}
        # People first, so a supervisor who is new in this file exists for the rows below.
        for row in plan.rows:
            if row.email in people:
                continue  # a person's further rows (jobs) name the same person
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


def _save_person(by: Person, library: Library, row: import_rows.Row) -> Person:
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


def _save_employment(
    by: Person, library: Library, row: import_rows.Row, people: dict[str, Person]
) -> None:
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
