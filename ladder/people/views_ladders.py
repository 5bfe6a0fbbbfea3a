"""Pages for job classes, certification types and career ladders: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ladder.core.access import Access, access_for, get_visible_or_404
from ladder.core.paging import paginate
from ladder.core.policies import (
    admin_or_coordinator,
    allowed,
    coordinator,
    permission,
    require,
    signed_in,
)
from ladder.orgs.models import Library, Network
from ladder.people import ladders as svc
from ladder.people.forms_ladders import (
    AddStepForm,
    CertificationTypeForm,
    JobClassForm,
    LadderCopyForm,
    LadderCreateForm,
    LadderStepsForm,
    apply_service_errors,
)
from ladder.people.models import JobClass, Ladder, Person
from ladder.people.policies import (
    can_choose_ladder,
    can_copy_ladder,
    can_edit_job_class,
    can_edit_ladder,
)
from ladder.people.requirements import requirements_in_words
from ladder.people.selectors import ladder_adopting_libraries
from ladder.skills.jobclass_requirements import jobclass_requirement_rows


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _person(request: HttpRequest) -> Person:
    assert isinstance(request.user, Person)
    return request.user


def _filter_options(request: HttpRequest) -> dict[str, Any]:
    return {
        "libraries": Library.objects.order_by("name").only("pk", "name"),
        "networks": Network.objects.order_by("name").only("pk", "name"),
        "selected_library": _int_param(request, "library"),
        "selected_network": _int_param(request, "network"),
    }


def _owner_initial(request: HttpRequest) -> dict[str, str]:
    """?network=3 or ?library=5 preselects the owner (a lone choice is preselected anyway)."""
    for kind in ("network", "library"):
        pk = _int_param(request, kind)
        if pk is not None:
            return {"owner": f"{kind}:{pk}"}
    return {}


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# ---------------------------------------------------------------------------------------------
# Job classes
# ---------------------------------------------------------------------------------------------


@permission(signed_in)
def jobclass_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    professional = {"yes": True, "no": False}.get(request.GET.get("professional", ""))
    queryset = svc.jobclass_list(
        access,
        library_id=_int_param(request, "library"),
        network_id=_int_param(request, "network"),
        professional=professional,
    )
    context = {
        **paginate(request, queryset),
        **_filter_options(request),
        "selected_professional": request.GET.get("professional", ""),
        "can_create": allowed(admin_or_coordinator, access),
    }
    return render(request, "people/jobclass_list.html", context)


@permission(signed_in)
def jobclass_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    job_class = get_visible_or_404(svc.jobclass_detail_queryset(), pk=pk)
    context = {
        "job_class": job_class,
        "owner": svc.owner_label(job_class),
        "requirements": requirements_in_words(job_class),
        "competency_requirements": jobclass_requirement_rows(job_class),
        "ladder_steps": svc.ladders_containing(job_class),
        "employment_count": svc.current_employment_count(access, job_class),
        "can_edit": allowed(can_edit_job_class, access, job_class),
    }
    return render(request, "people/jobclass_detail.html", context)


@permission(admin_or_coordinator)
def jobclass_create(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    choices = svc.owner_choices(access)
    form = JobClassForm(
        request.POST or None, owner_choices=choices, initial=_owner_initial(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            network, library = svc.resolve_owner(form.cleaned_data["owner"])
            job_class = svc.jobclass_create(
                by=_person(request), network=network, library=library, **form.service_fields()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Added the job class {job_class.name}.")
            return redirect(job_class)
    return render(request, "people/jobclass_form.html", {"form": form, "job_class": None})


@permission(can_edit_job_class)
def jobclass_update(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    job_class = get_visible_or_404(svc.jobclass_detail_queryset(), pk=pk)
    require(
        can_edit_job_class,
        access,
        job_class,
        message=f"{job_class.name} belongs to {svc.owner_label(job_class)}.",
    )
    form = JobClassForm(request.POST or None, instance=job_class)
    if request.method == "POST" and form.is_valid():
        try:
            svc.jobclass_update(by=_person(request), job_class=job_class, **form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Saved the job class {job_class.name}.")
            return redirect(job_class)
    return render(
        request,
        "people/jobclass_form.html",
        {"form": form, "job_class": job_class, "owner": svc.owner_label(job_class)},
    )


@permission(admin_or_coordinator)
def certificationtype_create(request: HttpRequest) -> HttpResponse:
    back = _safe_next(request, reverse("people:jobclass_list"))
    form = CertificationTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cert = svc.certificationtype_create(by=_person(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Added the certification type {cert.name}.")
            return redirect(back)
    return render(
        request, "people/jobclass_certificationtype_form.html", {"form": form, "next": back}
    )


# ---------------------------------------------------------------------------------------------
# Ladders
# ---------------------------------------------------------------------------------------------


def _my_libraries(access: Access) -> list[Library]:
    """The libraries whose ladder the user cares about: those they administer or work at."""
    ids = access.admin_library_ids | access.colleague_library_ids
    if not ids:
        return []
    return list(Library.objects.filter(pk__in=ids).select_related("ladder").order_by("name"))


@permission(signed_in)
def ladder_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    queryset = svc.ladder_list(
        access,
        library_id=_int_param(request, "library"),
        network_id=_int_param(request, "network"),
    )
    context = {
        **paginate(request, queryset),
        **_filter_options(request),
        "my_libraries": _my_libraries(access),
        "can_create": allowed(admin_or_coordinator, access),
        "show_adopters": allowed(coordinator, access),
    }
    return render(request, "people/ladder_list.html", context)


@permission(signed_in)
def ladder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    ladder = get_visible_or_404(svc.ladder_detail_queryset(), pk=pk)
    steps = [
        {"step": step, "requirements": requirements_in_words(step.job_class)}
        for step in ladder.steps.all()
    ]
    show_adopters = access.is_site_admin or (
        ladder.network_id is not None and ladder.network_id in access.coordinator_network_ids
    )
    context = {
        "ladder": ladder,
        "owner": svc.owner_label(ladder),
        "steps": steps,
        "can_edit": allowed(can_edit_ladder, access, ladder),
        "my_libraries": _my_libraries(access),
        "adoptable_libraries": ladder_adopting_libraries(access, ladder),
        "show_adopters": show_adopters,
        "adopters": svc.libraries_using(ladder) if show_adopters else [],
        "copies": svc.copies_of(ladder) if show_adopters else [],
    }
    return render(request, "people/ladder_detail.html", context)


@permission(admin_or_coordinator)
def ladder_create(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    choices = svc.owner_choices(access)
    form = LadderCreateForm(
        request.POST or None,
        owner_choices=choices,
        job_classes=svc.selectable_job_classes(access),
        initial=_owner_initial(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            network, library = svc.resolve_owner(form.cleaned_data["owner"])
            ladder = svc.ladder_create(
                by=_person(request),
                network=network,
                library=library,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                job_classes=form.ordered_job_classes(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, f"Added the ladder {ladder.name}. Check the order of its steps."
            )
            return redirect("people:ladder_steps", pk=ladder.pk)
    return render(request, "people/ladder_form.html", {"form": form})


def _addable(ladder: Ladder, current: list[JobClass]) -> Any:
    if ladder.library is not None:
        choices = svc.job_classes_available_to(ladder.library)
    else:
        choices = JobClass.objects.filter(
            Q(network__isnull=True) | Q(network_id=ladder.network_id), library__isnull=True
        )
    return (
        choices.exclude(pk__in=[jc.pk for jc in current])
        .select_related("network", "library")
        .order_by("name", "pk")
    )


def _moved(steps: list[JobClass], move: str) -> list[JobClass] | None:
    """'up:<job class id>' or 'down:<job class id>' -> the new order, None if it is no move."""
    direction, _, raw_pk = move.partition(":")
    ids = [jc.pk for jc in steps]
    if direction not in {"up", "down"} or not raw_pk.isdigit() or int(raw_pk) not in ids:
        return None
    index = ids.index(int(raw_pk))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(steps):
        return None
    moved = list(steps)
    moved[index], moved[other] = moved[other], moved[index]
    return moved


@permission(can_edit_ladder)
def ladder_steps(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the order of the steps: position numbers, or move up/down buttons; add and remove."""
    access = access_for(request.user)
    ladder = get_visible_or_404(
        Ladder.objects.select_related("network", "library", "copied_from"), pk=pk
    )
    require(
        can_edit_ladder,
        access,
        ladder,
        message=f"{ladder.name} belongs to {svc.owner_label(ladder)}.",
    )
    current = svc.ladder_job_classes(ladder)
    data = request.POST if request.method == "POST" and "move" not in request.POST else None
    steps_form = LadderStepsForm(data, steps=current)
    add_form = AddStepForm(data, choices=_addable(ladder, current))
    if request.method == "POST":
        try:
            if "move" in request.POST:
                moved = _moved(current, request.POST["move"])
                if moved is not None:
                    svc.ladder_set_steps(by=_person(request), ladder=ladder, job_classes=moved)
                    messages.success(request, "Moved the step.")
                return redirect("people:ladder_steps", pk=ladder.pk)
            if steps_form.is_valid() and add_form.is_valid():
                new = add_form.insert_into(steps_form.kept_in_order())
                svc.ladder_set_steps(by=_person(request), ladder=ladder, job_classes=new)
                messages.success(request, f"Saved the steps of {ladder.name}.")
                return redirect("people:ladder_steps", pk=ladder.pk)
        except ValidationError as exc:
            if "move" in request.POST:
                messages.error(request, " ".join(exc.messages))
                return redirect("people:ladder_steps", pk=ladder.pk)
            apply_service_errors(steps_form, exc)
    context = {
        "ladder": ladder,
        "owner": svc.owner_label(ladder),
        "steps_form": steps_form,
        "add_form": add_form,
        "rows": steps_form.rows(),
    }
    return render(request, "people/ladder_steps.html", context)


@require_POST
@permission(can_choose_ladder)
def ladder_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    ladder = get_visible_or_404(Ladder.objects.all(), pk=pk)
    library_pk = request.POST.get("library", "")
    library = get_object_or_404(Library, pk=int(library_pk) if library_pk.isdigit() else 0)
    try:
        svc.ladder_adopt(by=_person(request), library=library, ladder=ladder)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{library.name} now uses the ladder {ladder.name}.")
    return redirect(ladder)


@permission(can_copy_ladder)
def ladder_copy(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    ladder = get_visible_or_404(Ladder.objects.select_related("network", "library"), pk=pk)
    require(can_copy_ladder, access, ladder)
    libraries = ladder_adopting_libraries(access, ladder)
    form = LadderCopyForm(
        request.POST or None,
        ladder=ladder,
        libraries=[(str(lib.pk), lib.name) for lib in libraries],
    )
    if request.method == "POST" and form.is_valid():
        library = next(lib for lib in libraries if str(lib.pk) == form.cleaned_data["library"])
        try:
            copy = svc.ladder_copy(
                by=_person(request),
                library=library,
                ladder=ladder,
                name=form.cleaned_data["name"] or None,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{library.name} now uses its own copy, {copy.name}. Change its steps here.",
            )
            return redirect("people:ladder_steps", pk=copy.pk)
    return render(request, "people/ladder_copy.html", {"form": form, "ladder": ladder})
