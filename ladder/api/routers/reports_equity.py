"""API: the equity report (issue #15). The same figures, sentences and permissions as the
page /reports/equity/: library admins for their library, coordinators for their network,
region or member library (totals only), site admins any. A bad or unknown parameter answers
422 naming it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from ladder.api.auth import access
from ladder.api.schemas.reports_equity import EquityQuery, EquityReportOut
from ladder.core.policies import admin_or_coordinator, api_permission
from ladder.reports.equity import EquityReport, report_from_params
from ladder.reports.figures import export_value
from ladder.reports.periods import ParameterError
from ladder.reports.privacy import suppressed

router = Router(tags=["reports"])

API_PARAMETERS = frozenset({"library", "network", "region", "year", "start", "end"})


@router.get(
    "/reports/equity",
    response=EquityReportOut,
    summary="The equity report: part-time vs full-time, small and rural vs larger libraries",
)
@api_permission(admin_or_coordinator)
def reports_equity(request: HttpRequest, filters: Query[EquityQuery]) -> dict[str, Any]:
    params = {name: request.GET.get(name, "") for name in request.GET}
    try:
        for name in params:
            if name not in API_PARAMETERS:
                raise ParameterError(name, "unknown parameter.")
        report = report_from_params(access(request), params, today=timezone.localdate())
    except ParameterError as error:
        raise ValidationError({error.name: [error.message]}) from None
    return equity_out(report)


def equity_out(report: EquityReport) -> dict[str, Any]:
    scope, period = report.scope, report.period
    private = scope.private
    comparisons = []
    for comparison in report.comparisons:
        findings = []
        for finding in comparison.findings:
            _, a, b, gap, people_a, people_b, _, p = finding.cells()
            findings.append(
                {
                    "measure": finding.measure.key,
                    "label": finding.measure.label,
                    "sentence": finding.sentence,
                    "unit": "hours" if finding.measure.kind == "amount" else "%",
                    "group_a": a,
                    "group_b": b,
                    "gap": gap,
                    "people_a": people_a,
                    "people_b": people_b,
                    "test": finding.gap.test,
                    "p_value": p,
                    "verdict": finding.gap.verdict,
                    "chance": finding.gap.words,
                }
            )
        comparisons.append(
            {
                "key": comparison.key,
                "question": comparison.question,
                "group_a": comparison.a_label,
                "group_b": comparison.b_label,
                "left_out": suppressed(comparison.left_out) if private else comparison.left_out,
                "findings": findings,
            }
        )
    return {
        "scope": {
            "kind": scope.kind,
            "id": scope.id,
            "name": scope.name,
            "libraries": len(scope.libraries),
            "names_people": scope.viewer_may_see_people,
        },
        "period": {
            "start": period.start,
            "end": period.end,
            "label": period.label,
            "fiscal_year": period.fiscal_year,
        },
        "staff": suppressed(report.staff_count) if private else report.staff_count,
        "comparisons": comparisons,
        "figures": [
            {
                "key": figure.key,
                "title": figure.title,
                "summary": figure.summary,
                "unit": figure.unit,
                "note": figure.note,
                "columns": [
                    {"key": c.key, "label": c.label, "numeric": c.numeric} for c in figure.columns
                ],
                "rows": [[export_value(cell) for cell in row] for row in figure.rows],
            }
            for figure in report.figures
        ],
    }
