"""The equity report page, its figures as CSV and the whole report as XLSX."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ladder.core.access import access_for
from ladder.core.http import AuthedRequest
from ladder.core.policies import admin_or_coordinator, permission
from ladder.reports.equity import EquityReport, report_from_params, scope_choices
from ladder.reports.exports import figure_csv, report_xlsx
from ladder.reports.figures import Figure
from ladder.reports.periods import ParameterError


def _report(request: AuthedRequest) -> EquityReport:
    params = {name: request.GET.get(name, "") for name in request.GET}
    return report_from_params(access_for(request.user), params, today=timezone.localdate())


def _refused(request: AuthedRequest, error: ParameterError) -> HttpResponse:
    return render(request, "reports/equity_error.html", {"error": error}, status=422)


def _query(report: EquityReport) -> str:
    params = dict(report.scope.query)
    if report.period.fiscal_year is not None:
        params["year"] = str(report.period.fiscal_year)
    else:
        params["start"] = report.period.start.isoformat()
        params["end"] = report.period.end.isoformat()
    return urlencode(params)


def _filename(report: EquityReport) -> str:
    return f"equity-{slugify(report.scope.name)}-{slugify(report.period.label)}"


@permission(admin_or_coordinator)
def equity(request: AuthedRequest) -> HttpResponse:
    try:
        report = _report(request)
    except ParameterError as error:
        return _refused(request, error)
    query = _query(report)
    base = reverse("reports:equity")
    year = {"year": str(report.period.fiscal_year)} if report.period.fiscal_year else {}
    choices = [
        {
            "label": label,
            "url": f"{base}?{urlencode({**params, **year})}",
            "current": params == report.scope.query,
        }
        for label, params in scope_choices(access_for(request.user))
    ]

    def item(figure: Figure) -> dict[str, object]:
        url = f"{reverse('reports:equity_csv', args=[figure.key])}?{query}"
        return {"figure": figure, "csv_url": url}

    return render(
        request,
        "reports/equity.html",
        {
            "report": report,
            "comparison_items": [item(c.figure) for c in report.comparisons],
            "reach_items": [item(figure) for figure in report.reach],
            "xlsx_url": f"{reverse('reports:equity_xlsx')}?{query}",
            "api_url": f"/api/v1/reports/equity?{query}",
            "this_url": base,
            "choices": choices if len(choices) > 1 else [],
        },
    )


@permission(admin_or_coordinator)
def equity_csv(request: AuthedRequest, key: str) -> StreamingHttpResponse | HttpResponse:
    try:
        report = _report(request)
    except ParameterError as error:
        return _refused(request, error)
    for figure in report.figures:
        if figure.key == key:
            return figure_csv(figure, _filename(report))
    raise Http404("No such figure.")


@permission(admin_or_coordinator)
def equity_xlsx(request: AuthedRequest) -> HttpResponse:
    try:
        report = _report(request)
    except ParameterError as error:
        return _refused(request, error)
    return report_xlsx(report.figures, _filename(report))
