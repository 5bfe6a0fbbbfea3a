"""Reports: the pipeline (GET /api/v1/reports/pipeline) — the library's progress dashboard for
its admins, the network's totals (no names, small counts as "<5") for its coordinators. The
same figures and permissions as the pages (ladder.reports.dashboard)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from ladder.api.auth import access
from ladder.api.schemas.reports import PipelineReportOut
from ladder.core.policies import admin_or_coordinator, api_permission, require
from ladder.people.models import Person
from ladder.reports import dashboard as board
from ladder.reports.figures import Figure, export_value
from ladder.reports.periods import ParameterError, Period
from ladder.reports.policies import can_read_library_report, can_read_network_report

router = Router(tags=["reports"])

PARAMETERS = frozenset({"library", "network", "region", "year", "start", "end", "compare", "stuck"})


class PipelineQuery(Schema):
    library: str | None = Field(None, description="A library id: its dashboard (its admins).")
    network: str | None = Field(None, description="A network id: its totals (its coordinators).")
    region: str | None = Field(None, description="A region id: its libraries' totals.")
    year: str | None = Field(
        None, description="The fiscal year, by the calendar year it starts in (default: now)."
    )
    start: str | None = Field(None, description="With `end`, a period instead of a year.")
    end: str | None = Field(None, description="The last day of the period (YYYY-MM-DD).")
    compare: str | None = Field(None, description="Earlier years to compare, 0 to 5 (default 2).")
    stuck: str | None = Field(None, description="Years without a move that count as stuck (3).")


def _period(period: Period) -> dict[str, Any]:
    return {"start": period.start, "end": period.end, "label": period.label}


def _cell(value: Any) -> Any:
    value = export_value(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def _figure(figure: Figure) -> dict[str, Any]:
    return {
        "key": figure.key,
        "title": figure.title,
        "summary": figure.summary,
        "note": figure.note,
        "unit": figure.unit,
        "columns": [{"key": c.key, "label": c.label, "numeric": c.numeric} for c in figure.columns],
        "rows": [[_cell(cell) for cell in row] for row in figure.rows],
    }


def _ref(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name}


def _refuse(error: ParameterError) -> ValidationError:
    return ValidationError({error.name: [error.message]})


@router.get(
    "/reports/pipeline",
    response=PipelineReportOut,
    summary="The pipeline: a library's progress dashboard, or a network's totals",
)
@api_permission(admin_or_coordinator)
def reports_pipeline(request: HttpRequest, filters: Query[PipelineQuery]) -> dict[str, Any]:
    """The funnel (pages → assistants → library school → degree → professional post, now and
    as moves per year, and who is stuck), eligibility for professional posts, grow-your-own
    tuition, openings and certifications, as on the pages. With `library`: one library's
    figures, for its admins; with `network` or `region`: the member libraries' totals, for
    the network's coordinators, naming no one and showing counts of 1 to 4 as "<5". Without
    either: the caller's one library, or else their one network."""
    caller = access(request)
    params = {key: request.GET.get(key, "") for key in request.GET}
    today = timezone.localdate()
    try:
        for name in params:
            if name not in PARAMETERS:
                raise ParameterError(name, "unknown parameter.")
        wants_network = bool(params.get("network") or params.get("region"))
        if params.get("library") and wants_network:
            raise ParameterError("library", "give a library or a network (or region), not both.")
        as_library = bool(params.get("library")) or (
            not wants_network and not caller.is_site_admin and len(caller.admin_library_ids) == 1
        )
        if as_library:
            library_params = {k: v for k, v in params.items() if k not in ("network", "region")}
            scope = board.library_scope(caller, library_params, today)
            if scope is None or scope.library is None:
                raise ParameterError("library", "name the library.")
            require(can_read_library_report, caller, scope.library)
            library = scope.library
            measures = board.measure([library.pk], scope)
            m = measures.libraries[library.pk]
            names = {p.pk: p.display_name for p in Person.objects.filter(pk__in=list(m.repayments))}
            figures = board.library_figures(m, measures, scope, None, names=names)
            count = 1
            computed_at = None
        else:
            network_params = {k: v for k, v in params.items() if k != "library"}
            found = board.network_scope(caller, network_params, today)
            if found is None:
                raise ParameterError("network", "name the library or the network.")
            scope, libraries = found
            assert scope.network is not None
            require(can_read_network_report, caller, scope.network)
            measures, stored = board.network_measures(scope, libraries, today)
            figures = board.network_figures(measures, libraries, scope)
            computed_at = stored.computed_at if stored else None
            count = len(libraries)
    except ParameterError as error:
        raise _refuse(error) from None
    return {
        "scope": "library" if as_library else "network",
        "library": _ref(scope.library),
        "network": _ref(scope.network),
        "region": _ref(scope.region),
        "period": _period(scope.period),
        "periods": [_period(p) for p in scope.periods],
        "as_of": scope.as_of,
        "stuck_years": scope.stuck_years,
        "libraries": count,
        "computed_at": computed_at,
        "figures": [_figure(f) for f in figures],
    }
