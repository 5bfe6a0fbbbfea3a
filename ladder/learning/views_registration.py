"""Registration pages: register, cancel, seat offers, my registrations, approvals, the roster.

Views parse, call a service in ladder.learning.registrations, and render. What the user may
not see is a 404 (lookups go through scoped querysets); what they may see but not change is
a 403 (PermissionDenied from the service). A refused registration shows its reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ladder.core.access import Access, access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import allowed, permission, require, signed_in
from ladder.learning import policies
from ladder.learning import registrations as svc
from ladder.learning.audience import in_audience
from ladder.learning.forms_registration import (
    ApprovalFilterForm,
    AttendanceForm,
    MyRegistrationsFilterForm,
)
from ladder.learning.models import Registration, Session
from ladder.learning.selectors import sessions_visible_to
from ladder.people.models import Employment

S = Registration.Status


def _is_htmx(request: AuthedRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _visible_registration(access: Access, pk: int) -> Registration:
    registration: Registration = get_visible_or_404(
        svc.registrations_visible_to(access).select_related("session__offering", "person"),
        pk=pk,
    )
    return registration


def _current_jobs() -> Prefetch[str, QuerySet[Any]]:
    """Each person's current jobs as person.current_jobs, in one query for the whole list."""
    return Prefetch(
        "person__employments",
        queryset=Employment.objects.current().select_related("library", "job_class"),
        to_attr="current_jobs",
    )


# --- the box on the session page ---------------------------------------------------------


def register_box_context(user: Any, session: Session) -> dict[str, Any]:
    """What templates/learning/_register_box.html shows: the session page adds this to its
    context (`context.update(register_box_context(request.user, session))`)."""
    access = access_for(user)
    registration = None
    in_audience_ok, audience_reason = False, ""
    needs_approval = False
    if access.is_authenticated:
        registration = (
            Registration.objects.filter(
                session=session, person_id=user.pk, status__in=Registration.ACTIVE
            )
            .select_related("session")
            .first()
        )
        in_audience_ok, audience_reason = in_audience(user, session.offering)
        needs_approval = svc.registration_needs_approval(user)
    seated = svc.seated_count(session)
    return {
        "register_box": {
            "session": session,
            "registration": registration,
            "position": svc.waitlist_position(registration) if registration else None,
            "seats_left": max(session.capacity - seated, 0),
            "waiting": svc.waitlist(session).count(),
            "closed_reason": svc.closed_reason(session),
            "in_audience": in_audience_ok,
            "audience_reason": audience_reason,
            "needs_approval": needs_approval,
            "can_run": access.is_authenticated and policies.can_run_session(access, session),
            "now": timezone.now(),
        }
    }


def _render_box(
    request: AuthedRequest, session: Session, *, message: str = "", error: str = ""
) -> HttpResponse:
    context = register_box_context(request.user, session)
    context["register_box"].update(message=message, error=error)
    return render(request, "learning/_register_box.html", {"session": session, **context})


@permission(signed_in, scope=sessions_visible_to)
@require_POST
def register(request: AuthedRequest, pk: int) -> HttpResponse:
    session: Session = get_visible_or_404(
        sessions_visible_to(access_for(request.user)).select_related("offering"), pk=pk
    )
    try:
        registration = svc.registration_create(by=request.user, session=session)
    except ValidationError as exc:
        if _is_htmx(request):
            return _render_box(request, session, error=_message_of(exc))
        messages.error(request, _message_of(exc))
        return redirect(session.get_absolute_url())
    text: dict[str, str] = {
        S.CONFIRMED: "You are registered. A confirmation is on its way by e-mail.",
        S.REQUESTED: "Your seat is held while your supervisor approves the registration.",
        S.WAITLISTED: "The session is full: you are on the waitlist, and will hear by e-mail "
        "when a seat frees.",
    }
    message = text.get(registration.status, "Registered.")
    if _is_htmx(request):
        return _render_box(request, session, message=message)
    messages.success(request, message)
    return redirect(session.get_absolute_url())


def _own_action(
    request: AuthedRequest,
    pk: int,
    *,
    action: Any,
    template: str,
    done: str,
) -> HttpResponse:
    """GET asks to confirm; POST calls the service on the user's own registration."""
    access = access_for(request.user)
    registration = _visible_registration(access, pk)
    require(policies.owns_registration, access, registration)
    if request.method == "POST":
        try:
            action(by=request.user, registration=registration)
        except ValidationError as exc:
            messages.error(request, _message_of(exc))
        else:
            messages.success(request, done)
            return redirect(registration.session.get_absolute_url())
    return render(
        request,
        template,
        {"registration": registration, "session": registration.session},
    )


@permission(policies.owns_registration, scope=svc.registrations_visible_to)
def registration_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _own_action(
        request,
        pk,
        action=svc.registration_cancel,
        template="learning/registration_cancel.html",
        done="Your registration is cancelled.",
    )


@permission(policies.owns_registration, scope=svc.registrations_visible_to)
def offer_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    return _own_action(
        request,
        pk,
        action=svc.registration_accept_offer,
        template="learning/registration_offer_accept.html",
        done="The seat is yours.",
    )


@permission(policies.owns_registration, scope=svc.registrations_visible_to)
def offer_decline(request: AuthedRequest, pk: int) -> HttpResponse:
    return _own_action(
        request,
        pk,
        action=svc.registration_decline_offer,
        template="learning/registration_offer_decline.html",
        done="You declined the seat; it goes to the next person waiting.",
    )


# --- my registrations ----------------------------------------------------------------------


def _with_waitlist_position(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate each waitlisted registration with the number of people ahead of it."""
    ahead = (
        Registration.objects.filter(session=OuterRef("session"), status=S.WAITLISTED)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return registrations.annotate(ahead=Coalesce(Subquery(ahead), 0))


@permission(signed_in)
def my_registrations(request: AuthedRequest) -> HttpResponse:
    form = MyRegistrationsFilterForm(request.GET)
    when = (form.cleaned_data.get("when") if form.is_valid() else "") or "upcoming"
    now = timezone.now()
    registrations = Registration.objects.filter(person=request.user).select_related(
        "session__offering", "session__venue_branch"
    )
    if when == "upcoming":
        registrations = registrations.filter(
            session__ends_at__gte=now, status__in=Registration.ACTIVE
        ).order_by("session__starts_at", "id")
    elif when == "past":
        registrations = registrations.filter(session__ends_at__lt=now).order_by(
            "-session__starts_at", "-id"
        )
    else:
        registrations = registrations.order_by("-session__starts_at", "-id")
    context = {
        "form": form,
        "when": when,
        "now": now,
        "cancellable": svc.CANCELLABLE,
        **paginate(request, _with_waitlist_position(registrations)),
    }
    return render(request, "learning/my_registrations.html", context)


# --- approvals -----------------------------------------------------------------------------


@permission(policies.can_approve_registrations)
def approvals(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = ApprovalFilterForm(request.GET)
    show = (form.cleaned_data.get("show") if form.is_valid() else "") or "requests"
    if show == "upcoming":
        registrations = Registration.objects.filter(
            session__ends_at__gte=timezone.now(), status__in=Registration.ACTIVE
        )
        if not access.is_site_admin:
            registrations = registrations.filter(svc.people_decided_by_q(access))
        registrations = registrations.order_by("session__starts_at", "id")
    else:
        registrations = svc.approval_queue(access)
    registrations = registrations.select_related("person", "session__offering").prefetch_related(
        _current_jobs()
    )
    context = {
        "form": form,
        "show": show,
        **paginate(request, registrations),
    }
    return render(request, "learning/approvals.html", context)


def _decide(request: AuthedRequest, pk: int, *, approve: bool) -> HttpResponse:
    registration = _visible_registration(access_for(request.user), pk)
    try:
        if approve:
            svc.registration_approve(by=request.user, registration=registration)
        else:
            reason = request.POST.get("reason", "")
            svc.registration_decline(by=request.user, registration=registration, reason=reason)
    except ValidationError as exc:
        messages.error(request, _message_of(exc))
    else:
        verb = "approved" if approve else "declined"
        messages.success(
            request, f"{registration.person}'s registration for {registration.session} {verb}."
        )
    return redirect("learning:approvals")


@permission(policies.can_decide_registration, scope=svc.registrations_visible_to)
@require_POST
def registration_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@permission(policies.can_decide_registration, scope=svc.registrations_visible_to)
@require_POST
def registration_decline(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


# --- roster and attendance -----------------------------------------------------------------


def _session_for_runner(access: Access, pk: int) -> Session:
    """The session, if the user runs it; 403 if they only see it, 404 otherwise."""
    session = Session.objects.select_related("offering", "venue_branch").filter(pk=pk).first()
    if session is None:
        raise Http404("No such session")
    if not allowed(policies.can_run_session, access, session):
        if not sessions_visible_to(access).filter(pk=pk).exists():
            raise Http404("No such session")
        require(policies.can_run_session, access, session)
    return session


@permission(policies.can_run_session, scope=sessions_visible_to)
def roster(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session_for_runner(access_for(request.user), pk)
    rows = list(
        Registration.objects.filter(session=session, status__in=Registration.ACTIVE)
        .select_related("person")
        .prefetch_related(_current_jobs())
        .order_by("created_at", "id")
    )
    seated = [r for r in rows if r.status in svc.MARKABLE]
    counts = {
        "attended": sum(r.status == S.ATTENDED for r in seated),
        "no_show": sum(r.status == S.NO_SHOW for r in seated),
        "unmarked": sum(r.status == S.CONFIRMED for r in seated),
    }
    context = {
        "session": session,
        "seated": seated,
        "requested": [r for r in rows if r.status == S.REQUESTED],
        "offered": [r for r in rows if r.status == S.OFFERED],
        "waitlisted": [r for r in rows if r.status == S.WAITLISTED],
        "counts": counts,
        "cannot_mark": svc.attendance_closed_reason(session),
        "dates": list(session.dates.all()),
    }
    return render(request, "learning/roster.html", context)


@permission(policies.can_mark_attendance, scope=svc.registrations_visible_to)
@require_POST
def attendance_mark(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    registration = _visible_registration(access, pk)
    form = AttendanceForm(request.POST)
    error = ""
    if not form.is_valid():
        error = "Choose attended or no-show."
    else:
        try:
            svc.attendance_mark(
                by=request.user, registration=registration, attended=form.cleaned_data["attended"]
            )
        except ValidationError as exc:
            error = _message_of(exc)
    if _is_htmx(request):
        fresh = (
            Registration.objects.select_related("person", "session")
            .prefetch_related(_current_jobs())
            .get(pk=registration.pk)
        )
        return render(
            request,
            "learning/roster_row.html",
            # 200 even for a refusal: HTMX swaps only successful responses, and the row
            # shows the reason in place.
            {"registration": fresh, "session": fresh.session, "row_error": error},
        )
    if error:
        messages.error(request, error)
    return redirect(reverse("learning:roster", args=[registration.session_id]) + f"#r{pk}")


@permission(policies.can_run_session, scope=sessions_visible_to)
@require_POST
def mark_all_present(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session_for_runner(access_for(request.user), pk)
    try:
        marked = svc.attendance_mark_all_present(by=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, _message_of(exc))
    else:
        messages.success(
            request, f"Marked {marked} {'person' if marked == 1 else 'people'} present."
        )
    return redirect("learning:roster", pk=session.pk)
