"""Schemas of the equity report (GET /reports/equity); every name starts with Equity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from ladder.api.schemas.common import QuerySchema


class EquityQuery(QuerySchema):
    library: int | None = Field(None, description="One library (its admins; its coordinators).")
    network: int | None = Field(None, description="A network's member libraries (coordinators).")
    region: int | None = Field(None, description="A region's member libraries (coordinators).")
    year: int | None = Field(
        None, description="The fiscal year, by the calendar year it starts in; default: now."
    )
    start: dt.date | None = Field(None, description="Instead of year: the first day…")
    end: dt.date | None = Field(None, description="…and the last day (both or neither).")


class EquityScope(Schema):
    kind: str = Field(description="library, network, region or site (every library).")
    id: int | None
    name: str
    libraries: int = Field(description="How many libraries the report covers.")
    names_people: bool = Field(
        description='False: totals only, counts of 1 to 4 people are given as "<5".'
    )


class EquityPeriod(Schema):
    start: dt.date
    end: dt.date
    label: str
    fiscal_year: int | None


class EquityFinding(Schema):
    measure: str = Field(description="hours, trained, tuition, tuition_approved, applied, hired")
    label: str
    sentence: str = Field(description="The gap in one plain sentence.")
    unit: str = Field(description="hours (per person) or % (of the people counted)")
    group_a: float | None = Field(description="Group a's figure; null where suppressed.")
    group_b: float | None
    gap: float | None = Field(description="group_a minus group_b.")
    people_a: int | str = Field(description='People counted in group a (or "<5").')
    people_b: int | str
    test: str = Field(description="Mann-Whitney U, chi-square, Fisher's exact, or empty.")
    p_value: float | None = Field(description="Null when the groups are too small to tell.")
    verdict: str = Field(
        description="too_small, no_gap, easily_chance, maybe_chance, unlikely or very_unlikely"
    )
    chance: str = Field(description="The p-value in words.")


class EquityComparison(Schema):
    key: str
    question: str
    group_a: str
    group_b: str
    left_out: int | str = Field(description="Staff in neither group.")
    findings: list[EquityFinding]


class EquityColumn(Schema):
    key: str
    label: str
    numeric: bool


class EquityFigure(Schema):
    key: str
    title: str
    summary: str
    unit: str
    note: str
    columns: list[EquityColumn]
    rows: list[list[Any]] = Field(description='Cells in column order; "<5" where suppressed.')


class EquityReportOut(Schema):
    scope: EquityScope
    period: EquityPeriod
    staff: int | str
    comparisons: list[EquityComparison]
    figures: list[EquityFigure] = Field(
        description="The comparisons and the training-reach figures, as tables."
    )
