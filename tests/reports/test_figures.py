import datetime as dt
import io
from decimal import Decimal

from django.template import Context, Template
from openpyxl import load_workbook

from ladder.reports.exports import figure_csv, report_xlsx
from ladder.reports.figures import Column, Figure, Link


def funnel() -> Figure:
    return Figure(
        key="funnel",
        title="Pipeline",
        summary="12 pages, 7 assistants.",
        columns=[Column("stage", "Stage", numeric=False), Column("people", "People")],
        rows=[["Pages", Link(12, "/people/?stage=page")], ["Assistants", 7], ["Promoted", "<5"]],
        unit="people",
    )


def test_chart_data_leaves_suppressed_cells_as_gaps():
    data = funnel().chart_data()
    assert data["labels"] == ["Pages", "Assistants", "Promoted"]
    assert data["datasets"] == [{"label": "People", "data": [12.0, 7.0, None]}]


def test_table_renders_links_and_the_chart_data():
    html = Template("{% load report_figures %}{% report_figure f csv_url='/x.csv' %}").render(
        Context({"f": funnel()})
    )
    assert '<a class="usa-link" href="/people/?stage=page">12</a>' in html
    assert 'id="fig-funnel-data"' in html and 'data-report-chart="fig-funnel-data"' in html
    assert "&lt;5" in html
    assert 'data-label="People"' in html


def test_exports_keep_types():
    figure = funnel()
    figure.rows.append(["Since", dt.date(2024, 7, 1)])
    figure.rows.append(["Hours", Decimal("12.5")])
    body = b"".join(figure_csv(figure, "maple").streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "stage,people"
    assert "Pages,12" in body
    workbook = load_workbook(io.BytesIO(report_xlsx([figure, funnel()], "maple").content))
    assert workbook.sheetnames == ["Pipeline", "Pipeline 2"]
    rows = list(workbook["Pipeline"].values)
    assert rows[0] == ("Stage", "People")
    assert rows[1] == ("Pages", 12)
    assert rows[5] == ("Hours", 12.5)
