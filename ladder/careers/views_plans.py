"""Development plan pages: my plan, one plan (goals, sessions, agreement, check-ins), the
one-click add from a recommendation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from ladder.careers import plans as svc
from ladder.careers import policies
from ladder.careers.forms_plans import (
    AddSessionForm,
    CheckInForm,
    GoalForm,
    PlanCreateForm,
    PlanForm,
)
from ladder.careers.models import DevelopmentPlan, PlanGoal, PlannedSession
from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.policies import allowed, permission, require, signed_in
from ladder.learning.models import Session
from ladder.orgs.forms import show_errors
from ladder.people.models import Employment, JobClass, Person

_READ_ONLY = "You may read this plan but not change it."


def _job_classes(person: Person) -> QuerySet[JobClass]:
    library_ids = list(
        Employment.objects.filter(person=person).current().values_list("library_id", flat=True)
    )
    if not library_ids:
        return JobClass.objects.all()
    return JobClass.objects.available_to_library(library_ids[0])


@permission(signed_in)
@require_http_methods(["GET", "POST"])
def my_plan(request: AuthedRequest) -> HttpResponse:
    """The person's plans, the current one first, and a form to start one."""
    me = request.user
    access = access_for(me)
    form = PlanCreateForm(
        request.POST or None,
        people=svc.manageable_people(access).order_by("last_name", "first_name"),
        job_classes=_job_classes(me),
        initial={"person": me.pk, "title": "My development plan"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = svc.plan_create(
                by=me,
                person=data["person"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                target_job_class=data["target_job_class"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Plan started. Add its goals.")
            return redirect(plan)
    context: dict[str, Any] = {
        "plans": list(svc.plans_of(me).order_by("-starts_on", "-id")),
        "current": svc.current_plan(me),
        "form": form,
        "reports": svc.plans_visible_to(access)
        .exclude(person=me)
        .filter(status__in=svc.OPEN)
        .order_by("person__last_name", "-starts_on")[:50],
    }
    return render(request, "careers/plan_mine.html", context)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _action(request: AuthedRequest, plan: DevelopmentPlan, forms: dict[str, Any]) -> bool:
    """Run the POSTed action; True when done (redirect), False to re-render with errors."""
    me = request.user
    action = request.POST.get("action", "")
    if action == "goal_add":
        form = forms["goal_form"] = GoalForm(request.POST)
        if not form.is_valid():
            return False
        svc.goal_add(by=me, plan=plan, **form.cleaned_data)
        messages.success(request, "Goal added.")
    elif action in ("goal_done", "goal_undone", "goal_delete"):
        goal = get_visible_or_404(
            PlanGoal.objects.filter(plan=plan), pk=_int(request.POST.get("goal"))
        )
        if action == "goal_delete":
            svc.goal_delete(by=me, goal=goal)
            messages.success(request, "Goal removed.")
        else:
            done = timezone.localdate() if action == "goal_done" else None
            svc.goal_update(by=me, goal=goal, done_on=done)
            messages.success(request, "Goal updated.")
    elif action == "session_remove":
        planned = get_visible_or_404(
            PlannedSession.objects.filter(plan=plan), pk=_int(request.POST.get("planned"))
        )
        svc.session_remove(by=me, planned=planned)
        messages.success(request, "Session removed from the plan.")
    elif action == "check_in":
        check_in = forms["check_in_form"] = CheckInForm(request.POST)
        if not check_in.is_valid():
            return False
        svc.check_in_add(by=me, plan=plan, note=check_in.cleaned_data["note"])
        messages.success(request, "Check-in noted.")
    elif action == "agree":
        svc.plan_agree(by=me, plan=plan)
        messages.success(request, "You agreed to the plan.")
    elif action == "close":
        svc.plan_close(by=me, plan=plan)
        messages.success(request, "Plan closed.")
    else:
        raise BadRequest("Unknown action.")
    return True


@permission(signed_in, scope=svc.plans_visible_to)
@require_http_methods(["GET", "POST"])
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    plan: DevelopmentPlan = get_visible_or_404(
        svc.plan_with_details(svc.plans_visible_to(access)), pk=pk
    )
    may_manage = allowed(policies.can_manage_plan, access, plan.person)
    may_agree = allowed(policies.can_agree_plan, access, plan.person)
    forms: dict[str, Any] = {"goal_form": GoalForm(), "check_in_form": CheckInForm()}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not (action == "agree" and may_agree):
            require(policies.can_manage_plan, access, plan.person, message=_READ_ONLY)
        try:
            if _action(request, plan, forms):
                return redirect(plan)
        except ValidationError as exc:
            target = forms["check_in_form"] if action == "check_in" else forms["goal_form"]
            if action in ("goal_add", "check_in"):
                show_errors(target, exc)
            else:
                for message in exc.messages:
                    messages.error(request, message)
                return redirect(plan)
        plan = get_visible_or_404(svc.plan_with_details(svc.plans_visible_to(access)), pk=pk)
    context = {
        "plan": plan,
        "progress": svc.plan_progress(plan),
        "may_manage": may_manage and plan.status != DevelopmentPlan.Status.CLOSED,
        "may_agree": may_agree
        and plan.status in (DevelopmentPlan.Status.DRAFT, DevelopmentPlan.Status.CHANGED),
        "is_own": plan.person_id == request.user.pk,
        **forms,
    }
    return render(request, "careers/plan_detail.html", context)


@permission(policies.can_manage_plan, scope=svc.plans_visible_to)
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    plan: DevelopmentPlan = get_visible_or_404(svc.plans_visible_to(access), pk=pk)
    require(policies.can_manage_plan, access, plan.person, message=_READ_ONLY)
    form = PlanForm(
        request.POST or None,
        job_classes=_job_classes(plan.person),
        initial={
            "title": plan.title,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "target_job_class": plan.target_job_class_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.plan_update(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Plan saved.")
            return redirect(plan)
    return render(request, "careers/plan_edit.html", {"plan": plan, "form": form})


@permission(policies.can_manage_plan)
@require_POST
def plan_add_session(request: AuthedRequest) -> HttpResponse:
    """POST person, session, reason, next: add the session to the person's current plan
    (a draft is started when they have none). Posting it twice adds it once."""
    form = AddSessionForm(request.POST)
    if not form.is_valid():
        raise Http404("No such person or session")
    data = form.cleaned_data
    access = access_for(request.user)
    person: Person = get_visible_or_404(svc.plan_people(access), pk=data["person"].pk)
    session = Session.objects.select_related("offering").filter(pk=data["session"]).first()
    if session is None:
        raise Http404("No such session")
    planned: PlannedSession | None = None
    try:
        planned, created = svc.session_add_to_current(
            by=request.user, person=person, session=session, reason=data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if created:
            messages.success(request, f"{session} is in the plan “{planned.plan.title}”.")
        else:
            messages.info(request, f"{session} was already in the plan.")
    target = data.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    if planned is not None:
        return redirect(planned.plan)
    return redirect("careers:my_plan")
