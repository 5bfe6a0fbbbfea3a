"""The library's progress dashboard (/reports/library/) and its drill-down to the people behind
a number (/reports/library/people/). Library admins read their own libraries, the site admin
any; supervisors and staff get 403; another library's dashboard or people are a 404."""

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
from ladder.people.models import Employment, Person
from ladder.reports import dashboard as board
from ladder.reports.exports import figure_csv, report_xlsx
from ladder.reports.periods import MAX_COMPARE, ParameterError
from ladder.reports.policies import can_read_library_report, can_read_library_reports
from ladder.reports.reach import reach_figures

DOWNLOAD_PARAMETERS = frozenset({"format", "figure"})


def _params(request: AuthedRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "") for key in request.GET}


def _download(params: dict[str, str]) -> tuple[str, str]:
    fmt = params.pop("format", "")
    key = params.pop("figure", "")
    if fmt not in ("", "csv", "xlsx"):
        raise ParameterError("format", "must be csv or xlsx.")
    if fmt == "csv" and not key:
        raise ParameterError("figure", "name the figure to download as CSV.")
    return fmt, key


def _refused(
    request: AuthedRequest, template: str, error: ParameterError, **extra: Any
) -> HttpResponse:
    context = {
        "error": error,
        "libraries": board.readable_libraries(access_for(request.user)),
        **extra,
    }
    return render(request, template, context, status=400)


def _names(ids: Any) -> dict[int, str]:
    return {
        pk: f"{preferred or first} {last}".strip() or email
        for pk, first, preferred, last, email in Person.objects.filter(
            pk__in=list(ids)
        ).values_list("pk", "first_name", "preferred_name", "last_name", "email")
    }


def _form_context(scope: board.Scope | None, params: dict[str, str]) -> dict[str, Any]:
    return {
        "params": params,
        "compare_choices": range(MAX_COMPARE + 1),
        "compare": len(scope.periods) - 1 if scope else 2,
        "stuck": scope.stuck_years if scope else 3,
    }


@permission(can_read_library_reports)
def library_dashboard(request: AuthedRequest) -> HttpResponse | StreamingHttpResponse:
    access = access_for(request.user)
    params = _params(request)
    try:
        fmt, figure_key = _download(params)
        scope = board.library_scope(access, params, timezone.localdate())
    except ParameterError as error:
        return _refused(request, "reports/library.html", error, **_form_context(None, params))
    if scope is None:
        context = {"libraries": board.readable_libraries(access), **_form_context(None, params)}
        return render(request, "reports/library.html", context)
    library = scope.library
    assert library is not None
    require(can_read_library_report, access, library)
    measures = board.measure([library.pk], scope)
    m = measures.libraries[library.pk]
    query = {**params, "library": str(library.pk)}
    people_url = reverse("reports:library_people")

    def drill(measure_key: str) -> str:
        return f"{people_url}?{urlencode({**query, 'measure': measure_key})}"

    figures = [
        *board.library_figures(m, measures, scope, drill, names=_names(m.repayments)),
        # Training reach and equity (ladder.reports.reach), the admin seeing their own staff.
        *reach_figures([library], scope.period, viewer_may_see_people=True),
    ]
    filename = f"{library.slug}-progress-{scope.period.label.replace(' ', '-')}"
    if fmt == "csv":
        figure = next((f for f in figures if f.key == figure_key), None)
        if figure is None:
            return _refused(
                request,
                "reports/library.html",
                ParameterError("figure", f"{figure_key!r} is not a figure of this report."),
                **_form_context(scope, params),
            )
        return figure_csv(figure, filename)
    if fmt == "xlsx":
        return report_xlsx(figures, filename)
    here = reverse("reports:library")
    context = {
        "library": library,
        "scope": scope,
        "figures": [
            (figure, f"{here}?{urlencode({**query, 'format': 'csv', 'figure': figure.key})}")
            for figure in figures
        ],
        "xlsx_url": f"{here}?{urlencode({**query, 'format': 'xlsx'})}",
        "libraries": board.readable_libraries(access)
        if access.is_site_admin or len(access.admin_library_ids) > 1
        else None,
        **_form_context(scope, params),
    }
    return render(request, "reports/library.html", context)


@permission(can_read_library_reports)
def library_people(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    params = _params(request)
    measure_key = params.pop("measure", "")
    try:
        scope = board.library_scope(access, params, timezone.localdate())
        if scope is None:
            raise ParameterError("library", "choose a library.")
        assert scope.library is not None
        require(can_read_library_report, access, scope.library)
        measures = board.measure([scope.library.pk], scope)
        people = board.people_behind(measures.libraries[scope.library.pk], measure_key, scope)
        if people is None:
            raise ParameterError("measure", f"{measure_key!r} is not a measure of the dashboard.")
    except ParameterError as error:
        return _refused(request, "reports/library_people.html", error)
    library = scope.library
    jobs: dict[int, str] = {}
    for person_id, job_class in (
        Employment.objects.current(scope.as_of)
        .filter(library=library, person_id__in=list(people))
        .order_by("person_id", "weekly_hours")
        .values_list("person_id", "job_class__name")
    ):
        jobs[person_id] = job_class
    names = _names(people)
    rows = sorted(
        (
            {
                "name": names.get(pk, "?"),
                "url": reverse("people:profile", args=[pk]),
                "job": jobs.get(pk, "(no longer on staff)"),
                "detail": detail,
            }
            for pk, detail in people.items()
        ),
        key=lambda row: (row["name"].split()[-1:], row["name"]),
    )
    back = urlencode({**params, "library": str(library.pk)})
    context = {
        "library": library,
        "scope": scope,
        "title": board.measure_title(measure_key, scope, measures.job_classes),
        "rows": rows,
        "back_url": f"{reverse('reports:library')}?{back}",
    }
    return render(request, "reports/library_people.html", context)
