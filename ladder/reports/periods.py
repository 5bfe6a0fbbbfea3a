"""Report periods: a fiscal year by default, or an explicit date range.

Query parameters (pages and API alike):

- ``year``: the fiscal year, named by the calendar year it starts in (as programme budgets
  are); a library's fiscal year starts in its ``fiscal_year_start_month``;
- ``start`` and ``end``: ISO dates, both or neither, instead of ``year``;
- ``compare``: how many earlier years to show beside it (0 to 5, default 2).

A bad value raises :class:`ParameterError` naming the parameter; pages show it as a message,
the API answers 422 with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

MIN_YEAR = 1990
MAX_COMPARE = 5
DEFAULT_COMPARE = 2
KNOWN_PARAMETERS = frozenset({"year", "start", "end", "compare"})


class ParameterError(ValueError):
    """A report parameter that cannot be used; ``name`` is the parameter."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str
    fiscal_year: int | None = None

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def fiscal_year_of(day: dt.date, start_month: int) -> int:
    """The fiscal year (by its starting calendar year) that ``day`` falls in."""
    return day.year if day.month >= start_month else day.year - 1


def fiscal_year(year: int, start_month: int) -> Period:
    start = dt.date(year, start_month, 1)
    next_start = dt.date(year + 1, start_month, 1)
    end = next_start - dt.timedelta(days=1)
    label = f"FY {year}" if start_month == 1 else f"FY {year}–{str(year + 1)[-2:]}"
    return Period(start=start, end=end, label=label, fiscal_year=year)


def earlier_years(period: Period, count: int, start_month: int) -> list[Period]:
    """The ``count`` fiscal years before ``period``, oldest first."""
    first = (
        period.fiscal_year
        if period.fiscal_year is not None
        else fiscal_year_of(period.start, start_month)
    )
    return [fiscal_year(first - back, start_month) for back in range(count, 0, -1)]


def _date(params: Mapping[str, str], name: str) -> dt.date:
    raw = params.get(name, "").strip()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ParameterError(name, f"{raw!r} is not a date (YYYY-MM-DD).") from None


def id_parameter(params: Mapping[str, str], name: str) -> int | None:
    """A record's id from a parameter (``library``, ``network``, ``region``); None when absent."""
    raw = params.get(name, "").strip()
    if raw == "":
        return None
    if not raw.isdigit():
        raise ParameterError(name, f"{raw!r} is not a {name} id (a whole number).")
    return int(raw)


def parse_period(
    params: Mapping[str, str],
    *,
    start_month: int,
    today: dt.date,
    extra: frozenset[str] = frozenset(),
) -> tuple[Period, int]:
    """The period and the number of earlier years to compare, from query parameters.

    ``extra`` names the other parameters the caller accepts (``library``, ``network``…);
    any parameter outside those and :data:`KNOWN_PARAMETERS` is refused by name.
    """
    for name in params:
        if name not in KNOWN_PARAMETERS | extra:
            raise ParameterError(name, "unknown parameter.")
    compare = DEFAULT_COMPARE
    if params.get("compare", "") != "":
        raw = params["compare"]
        if not raw.isdigit() or int(raw) > MAX_COMPARE:
            raise ParameterError("compare", f"must be a whole number from 0 to {MAX_COMPARE}.")
        compare = int(raw)
    has_start, has_end = bool(params.get("start")), bool(params.get("end"))
    if has_start or has_end:
        if params.get("year"):
            raise ParameterError("year", "give either a year or start and end, not both.")
        if not (has_start and has_end):
            raise ParameterError("end" if has_start else "start", "give both start and end.")
        start, end = _date(params, "start"), _date(params, "end")
        if end < start:
            raise ParameterError("end", "must not be before start.")
        if (end - start).days > 366 * 10:
            raise ParameterError("end", "a period may span at most ten years.")
        return Period(start=start, end=end, label=f"{start:%-d %b %Y} – {end:%-d %b %Y}"), compare
    current = fiscal_year_of(today, start_month)
    year = current
    if params.get("year", "") != "":
        raw = params["year"]
        if not raw.isdigit() or not MIN_YEAR <= int(raw) <= current + 1:
            raise ParameterError("year", f"must be a fiscal year from {MIN_YEAR} to {current + 1}.")
        year = int(raw)
    return fiscal_year(year, start_month), compare
