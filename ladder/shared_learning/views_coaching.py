"""One-on-one teaching pages: my requests (as learner and as mentor), ask, one request.

A request the user may not see is a 404 (coaching.requests_visible_to); an action they may not
take on a request they see (another mentor, a supervisor) is a 403 with the service's message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
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


@dataclass(frozen=True)
class _Step:
    """One action on a request's page: the form that carries it (by its name in the page), the
    service call given the form's data, and the message on success."""

    form: str
    form_class: type[django_forms.Form] | None
    run: Callable[[Person, CoachingRequest, dict[str, Any]], object]
    done: str


def _log(me: Person, item: CoachingRequest, data: dict[str, Any]) -> None:
    session = get_visible_or_404(CoachingSession.objects.filter(request=item), pk=data["session"])
    session.request = item
    coaching.coaching_session_log(
        by=me, session=session, held=data["held"], notes=data["notes"], minutes=data["minutes"]
    )


STEPS = {
    "accept": _Step(
        "decision_form",
        DecisionForm,
        lambda me, item, data: coaching.coaching_accept(by=me, request=item, note=data["note"]),
        "Accepted.",
    ),
    "decline": _Step(
        "decision_form",
        DecisionForm,
        lambda me, item, data: coaching.coaching_decline(by=me, request=item, note=data["note"]),
        "Declined.",
    ),
    "schedule": _Step(
        "session_form",
        SessionForm,
        lambda me, item, data: coaching.coaching_session_schedule(
            by=me,
            request=item,
            starts_at=data["starts_at"],
            minutes=data["minutes"],
            place=data["place"],
        ),
        "Session scheduled.",
    ),
    "log": _Step("log_form", SessionLogForm, _log, "Session logged."),
    "complete": _Step(
        "complete_form",
        CompleteForm,
        lambda me, item, data: coaching.coaching_complete(
            by=me, request=item, level_reached=data["level_reached"], note=data["note"]
        ),
        "Completed: the learner's transcript and skills log are updated.",
    ),
    # Cancelling takes no input; an error shows on the decision form, as it always has.
    "cancel": _Step(
        "decision_form",
        None,
        lambda me, item, data: coaching.coaching_cancel(by=me, request=item),
        "Request cancelled.",
    ),
}


@permission(signed_in, scope=coaching.requests_visible_to)
@require_http_methods(["GET", "POST"])
def coaching_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    item: CoachingRequest = get_visible_or_404(coaching.requests_visible_to(access), pk=pk)
    forms: dict[str, Any] = {
        "decision_form": DecisionForm(),
        "session_form": SessionForm(),
        "complete_form": CompleteForm(),
    }
    status = 200
    if request.method == "POST":
        step = STEPS.get(request.POST.get("action", ""))
        if step is None:
            raise BadRequest("Unknown action.")
        if step.form_class is not None:
            forms[step.form] = step.form_class(request.POST)
        form: django_forms.Form = forms[step.form]
        try:
            if step.form_class is None or form.is_valid():
                step.run(request.user, item, form.cleaned_data if form.is_bound else {})
                messages.success(request, step.done)
                return redirect(item)
        except ValidationError as exc:
            # Each session has its own log form on the page, so its errors go above them all.
            if step.form == "log_form":
                messages.error(request, " ".join(exc.messages))
            else:
                show_errors(form, exc)
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
