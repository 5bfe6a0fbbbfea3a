"""``{% report_figure figure %}``: a figure's chart and table (templates/reports/_figure.html)."""

from __future__ import annotations

from typing import Any

from django import template

from ladder.reports.figures import Figure, Link

register = template.Library()


@register.inclusion_tag("reports/_figure.html")
def report_figure(figure: Figure, heading: str = "h2", csv_url: str = "") -> dict[str, Any]:
    rows = [
        [
            {
                "label": column.label,
                "numeric": column.numeric,
                "value": cell.value if isinstance(cell, Link) else cell,
                "url": cell.url if isinstance(cell, Link) else "",
            }
            for column, cell in zip(figure.columns, row, strict=True)
        ]
        for row in figure.rows
    ]
    return {
        "figure": figure,
        "rows": rows,
        "heading": heading,
        "csv_url": csv_url,
        "data_id": f"fig-{figure.key}-data",
        "chart_data": figure.chart_data(),
    }
