"""Tables in and out: the one CSV/XLSX reader, cell conversion, formula rule and writer.

Every import (staff, frameworks) reads through `read_upload`, `cell_text` and `read_header`;
every export (staff directory, transcript, certification reports, frameworks) writes through
`write_csv`, `csv_chunks` or `write_xlsx`. Keeping them here means a spreadsheet quirk is
handled once: what the writer writes, the reader reads back as the same text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError

FILE_TYPES = (".csv", ".xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# OWASP's CSV-injection rule: a spreadsheet may run a cell starting with = + - @ tab or CR,
# so such text is written with a leading quote. Text that already starts with quotes before
# one of these gets one more, so that the reader, which drops one quote, gives it back as is.
_NEEDS_QUOTE = re.compile(r"^'*[=+\-@\t\r]")
_QUOTED = re.compile(r"^'+[=+\-@\t\r]")

Rows = list[tuple[int, list[Any]]]


class TableFileError(ValidationError):
    """The file as a whole cannot be read: wrong type, too big, unreadable, missing columns."""


# --- cells --------------------------------------------------------------------------------


def escape_formula(text: str) -> str:
    """Text a spreadsheet shows as typed: a leading quote before anything it would run."""
    return f"'{text}" if _NEEDS_QUOTE.match(text) else text


def cell_text(value: Any) -> str:
    """The text of a cell read from a file, the same for CSV and XLSX.

    Dates (also datetimes) become ISO dates, booleans yes/no, whole floats integers, and the
    quote `escape_formula` added is dropped, so an export imports back unchanged.
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    text = str(value).strip()
    if _QUOTED.match(text):
        text = text[1:]
    return text


def csv_cell(value: Any) -> str:
    """A value as CSV text: numbers and dates as themselves, text with formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return escape_formula(str(value))


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """What a header row says about its columns, for an import to accept or word its refusal."""

    positions: dict[str, int]  # each known column's index, in the file's order
    ignored: list[str]  # the labels of the columns the import does not know
    duplicate: str | None  # the label of the first known column named twice

    def missing(self, required: Iterable[str]) -> list[str]:
        return [name for name in required if name not in self.positions]

    def values(self, texts: Sequence[str]) -> dict[str, str]:
        """A data row's text under each known column (blank where the row is short)."""
        return {
            name: (texts[index] if index < len(texts) else "")
            for name, index in self.positions.items()
        }


def read_header(keys: Sequence[str], labels: Sequence[str], known: Container[str]) -> Header:
    """Where the known columns stand, given each column's key and its label as written."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, key in enumerate(keys):
        if not key:
            continue
        if key in positions:
            return Header(positions=positions, ignored=ignored, duplicate=labels[index])
        if key in known:
            positions[key] = index
        else:
            ignored.append(labels[index])
    return Header(positions=positions, ignored=ignored, duplicate=None)


def check_size(size: int, *, max_bytes: int) -> None:
    """Refuse a file over the limit before reading it into memory."""
    if size > max_bytes:
        raise TableFileError(
            f"The file is larger than {max_bytes // (1024 * 1024)} MB.", code="too_big"
        )


def read_upload(
    *, filename: str, data: bytes, max_bytes: int, max_rows: int, max_unpacked_bytes: int
) -> dict[str, Rows]:
    """Each sheet's numbered raw rows by lower-cased name; a CSV file is one sheet named ""."""
    if not data:
        raise TableFileError("The file is empty.", code="empty")
    check_size(len(data), max_bytes=max_bytes)
    suffix = Path(filename).suffix.lower()
    if suffix not in FILE_TYPES:
        raise TableFileError(
            f"Upload a .csv or .xlsx file (this one is {suffix or 'without an extension'}).",
            code="file_type",
        )
    if suffix == ".csv":
        return {"": csv_rows(data, max_rows=max_rows)}
    return xlsx_sheets(data, max_rows=max_rows, max_unpacked_bytes=max_unpacked_bytes)


def csv_rows(data: bytes, *, max_rows: int) -> Rows:
    """(line number, cells) for each CSV record, stopping a little past max_rows.

    Accepts UTF-8 (with or without BOM) or Windows cp1252, and comma, semicolon or tab.
    """
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise TableFileError(
            "This file is not CSV text (is it a spreadsheet saved with a .csv name?).",
            code="unreadable",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV in cp1252 unless told otherwise.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise TableFileError(
                "The file's text encoding is not UTF-8; save it as 'CSV UTF-8'.", code="unreadable"
            ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", ";", "\t") if d in first_line), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: Rows = []
    previous = 0
    try:
        for cells in reader:
            rows.append((previous + 1, cells))
            previous = reader.line_num
            if len(rows) > max_rows + 1:
                break
    except csv.Error as exc:
        raise TableFileError(
            f"Line {previous + 1} cannot be read as CSV: {exc}.", code="unreadable"
        ) from exc
    return rows


def xlsx_sheets(data: bytes, *, max_rows: int, max_unpacked_bytes: int) -> dict[str, Rows]:
    """Each sheet's rows by lower-cased sheet name, in workbook order (values, not formulas)."""
    import openpyxl

    not_xlsx = TableFileError(
        "This file cannot be read as an XLSX workbook (an old .xls must be saved as .xlsx).",
        code="unreadable",
    )
    if not data.startswith(b"PK\x03\x04"):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise not_xlsx from exc
    if unpacked > max_unpacked_bytes:
        raise TableFileError("The workbook is too large once unpacked.", code="too_big")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise not_xlsx from exc
    sheets: dict[str, Rows] = {}
    try:
        for worksheet in workbook.worksheets:
            rows: Rows = []
            for number, cells in enumerate(worksheet.iter_rows(values_only=True), 1):
                rows.append((number, list(cells)))
                if len(rows) > max_rows + 1:
                    break
            sheets.setdefault(worksheet.title.strip().lower(), rows)
    finally:
        workbook.close()
    if not sheets:
        raise TableFileError("The workbook has no sheets.", code="empty")
    return sheets


# --- writing ------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[Sequence[Any]], *, batch: int = 500) -> Iterator[str]:
    """CSV text in pieces for a streaming response; a BOM first so Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    pending = ["\ufeff"]
    for row in rows:
        pending.append(writer.writerow([csv_cell(v) for v in row]))
        if len(pending) >= batch:
            yield "".join(pending)
            pending = []
    yield "".join(pending)


def write_csv(rows: Iterable[Sequence[Any]], out: IO[str]) -> None:
    """All rows as CSV text (with a BOM, so Excel reads UTF-8) into `out`."""
    for chunk in csv_chunks(rows):
        out.write(chunk)


def write_xlsx(sheets: Mapping[str, Iterable[Sequence[Any]]], out: IO[bytes]) -> None:
    """One worksheet per name, row by row; the first row of each is a bold, frozen header.

    Text is stored as text (a cell starting with "=" is never a formula), numbers as
    numbers, dates as dates.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        for number, row in enumerate(rows):
            cells: list[Any] = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula; only a leading quote is doubled
                elif isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                if number == 0:
                    cell.font = bold
                cells.append(cell)
            sheet.append(cells)
    workbook.save(out)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("'"):
        return escape_formula(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones
    return value
