"""Schemas of the pipeline report (GET /api/v1/reports/pipeline)."""

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field


class PipelineColumnOut(Schema):
    key: str
    label: str
    numeric: bool


class PipelineFigureOut(Schema):
    key: str
    title: str
    summary: str = Field(description="One plain sentence saying what the figure shows.")
    note: str = Field(description="How it is counted.")
    unit: str
    columns: list[PipelineColumnOut]
    rows: list[list[Any]] = Field(
        description="One list of cells per row, in the order of `columns`; a count of 1 to 4 "
        'people in the network totals is the text "<5".'
    )


class PipelinePeriodOut(Schema):
    start: dt.date
    end: dt.date
    label: str


class PipelineScopeRefOut(Schema):
    id: int
    name: str


class PipelineReportOut(Schema):
    scope: str = Field(description="`library` (one library's dashboard) or `network` (totals).")
    library: PipelineScopeRefOut | None = None
    network: PipelineScopeRefOut | None = None
    region: PipelineScopeRefOut | None = None
    period: PipelinePeriodOut
    periods: list[PipelinePeriodOut] = Field(description="Oldest first; the chosen one last.")
    as_of: dt.date = Field(description="The day counts of people “now” are taken.")
    stuck_years: int
    libraries: int = Field(description="How many libraries the figures cover.")
    computed_at: dt.datetime | None = Field(
        None,
        description="When stored network totals were computed (the default network report is "
        "kept fresh by a periodic job); null when computed for this request.",
    )
    figures: list[PipelineFigureOut]
