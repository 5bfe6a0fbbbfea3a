"""Succession scenario pages (library admins only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import permission
from ladder.core.submission import saved
from ladder.openings import scenarios as svc
from ladder.openings.forms import ScenarioForm
from ladder.openings.models import SuccessionScenario
from ladder.openings.openings import manageable_libraries
from ladder.openings.policies import can_change_scenario, can_plan_succession
from ladder.orgs.forms import show_errors


@permission(can_plan_succession, scope=svc.scenarios_visible_to)
def scenario_list(request: AuthedRequest) -> HttpResponse:
    context = paginate(request, svc.scenarios_visible_to(access_for(request.user)))
    return render(request, "openings/scenario_list.html", context)


@permission(can_plan_succession)
@require_http_methods(["GET", "POST"])
def scenario_create(request: AuthedRequest) -> HttpResponse:
    libraries = manageable_libraries(access_for(request.user))
    form = ScenarioForm(request.POST or None, libraries=libraries)
    scenario: SuccessionScenario | None = None

    def save() -> None:
        nonlocal scenario
        data = form.cleaned_data
        scenario = svc.scenario_create(
            by=request.user,
            library=data["library"],
            kind=data["kind"],
            person=data.get("person"),
            employment=data.get("employment"),
            name=data.get("name") or "",
            hat_share=data["hat_share"],
        )

    if saved(request, form, save, show_errors=show_errors) and scenario is not None:
        if scenario.job_id:
            return redirect("job_status", job_id=scenario.job_id)
        return redirect(scenario)
    return render(request, "openings/scenario_form.html", {"form": form})


@permission(can_change_scenario, scope=svc.scenarios_visible_to)
@require_http_methods(["GET", "POST"])
def scenario_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scenario: SuccessionScenario = get_visible_or_404(
        svc.scenarios_visible_to(access_for(request.user)), pk=pk
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "draft_opening":
                opening = svc.scenario_draft_opening(by=request.user, scenario=scenario)
                messages.success(request, "Draft opening ready: review it and publish.")
                return redirect(opening)
            if action == "delete":
                svc.scenario_delete(by=request.user, scenario=scenario)
                messages.success(request, "Scenario deleted.")
                return redirect("openings:scenario_list")
            raise BadRequest("Unknown action.")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(scenario)
    drafts = list(scenario.draft_openings.all())
    return render(
        request,
        "openings/scenario_detail.html",
        {"scenario": scenario, "result": scenario.result, "drafts": drafts},
    )
