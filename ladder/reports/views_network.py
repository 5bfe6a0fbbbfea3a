"""The network's totals (/reports/network/): the dashboard's measures summed per member library
and region for the network's coordinators (and the site admin). No staff member is named and
there is no drill-down to people; counts of 1 to 4 are shown as "<5"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ladder.core.access import access_for
from ladder.core.http import AuthedRequest
from ladder.core.policies import permission, require
from ladder.orgs.models import Region
from ladder.reports import dashboard as board
from ladder.reports.exports import figure_csv, report_xlsx
from ladder.reports.periods import MAX_COMPARE, ParameterError
from ladder.reports.policies import can_read_network_report, can_read_network_reports
from ladder.reports.views_library import _download, _params

#: Up to this many member libraries, the page lists each; beyond, choose a region (or download).
PAGE_LIBRARIES = 40
ALL_LIBRARIES_CSV = {"format": "csv", "figure": "network-libraries"}


def _context(access: Any, params: dict[str, str], scope: board.Scope | None) -> dict[str, Any]:
    networks = board.readable_networks(access)
    network = scope.network if scope else None
    return {
        "params": params,
        "networks": networks
        if access.is_site_admin or len(access.coordinator_network_ids) > 1
        else None,
        "regions": Region.objects.filter(network=network).order_by("name") if network else None,
        "network": network,
        "region": scope.region if scope else None,
        "compare_choices": range(MAX_COMPARE + 1),
        "compare": len(scope.periods) - 1 if scope else 2,
        "stuck": scope.stuck_years if scope else 3,
    }


@permission(can_read_network_reports)
def network_totals(request: AuthedRequest) -> HttpResponse | StreamingHttpResponse:
    access = access_for(request.user)
    params = _params(request)
    try:
        fmt, figure_key = _download(params)
        found = board.network_scope(access, params, timezone.localdate())
    except ParameterError as error:
        context = {"error": error, **_context(access, params, None)}
        context["networks"] = board.readable_networks(access)
        return render(request, "reports/network.html", context, status=400)
    if found is None:
        context = _context(access, params, None)
        context["networks"] = board.readable_networks(access)
        return render(request, "reports/network.html", context)
    scope, libraries = found
    assert scope.network is not None
    require(can_read_network_report, access, scope.network)
    measures, stored = board.network_measures(scope, libraries, timezone.localdate())
    figures = board.network_figures(measures, libraries, scope)
    filename = f"{scope.network.slug}-totals-{scope.period.label.replace(' ', '-')}"
    if fmt == "csv":
        figure = next((f for f in figures if f.key == figure_key), None)
        if figure is None:
            unknown = ParameterError("figure", f"{figure_key!r} is not a figure of this report.")
            return render(
                request,
                "reports/network.html",
                {"error": unknown, **_context(access, params, scope)},
                status=400,
            )
        return figure_csv(figure, filename)
    if fmt == "xlsx":
        return report_xlsx(figures, filename)
    query = {**params, "network": str(scope.network.pk)}
    here = reverse("reports:network")
    # A statewide network's 250 rows are for the downloads; the page lists a region's.
    shown = [
        figure
        for figure in figures
        if figure.key != "network-libraries" or len(libraries) <= PAGE_LIBRARIES
    ]
    context = {
        **_context(access, params, scope),
        "scope": scope,
        "library_count": len(libraries),
        "stored": stored,
        "figures": [
            (figure, f"{here}?{urlencode({**query, 'format': 'csv', 'figure': figure.key})}")
            for figure in shown
        ],
        "libraries_hidden": len(shown) < len(figures),
        "libraries_csv": f"{here}?{urlencode({**query, **ALL_LIBRARIES_CSV})}",
        "xlsx_url": f"{here}?{urlencode({**query, 'format': 'xlsx'})}",
    }
    return render(request, "reports/network.html", context)
