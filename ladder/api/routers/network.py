"""Network services: membership, the regional planner, the advisory desk, the temp agency and
the coordinator's dashboard. The rules live in ladder.network (membership, planner, advisory,
temp, dashboard); these endpoints parse, call and answer.

Coordinator-only endpoints answer 403 to people who coordinate no network and 404 for a
network, request or worker the caller may not see."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.lookups import many, one, optional
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.network import (
    AdvisoryIn,
    AdvisoryOut,
    AdvisoryQueueFilter,
    AnswerIn,
    AssignIn,
    CandidateOut,
    DashboardOut,
    LibraryBrief,
    MatchFilter,
    MembershipEndIn,
    MembershipFilter,
    MembershipIn,
    MembershipOut,
    PlacementIn,
    PlacementOut,
    PlannedSessionOut,
    PlannedSessionsIn,
    PlanOut,
    PlanQuery,
    RosterFilter,
    TempRequestFilter,
    TempRequestIn,
    TempRequestOut,
    TempWorkerIn,
    TempWorkerOut,
    TempWorkerPatch,
)
from ladder.core.access import get_visible_or_404
from ladder.core.policies import api_permission, coordinator, require, signed_in
from ladder.learning import selectors as learning_selectors
from ladder.learning.models import Offering, Session
from ladder.network import advisory, membership, planner, temp
from ladder.network.dashboard import coordinated_networks, dashboard
from ladder.network.models import AdvisoryRequest, TempPlacement, TempRequest, TempWorker
from ladder.network.policies import (
    can_close_advisory,
    can_consult,
    can_edit_temp_worker,
    can_manage_temp_request,
    can_place_temps,
    can_plan_offering,
    can_request_temp,
)
from ladder.orgs.models import Branch, Library, Membership, Network
from ladder.people.models import Person
from ladder.skills.models import Competency

router = Router(tags=["network"])


def coordinated_network(request: HttpRequest, network_id: int) -> Network:
    """One of the caller's networks (operations using it carry the ``coordinator`` rule)."""
    caller = access(request)
    network: Network = get_visible_or_404(coordinated_networks(caller), pk=network_id)
    return network


# --- membership -----------------------------------------------------------------------------


@router.get(
    "/networks/{network_id}/memberships",
    response=list[MembershipOut],
    summary="The network's members: current, joining, former or the whole history",
)
@api_permission(coordinator)
@paginate(LimitOffset)
def network_list_memberships(
    request: HttpRequest, network_id: int, filters: Query[MembershipFilter]
) -> QuerySet[Membership]:
    network = coordinated_network(request, network_id)
    if filters.status == "joining":
        return membership.joining_members(network)
    if filters.status == "former":
        return membership.former_members(network)
    if filters.status == "all":
        return Membership.objects.filter(network=network).select_related("library__region")
    return membership.current_members(network)


@router.get(
    "/networks/{network_id}/non-members",
    response=list[LibraryBrief],
    summary="Libraries in Ladder that have never been members of the network",
)
@api_permission(coordinator)
@paginate(LimitOffset)
def network_list_non_members(request: HttpRequest, network_id: int) -> QuerySet[Library]:
    return membership.non_members(coordinated_network(request, network_id))


@router.post(
    "/networks/{network_id}/memberships",
    response={201: MembershipOut},
    summary="A library joins the network (free with fee 0)",
)
@api_permission(coordinator)
def network_join(request: HttpRequest, network_id: int, payload: MembershipIn) -> Status[Any]:
    network = coordinated_network(request, network_id)
    library = one(Library.objects.all(), payload.library_id, "library_id")
    created = membership.membership_join(
        by=person(request),
        network=network,
        library=library,
        joined_on=payload.joined_on,
        annual_fee=payload.annual_fee,
    )
    return Status(201, created)


@router.post(
    "/memberships/{membership_id}/end",
    response=MembershipOut,
    summary="End a membership on a day (its last day as a member)",
)
@api_permission(coordinator)
def network_end_membership(
    request: HttpRequest, membership_id: int, payload: MembershipEndIn
) -> Membership:
    caller = access(request)
    item: Membership = get_visible_or_404(
        Membership.objects.filter(network__in=coordinated_networks(caller)).select_related(
            "library__region", "network"
        ),
        pk=membership_id,
    )
    membership.membership_end(by=person(request), membership=item, left_on=payload.left_on)
    return item


# --- the regional planner -------------------------------------------------------------------


def _planned_offering(request: HttpRequest, offering_id: int) -> Offering:
    caller = access(request)
    offering = learning_selectors.offering_detail(caller, offering_id)
    if offering is None:
        raise Http404("No such offering")
    require(can_plan_offering, caller, offering)
    return offering


def _plan_out(plan: planner.RegionalPlan) -> dict[str, Any]:
    farthest = plan.farthest_site
    return {
        "k": plan.k,
        "candidates": len(plan.sites),
        "staff": plan.staff,
        "cost": round(plan.result.cost, 3),
        "lower_bound": round(plan.result.lower_bound, 3),
        "gap_percent": round(plan.result.gap_percent, 3),
        "proven": plan.result.proven,
        "average_km": round(plan.average_km, 3),
        "farthest": None
        if farthest is None
        else {
            "branch_id": farthest.branch_id,
            "name": farthest.name,
            "distance_km": round(farthest.distance_km, 3),
        },
        "hosts": [
            {
                "number": row.number,
                "branch_id": row.site.branch_id,
                "name": row.site.name,
                "library": row.site.library_name,
                "region": row.site.region_name,
                "staff": row.weight,
                "farthest_km": round(row.farthest_km, 3),
                "branch_ids": [site.branch_id for site in row.served],
            }
            for row in plan.hosts
        ],
        "assignments": [
            {
                "branch_id": site.branch_id,
                "host_branch_id": site.host_id,
                "distance_km": round(site.distance_km, 3),
                "staff": site.weight,
            }
            for site in plan.sites
        ],
    }


@router.get(
    "/offerings/{offering_id}/regional-plan",
    response=PlanOut,
    summary="Where to repeat an offering k times so its audience travels least",
    description="A 422 on `k` when it is below 1 or above the audience branches with "
    "coordinates. Nothing is saved.",
)
@api_permission(can_plan_offering)
def network_plan_offering(
    request: HttpRequest, offering_id: int, plan: Query[PlanQuery]
) -> dict[str, Any]:
    offering = _planned_offering(request, offering_id)
    return _plan_out(planner.plan_offering(offering, plan.k))


@router.post(
    "/offerings/{offering_id}/regional-sessions",
    response={201: list[PlannedSessionOut]},
    summary="Plan k hosts and schedule a session at each (all or none)",
)
@api_permission(can_plan_offering)
def network_create_planned_sessions(
    request: HttpRequest, offering_id: int, payload: PlannedSessionsIn
) -> Status[Any]:
    offering = _planned_offering(request, offering_id)
    created = planner.planned_sessions_create(
        by=person(request),
        offering=offering,
        k=payload.k,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        capacity=payload.capacity,
        also_when_scheduled=payload.also_when_scheduled,
    )
    sessions = list(Session.objects.filter(pk__in=[s.pk for s in created]).order_by("pk"))
    return Status(201, sessions)


# --- the advisory desk ----------------------------------------------------------------------


def _advisory(request: HttpRequest, request_id: int) -> AdvisoryRequest:
    item: AdvisoryRequest = get_visible_or_404(
        advisory.advisory_requests_visible_to(access(request)), pk=request_id
    )
    return item


@router.post(
    "/advisory-requests",
    response={201: AdvisoryOut},
    summary="Ask the network's consultants (staff of a current member library)",
)
@api_permission(signed_in)
def network_ask(request: HttpRequest, payload: AdvisoryIn) -> Status[Any]:
    network = one(Network.objects.all(), payload.network_id, "network_id")
    library = optional(Library.objects.all(), payload.library_id, "library_id")
    created = advisory.advisory_request_create(
        by=person(request),
        network=network,
        channel=payload.channel,
        topic=payload.topic,
        question=payload.question,
        library=library,
    )
    return Status(201, _advisory(request, created.pk))


@router.get(
    "/advisory-requests/mine", response=list[AdvisoryOut], summary="The questions you asked"
)
@api_permission(signed_in)
@paginate(LimitOffset)
def network_my_advisory_requests(request: HttpRequest) -> QuerySet[AdvisoryRequest]:
    return advisory.my_requests(person(request)).select_related("asked_by")


@router.get(
    "/advisory-requests/queue",
    response=list[AdvisoryOut],
    summary="The consultants' queue, oldest first",
)
@api_permission(coordinator)
@paginate(LimitOffset)
def network_advisory_queue(
    request: HttpRequest, filters: Query[AdvisoryQueueFilter]
) -> QuerySet[AdvisoryRequest]:
    caller = access(request)
    return advisory.advisory_queue(
        caller,
        status=filters.status or "",
        channel=filters.channel or "",
        library_id=filters.library_id,
    )


@router.get("/advisory-requests/{request_id}", response=AdvisoryOut)
@api_permission(signed_in, scope=advisory.advisory_requests_visible_to)
def network_get_advisory_request(request: HttpRequest, request_id: int) -> AdvisoryRequest:
    return _advisory(request, request_id)


@router.post(
    "/advisory-requests/{request_id}/assign",
    response=AdvisoryOut,
    summary="Assign a consultant",
)
@api_permission(can_consult)
def network_assign_advisory(
    request: HttpRequest, request_id: int, payload: AssignIn
) -> AdvisoryRequest:
    item = _advisory(request, request_id)
    consultant = one(Person.objects.filter(is_active=True), payload.consultant_id, "consultant_id")
    advisory.advisory_assign(by=person(request), request=item, consultant=consultant)
    return _advisory(request, request_id)


@router.post(
    "/advisory-requests/{request_id}/answer",
    response=AdvisoryOut,
    summary="Answer a request (the asker is e-mailed)",
)
@api_permission(can_consult)
def network_answer_advisory(
    request: HttpRequest, request_id: int, payload: AnswerIn
) -> AdvisoryRequest:
    item = _advisory(request, request_id)
    advisory.advisory_answer(by=person(request), request=item, answer=payload.answer)
    return _advisory(request, request_id)


@router.post(
    "/advisory-requests/{request_id}/close",
    response=AdvisoryOut,
    summary="Close a request (the asker or a consultant)",
)
@api_permission(can_close_advisory)
def network_close_advisory(request: HttpRequest, request_id: int) -> AdvisoryRequest:
    item = _advisory(request, request_id)
    advisory.advisory_close(by=person(request), request=item)
    return _advisory(request, request_id)


# --- the temp agency: roster ----------------------------------------------------------------


def _worker(request: HttpRequest, worker_id: int) -> TempWorker:
    worker: TempWorker = get_visible_or_404(
        temp.temp_workers_visible_to(access(request)), pk=worker_id
    )
    return worker


def _competencies(ids: list[int] | None, field: str) -> list[Competency] | None:
    return None if ids is None else many(Competency.objects.all(), ids, field)


@router.get(
    "/temp-workers",
    response=list[TempWorkerOut],
    summary="The temp agency's roster (coordinators)",
)
@api_permission(coordinator)
@paginate(LimitOffset)
def network_list_temp_workers(
    request: HttpRequest, filters: Query[RosterFilter]
) -> QuerySet[TempWorker]:
    caller = access(request)
    return temp.roster(caller, level=filters.level or "", active_only=bool(filters.active))


@router.post(
    "/temp-workers", response={201: TempWorkerOut}, summary="Put a person on the temp roster"
)
@api_permission(coordinator)
def network_create_temp_worker(request: HttpRequest, payload: TempWorkerIn) -> Status[Any]:
    caller = access(request)
    network = one(coordinated_networks(caller), payload.network_id, "network_id")
    subject = one(Person.objects.filter(is_active=True), payload.person_id, "person_id")
    data = payload.model_dump(exclude_unset=True)
    for key in ("network_id", "person_id", "level", "available_from"):
        data.pop(key)
    comps = _competencies(data.pop("competency_ids", None), "competency_ids") or []
    worker = temp.temp_worker_create(
        by=person(request),
        network=network,
        person=subject,
        level=payload.level,
        available_from=payload.available_from,
        competencies=comps,
        **data,
    )
    return Status(201, _worker(request, worker.pk))


@router.get("/temp-workers/{worker_id}", response=TempWorkerOut)
@api_permission(signed_in, scope=temp.temp_workers_visible_to)
def network_get_temp_worker(request: HttpRequest, worker_id: int) -> TempWorker:
    return _worker(request, worker_id)


@router.patch("/temp-workers/{worker_id}", response=TempWorkerOut)
@api_permission(can_edit_temp_worker)
def network_update_temp_worker(
    request: HttpRequest, worker_id: int, payload: TempWorkerPatch
) -> TempWorker:
    worker = _worker(request, worker_id)
    data = payload.model_dump(exclude_unset=True)
    comps = _competencies(data.pop("competency_ids", None), "competency_ids")
    temp.temp_worker_update(by=person(request), worker=worker, competencies=comps, **data)
    return _worker(request, worker_id)


@router.get(
    "/temp-workers/{worker_id}/placements",
    response=list[PlacementOut],
    summary="A worker's placements (experience toward job classes unless cancelled)",
)
@api_permission(signed_in, scope=temp.temp_workers_visible_to)
@paginate(LimitOffset)
def network_list_worker_placements(request: HttpRequest, worker_id: int) -> QuerySet[TempPlacement]:
    return temp.worker_placements(_worker(request, worker_id)).select_related("worker__person")


# --- the temp agency: requests and placements -----------------------------------------------


def _temp_request(request: HttpRequest, request_id: int) -> TempRequest:
    item: TempRequest = get_visible_or_404(
        temp.temp_requests_visible_to(access(request)), pk=request_id
    )
    return item


@router.get(
    "/temp-requests",
    response=list[TempRequestOut],
    summary="Temp requests: your libraries' (library admins) or your networks' (coordinators)",
)
@api_permission(signed_in, scope=temp.temp_requests_visible_to)
@paginate(LimitOffset)
def network_list_temp_requests(
    request: HttpRequest, filters: Query[TempRequestFilter]
) -> QuerySet[TempRequest]:
    qs = temp.temp_requests_visible_to(access(request)).order_by("starts_on", "pk")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.library_id:
        qs = qs.filter(library_id=filters.library_id)
    return qs


@router.post(
    "/temp-requests",
    response={201: TempRequestOut},
    summary="Ask the temp agency for a temp (a member library's admins)",
    description="A 422 on `ends_on` when the request ends before it starts.",
)
@api_permission(can_request_temp)
def network_create_temp_request(request: HttpRequest, payload: TempRequestIn) -> Status[Any]:
    library = one(Library.objects.all(), payload.library_id, "library_id")
    branch = optional(Branch.objects.all(), payload.branch_id, "branch_id")
    network = optional(Network.objects.all(), payload.network_id, "network_id")
    created = temp.temp_request_create(
        by=person(request),
        library=library,
        branch=branch,
        level=payload.level,
        term=payload.term,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        weekly_hours=payload.weekly_hours,
        competencies=_competencies(payload.competency_ids, "competency_ids") or [],
        duties=payload.duties,
        network=network,
    )
    return Status(201, _temp_request(request, created.pk))


@router.get("/temp-requests/{request_id}", response=TempRequestOut)
@api_permission(signed_in, scope=temp.temp_requests_visible_to)
def network_get_temp_request(request: HttpRequest, request_id: int) -> TempRequest:
    return _temp_request(request, request_id)


@router.post(
    "/temp-requests/{request_id}/cancel",
    response=TempRequestOut,
    summary="Withdraw a request (placements not yet started are cancelled with it)",
)
@api_permission(can_manage_temp_request)
def network_cancel_temp_request(request: HttpRequest, request_id: int) -> TempRequest:
    item = _temp_request(request, request_id)
    temp.temp_request_cancel(by=person(request), request=item)
    return _temp_request(request, request_id)


@router.get(
    "/temp-requests/{request_id}/matches",
    response=list[CandidateOut],
    summary="Qualified, available workers for a request, nearest first, with reasons",
    description="Coordinators only. With everyone=true, also the workers who do not qualify, "
    "with what rules them out.",
)
@api_permission(can_place_temps)
def network_temp_matches(
    request: HttpRequest, request_id: int, filters: Query[MatchFilter]
) -> list[temp.Candidate]:
    item = _temp_request(request, request_id)
    require(can_place_temps, access(request), item)
    if filters.everyone:
        return temp.evaluate_workers(item)
    return temp.match_workers(item)


@router.post(
    "/temp-requests/{request_id}/placements",
    response={201: PlacementOut},
    summary="Place a worker on a request (coordinators)",
    description="A 422 on `worker` when the worker is already placed on overlapping dates, "
    "even when two coordinators place them at the same moment.",
)
@api_permission(can_place_temps)
def network_place_temp(request: HttpRequest, request_id: int, payload: PlacementIn) -> Status[Any]:
    item = _temp_request(request, request_id)
    require(can_place_temps, access(request), item)
    worker = one(
        TempWorker.objects.filter(network_id=item.network_id), payload.worker_id, "worker_id"
    )
    placement = temp.temp_place(
        by=person(request),
        request=item,
        worker=worker,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        weekly_hours=payload.weekly_hours,
    )
    return Status(201, _placement(request, placement.pk))


def _placement(request: HttpRequest, placement_id: int) -> TempPlacement:
    visible = TempPlacement.objects.filter(
        request__in=temp.temp_requests_visible_to(access(request))
    ) | TempPlacement.objects.filter(worker__in=temp.temp_workers_visible_to(access(request)))
    placement: TempPlacement = get_visible_or_404(
        visible.select_related("worker__person", "request__library"), pk=placement_id
    )
    return placement


@router.post(
    "/temp-placements/{placement_id}/cancel",
    response=PlacementOut,
    summary="Cancel a placement (its request opens again)",
)
@api_permission(can_place_temps)
def network_cancel_placement(request: HttpRequest, placement_id: int) -> TempPlacement:
    placement = _placement(request, placement_id)
    temp.temp_placement_cancel(by=person(request), placement=placement)
    return _placement(request, placement_id)


# --- the dashboard --------------------------------------------------------------------------


@router.get(
    "/networks/{network_id}/dashboard",
    response=DashboardOut,
    summary="The coordinator's dashboard: members, sessions by region, advisory, temps",
)
@api_permission(coordinator)
def network_dashboard(request: HttpRequest, network_id: int) -> dict[str, Any]:
    board = dashboard(coordinated_network(request, network_id))
    average = board.advisory_average
    return {
        "network": {"id": board.network.pk, "name": board.network.name},
        "members": board.members,
        "former_members": board.former_members,
        "annual_fees": float(board.annual_fees),
        "members_by_kind": board.members_by_kind,
        "regions": board.regions,
        "advisory_open": board.advisory_open,
        "advisory_by_status": [{"label": k, "count": n} for k, n in board.advisory_by_status],
        "advisory_by_channel": [{"label": k, "count": n} for k, n in board.advisory_by_channel],
        "advisory_average_first_response_hours": None
        if average is None
        else round(average.total_seconds() / 3600, 2),
        "advisory_oldest_open": board.advisory_oldest_open,
        "temp_open_requests": board.temp_open_count,
        "temps_working_today": board.temps_working,
        "open_temp_requests": board.open_temp_requests,
    }
