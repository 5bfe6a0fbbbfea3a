"""One-on-one teaching pages: my requests (as learner and as mentor), ask, one request.

A request the user may not see is a 404 (coaching.requests_visible_to); an action they may not
take on a request they see (another mentor, a supervisor) is a 403 with the service's message.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.policies import allowed, permission, signed_in
from ladder.orgs.forms import show_errors
from ladder.people.models import Person
from ladder.shared_learning import coaching, policies
from ladder.shared_learning.forms_coaching import (
    CoachingAskForm,
    CompleteForm,
    DecisionForm,
    SessionForm,
    SessionLogForm,
)
from ladder.shared_learning.models import CoachingRequest, CoachingSession
from ladder.skills.models import Competency

S = CoachingRequest.Status


@permission(signed_in)
def coaching_mine(request: AuthedRequest) -> HttpResponse:
    context = {
        "asked": coaching.requests_asked(request.user)[:200],
        "addressed": coaching.requests_to_mentor(request.user)[:200],
        "is_mentor": request.user.is_mentor,
    }
    return render(request, "shared_learning/coaching_mine.html", context)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@permission(signed_in)
@require_http_methods(["GET", "POST"])
def coaching_new(request: AuthedRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    competency = Competency.objects.filter(pk=_int(source.get("competency")) or 0).first()
    topic = (source.get("topic") or "").strip()[:200]
    suggestions = coaching.suggest_mentors(request.user, competency=competency, topic=topic)
    initial = {"competency": competency, "topic": topic, "mentor": _int(source.get("mentor"))}
    if request.method == "POST":
        form = CoachingAskForm(request.POST, suggestions=suggestions)
    else:
        form = CoachingAskForm(initial=initial, suggestions=suggestions)
    if request.method == "POST" and form.is_valid() and request.POST.get("action") == "ask":
        data = form.cleaned_data
        try:
            if data["mentor"] is None:
                raise ValidationError({"mentor": "Choose one of the suggested mentors."})
            created = coaching.coaching_request_create(
                by=request.user,
                mentor=data["mentor"],
                competency=data["competency"],
                topic=data["topic"],
                details=data["details"],
                preferred_times=data["preferred_times"],
                preferred_place=data["preferred_place"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Your request is with {created.mentor}.")
            return redirect(created)
    context = {
        "form": form,
        "suggestions": suggestions,
        "searched": bool(competency or topic),
        "problem": ""
        if allowed(policies.can_ask_for_coaching, access_for(request.user))
        else policies.NO_JOB,
    }
    return render(request, "shared_learning/coaching_new.html", context)


@permission(signed_in, scope=coaching.requests_visible_to)
@require_http_methods(["GET", "POST"])
def coaching_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    item: CoachingRequest = get_visible_or_404(coaching.requests_visible_to(access), pk=pk)
    me: Person = request.user
    forms: dict[str, Any] = {
        "decision_form": DecisionForm(),
        "session_form": SessionForm(),
        "complete_form": CompleteForm(),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        target = "decision_form"
        form: django_forms.Form
        try:
            if action in ("accept", "decline"):
                form = DecisionForm(request.POST)
                forms[target] = form
                if form.is_valid():
                    service = (
                        coaching.coaching_accept
                        if action == "accept"
                        else coaching.coaching_decline
                    )
                    service(by=me, request=item, note=form.cleaned_data["note"])
                    messages.success(request, "Accepted." if action == "accept" else "Declined.")
                    return redirect(item)
            elif action == "schedule":
                target = "session_form"
                form = SessionForm(request.POST)
                forms[target] = form
                if form.is_valid():
                    data = form.cleaned_data
                    coaching.coaching_session_schedule(
                        by=me,
                        request=item,
                        starts_at=data["starts_at"],
                        minutes=data["minutes"],
                        place=data["place"],
                    )
                    messages.success(request, "Session scheduled.")
                    return redirect(item)
            elif action == "log":
                form = SessionLogForm(request.POST)
                target = "log_form"
                forms[target] = form
                if form.is_valid():
                    data = form.cleaned_data
                    session = get_visible_or_404(
                        CoachingSession.objects.filter(request=item), pk=data["session"]
                    )
                    session.request = item
                    coaching.coaching_session_log(
                        by=me,
                        session=session,
                        held=data["held"],
                        notes=data["notes"],
                        minutes=data["minutes"],
                    )
                    messages.success(request, "Session logged.")
                    return redirect(item)
            elif action == "complete":
                target = "complete_form"
                form = CompleteForm(request.POST)
                forms[target] = form
                if form.is_valid():
                    data = form.cleaned_data
                    coaching.coaching_complete(
                        by=me,
                        request=item,
                        level_reached=data["level_reached"],
                        note=data["note"],
                    )
                    messages.success(
                        request, "Completed: the learner's transcript and skills log are updated."
                    )
                    return redirect(item)
            elif action == "cancel":
                coaching.coaching_cancel(by=me, request=item)
                messages.success(request, "Request cancelled.")
                return redirect(item)
            else:
                raise PermissionDenied("Unknown action.")
        except ValidationError as exc:
            if target == "log_form":
                messages.error(request, " ".join(exc.messages))
            else:
                show_errors(forms[target], exc)
        status = 400
    # The flags ask the services' rules; the status says whether the step is due.
    is_mentor = allowed(policies.is_mentor_of, access, item)
    is_learner = allowed(policies.is_learner_of, access, item)
    sessions = list(item.sessions.all())
    context = {
        "item": item,
        "sessions": sessions,
        "held_minutes": sum(s.minutes for s in sessions if s.held),
        "is_mentor": is_mentor,
        "is_learner": is_learner,
        "may_decide": is_mentor and item.status == S.REQUESTED,
        "may_schedule": allowed(policies.can_schedule_coaching, access, item)
        and item.status == S.ACCEPTED,
        "may_log": is_mentor and item.status == S.ACCEPTED,
        "may_complete": is_mentor and item.status == S.ACCEPTED,
        "may_cancel": is_learner and item.status in (S.REQUESTED, S.ACCEPTED),
        **forms,
    }
    return render(request, "shared_learning/coaching_detail.html", context, status=status)
