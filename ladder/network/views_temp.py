"""The temp agency's pages: the coordinators' home (open requests, roster), a library's
requests, one request with its matching workers, a worker's profile with placements."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import (
    admin_or_coordinator,
    allowed,
    coordinator,
    permission,
    require,
    signed_in,
)
from ladder.core.submission import saved
from ladder.network import temp
from ladder.network.dashboard import coordinated_networks
from ladder.network.forms_temp import NewTempWorkerForm, PlaceForm, TempRequestForm, TempWorkerForm
from ladder.network.models import TempPlacement, TempRequest, TempWorker
from ladder.network.policies import (
    can_ask_for_temps,
    can_edit_temp_worker,
    can_manage_temp_request,
    can_place_temps,
)
from ladder.network.selectors import requestable_libraries
from ladder.orgs.forms import show_errors


def _worker_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        name: data[name]
        for name in (
            "level",
            "home_city",
            "home_latitude",
            "home_longitude",
            "available_from",
            "available_until",
            "max_weekly_hours",
            "is_active",
            "notes",
        )
    }


@permission(coordinator)
def home(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    context = paginate(request, temp.open_requests(access))
    roster = Paginator(temp.roster(access), 50).get_page(request.GET.get("roster_page"))
    context["roster"] = roster
    return render(request, "network/temp_home.html", context)


@permission(admin_or_coordinator, scope=temp.temp_requests_visible_to)
def request_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    context = paginate(request, temp.temp_requests_visible_to(access).order_by("-starts_on", "-pk"))
    context["can_create"] = allowed(can_ask_for_temps, access)
    return render(request, "network/temp_request_list.html", context)


@permission(can_ask_for_temps)
@require_http_methods(["GET", "POST"])
def request_create(request: AuthedRequest) -> HttpResponse:
    libraries = requestable_libraries(access_for(request.user))
    form = TempRequestForm(request.POST or None, libraries=libraries)
    created: TempRequest | None = None

    def save() -> str:
        nonlocal created
        created = temp.temp_request_create(by=request.user, **form.cleaned_data)
        return "Your request is with the network's temp agency."

    if saved(request, form, save, show_errors=show_errors) and created is not None:
        return redirect(created)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "network/temp_request_form.html", {"form": form}, status=status)


@permission(signed_in, scope=temp.temp_requests_visible_to)
@require_http_methods(["GET", "POST"])
def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    item = get_visible_or_404(temp.temp_requests_visible_to(access), pk=pk)
    is_coordinator = allowed(can_place_temps, access, item)
    place_form = PlaceForm(request=item) if is_coordinator else None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                temp.temp_request_cancel(by=request.user, request=item)
                messages.success(request, "The request is cancelled.")
                return redirect(item)
            require(can_place_temps, access, item)
            if action == "place":
                place_form = PlaceForm(request.POST, request=item)
                if place_form.is_valid():
                    data = place_form.cleaned_data
                    temp.temp_place(
                        by=request.user,
                        request=item,
                        worker=data["worker"],
                        starts_on=data["starts_on"],
                        ends_on=data["ends_on"],
                        weekly_hours=data["weekly_hours"],
                    )
                    messages.success(request, f"{data['worker'].person} is placed.")
                    return redirect(item)
            elif action == "cancel_placement":
                placement = get_visible_or_404(
                    TempPlacement.objects.filter(request=item).select_related(
                        "worker__person", "request__library"
                    ),
                    pk=request.POST.get("placement") or 0,
                )
                temp.temp_placement_cancel(by=request.user, placement=placement)
                messages.success(request, "The placement is cancelled.")
                return redirect(item)
            else:
                raise BadRequest("Unknown action.")
        except ValidationError as exc:
            if place_form is None:
                raise
            show_errors(place_form, exc)
        status = 400
    placements = TempPlacement.objects.filter(request=item).select_related("worker__person")
    context = {
        "item": item,
        "is_coordinator": is_coordinator,
        "can_cancel": item.status != "cancelled" and allowed(can_manage_temp_request, access, item),
        "candidates": temp.evaluate_workers(item) if is_coordinator else [],
        "placements": placements,
        "place_form": place_form,
    }
    return render(request, "network/temp_request_detail.html", context, status=status)


@permission(signed_in, scope=temp.temp_workers_visible_to)
def worker_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    worker: TempWorker = get_visible_or_404(temp.temp_workers_visible_to(access), pk=pk)
    placements = list(temp.worker_placements(worker))
    for placement in placements:
        placement.weeks = temp.placement_weeks(placement)  # type: ignore[attr-defined]
    context = {
        "worker": worker,
        "placements": placements,
        "can_edit": allowed(can_edit_temp_worker, access, worker),
    }
    return render(request, "network/temp_worker_detail.html", context)


@permission(coordinator)
@require_http_methods(["GET", "POST"])
def worker_create(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = NewTempWorkerForm(request.POST or None, networks=coordinated_networks(access))
    worker: TempWorker | None = None

    def save() -> str:
        nonlocal worker
        data = form.cleaned_data
        worker = temp.temp_worker_create(
            by=request.user,
            network=data["network"],
            person=data["email"],
            competencies=data["competencies"],
            **_worker_fields(data),
        )
        return f"{worker.person} is on the roster."

    if saved(request, form, save, show_errors=show_errors) and worker is not None:
        return redirect(worker)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "worker": None}
    return render(request, "network/temp_worker_form.html", context, status=status)


@permission(can_edit_temp_worker, scope=temp.temp_workers_visible_to)
@require_http_methods(["GET", "POST"])
def worker_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    worker: TempWorker = get_visible_or_404(temp.temp_workers_visible_to(access), pk=pk)
    require(can_edit_temp_worker, access, worker)
    form = TempWorkerForm(request.POST or None, initial=TempWorkerForm.initial_from(worker))

    def save() -> str:
        data = form.cleaned_data
        temp.temp_worker_update(
            by=request.user,
            worker=worker,
            competencies=data["competencies"],
            **_worker_fields(data),
        )
        return "Saved."

    if saved(request, form, save, show_errors=show_errors):
        return redirect(worker)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "worker": worker}
    return render(request, "network/temp_worker_form.html", context, status=status)
