"""Certification pages: my certifications, schemes (adopt, edit), a person's progress with the
approvers' actions, the library report with export, and the network aggregate."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ladder.certifications import reports, schemes, services
from ladder.certifications.forms import (
    AdoptForm,
    DateForm,
    HeldForm,
    PartForm,
    ReportForm,
    SchemeEditForm,
    StartForm,
)
from ladder.certifications.hours import fmt_hours
from ladder.certifications.models import Pursuit, Scheme, SchemePart
from ladder.certifications.policies import (
    can_adopt_into,
    can_adopt_schemes,
    can_approve_pursuits,
    can_change_scheme,
    can_read_network_report,
    can_read_report,
)
from ladder.certifications.progress import Progress, progress_for, pursuit_queryset
from ladder.core import tabular
from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.policies import allowed, permission, require, signed_in
from ladder.learning.models import TrainingRecord
from ladder.orgs.forms import show_errors
from ladder.orgs.models import Membership, Network
from ladder.people.models import Person
from ladder.people.selectors import people_managed_by


def _network_schemes_for(person: Person) -> Any:
    libraries = person.employments.current().values("library_id")  # type: ignore[attr-defined]
    networks = Membership.objects.filter(library_id__in=libraries).values("network_id")
    return Scheme.objects.filter(network_id__in=networks).select_related("network")


def chart_for(progress: Progress) -> dict[str, Any]:
    """Hours this cycle by category against the minimums (the table beside shows the same)."""
    cycle = progress.cycle
    assert cycle is not None
    labels = ["All hours", *[c.name for c in progress.categories]]
    hours = [float(cycle.total), *[float(c.hours) for c in progress.categories]]
    minimums = [float(cycle.required_total), *[float(c.minimum) for c in progress.categories]]
    return {
        "labels": labels,
        "datasets": [
            {"key": "hours", "label": "Contact hours this cycle", "data": hours},
            {"key": "minimum", "label": "Required", "data": minimums},
        ],
    }


def chart_summary(progress: Progress) -> str:
    cycle = progress.cycle
    assert cycle is not None
    parts = [f"{fmt_hours(cycle.total)} of {fmt_hours(cycle.required_total)} contact hours"]
    parts += [
        f"{fmt_hours(c.hours)} of {fmt_hours(c.minimum)} in {c.name.lower()}"
        for c in progress.categories
    ]
    return "Hours this cycle: " + "; ".join(parts) + "."


def _decorate(progresses: list[Progress]) -> list[dict[str, Any]]:
    items = []
    for p in progresses:
        item: dict[str, Any] = {"p": p}
        if p.cycle is not None:
            item["chart"] = chart_for(p)
            item["chart_id"] = f"cert-chart-{p.pursuit.pk}"
            item["data_id"] = f"cert-chart-{p.pursuit.pk}-data"
            item["height"] = 90 + 50 * (len(p.categories) + 1)
            item["summary"] = chart_summary(p)
        items.append(item)
    return items


@permission(signed_in)
@require_http_methods(["GET", "POST"])
def mine(request: AuthedRequest) -> HttpResponse:
    me = request.user
    taken = Pursuit.objects.filter(person=me).values("scheme_id")
    form = StartForm(request.POST or None, schemes=_network_schemes_for(me).exclude(pk__in=taken))
    if request.method == "POST" and form.is_valid():
        try:
            services.pursuit_start(by=me, person=me, scheme=form.cleaned_data["scheme"])
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"You are now pursuing {form.cleaned_data['scheme']}.")
            return redirect("certifications:mine")
    progresses = progress_for(pursuit_queryset().filter(person=me))
    return render(
        request,
        "certifications/mine.html",
        {"items": _decorate(progresses), "form": form, "subject": me},
    )


@permission(signed_in, scope=schemes.schemes_visible_to)
def scheme_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    visible = schemes.schemes_visible_to(access).order_by("network__name", "name")
    return render(
        request,
        "certifications/scheme_list.html",
        {
            "templates": [s for s in visible if s.is_template],
            "network_schemes": [s for s in visible if not s.is_template],
            "can_adopt": allowed(can_adopt_schemes, access),
        },
    )


def _coordinated_networks(request: AuthedRequest) -> Any:
    access = access_for(request.user)
    if access.is_site_admin:
        return Network.objects.all()
    return Network.objects.filter(pk__in=access.coordinator_network_ids)


@permission(signed_in, scope=schemes.schemes_visible_to)
def scheme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    get_visible_or_404(schemes.schemes_visible_to(access), pk=pk)
    scheme = schemes.scheme_with_parts(pk)
    context: dict[str, Any] = {
        "scheme": scheme,
        "can_edit": allowed(can_change_scheme, access, scheme),
    }
    if scheme.is_template and allowed(can_adopt_schemes, access):
        context["adopt_form"] = AdoptForm(networks=_coordinated_networks(request))
    return render(request, "certifications/scheme_detail.html", context)


@permission(can_adopt_into, scope=schemes.schemes_visible_to)
@require_POST
def scheme_adopt(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    template = get_visible_or_404(schemes.schemes_visible_to(access), pk=pk)
    require(can_adopt_schemes, access)
    form = AdoptForm(request.POST, networks=_coordinated_networks(request))
    if form.is_valid():
        try:
            adopted = schemes.scheme_adopt(
                by=request.user, template=template, network=form.cleaned_data["network"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Adopted {adopted.name}; adjust it to your network.")
            return redirect("certifications:scheme_edit", adopted.pk)
    scheme = schemes.scheme_with_parts(pk)
    return render(
        request,
        "certifications/scheme_detail.html",
        {"scheme": scheme, "adopt_form": form, "can_edit": False},
        status=400,
    )


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_http_methods(["GET", "POST"])
def scheme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    get_visible_or_404(schemes.schemes_visible_to(access), pk=pk)
    scheme = schemes.scheme_with_parts(pk)
    require(can_change_scheme, access, scheme)
    form = SchemeEditForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        values, cats, convs = form.split()
        try:
            schemes.scheme_update(
                by=request.user, scheme=scheme, values=values, categories=cats, conversions=convs
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Scheme saved.")
            return redirect(scheme)
    return render(request, "certifications/scheme_edit.html", {"scheme": scheme, "form": form})


def _visible_person(request: AuthedRequest, pk: int) -> Person:
    access = access_for(request.user)
    person: Person = get_visible_or_404(people_managed_by(access), pk=pk)
    return person


@permission(signed_in)
def person(request: AuthedRequest, pk: int) -> HttpResponse:
    subject = _visible_person(request, pk)
    progresses = progress_for(pursuit_queryset().filter(person=subject))
    approver = allowed(can_approve_pursuits, access_for(request.user), subject)
    context: dict[str, Any] = {
        "subject": subject,
        "items": _decorate(progresses),
        "approver": approver,
    }
    if approver:
        records = TrainingRecord.objects.filter(
            person=subject, status=TrainingRecord.Status.VERIFIED
        ).order_by("-completed_on")
        for item in context["items"]:
            p: Progress = item["p"]
            if p.pursuit.earned_on is None:
                remaining = [
                    (x.part.pk, x.part.name) for x in p.required + p.electives if not x.done
                ]
                if remaining:
                    item["part_form"] = PartForm(
                        parts=remaining, records=records, prefix=f"p{p.pursuit.pk}"
                    )
                item["earn_form"] = DateForm(
                    grades=p.scheme.grade_list,
                    initial={"on": timezone.localdate()},
                    prefix=f"e{p.pursuit.pk}",
                )
            elif p.status in ("renewal_window", "grace"):
                item["renew_form"] = DateForm(
                    initial={"on": timezone.localdate()}, prefix=f"r{p.pursuit.pk}"
                )
        taken = Pursuit.objects.filter(person=subject, earned_on__isnull=False).values("scheme_id")
        context["held_form"] = HeldForm(schemes=_network_schemes_for(subject).exclude(pk__in=taken))
    return render(request, "certifications/person.html", context)


def _approver_pursuit(request: AuthedRequest, pk: int) -> Pursuit:
    access = access_for(request.user)
    pursuit: Pursuit = get_visible_or_404(
        Pursuit.objects.select_related("scheme", "person").filter(
            person__in=people_managed_by(access)
        ),
        pk=pk,
    )
    return pursuit


def _fail(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@permission(can_approve_pursuits)
@require_POST
def pursuit_part(request: AuthedRequest, pk: int) -> HttpResponse:
    pursuit = _approver_pursuit(request, pk)
    parts = [(p.pk, p.name) for p in pursuit.scheme.parts.all()]
    records = TrainingRecord.objects.filter(person=pursuit.person)
    form = PartForm(request.POST, parts=parts, records=records, prefix=f"p{pursuit.pk}")
    if not form.is_valid():
        messages.error(request, "Choose the part, how it was completed and when.")
    else:
        data = form.cleaned_data
        try:
            services.pursuit_record_part(
                by=request.user,
                pursuit=pursuit,
                part=get_object_or_404(SchemePart, pk=data["part"]),
                method=data["method"],
                completed_on=data["completed_on"],
                training_record=data["training_record"],
                note=data["note"],
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, "Part recorded as completed.")
    return redirect("certifications:person", pursuit.person_id)


@permission(can_approve_pursuits)
@require_POST
def pursuit_earn(request: AuthedRequest, pk: int) -> HttpResponse:
    pursuit = _approver_pursuit(request, pk)
    form = DateForm(request.POST, grades=pursuit.scheme.grade_list, prefix=f"e{pursuit.pk}")
    if not form.is_valid():
        messages.error(request, "Give the date it was earned.")
    else:
        try:
            services.pursuit_earn(
                by=request.user,
                pursuit=pursuit,
                earned_on=form.cleaned_data["on"],
                grade=form.cleaned_data.get("grade", ""),
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, f"{pursuit.scheme.name} earned.")
    return redirect("certifications:person", pursuit.person_id)


@permission(can_approve_pursuits)
@require_POST
def pursuit_renew(request: AuthedRequest, pk: int) -> HttpResponse:
    pursuit = _approver_pursuit(request, pk)
    form = DateForm(request.POST, prefix=f"r{pursuit.pk}")
    if not form.is_valid():
        messages.error(request, "Give the date of renewal.")
    else:
        try:
            services.pursuit_renew(
                by=request.user, pursuit=pursuit, renewed_on=form.cleaned_data["on"]
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, f"{pursuit.scheme.name} renewed.")
    return redirect("certifications:person", pursuit.person_id)


@permission(can_approve_pursuits)
@require_POST
def person_held(request: AuthedRequest, pk: int) -> HttpResponse:
    subject = _visible_person(request, pk)
    form = HeldForm(request.POST, schemes=_network_schemes_for(subject))
    if not form.is_valid():
        messages.error(request, "Choose the certification and the date it was earned.")
    else:
        try:
            services.pursuit_record_held(
                by=request.user,
                person=subject,
                scheme=form.cleaned_data["scheme"],
                earned_on=form.cleaned_data["earned_on"],
                grade=form.cleaned_data["grade"],
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, "Certification recorded.")
    return redirect("certifications:person", subject.pk)


@permission(can_read_report)
def report(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = ReportForm(request.GET or None, libraries=reports.report_libraries(access))
    data = form.cleaned_data if form.is_valid() else {}
    months = data.get("months") or 6
    library = data.get("library")
    result = reports.certification_report(
        access, months=months, library_id=library.pk if library else None
    )
    fmt = request.GET.get("format", "")
    if fmt:
        if fmt not in reports.FORMATS:
            raise Http404("Unknown format")
        which = "short" if request.GET.get("which") == "short" else "expiring"
        rows = reports.export_rows(result, which)
        name = f"certifications-{which}-{timezone.localdate():%Y%m%d}.{fmt}"
        if fmt == "csv":
            text = io.StringIO()
            tabular.write_csv(rows, text)
            response = HttpResponse(text.getvalue(), content_type=tabular.CONTENT_TYPES["csv"])
        else:
            binary = io.BytesIO()
            tabular.write_xlsx({"Certifications": rows}, binary)
            response = HttpResponse(binary.getvalue(), content_type=tabular.CONTENT_TYPES["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    params = request.GET.copy()
    params.pop("format", None)
    params.pop("which", None)
    return render(
        request,
        "certifications/report.html",
        {"form": form, "report": result, "query": params.urlencode()},
    )


@permission(can_read_network_report)
def network_report(request: AuthedRequest) -> HttpResponse:
    networks = list(_coordinated_networks(request))
    cells = reports.network_report([n.pk for n in networks])
    return render(
        request, "certifications/network_report.html", {"cells": cells, "networks": networks}
    )
