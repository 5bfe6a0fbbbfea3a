"""One row's cells as read from a staff-list file, and parsing them.

`ImportRow` is a data row as read; `RowError` is one problem with one of its cells; `Cells`
collects every problem in a row while its text, dates, hours and e-mails are parsed, against
the limits the Employment model sets.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email

from ladder.people.models import Employment

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


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


@dataclass(frozen=True)
class RowError:
    """One problem with one cell (or row): shown as 'line 7, weekly_hours: ...'."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


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


def parse_date(raw: str) -> dt.date | None:
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


def parse_hours(raw: str) -> Decimal | str:
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


def email_problem(raw: str) -> str | None:
    try:
        validate_email(raw)
    except ValidationError:
        return f"'{raw}' is not a valid e-mail address."
    return None


class Cells:
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
        parsed = parse_date(raw)
        if parsed is None:
            self.bad(column, f"Bad date '{raw}': use YYYY-MM-DD or M/D/YYYY.")
        return parsed
