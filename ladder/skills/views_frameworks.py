"""Pages for competency frameworks, their import and export, and the competency levels a job
class requires: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ladder.core.access import access_for
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.pending_uploads import pending_delete, pending_load, pending_save
from ladder.core.policies import allowed, permission, require, signed_in
from ladder.orgs.models import Network
from ladder.people import ladders
from ladder.people import policies as people_policies
from ladder.people.forms import apply_errors
from ladder.skills import competencies as comp
from ladder.skills import framework_io as io
from ladder.skills import frameworks as fw
from ladder.skills import jobclass_requirements as req
from ladder.skills import policies
from ladder.skills.forms_frameworks import (
    AreaForm,
    CompetencyForm,
    FrameworkForm,
    FrameworkImportForm,
    RequirementsForm,
    level_formset,
)
from ladder.skills.models import Area, Competency, Framework, JobClassCompetency

SESSION_KEY = "skills_framework_import"


def _framework(pk: int) -> Framework:
    return get_object_or_404(Framework.objects.select_related("network"), pk=pk)


def _require_edit(request: AuthedRequest, framework: Framework) -> None:
    """Everyone reads a framework; only its editors reach the pages that change it (403)."""
    fw.require_framework_editor(request.user, framework)


def _level_errors(exc: ValidationError) -> tuple[list[str], ValidationError | None]:
    """Split a service error into the scale's messages and the rest."""
    if not hasattr(exc, "error_dict"):
        return [], exc
    errors = dict(exc.error_dict)
    level_messages = [m for e in errors.pop("levels", []) for m in e.messages]
    return level_messages, (ValidationError(errors) if errors else None)


# ---------------------------------------------------------------------------------------------
# Frameworks
# ---------------------------------------------------------------------------------------------


@permission(signed_in)
@require_GET
def framework_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    page = paginate(request, fw.framework_list())
    context = {
        **page,
        "editable_ids": {
            f.pk for f in page["object_list"] if allowed(policies.can_edit_framework, access, f)
        },
        "schemes": fw.external_schemes(),
        "can_create": allowed(policies.can_create_framework, access),
    }
    return render(request, "skills/framework_list.html", context)


def _tag_filter(request: AuthedRequest) -> int | None:
    value = request.GET.get("tag", "")
    return int(value) if value.isdigit() else None


@permission(signed_in)
@require_GET
def framework_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    framework = get_object_or_404(fw.framework_detail_queryset(), pk=pk)
    tag = _tag_filter(request)
    areas: list[tuple[Area, list[Competency]]] = []
    for area in framework.areas.all():
        competencies = list(area.competencies.all())
        if tag is not None:
            competencies = [
                c for c in competencies if any(t.pk == tag for t in c.external_tags.all())
            ]
        if competencies or tag is None:
            areas.append((area, competencies))
    context = {
        "framework": framework,
        "owner": fw.framework_owner_label(framework),
        "levels": list(framework.levels.all()),
        "areas": [{"area": area, "competencies": items} for area, items in areas],
        "competency_count": sum(len(items) for _, items in areas),
        "tags": fw.framework_tags(framework),
        "selected_tag": tag,
        "can_edit": allowed(policies.can_edit_framework, access, framework),
    }
    return render(request, "skills/framework_detail.html", context)


@permission(policies.can_create_framework)
@require_http_methods(["GET", "POST"])
def framework_create(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    choices = fw.framework_owner_choices(access)
    initial = {"owner": choices[0][0]} if len(choices) == 1 else {}
    form = FrameworkForm(request.POST or None, owner_choices=choices, initial=initial)
    levels = level_formset(request.POST or None)
    level_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and levels.is_valid():
        owner = form.cleaned_data["owner"]
        network = get_object_or_404(Network, pk=int(owner)) if owner else None
        try:
            framework = fw.framework_create(
                by=request.user, network=network, levels=levels.scale(), **form.service_fields()
            )
        except ValidationError as exc:
            level_errors, rest = _level_errors(exc)
            if rest is not None:
                apply_errors(form, rest)
        else:
            messages.success(request, f"Added the framework {framework.name}. Now add its areas.")
            return redirect(framework)
    context = {"form": form, "levels": levels, "level_errors": level_errors, "framework": None}
    return render(request, "skills/framework_form.html", context)


@permission(policies.can_edit_framework)
@require_http_methods(["GET", "POST"])
def framework_update(request: AuthedRequest, pk: int) -> HttpResponse:
    framework = _framework(pk)
    _require_edit(request, framework)
    form = FrameworkForm(
        request.POST or None,
        instance=framework,
        may_choose_default=allowed(policies.can_choose_default_framework, access_for(request.user)),
    )
    levels = level_formset(request.POST or None, framework=framework)
    level_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and levels.is_valid():
        try:
            fw.framework_update(
                by=request.user,
                framework=framework,
                levels=levels.scale(),
                **form.service_fields(),
            )
        except ValidationError as exc:
            level_errors, rest = _level_errors(exc)
            if rest is not None:
                apply_errors(form, rest)
        else:
            messages.success(request, f"Saved the framework {framework.name}.")
            return redirect(framework)
    context = {
        "form": form,
        "levels": levels,
        "level_errors": level_errors,
        "framework": framework,
        "owner": fw.framework_owner_label(framework),
    }
    return render(request, "skills/framework_form.html", context)


# ---------------------------------------------------------------------------------------------
# Areas and competencies
# ---------------------------------------------------------------------------------------------


@permission(policies.can_edit_framework)
@require_http_methods(["GET", "POST"])
def area_create(request: AuthedRequest, pk: int) -> HttpResponse:
    framework = _framework(pk)
    _require_edit(request, framework)
    next_position = framework.areas.count()
    form = AreaForm(request.POST or None, initial={"position": next_position})
    if request.method == "POST" and form.is_valid():
        try:
            area = comp.area_create(by=request.user, framework=framework, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Added the area {area.name}.")
            return redirect(f"{framework.get_absolute_url()}#area-{area.code}")
    context = {"form": form, "framework": framework, "area": None}
    return render(request, "skills/framework_area_form.html", context)


@permission(policies.can_edit_framework)
@require_http_methods(["GET", "POST"])
def area_update(request: AuthedRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("framework__network"), pk=pk)
    _require_edit(request, area.framework)
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        try:
            comp.area_update(by=request.user, area=area, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Saved the area {area.name}.")
            return redirect(f"{area.framework.get_absolute_url()}#area-{area.code}")
    context = {"form": form, "framework": area.framework, "area": area}
    return render(request, "skills/framework_area_form.html", context)


@permission(signed_in)
@require_GET
def competency_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    competency = get_object_or_404(comp.competency_detail_queryset(), pk=pk)
    context = {
        **paginate(request, req.requiring_job_classes(access, competency)),
        "competency": competency,
        "framework": competency.framework,
        "levels": list(competency.framework.levels.all()),
        "tags": list(competency.external_tags.all()),
        "can_edit": allowed(policies.can_edit_framework, access, competency.framework),
    }
    return render(request, "skills/competency_detail.html", context)


@permission(policies.can_edit_framework)
@require_http_methods(["GET", "POST"])
def competency_create(request: AuthedRequest, pk: int) -> HttpResponse:
    framework = _framework(pk)
    _require_edit(request, framework)
    initial = {}
    area_pk = request.GET.get("area", "")
    if area_pk.isdigit():
        initial["area"] = int(area_pk)
    form = CompetencyForm(request.POST or None, framework=framework, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            competency = comp.competency_create(
                by=request.user, framework=framework, **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Added the competency {competency.name}.")
            return redirect(competency)
    context = {"form": form, "framework": framework, "competency": None}
    return render(request, "skills/competency_form.html", context)


@permission(policies.can_edit_framework)
@require_http_methods(["GET", "POST"])
def competency_update(request: AuthedRequest, pk: int) -> HttpResponse:
    competency = get_object_or_404(
        Competency.objects.select_related("framework__network", "area"), pk=pk
    )
    _require_edit(request, competency.framework)
    form = CompetencyForm(request.POST or None, framework=competency.framework, instance=competency)
    if request.method == "POST" and form.is_valid():
        try:
            comp.competency_update(by=request.user, competency=competency, **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Saved the competency {competency.name}.")
            return redirect(competency)
    context = {"form": form, "framework": competency.framework, "competency": competency}
    return render(request, "skills/competency_form.html", context)


# ---------------------------------------------------------------------------------------------
# Import and export
# ---------------------------------------------------------------------------------------------


def _pending(request: AuthedRequest, framework: Framework) -> dict[str, Any] | None:
    pending = request.session.get(SESSION_KEY)
    if isinstance(pending, dict) and pending.get("framework_id") == framework.pk:
        return pending
    return None


def _forget(request: AuthedRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict):
        pending_delete(owner=request.user, token=pending["token"], filename=pending["filename"])


@permission(policies.can_edit_framework)
@require_http_methods(["GET", "POST"])
def framework_import(request: AuthedRequest, pk: int) -> HttpResponse:
    framework = _framework(pk)
    _require_edit(request, framework)
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            io.check_upload_size(upload.size or 0)
            data = upload.read()
            io.read_file(filename=upload.name, data=data)
        except io.ImportFileError as exc:
            form.add_error("file", exc.messages)
        else:
            _forget(request)
            token = pending_save(owner=request.user, filename=upload.name, data=data)
            request.session[SESSION_KEY] = {
                "token": token,
                "framework_id": framework.pk,
                "filename": upload.name,
            }
            return redirect("skills:framework_import_preview", pk=framework.pk)
    context = {
        "form": form,
        "framework": framework,
        "required_columns": io.REQUIRED_COLUMNS,
        "optional_columns": io.OPTIONAL_COLUMNS,
        "schemes": fw.external_schemes(),
    }
    return render(request, "skills/framework_import.html", context)


def _pending_data(request: AuthedRequest, framework: Framework) -> tuple[dict[str, Any], bytes]:
    pending = _pending(request, framework)
    data = None
    if pending is not None:
        data = pending_load(
            owner=request.user, token=pending["token"], filename=pending["filename"]
        )
    if pending is None or data is None:
        raise LookupError
    return pending, data


@permission(policies.can_edit_framework)
@require_GET
def framework_import_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    framework = _framework(pk)
    _require_edit(request, framework)
    try:
        pending, data = _pending_data(request, framework)
    except LookupError:
        messages.info(request, "There is no import waiting: upload a file to start one.")
        return redirect("skills:framework_import", pk=framework.pk)
    preview = io.framework_import_preview(
        by=request.user, framework=framework, filename=pending["filename"], data=data
    )
    context = {"preview": preview, "framework": framework, "token": pending["token"]}
    return render(request, "skills/framework_import_preview.html", context)


@permission(policies.can_edit_framework)
@require_POST
def framework_import_commit(request: AuthedRequest, pk: int) -> HttpResponse:
    framework = _framework(pk)
    _require_edit(request, framework)
    try:
        pending, data = _pending_data(request, framework)
    except LookupError:
        pending = None
    if pending is None or request.POST.get("token") != pending["token"]:
        messages.error(request, "That import is no longer waiting; upload the file again.")
        return redirect("skills:framework_import", pk=framework.pk)
    try:
        result = io.framework_import_commit(
            by=request.user, framework=framework, filename=pending["filename"], data=data
        )
    except io.ImportRejected as exc:
        messages.error(request, exc.message)
        return redirect("skills:framework_import_preview", pk=framework.pk)
    _forget(request)
    counts = result.counts
    messages.success(
        request,
        f"Imported into {framework.name}: {counts.new_competencies} new and "
        f"{counts.updated_competencies} updated competencies, {counts.new_areas} new areas.",
    )
    return redirect(framework)


@permission(signed_in)
@require_GET
def framework_export(request: AuthedRequest, pk: int) -> HttpResponse:
    framework = _framework(pk)
    fmt = request.GET.get("format", "csv")
    if fmt not in io.FORMATS:
        return HttpResponseBadRequest("format must be csv or xlsx", content_type="text/plain")
    response = HttpResponse(io.framework_export(framework, fmt), content_type=io.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{io.export_filename(framework, fmt)}"'
    return response


# ---------------------------------------------------------------------------------------------
# Job class requirements
# ---------------------------------------------------------------------------------------------


@permission(people_policies.can_edit_job_class)
@require_http_methods(["GET", "POST"])
def jobclass_requirements(request: AuthedRequest, pk: int) -> HttpResponse:
    job_class = get_object_or_404(ladders.jobclass_detail_queryset(), pk=pk)
    require(
        people_policies.can_edit_job_class,
        access_for(request.user),
        job_class,
        message=f"{job_class.name} belongs to {ladders.owner_label(job_class)}; you may read "
        "its requirements but not change them.",
    )
    frameworks = list(req.frameworks_for_job_class(job_class))
    wanted = request.GET.get("framework", "")
    framework = next((f for f in frameworks if str(f.pk) == wanted), None) or (
        frameworks[0] if frameworks else None
    )
    context: dict[str, Any] = {
        "job_class": job_class,
        "owner": ladders.owner_label(job_class),
        "frameworks": frameworks,
        "framework": framework,
    }
    if framework is None:
        return render(request, "skills/jobclass_requirements.html", context)
    competencies = list(
        Competency.objects.filter(framework=framework)
        .select_related("area")
        .order_by("area__position", "area__name", "area_id", "position", "name", "pk")
    )
    current = dict(
        JobClassCompetency.objects.filter(
            job_class=job_class, competency__framework=framework
        ).values_list("competency_id", "level")
    )
    form = RequirementsForm(
        request.POST or None,
        competencies=competencies,
        levels=list(framework.levels.order_by("value")),
        current=current,
    )
    if request.method == "POST" and form.is_valid():
        try:
            req.jobclass_requirements_set(
                by=request.user, job_class=job_class, levels=form.levels_by_competency()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Saved the competency requirements of {job_class.name}.")
            return redirect(job_class)
    context["form"] = form
    return render(request, "skills/jobclass_requirements.html", context)
