"""A report figure: one table of numbers, drawn as a chart beside it, exported as CSV or XLSX.

Every report (the library dashboard, the network totals, the equity report) builds its
figures as :class:`Figure` objects; one template (``reports/_figure.html``) renders the chart
and the table together (screen readers read the table), one script draws every chart
(``static/ladder/report-chart.js``), and :mod:`ladder.reports.exports` writes them out.

A cell is a plain value (text, number, date, ``None``) or a :class:`Link` to the people or
records behind the number (a drill-down, only where the viewer may follow it). A suppressed
small count (``"<5"``, see :mod:`ladder.reports.privacy`) is text: the table shows it, the
chart leaves a gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

ChartKind = Literal["bar", "hbar", "stacked", "hstacked", "line"]


@dataclass(frozen=True)
class Link:
    """A number (or text) in a table that opens the records behind it."""

    value: Any
    url: str

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Column:
    key: str  # machine-friendly, the CSV header
    label: str  # human, the table and XLSX header
    numeric: bool = True


@dataclass
class Figure:
    key: str  # a slug: the element ids and the export's file name
    title: str
    summary: str  # one plain sentence: the chart's text alternative and the caption's lead
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    chart: ChartKind = "bar"
    #: the columns drawn as series (by key); default: every numeric column
    series: Sequence[str] | None = None
    unit: str = ""  # e.g. "people", "hours", "$"
    note: str = ""  # shown under the table: how it is counted
    #: a table too wide to sit beside its chart: the chart above, the table below it
    wide: bool = False

    def _series_columns(self) -> list[tuple[int, Column]]:
        wanted = self.series
        return [
            (index, column)
            for index, column in enumerate(self.columns)
            if index > 0 and (column.key in wanted if wanted is not None else column.numeric)
        ]

    def chart_data(self) -> dict[str, Any]:
        """What report-chart.js draws: labels from the first column, one dataset per series."""
        return {
            "kind": self.chart,
            "unit": self.unit,
            "labels": [plain_text(row[0]) for row in self.rows],
            "datasets": [
                {"label": column.label, "data": [chart_number(row[index]) for row in self.rows]}
                for index, column in self._series_columns()
            ],
        }

    def table_rows(self) -> list[list[Any]]:
        """Rows for an export: headers first, links reduced to their values."""
        header: list[Any] = [column.label for column in self.columns]
        return [header, *([export_value(cell) for cell in row] for row in self.rows)]

    def csv_rows(self) -> list[list[Any]]:
        header: list[Any] = [column.key for column in self.columns]
        return [header, *([export_value(cell) for cell in row] for row in self.rows)]

    @property
    def is_empty(self) -> bool:
        return not self.rows


def export_value(cell: Any) -> Any:
    value = cell.value if isinstance(cell, Link) else cell
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def plain_text(cell: Any) -> str:
    value = export_value(cell)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def chart_number(cell: Any) -> float | None:
    value = export_value(cell)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)
