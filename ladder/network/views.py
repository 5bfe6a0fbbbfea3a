"""The network app's pages: the regional workshop planner."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for
from ladder.core.http import AuthedRequest
from ladder.core.policies import permission, require
from ladder.learning import selectors
from ladder.learning.models import Offering
from ladder.network import planner
from ladder.network.forms import PlanForm, PlannedSessionsForm
from ladder.network.policies import can_plan_offering
from ladder.orgs.forms import show_errors


def _planned_offering(request: AuthedRequest, pk: int) -> Offering:
    access = access_for(request.user)
    offering = selectors.offering_detail(access, pk)
    if offering is None:
        raise Http404("No such offering")
    require(can_plan_offering, access, offering)
    return offering


@permission(can_plan_offering)
@require_http_methods(["GET", "POST"])
def plan(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: choose k and see the plan; POST: create a session at each host."""
    offering = _planned_offering(request, pk)
    sites = planner.candidate_sites(offering)
    result = None
    if request.method == "POST":
        form = PlanForm(candidates=len(sites), initial={"k": request.POST.get("k")})
        sessions_form = PlannedSessionsForm(request.POST, candidates=len(sites))
        if sessions_form.is_valid():
            starts_at, ends_at = sessions_form.datetimes()
            try:
                created = planner.planned_sessions_create(
                    by=request.user,
                    offering=offering,
                    k=sessions_form.cleaned_data["k"],
                    starts_at=starts_at,
                    ends_at=ends_at,
                    capacity=sessions_form.cleaned_data["capacity"],
                    also_when_scheduled=sessions_form.cleaned_data["also_when_scheduled"],
                )
            except ValidationError as exc:
                show_errors(sessions_form, exc)
            else:
                messages.success(request, f"Scheduled {len(created)} regional sessions.")
                return redirect(offering)
        k = sessions_form.cleaned_data.get("k") if hasattr(sessions_form, "cleaned_data") else None
        if k is not None:
            result = planner.plan_sites(sites, k)
        status = 400
    else:
        form = PlanForm(request.GET or None, candidates=len(sites))
        sessions_form = None
        if form.is_bound and form.is_valid():
            result = planner.plan_sites(sites, form.cleaned_data["k"])
            sessions_form = PlannedSessionsForm(
                candidates=len(sites), initial={"k": form.cleaned_data["k"]}
            )
        status = 400 if form.is_bound and not form.is_valid() else 200
    context = {
        "offering": offering,
        "form": form,
        "sessions_form": sessions_form,
        "plan": result,
        "candidates": len(sites),
        "upcoming": planner.upcoming_sessions(offering),
    }
    return render(request, "network/planner.html", context, status=status)
