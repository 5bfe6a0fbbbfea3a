"""Reading uploaded CSV text into numbered rows, shared by every import (staff, frameworks)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError


class TableFileError(ValidationError):
    """The file as a whole cannot be read: wrong type, too big, unreadable, missing columns."""


def csv_rows(data: bytes, *, max_rows: int) -> list[tuple[int, list[Any]]]:
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
    rows: list[tuple[int, list[Any]]] = []
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
