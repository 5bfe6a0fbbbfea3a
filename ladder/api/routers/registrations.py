"""Registrations, seat offers, approvals and attendance.

A person registers themselves and sees, cancels, accepts or declines their own. Their
supervisors and their library's admins see their registrations and decide on requests where
the library requires approval. A session's facilitators and its offering's organisers see
its roster and mark attendance. The rules live in ladder.learning.registrations.
"""

from collections.abc import Callable
from typing import Any, Protocol

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.learning import (
    AttendanceIn,
    DeclineRequest,
    MarkedOut,
    MyRegistrationFilter,
    RegistrationOut,
    RosterEntry,
    RosterFilter,
)
from ladder.core.access import Access, get_visible_or_404
from ladder.core.policies import allowed, api_permission, require, signed_in
from ladder.learning import policies
from ladder.learning import registrations as svc
from ladder.learning.models import Registration, Session
from ladder.learning.selectors import sessions_visible_to
from ladder.people.models import Employment, Person

router = Router(tags=["registrations"])

S = Registration.Status

# The summaries of the steps in OWN_STEPS, as the OpenAPI document shows them.
CANCEL = "Cancel your registration or leave the waitlist; a freed seat moves on"
ACCEPT = "Take up a seat held for you before the offer runs out"
DECLINE_OFFER = "Turn down a seat held for you; it goes to the next person waiting"


class Step(Protocol):
    def __call__(self, *, by: Person, registration: Registration) -> object: ...


def with_details(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """What RegistrationOut shows, in a fixed number of queries, and each waitlisted
    registration's count of people ahead (its position)."""
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
    return registrations.select_related("session__offering", "person", "decided_by").annotate(
        ahead=Coalesce(Subquery(ahead), 0)
    )


def _current_jobs() -> Prefetch[str, QuerySet[Any]]:
    return Prefetch(
        "person__employments",
        queryset=Employment.objects.current().select_related("library", "branch", "job_class"),
        to_attr="current_jobs",
    )


def visible_registration(request: HttpRequest, registration_id: int) -> Registration:
    """Own registrations, one's people's, and those on the rosters one runs; else a 404."""
    registrations = svc.registrations_visible_to(access(request)).select_related(
        "session__offering", "person"
    )
    registration: Registration = get_visible_or_404(registrations, pk=registration_id)
    return registration


def _reload(registration: Registration) -> Registration:
    return with_details(Registration.objects.filter(pk=registration.pk)).get()


def run_session(caller: Access, session_id: int) -> Session:
    """A session the caller runs; 403 when they only see it, 404 otherwise (as the page)."""
    session = Session.objects.select_related("offering").filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session")
    if not allowed(policies.can_run_session, caller, session):
        if not sessions_visible_to(caller).filter(pk=session_id).exists():
            raise Http404("No such session")
        require(policies.can_run_session, caller, session)
    return session


# --- registering ----------------------------------------------------------------------------


@router.post(
    "/sessions/{session_id}/registrations",
    response={201: RegistrationOut},
    summary="Register yourself: a seat, a seat held for approval, or the waitlist",
    description=(
        "`confirmed` when a seat is free; `requested` (the seat is held) when your library "
        "requires your supervisor's approval; `waitlisted` when the session is full. Refused "
        "(422, with the reason in `fields.session`): a second registration, a cancelled, "
        "started or closed session, or one whose audience leaves you out."
    ),
)
@api_permission(signed_in, scope=sessions_visible_to)
def create_registration(request: HttpRequest, session_id: int) -> Status[Any]:
    sessions = sessions_visible_to(access(request)).select_related("offering")
    session = get_visible_or_404(sessions, pk=session_id)
    registration = svc.registration_create(by=person(request), session=session)
    return Status(201, _reload(registration))


@router.get(
    "/me/registrations",
    response=list[RegistrationOut],
    summary="Your registrations",
    description="`upcoming` (the default) lists active ones for sessions not over, soonest "
    "first; `past` and `all` list the newest first.",
)
@paginate(LimitOffset)
@api_permission(signed_in)
def list_my_registrations(
    request: HttpRequest, filters: Query[MyRegistrationFilter]
) -> QuerySet[Registration]:
    now = timezone.now()
    registrations = Registration.objects.filter(person_id=person(request).pk)
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    if filters.when == "upcoming":
        registrations = registrations.filter(
            session__ends_at__gte=now, status__in=Registration.ACTIVE
        ).order_by("session__starts_at", "id")
    elif filters.when == "past":
        registrations = registrations.filter(session__ends_at__lt=now).order_by(
            "-session__starts_at", "-id"
        )
    else:
        registrations = registrations.order_by("-session__starts_at", "-id")
    return with_details(registrations)


@router.get("/registrations/{registration_id}", response=RegistrationOut)
@api_permission(signed_in, scope=svc.registrations_visible_to)
def get_registration(request: HttpRequest, registration_id: int) -> Registration:
    return _reload(visible_registration(request, registration_id))


def _add_step(
    name: str, action: str, service: Step, summary: str, *, rule: Callable[..., bool]
) -> None:
    """Add the operation ``POST /registrations/{id}/<action>``: every step on a registration
    finds it the same way (a 404 when not visible), has the service take it as the caller and
    answers with the registration as it now stands; ``name`` is the operation's id."""

    def operation(request: HttpRequest, registration_id: int) -> Registration:
        registration = visible_registration(request, registration_id)
        service(by=person(request), registration=registration)
        return _reload(registration)

    operation.__name__ = operation.__qualname__ = name
    guarded = api_permission(rule, scope=svc.registrations_visible_to)(operation)
    path = f"/registrations/{{registration_id}}/{action}"
    router.post(path, response=RegistrationOut, summary=summary)(guarded)


# The steps a person takes on their own registration (one row each, so the summaries are named).
OWN_STEPS: list[tuple[str, str, Step, str]] = [
    ("cancel_registration", "cancel", svc.registration_cancel, CANCEL),
    ("accept_offer", "accept", svc.registration_accept_offer, ACCEPT),
    ("decline_offer", "decline-offer", svc.registration_decline_offer, DECLINE_OFFER),
]
for step in OWN_STEPS:
    _add_step(*step, rule=policies.owns_registration)


# --- approvals ------------------------------------------------------------------------------


@router.get(
    "/approvals",
    response=list[RosterEntry],
    summary="Requests waiting for your approval (supervisors and library admins)",
    description="Your reports' requests and those of your libraries' staff, oldest first.",
)
@paginate(LimitOffset)
@api_permission(policies.can_approve_registrations)
def list_approvals(request: HttpRequest) -> QuerySet[Registration]:
    return with_details(svc.approval_queue(access(request))).prefetch_related(_current_jobs())


_add_step(
    "approve_registration",
    "approve",
    svc.registration_approve,
    "Approve a request: its held seat is confirmed",
    rule=policies.can_decide_registration,
)


@router.post(
    "/registrations/{registration_id}/decline",
    response=RegistrationOut,
    summary="Decline a request: the seat goes to the next person waiting",
)
@api_permission(policies.can_decide_registration, scope=svc.registrations_visible_to)
def decline_registration(
    request: HttpRequest, registration_id: int, payload: DeclineRequest
) -> Registration:
    registration = visible_registration(request, registration_id)
    svc.registration_decline(by=person(request), registration=registration, reason=payload.reason)
    return _reload(registration)


# --- roster and attendance ------------------------------------------------------------------


@router.get(
    "/sessions/{session_id}/roster",
    response=list[RosterEntry],
    summary="A session's roster (its facilitators and organisers)",
    description="Active registrations in arrival order: seated, held, requested, waiting.",
)
@paginate(LimitOffset)
@api_permission(policies.can_run_session, scope=sessions_visible_to)
def get_roster(
    request: HttpRequest, session_id: int, filters: Query[RosterFilter]
) -> QuerySet[Registration]:
    session = run_session(access(request), session_id)
    registrations = Registration.objects.filter(session=session)
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    else:
        registrations = registrations.filter(status__in=Registration.ACTIVE)
    return (
        with_details(registrations).prefetch_related(_current_jobs()).order_by("created_at", "id")
    )


@router.post(
    "/registrations/{registration_id}/attendance",
    response=RegistrationOut,
    summary="Mark someone attended or no-show (the session's facilitators and organisers)",
    description="Attended makes a line on their transcript, with a certificate.",
)
@api_permission(policies.can_mark_attendance, scope=svc.registrations_visible_to)
def mark_attendance(
    request: HttpRequest, registration_id: int, payload: AttendanceIn
) -> Registration:
    registration = visible_registration(request, registration_id)
    svc.attendance_mark(by=person(request), registration=registration, attended=payload.attended)
    return _reload(registration)


@router.post(
    "/sessions/{session_id}/attendance/all-present",
    response=MarkedOut,
    summary="Mark everyone confirmed and not yet marked as attended",
    description="People already marked no-show stay so.",
)
@api_permission(policies.can_run_session, scope=sessions_visible_to)
def mark_all_present(request: HttpRequest, session_id: int) -> dict[str, int]:
    session = run_session(access(request), session_id)
    return {"marked": svc.attendance_mark_all_present(by=person(request), session=session)}
