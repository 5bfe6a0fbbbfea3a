"""The workforce budget page (library admins): personnel cost, share, headroom, what-ifs."""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.policies import permission
from ladder.openings import budgets as svc
from ladder.openings.forms import BudgetForm, PayForm, WhatIfForm
from ladder.openings.openings import manageable_libraries
from ladder.openings.policies import can_see_budgets, can_set_pay
from ladder.orgs.forms import show_errors
from ladder.people.models import Employment


def _chart(before: Any, after: Any | None) -> dict[str, Any]:
    """Bars for today and the what-if, the threshold line, and an axis that fits them (not a
    fixed 0-100 %, which flattens a change of a few points) titled with the change itself."""
    labels = ["Today"] + (["What-if"] if after else [])
    figures = [before] + ([after] if after else [])
    shares = [f.share_percent or 0 for f in figures]
    top = max([*shares, float(before.threshold_percent)])
    title = "% of total operating expenditure"
    if after is not None and after.share_percent is not None and before.share_percent is not None:
        change = after.share_percent - before.share_percent
        title += f" (what-if: {change:+.1f} points)"
    return {
        "labels": labels,
        "share": shares,
        "threshold": before.threshold_percent,
        "max": min(100, math.ceil((top + 5) / 10.0) * 10),
        "title": title,
    }


@permission(can_see_budgets)
@require_http_methods(["GET", "POST"])
def budget(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    libraries = manageable_libraries(access)
    pk = request.GET.get("library") or ""
    library = get_visible_or_404(libraries, pk=pk) if pk.isdigit() else libraries.first()
    if library is None:
        raise Http404("No library to budget for.")
    current = svc.latest_budget(library)
    year = current.fiscal_year if current else timezone.localdate().year
    budget_form = BudgetForm(
        request.POST if request.POST.get("action") == "budget" else None,
        initial={
            "fiscal_year": year,
            **(
                {
                    n: getattr(current, n)
                    for n in ("salaries", "benefits", "total_operating", "threshold_percent")
                }
                if current
                else {"threshold_percent": 65}
            ),
        },
    )
    lines = list(svc.pay_lines(library))
    posts = Employment.objects.filter(
        pk__in=[j.pk for j in lines if hasattr(j, "pay") and not j.is_full_time]
    ).select_related("person", "job_class")
    all_posts = Employment.objects.filter(
        pk__in=[j.pk for j in lines if hasattr(j, "pay")]
    ).select_related("person", "job_class")
    whatif = WhatIfForm(
        request.POST if request.POST.get("action") == "whatif" else None,
        posts=posts,
        all_posts=all_posts,
    )
    before = after = None
    here = reverse("openings:budget") + f"?library={library.pk}"
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "budget" and budget_form.is_valid():
            data = dict(budget_form.cleaned_data)
            try:
                svc.budget_set(by=request.user, library=library, **data)
            except ValidationError as exc:
                show_errors(budget_form, exc)
            else:
                messages.success(request, "Budget saved.")
                return redirect(here)
    if current is not None:
        before, _ = svc.evaluate(current, [])
        if whatif.is_bound and whatif.is_valid():
            changes = whatif.changes()
            try:
                before, after = svc.evaluate(current, changes)
                if whatif.cleaned_data.get("name") and changes:
                    svc.budget_scenario_save(
                        by=request.user,
                        budget=current,
                        name=whatif.cleaned_data["name"],
                        changes=changes,
                    )
                    messages.success(request, "What-if saved.")
            except ValidationError as exc:
                show_errors(whatif, exc)
    context = {
        "library": library,
        "libraries": libraries,
        "budget": current,
        "budget_form": budget_form,
        "whatif": whatif,
        "before": before,
        "after": after,
        "lines": lines,
        "chart": _chart(before, after) if before else None,
        "saved": list(current.scenarios.all()[:10]) if current else [],
    }
    return render(request, "openings/budget.html", context)


@permission(can_set_pay)
@require_http_methods(["GET", "POST"])
def pay_edit(request: AuthedRequest, employment_pk: int) -> HttpResponse:
    access = access_for(request.user)
    jobs = Employment.objects.select_related("person", "job_class", "library")
    if not access.is_site_admin:
        jobs = jobs.filter(library_id__in=access.admin_library_ids)
    job: Employment = get_visible_or_404(jobs, pk=employment_pk)
    svc.require_pay_setter(request.user, job)  # one's own pay: 403 saying who sets it
    pay = getattr(job, "pay", None)
    form = PayForm(
        request.POST or None,
        initial={"hourly_wage": pay.hourly_wage, "annual_benefits": pay.annual_benefits}
        if pay
        else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.pay_set(by=request.user, employment=job, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Pay saved.")
            return redirect(reverse("openings:budget") + f"?library={job.library_id}")
    return render(request, "openings/pay_form.html", {"form": form, "job": job})
