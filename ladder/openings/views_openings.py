"""Openings pages: staff see and apply; library admins create, publish, rank and invite."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import allowed, permission, require, signed_in
from ladder.openings import hiring, ranking
from ladder.openings import openings as svc
from ladder.openings.forms import (
    ApplyForm,
    CompetencyFormSet,
    HiringSettingsForm,
    InviteForm,
    OpeningForm,
    PublishForm,
    ShortenWindowForm,
    WeightsForm,
    competency_rows,
)
from ladder.openings.models import Application, Opening
from ladder.openings.policies import (
    can_manage_opening,
    can_manage_openings,
    can_set_hiring_rules,
)
from ladder.orgs.forms import show_errors
from ladder.orgs.models import Library
from ladder.people.models import Employment, Person

RANKING_PAGE = 25


@permission(signed_in)
def opening_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    context = paginate(request, svc.open_openings_for_staff(access))
    context["applications"] = list(svc.my_applications(request.user)[:50])
    context["is_admin"] = allowed(can_manage_openings, access)
    return render(request, "openings/list.html", context)


@permission(can_manage_openings)
def manage(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    context = paginate(request, svc.managed_openings(access))
    context["libraries"] = list(svc.manageable_libraries(access).order_by("name")[:50])
    return render(request, "openings/manage.html", context)


def _library_for_form(request: AuthedRequest, libraries: Any) -> Library | None:
    pk = request.POST.get("library") or request.GET.get("library")
    if pk and str(pk).isdigit():
        found: Library | None = libraries.filter(pk=pk).first()
        return found
    if libraries.count() == 1:
        only: Library | None = libraries.first()
        return only
    return None


@permission(can_manage_opening)
@require_http_methods(["GET", "POST"])
def opening_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    access = access_for(request.user)
    libraries = svc.manageable_libraries(access)
    opening: Opening | None = None
    if pk is not None:
        opening = get_visible_or_404(svc.managed_openings(access), pk=pk)
        library: Library | None = opening.library
        initial = {name: getattr(opening, name) for name in svc.EDITABLE_FIELDS}
        initial["library"] = opening.library
        rows = [
            {"competency": c.competency, "kind": c.kind, "level": c.level}
            for c in svc.competencies_of(opening)
        ]
    else:
        require(can_manage_openings, access)
        library = _library_for_form(request, libraries)
        initial = {"library": library} if library else {}
        rows = []
    form = OpeningForm(request.POST or None, libraries=libraries, library=library, initial=initial)
    formset = CompetencyFormSet(request.POST or None, prefix="c", initial=rows)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("library")
        fields = {k: data[k] for k in svc.EDITABLE_FIELDS}
        try:
            if opening is None:
                job_class = fields.pop("job_class")
                hours = fields.pop("weekly_hours")
                branch = fields.pop("branch")
                opening = svc.opening_create(
                    by=request.user,
                    library=chosen,
                    job_class=job_class,
                    weekly_hours=hours,
                    branch=branch,
                    competencies=competency_rows(formset),
                    **fields,
                )
                messages.success(request, "Draft saved. Publish it to offer it to the staff.")
            else:
                opening = svc.opening_update(
                    by=request.user,
                    opening=opening,
                    competencies=competency_rows(formset),
                    **fields,
                )
                messages.success(request, "Opening saved.")
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            return redirect(opening)
    context = {"form": form, "formset": formset, "opening": opening}
    return render(request, "openings/form.html", context)


@permission(signed_in, scope=svc.openings_visible_to)
@require_http_methods(["GET", "POST"])
def opening_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    opening: Opening = get_visible_or_404(svc.openings_visible_to(access), pk=pk)
    is_admin = allowed(can_manage_opening, access, opening)
    mine = Application.objects.filter(opening=opening, person=request.user).first()
    apply_form = ApplyForm(request.POST or None)
    publish_form = PublishForm(request.POST if request.POST.get("action") == "publish" else None)
    shorten_form = ShortenWindowForm(
        request.POST if request.POST.get("action") == "shorten" else None
    )
    invite_form = InviteForm(
        request.POST or None,
        people=Person.objects.filter(
            pk__in=Employment.objects.current()
            .filter(library_id__in=svc.network_library_ids([opening.library_id]))
            .values("person_id")
        ).order_by("last_name", "first_name")
        if is_admin
        else Person.objects.none(),
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "apply" and apply_form.is_valid():
                svc.application_create(
                    by=request.user, opening=opening, note=apply_form.cleaned_data["note"]
                )
                messages.success(request, "Your application is with the library.")
                return redirect(opening)
            if action == "withdraw" and mine is not None:
                svc.application_withdraw(by=request.user, application=mine)
                messages.success(request, "Application withdrawn.")
                return redirect(opening)
            if action in (
                "publish",
                "advertise",
                "shorten",
                "close",
                "fill",
                "invite",
                "decide",
            ):
                require(can_manage_opening, access, opening)
                if action == "publish" and publish_form.is_valid():
                    svc.opening_publish(
                        by=request.user,
                        opening=opening,
                        shorten_reason=publish_form.cleaned_data["shorten_reason"],
                    )
                    messages.success(
                        request, "Open to the network's staff; interested staff are e-mailed."
                    )
                elif action == "advertise":
                    svc.opening_publish(by=request.user, opening=opening, external=True)
                    messages.success(
                        request,
                        "Marked as advertised externally; interested staff are e-mailed again.",
                    )
                elif action == "shorten":
                    if not shorten_form.is_valid():
                        raise ValidationError(_form_problems(shorten_form))
                    svc.opening_shorten_window(
                        by=request.user,
                        opening=opening,
                        internal_until=shorten_form.cleaned_data["internal_until"],
                        reason=shorten_form.cleaned_data["reason"],
                    )
                    messages.success(request, "The internal window now ends earlier.")
                elif action in ("close", "fill"):
                    svc.opening_close(by=request.user, opening=opening, filled=action == "fill")
                    messages.success(request, "Opening closed.")
                elif action == "invite" and invite_form.is_valid():
                    svc.application_invite(
                        by=request.user,
                        opening=opening,
                        person=invite_form.cleaned_data["person"],
                        note=invite_form.cleaned_data["note"],
                    )
                    messages.success(request, "Invitation sent.")
                elif action == "decide":
                    application = get_visible_or_404(
                        svc.applications_for(opening), pk=request.POST.get("application") or 0
                    )
                    decided = hiring.application_decide(
                        by=request.user,
                        application=application,
                        status=request.POST.get("status", ""),
                        start_date=_date(request.POST.get("start_date")),
                    )
                    messages.success(request, _decided_message(decided))
                if not invite_form.errors or action != "invite":
                    return redirect(opening)
        except ValidationError as exc:
            if action == "invite":
                show_errors(invite_form, exc)
            else:
                # The apply form may be hidden (already applied): say it above the page.
                for message in exc.messages:
                    messages.error(request, message)
            if action not in ("apply", "invite"):
                return redirect(opening)
    applications = list(svc.applications_for(opening)) if is_admin else []
    context = {
        "opening": opening,
        "competencies": svc.competencies_of(opening),
        "is_admin": is_admin,
        "mine": mine,
        "apply_form": apply_form,
        "invite_form": invite_form,
        "can_apply": svc.taking_applications(opening)
        and (
            mine is None
            or mine.status in (Application.Status.INVITED, Application.Status.WITHDRAWN)
        ),
        "applications": applications,
        "full_time": svc.is_full_time(opening),
        "publish_form": publish_form,
        "shorten_form": shorten_form,
        "today": timezone.localdate(),
    }
    if is_admin:
        context.update(_window_context(opening))
        context["history_of"] = [opening, *applications]
    elif mine is not None:
        context["history_of"] = [mine]  # the applicant sees their own application's history
    return render(request, "openings/detail.html", context)


def _form_problems(form: Any) -> list[str]:
    return [
        f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
    ]


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"start_date": "Give the start date as YYYY-MM-DD."}) from None


def _decided_message(application: Application) -> str:
    person = application.person
    if application.status != Application.Status.HIRED:
        return f"{person} is not selected; they are e-mailed."
    job = application.employment
    where = f" ({job.job_class}, {job.weekly_hours} hours a week)" if job else ""
    promoted = " as a promotion" if application.promotion_id else ""
    return (
        f"{person} is hired{promoted}: the new job{where} starts "
        f"{application.start_date.isoformat() if application.start_date else 'today'}. The "
        "opening is filled and every applicant is e-mailed."
    )


def _window_context(opening: Opening) -> dict[str, Any]:
    """What the admin needs to know about the internal window (internal first)."""
    today = timezone.localdate()
    rule_end = svc.earliest_internal_end(opening.library, today)
    external_from = svc.external_allowed_from(opening)
    return {
        "window_days": svc.hiring_settings_for(opening.library).internal_window_days,
        "rule_end": rule_end,
        "needs_reason": opening.status == Opening.Status.DRAFT
        and opening.internal_until is not None
        and opening.internal_until < rule_end,
        "external_from": external_from,
        "may_advertise": opening.status == Opening.Status.INTERNAL
        and external_from is not None
        and today >= external_from,
    }


@permission(can_set_hiring_rules)
@require_http_methods(["GET", "POST"])
def hiring_settings(request: AuthedRequest, library_pk: int) -> HttpResponse:
    """The library's internal window and the texts applicants receive."""
    access = access_for(request.user)
    library: Library = get_visible_or_404(svc.manageable_libraries(access), pk=library_pk)
    current = svc.hiring_settings_for(library)
    form = HiringSettingsForm(
        request.POST or None,
        initial={
            "internal_window_days": current.internal_window_days,
            "hired_text": current.hired_text,
            "not_selected_text": current.not_selected_text,
            "reason": current.changed_reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            hiring.hiring_settings_set(by=request.user, library=library, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Hiring rules saved for {library}.")
            return redirect("openings:manage")
    return render(request, "openings/hiring_settings.html", {"form": form, "library": library})


@permission(can_manage_opening)
@require_http_methods(["GET", "POST"])
def opening_ranking(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    opening: Opening = get_visible_or_404(svc.managed_openings(access), pk=pk)
    current = ranking.weights_for(opening.library_id)
    weights_form = WeightsForm(
        request.POST or None,
        initial={name: getattr(current, name) for name in ranking.WEIGHT_FIELDS},
    )
    if request.method == "POST" and weights_form.is_valid():
        try:
            ranking.weights_set(
                by=request.user, library=opening.library, **weights_form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(weights_form, exc)
        else:
            messages.success(request, f"Weights saved for {opening.library}.")
            return redirect(
                reverse("openings:ranking", args=[opening.pk]) + "?" + request.GET.urlencode()
            )
    whole = request.GET.get("scope") == "network"
    result = ranking.rank_candidates(
        opening, whole_network=whole, fresh=request.GET.get("fresh") == "1"
    )
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    pages = max((result.count + RANKING_PAGE - 1) // RANKING_PAGE, 1)
    page = min(page, pages)
    rows = result.rows((page - 1) * RANKING_PAGE, RANKING_PAGE)
    context = {
        "opening": opening,
        "rows": rows,
        "count": result.count,
        "whole": whole,
        "weights_form": weights_form,
        "weights": result.weights,
        "page": page,
        "pages": pages,
        "scope": "network" if whole else "library",
        "computed_at": result.computed_at,
    }
    return render(request, "openings/ranking.html", context)


@permission(can_manage_opening)
@require_POST
def ranking_invite(request: AuthedRequest, pk: int, person_pk: int) -> HttpResponse:
    access = access_for(request.user)
    opening: Opening = get_visible_or_404(svc.managed_openings(access), pk=pk)
    person = Person.objects.filter(pk=person_pk).first()
    if person is None:
        raise Http404("No such person")
    try:
        svc.application_invite(by=request.user, opening=opening, person=person)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{person} is invited to apply.")
    return redirect(reverse("openings:ranking", args=[opening.pk]) + "?" + request.GET.urlencode())
