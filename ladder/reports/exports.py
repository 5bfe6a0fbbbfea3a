"""Report downloads: one figure as CSV, the whole report as XLSX (a sheet per figure)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from django.http import HttpResponse, StreamingHttpResponse

from ladder.core.tabular import csv_chunks, write_xlsx
from ladder.reports.figures import Figure

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def _sheet_name(title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Figure"
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:25]} {n}", n + 1
    taken.add(name.lower())
    return name


def figure_csv(figure: Figure, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_chunks(figure.csv_rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}-{figure.key}.csv"'
    return response


def report_xlsx(figures: Sequence[Figure], filename: str) -> HttpResponse:
    taken: set[str] = set()
    out = io.BytesIO()
    write_xlsx({_sheet_name(f.title, taken): f.table_rows() for f in figures}, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
