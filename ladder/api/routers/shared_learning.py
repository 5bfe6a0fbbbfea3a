"""API: shared learning — licence pools, roundtables, one-on-one teaching, the digest.

The rules live in ladder.shared_learning (licences, pools_admin, roundtables, coaching,
digest); these endpoints parse, call and shape. What the caller may not see is a 404, what
they see but may not change a 403.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.shared_learning import (
    CoachingDetailOut,
    CoachingIn,
    CoachingListFilter,
    CoachingOut,
    CoachingSessionOut,
    CompleteIn,
    DigestOut,
    LicenceRequestIn,
    LicenceRequestOut,
    MemberOut,
    MentorFilter,
    MentorOut,
    MyLicenceOut,
    NoteIn,
    NoteOut,
    PoolIn,
    PoolOut,
    PoolPatch,
    PoolReportOut,
    ResourceOut,
    RoundtableOut,
    SessionIn,
    SessionLogIn,
)
from ladder.core.access import get_visible_or_404
from ladder.core.policies import admin_or_coordinator, api_permission, require, signed_in
from ladder.orgs.models import Library, Network
from ladder.people.models import Person
from ladder.shared_learning import coaching, digest, licences, policies, pools_admin, roundtables
from ladder.shared_learning.models import (
    CoachingRequest,
    CoachingSession,
    LicencePool,
    LicenceWindow,
    MeetingNote,
    Roundtable,
)
from ladder.skills.models import Competency

router = Router(tags=["shared learning"])


def _person_ref(p: Person | None) -> dict[str, Any] | None:
    return {"id": p.pk, "display_name": p.display_name} if p is not None else None


# --- licence pools --------------------------------------------------------------------------


def _pool_out(pool: LicencePool) -> dict[str, Any]:
    owner = (
        {"kind": "network", "id": pool.network_id, "name": str(pool.network)}
        if pool.network_id
        else {"kind": "library", "id": pool.library_id, "name": str(pool.library)}
    )
    seats_in_use = getattr(pool, "seats_in_use", None)
    waiting = getattr(pool, "waiting_count", None)
    return {
        **{name: getattr(pool, name) for name in pools_admin.FIELDS},
        "id": pool.pk,
        "owner": owner,
        "seats_in_use": licences.seats_taken(pool) if seats_in_use is None else seats_in_use,
        "waiting": licences.queue(pool).count() if waiting is None else waiting,
    }


def _pool(request: HttpRequest, pool_id: int) -> LicencePool:
    pool: LicencePool = get_visible_or_404(
        licences.pools_visible_to(access(request)).select_related("network", "library"),
        pk=pool_id,
    )
    return pool


def _window(window: LicenceWindow | None) -> dict[str, Any] | None:
    if window is None:
        return None
    return {
        "id": window.pk,
        "starts_on": window.starts_on,
        "ends_on": window.ends_on,
        "status": window.status,
    }


@router.get(
    "/shared/licences",
    response=list[PoolOut],
    summary="E-learning licences the caller may see",
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=licences.pools_visible_to)
def shared_list_pools(request: HttpRequest) -> Any:
    return [_pool_out(p) for p in licences.pools_for_list(access(request))]


@router.post(
    "/shared/licences",
    response={201: PoolOut},
    summary="Add an e-learning licence (network coordinators, library admins)",
)
@api_permission(admin_or_coordinator)
def shared_create_pool(request: HttpRequest, body: PoolIn) -> Any:
    caller = access(request)
    network = library = None
    if body.network_id is not None:
        network = get_visible_or_404(pools_admin.owner_networks(caller), pk=body.network_id)
    if body.library_id is not None:
        library = get_visible_or_404(pools_admin.owner_libraries(caller), pk=body.library_id)
    data = pools_admin.PoolData(**body.model_dump(exclude={"network_id", "library_id"}))
    pool = pools_admin.pool_create(
        by=person(request),
        data=data,
        network=network if isinstance(network, Network) else None,
        library=library if isinstance(library, Library) else None,
    )
    return Status(201, _pool_out(pool))


@router.get("/shared/licences/{pool_id}", response=PoolOut, summary="One e-learning licence")
@api_permission(signed_in, scope=licences.pools_visible_to)
def shared_get_pool(request: HttpRequest, pool_id: int) -> Any:
    return _pool_out(_pool(request, pool_id))


@router.patch(
    "/shared/licences/{pool_id}",
    response=PoolOut,
    summary="Change an e-learning licence (its coordinators)",
    description="More seats go to the queue at once; seats may not drop below those in use.",
)
@api_permission(policies.can_coordinate_pool, scope=licences.pools_visible_to)
def shared_update_pool(request: HttpRequest, pool_id: int, body: PoolPatch) -> Any:
    pool = _pool(request, pool_id)
    values = {name: getattr(pool, name) for name in pools_admin.FIELDS}
    values.update(body.model_dump(exclude_none=True))
    pools_admin.pool_update(by=person(request), pool=pool, data=pools_admin.PoolData(**values))
    return _pool_out(_pool(request, pool_id))


@router.get(
    "/shared/licences/{pool_id}/me",
    response=MyLicenceOut,
    summary="Your window, place in the queue and when you may ask again",
)
@api_permission(signed_in, scope=licences.pools_visible_to)
def shared_my_licence(request: HttpRequest, pool_id: int) -> Any:
    mine = licences.my_licence(person(request), _pool(request, pool_id))
    return {
        "window": _window(mine.window),
        "queue_position": mine.position,
        "next_request_on": mine.next_request_on,
        "may_request": mine.may_request,
        "problem": mine.problem,
    }


@router.post(
    "/shared/licences/{pool_id}/request",
    response=LicenceRequestOut,
    summary="Ask for a window (or join the queue when every seat is taken)",
)
@api_permission(signed_in, scope=licences.pools_visible_to)
def shared_request_licence(request: HttpRequest, pool_id: int, body: LicenceRequestIn) -> Any:
    pool = _pool(request, pool_id)
    result = licences.licence_request(by=person(request), pool=pool, start_on=body.start_on)
    if isinstance(result, LicenceWindow):
        return {"outcome": "window", "window": _window(result), "queue_position": None}
    return {
        "outcome": "queued",
        "window": None,
        "queue_position": licences.queue_position(result),
    }


@router.post(
    "/shared/licences/{pool_id}/withdraw",
    response={204: None},
    summary="Give up your window, or leave the queue",
)
@api_permission(signed_in, scope=licences.pools_visible_to)
def shared_withdraw_licence(request: HttpRequest, pool_id: int) -> Any:
    licences.licence_withdraw(by=person(request), pool=_pool(request, pool_id))
    return Status(204, None)


@router.get(
    "/shared/licences/{pool_id}/report",
    response=PoolReportOut,
    summary="Use and queue of a licence (its coordinators)",
)
@api_permission(policies.can_coordinate_pool, scope=licences.pools_visible_to)
def shared_pool_report(request: HttpRequest, pool_id: int) -> Any:
    pool = _pool(request, pool_id)
    require(policies.can_coordinate_pool, access(request), pool)
    report = licences.pool_report(pool)
    return {
        "pool_id": pool.pk,
        "seats": pool.seats,
        "seats_in_use": report.seats_in_use,
        "windows": [
            {**(_window(w) or {}), "person": _person_ref(w.person)} for w in report.windows
        ],
        "queue": [
            {
                "id": r.pk,
                "person": _person_ref(r.person),
                "requested_at": r.requested_at,
                "never_had_window": r.never_had_window,
                "position": number,
            }
            for number, r in enumerate(report.queue, start=1)
        ],
        "windows_last_year": report.windows_last_year,
        "people_last_year": report.people_last_year,
        "average_wait_days": report.average_wait_days,
        "longest_wait_days": report.longest_wait_days,
        "utilisation_percent": report.utilisation_percent,
    }


# --- roundtables ----------------------------------------------------------------------------


def _roundtable(request: HttpRequest, roundtable_id: int) -> Roundtable:
    found: Roundtable = get_visible_or_404(
        roundtables.roundtables_for_list(access(request)), pk=roundtable_id
    )
    return found


def _roundtable_out(rt: Roundtable, member_of: set[int]) -> dict[str, Any]:
    return {
        "id": rt.pk,
        "name": rt.name,
        "slug": rt.slug,
        "description": rt.description,
        "network_id": rt.network_id,
        "conveners": [_person_ref(p) for p in rt.conveners.all()],
        "offering_id": rt.offering_id,
        "is_member": rt.pk in member_of,
    }


def _member_of(request: HttpRequest) -> set[int]:
    return set(
        person(request)
        .roundtable_memberships.filter(left_on__isnull=True)
        .values_list("roundtable_id", flat=True)
    )


@router.get("/shared/roundtables", response=list[RoundtableOut], summary="Roundtables you see")
@paginate(LimitOffset)
@api_permission(signed_in, scope=roundtables.roundtables_visible_to)
def shared_list_roundtables(request: HttpRequest) -> Any:
    member_of = _member_of(request)
    return [
        _roundtable_out(rt, member_of) for rt in roundtables.roundtables_for_list(access(request))
    ]


@router.get("/shared/roundtables/{roundtable_id}", response=RoundtableOut, summary="One roundtable")
@api_permission(signed_in, scope=roundtables.roundtables_visible_to)
def shared_get_roundtable(request: HttpRequest, roundtable_id: int) -> Any:
    return _roundtable_out(_roundtable(request, roundtable_id), _member_of(request))


@router.post(
    "/shared/roundtables/{roundtable_id}/join",
    response={201: MemberOut},
    summary="Join a roundtable (staff of its network's member libraries)",
)
@api_permission(policies.can_join_roundtable, scope=roundtables.roundtables_visible_to)
def shared_join_roundtable(request: HttpRequest, roundtable_id: int) -> Any:
    membership = roundtables.roundtable_join(
        by=person(request), roundtable=_roundtable(request, roundtable_id)
    )
    return Status(
        201, {"person": _person_ref(membership.person), "joined_on": membership.joined_on}
    )


@router.post(
    "/shared/roundtables/{roundtable_id}/leave", response={204: None}, summary="Leave a roundtable"
)
@api_permission(signed_in, scope=roundtables.roundtables_visible_to)
def shared_leave_roundtable(request: HttpRequest, roundtable_id: int) -> Any:
    roundtables.roundtable_leave(by=person(request), roundtable=_roundtable(request, roundtable_id))
    return Status(204, None)


@router.get(
    "/shared/roundtables/{roundtable_id}/members",
    response=list[MemberOut],
    summary="A roundtable's current members",
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=roundtables.roundtables_visible_to)
def shared_roundtable_members(request: HttpRequest, roundtable_id: int) -> Any:
    rt = _roundtable(request, roundtable_id)
    return roundtables.active_memberships(rt).order_by("joined_on", "pk")


@router.get(
    "/shared/roundtables/{roundtable_id}/resources",
    response=list[ResourceOut],
    summary="Links and files shared with a roundtable",
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=roundtables.roundtables_visible_to)
def shared_roundtable_resources(request: HttpRequest, roundtable_id: int) -> Any:
    rt = _roundtable(request, roundtable_id)
    return rt.resources.order_by("-added_at", "-pk")


@router.get(
    "/shared/roundtables/{roundtable_id}/notes",
    response=list[NoteOut],
    summary="Notes of a roundtable's meetings",
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=roundtables.roundtables_visible_to)
def shared_roundtable_notes(request: HttpRequest, roundtable_id: int) -> Any:
    rt = _roundtable(request, roundtable_id)
    notes: QuerySet[MeetingNote] = rt.notes.select_related("session", "author").order_by(
        "-session__starts_at", "created_at", "pk"
    )
    return notes


# --- coaching -------------------------------------------------------------------------------


def _coaching_out(item: CoachingRequest) -> dict[str, Any]:
    return {
        "id": item.pk,
        "learner": _person_ref(item.learner),
        "mentor": _person_ref(item.mentor),
        "library_id": item.library_id,
        "competency_id": item.competency_id,
        "topic": item.topic,
        "details": item.details,
        "preferred_times": item.preferred_times,
        "preferred_place": item.preferred_place,
        "status": item.status,
        "level_reached": item.level_reached,
        "mentor_note": item.mentor_note,
        "created_at": item.created_at,
        "accepted_at": item.accepted_at,
        "completed_at": item.completed_at,
        "training_record_id": item.training_record_id,
    }


def _coaching_detail(item: CoachingRequest) -> dict[str, Any]:
    sessions = [
        {
            "id": s.pk,
            "starts_at": s.starts_at,
            "minutes": s.minutes,
            "place": s.place,
            "held": s.held,
            "notes": s.notes,
        }
        for s in item.sessions.all()
    ]
    return {**_coaching_out(item), "sessions": sessions}


def _coaching(request: HttpRequest, request_id: int) -> CoachingRequest:
    item: CoachingRequest = get_visible_or_404(
        coaching.requests_visible_to(access(request)), pk=request_id
    )
    return item


def _competency(competency_id: int | None) -> Competency | None:
    if competency_id is None:
        return None
    found = Competency.objects.filter(pk=competency_id).first()
    if found is None:
        raise Http404("No such competency")
    return found


@router.get(
    "/shared/coaching/mentors",
    response=list[MentorOut],
    summary="Mentors who may teach you a competency or topic, nearest first",
    description="Volunteers at a good level (GOOD_LEVEL = 3): same branch, library, network.",
)
@api_permission(signed_in)
def shared_suggest_mentors(request: HttpRequest, filters: Query[MentorFilter]) -> Any:
    found = coaching.suggest_mentors(
        person(request), competency=_competency(filters.competency_id), topic=filters.topic
    )
    return [
        {
            "person": _person_ref(s.person),
            "scope": s.scope,
            "level": s.level,
            "library": s.library_name,
            "branch": s.branch_name,
        }
        for s in found
    ]


@router.get(
    "/shared/coaching",
    response=list[CoachingOut],
    summary="Your one-on-one teaching requests, as learner or as mentor",
)
@paginate(LimitOffset)
@api_permission(signed_in)
def shared_list_coaching(request: HttpRequest, filters: Query[CoachingListFilter]) -> Any:
    me = person(request)
    items = (
        coaching.requests_to_mentor(me) if filters.role == "mentor" else coaching.requests_asked(me)
    )
    return items.select_related("learner", "mentor").order_by("-created_at", "-pk")


@router.post(
    "/shared/coaching",
    response={201: CoachingDetailOut},
    summary="Ask a suggested mentor to teach you",
)
@api_permission(signed_in)
def shared_create_coaching(request: HttpRequest, body: CoachingIn) -> Any:
    mentor = Person.objects.filter(pk=body.mentor_id).first()
    if mentor is None:
        raise Http404("No such mentor")
    item = coaching.coaching_request_create(
        by=person(request),
        mentor=mentor,
        competency=_competency(body.competency_id),
        topic=body.topic,
        details=body.details,
        preferred_times=body.preferred_times,
        preferred_place=body.preferred_place,
    )
    return Status(201, _coaching_detail(_coaching(request, item.pk)))


@router.get("/shared/coaching/{request_id}", response=CoachingDetailOut, summary="One request")
@api_permission(signed_in, scope=coaching.requests_visible_to)
def shared_get_coaching(request: HttpRequest, request_id: int) -> Any:
    return _coaching_detail(_coaching(request, request_id))


@router.post(
    "/shared/coaching/{request_id}/accept",
    response=CoachingDetailOut,
    summary="Accept a request addressed to you",
)
@api_permission(policies.is_mentor_of, scope=coaching.requests_visible_to)
def shared_accept_coaching(request: HttpRequest, request_id: int, body: NoteIn) -> Any:
    item = _coaching(request, request_id)
    coaching.coaching_accept(by=person(request), request=item, note=body.note)
    return _coaching_detail(_coaching(request, request_id))


@router.post(
    "/shared/coaching/{request_id}/decline",
    response=CoachingDetailOut,
    summary="Decline a request addressed to you",
)
@api_permission(policies.is_mentor_of, scope=coaching.requests_visible_to)
def shared_decline_coaching(request: HttpRequest, request_id: int, body: NoteIn) -> Any:
    item = _coaching(request, request_id)
    coaching.coaching_decline(by=person(request), request=item, note=body.note)
    return _coaching_detail(_coaching(request, request_id))


@router.post(
    "/shared/coaching/{request_id}/sessions",
    response={201: CoachingSessionOut},
    summary="Schedule a session (mentor or learner)",
)
@api_permission(policies.can_schedule_coaching, scope=coaching.requests_visible_to)
def shared_schedule_coaching_session(request: HttpRequest, request_id: int, body: SessionIn) -> Any:
    item = _coaching(request, request_id)
    s = coaching.coaching_session_schedule(
        by=person(request),
        request=item,
        starts_at=body.starts_at,
        minutes=body.minutes,
        place=body.place,
    )
    return Status(
        201,
        {
            "id": s.pk,
            "starts_at": s.starts_at,
            "minutes": s.minutes,
            "place": s.place,
            "held": s.held,
            "notes": s.notes,
        },
    )


@router.post(
    "/shared/coaching/{request_id}/sessions/{session_id}/log",
    response=CoachingSessionOut,
    summary="Log whether a session took place (the mentor)",
)
@api_permission(policies.is_mentor_of, scope=coaching.requests_visible_to)
def shared_log_coaching_session(
    request: HttpRequest, request_id: int, session_id: int, body: SessionLogIn
) -> Any:
    item = _coaching(request, request_id)
    session: CoachingSession = get_visible_or_404(
        CoachingSession.objects.filter(request=item), pk=session_id
    )
    session.request = item
    s = coaching.coaching_session_log(
        by=person(request), session=session, held=body.held, notes=body.notes, minutes=body.minutes
    )
    return {
        "id": s.pk,
        "starts_at": s.starts_at,
        "minutes": s.minutes,
        "place": s.place,
        "held": s.held,
        "notes": s.notes,
    }


@router.post(
    "/shared/coaching/{request_id}/complete",
    response=CoachingDetailOut,
    summary="Complete the teaching (the mentor)",
    description="Adds a verified one-on-one training record (hours of the held sessions) to "
    "the learner's transcript and, for a competency, an evidence entry at level_reached.",
)
@api_permission(policies.is_mentor_of, scope=coaching.requests_visible_to)
def shared_complete_coaching(request: HttpRequest, request_id: int, body: CompleteIn) -> Any:
    item = _coaching(request, request_id)
    coaching.coaching_complete(
        by=person(request), request=item, level_reached=body.level_reached, note=body.note
    )
    return _coaching_detail(_coaching(request, request_id))


# --- digest ---------------------------------------------------------------------------------


@router.get(
    "/shared/digest/preview",
    response=DigestOut,
    summary="Your digest of next month's free training",
)
@api_permission(signed_in)
def shared_digest_preview(request: HttpRequest) -> Any:
    me = person(request)
    month = digest.month_after(timezone.localdate())
    items = digest.digest_items(me, month)
    return {
        "month": month,
        "subscribed": digest.is_subscribed(me),
        "items": [
            {
                "session_id": i.session.pk,
                "offering_id": i.offering.pk,
                "title": str(i.session),
                "kind": i.offering.kind,
                "starts_at": i.session.starts_at,
                "ce_hours": i.offering.ce_hours,
                "reasons": i.reasons,
                "register_url": i.register_url,
            }
            for i in items
        ],
    }
