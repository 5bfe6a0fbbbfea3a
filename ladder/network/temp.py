"""The temp agency: the network's roster of temp workers, member libraries' requests, matching
and placements.

Who does what: the network's coordinators keep the roster, see every request of their network,
match and place; a member library's admins ask for a temp for their library (and see only their
library's requests); a worker sees their own profile and placements. Site admins see all.

Matching (``match_workers``): an active worker of the request's network qualifies when
- their level is at least the level asked for (non-professional < paraprofessional <
  professional: a professional may cover a paraprofessional post, never the other way);
- they hold every competency the request names;
- they are available over the whole dates (available_from .. available_until);
- they have no other placement (not cancelled) overlapping the dates;
- the weekly hours asked are within their maximum.
Qualified workers come nearest first (great-circle distance from home to the request's branch;
workers without coordinates last), each with the reasons they fit. The others are listed with
what rules them out, so a coordinator sees why a familiar name is missing.

A placement is written with the worker's row locked (SELECT … FOR UPDATE): two coordinators
placing the same worker at the same moment cannot both succeed with overlapping dates.
Placements that are not cancelled count as experience toward job classes (careers reads them).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from typing_extensions import Unpack

from ladder.core.access import Access, access_for
from ladder.core.audit import assign_validated, log_action
from ladder.core.links import absolute_url
from ladder.core.notices import notify
from ladder.core.policies import require
from ladder.network.models import TempLevel, TempPlacement, TempRequest, TempWorker
from ladder.network.policies import (
    can_edit_temp_worker,
    can_manage_temp_request,
    can_place_temps,
    can_place_worker,
    can_request_temp,
    can_run_temp_agency,
)
from ladder.optimize.pmedian import haversine_km
from ladder.orgs.models import Branch, Library, Membership, Network, Role
from ladder.orgs.selectors import current_membership_q
from ladder.people.models import Person
from ladder.skills.models import Competency

LEVEL_RANK = {
    TempLevel.NON_PROFESSIONAL: 0,
    TempLevel.PARAPROFESSIONAL: 1,
    TempLevel.PROFESSIONAL: 2,
}
RS = TempRequest.Status


def level_covers(worker_level: str, requested_level: str) -> bool:
    """A worker covers a request at their own level or below."""
    return LEVEL_RANK[TempLevel(worker_level)] >= LEVEL_RANK[TempLevel(requested_level)]


def distance_km(
    lat1: float | Decimal | None,
    lon1: float | Decimal | None,
    lat2: float | Decimal | None,
    lon2: float | Decimal | None,
) -> float | None:
    """Great-circle distance (the same haversine and Earth radius as the regional planner)."""
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    return haversine_km((float(lat1), float(lon1)), (float(lat2), float(lon2)))


def _overlaps(start: dt.date, end: dt.date) -> Q:
    return Q(starts_on__lte=end, ends_on__gte=start)


# --- selectors ------------------------------------------------------------------------------


def _workers() -> QuerySet[TempWorker]:
    return TempWorker.objects.select_related("person", "network").prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("name"))
    )


def temp_workers_visible_to(access: Access) -> QuerySet[TempWorker]:
    """Coordinators see their networks' rosters; a worker sees their own profile."""
    qs = _workers()
    if access.is_site_admin:
        return qs
    return qs.filter(
        Q(network_id__in=access.coordinator_network_ids) | Q(person_id=access.person_id)
    )


def roster(access: Access, *, level: str = "", active_only: bool = False) -> QuerySet[TempWorker]:
    """The rosters of the networks the person coordinates."""
    qs = _workers()
    if not access.is_site_admin:
        qs = qs.filter(network_id__in=access.coordinator_network_ids)
    if level:
        qs = qs.filter(level=level)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs


def _requests() -> QuerySet[TempRequest]:
    return TempRequest.objects.select_related(
        "network", "library", "branch", "requested_by"
    ).prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("name")),
        Prefetch(
            "placements",
            queryset=TempPlacement.objects.filter(is_cancelled=False).select_related(
                "worker__person"
            ),
            to_attr="active_placements",
        ),
    )


def temp_requests_visible_to(access: Access) -> QuerySet[TempRequest]:
    """Coordinators: their networks' requests; library admins: their libraries' requests."""
    qs = _requests()
    if access.is_site_admin:
        return qs
    return qs.filter(
        Q(network_id__in=access.coordinator_network_ids)
        | Q(library_id__in=access.admin_library_ids)
    )


def open_requests(access: Access) -> QuerySet[TempRequest]:
    return temp_requests_visible_to(access).filter(status=RS.OPEN)


def worker_placements(worker: TempWorker) -> QuerySet[TempPlacement]:
    return (
        TempPlacement.objects.filter(worker=worker)
        .select_related("request__library", "request__branch")
        .order_by("-starts_on", "-id")
    )


def placement_weeks(placement: TempPlacement) -> Decimal:
    """The length of a placement in weeks (a day counts as 1/7), for the experience column."""
    days = (placement.ends_on - placement.starts_on).days + 1
    return (Decimal(days) / Decimal(7)).quantize(Decimal("0.1"))


# --- matching -------------------------------------------------------------------------------


@dataclass
class Candidate:
    worker: TempWorker
    distance_km: float | None
    reasons: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def qualified(self) -> bool:
        return not self.problems


def _names(competencies: Iterable[Competency]) -> str:
    return ", ".join(c.name for c in competencies)


def _check_worker(
    worker: TempWorker,
    *,
    level: str,
    competencies: list[Competency],
    starts_on: dt.date,
    ends_on: dt.date,
    weekly_hours: Decimal,
    busy: list[TempPlacement],
) -> tuple[list[str], list[str]]:
    """(reasons it fits, problems) of one worker for a post."""
    reasons: list[str] = []
    problems: list[str] = []
    worker_level, asked = TempLevel(worker.level), TempLevel(level)
    if not worker.is_active:
        problems.append("Not active on the roster.")
    if level_covers(worker.level, level):
        reasons.append(f"{worker_level.label} covers a {asked.label.lower()} post.")
    else:
        problems.append(f"{worker_level.label} is below the {asked.label.lower()} level asked.")
    held = {c.pk for c in worker.competencies.all()}
    missing = [c for c in competencies if c.pk not in held]
    if missing:
        problems.append(f"Lacks {_names(missing)}.")
    elif competencies:
        reasons.append(f"Has {_names(competencies)}.")
    until = worker.available_until
    if worker.available_from > starts_on or (until is not None and until < ends_on):
        window = f"{worker.available_from} to {until or 'open'}"
        problems.append(f"Available {window}, not over {starts_on} to {ends_on}.")
    else:
        reasons.append(f"Available over {starts_on} to {ends_on}.")
    if busy:
        clash = busy[0]
        problems.append(
            f"Already placed at {clash.request.library} {clash.starts_on} to {clash.ends_on}."
        )
    else:
        reasons.append("No other placement on these dates.")
    if weekly_hours > worker.max_weekly_hours:
        problems.append(f"Works at most {worker.max_weekly_hours} hours a week.")
    else:
        reasons.append(f"Can work {weekly_hours} of up to {worker.max_weekly_hours} hours a week.")
    return reasons, problems


def evaluate_workers(request: TempRequest) -> list[Candidate]:
    """Every worker on the request's network roster with why they fit or not; qualified
    first, nearest first. A fixed number of queries for any roster size."""
    competencies = list(request.competencies.all())
    workers = list(_workers().filter(network_id=request.network_id))
    busy: dict[int, list[TempPlacement]] = defaultdict(list)
    clashes = (
        TempPlacement.objects.filter(
            _overlaps(request.starts_on, request.ends_on),
            worker__network_id=request.network_id,
            is_cancelled=False,
        )
        .exclude(request=request)
        .select_related("request__library")
        .order_by("starts_on")
    )
    for placement in clashes:
        busy[placement.worker_id].append(placement)
    branch = request.branch
    candidates = []
    for worker in workers:
        km = (
            distance_km(
                worker.home_latitude, worker.home_longitude, branch.latitude, branch.longitude
            )
            if branch is not None
            else None
        )
        reasons, problems = _check_worker(
            worker,
            level=request.level,
            competencies=competencies,
            starts_on=request.starts_on,
            ends_on=request.ends_on,
            weekly_hours=request.weekly_hours,
            busy=busy.get(worker.pk, []),
        )
        if km is not None:
            reasons.append(f"{km:.1f} km from {branch}.")
        candidates.append(Candidate(worker, km, reasons, problems))
    candidates.sort(
        key=lambda c: (
            not c.qualified,
            c.distance_km is None,
            c.distance_km or 0.0,
            c.worker.person.last_name,
            c.worker.pk,
        )
    )
    return candidates


def match_workers(request: TempRequest) -> list[Candidate]:
    """The qualified, available workers for a request, nearest first, with reasons."""
    return [c for c in evaluate_workers(request) if c.qualified]


# --- the roster -----------------------------------------------------------------------------


class WorkerDetails(TypedDict, total=False):
    """A roster entry's optional details (temp_worker_create takes level and start apart)."""

    home_city: str
    home_latitude: Decimal | None
    home_longitude: Decimal | None
    available_until: dt.date | None
    max_weekly_hours: Decimal | None
    is_active: bool
    notes: str


class WorkerFields(WorkerDetails, total=False):
    """What temp_worker_update may change."""

    level: str
    available_from: dt.date


WORKER_FIELDS = [
    "level",
    "home_city",
    "home_latitude",
    "home_longitude",
    "available_from",
    "available_until",
    "max_weekly_hours",
    "is_active",
    "notes",
]


def _check_worker_fields(worker: TempWorker) -> None:
    errors: dict[str, str] = {}
    if worker.level not in TempLevel.values:
        errors["level"] = "Choose non-professional, paraprofessional or professional."
    if worker.available_until is not None and worker.available_until < worker.available_from:
        errors["available_until"] = "The availability must end on or after the day it starts."
    if (worker.home_latitude is None) != (worker.home_longitude is None):
        errors["home_longitude"] = "Give both latitude and longitude of home, or neither."
    if errors:
        raise ValidationError(errors)
    worker.full_clean(exclude=["network", "person", "competencies"])


def temp_worker_create(
    *,
    by: Person,
    network: Network,
    person: Person,
    level: str,
    available_from: dt.date,
    competencies: Iterable[Competency] = (),
    **fields: Unpack[WorkerDetails],
) -> TempWorker:
    """A coordinator puts a person on the network's temp roster."""
    require(can_run_temp_agency, access_for(by), network)
    unknown = set(fields) - set(WORKER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    worker = TempWorker(
        network=network, person=person, level=level, available_from=available_from, **fields
    )
    _check_worker_fields(worker)
    with transaction.atomic():
        if TempWorker.objects.filter(network=network, person=person).exists():
            raise ValidationError({"person": f"{person} is already on {network}'s temp roster."})
        worker.save()
        worker.competencies.set(list(competencies))
        log_action(
            actor=by,
            action="network.temp.worker_created",
            obj=worker,
            summary=f"{person} joined the temp roster ({worker.get_level_display()})",
        )
    return worker


def temp_worker_update(
    *,
    by: Person,
    worker: TempWorker,
    competencies: Iterable[Competency] | None = None,
    **fields: Unpack[WorkerFields],
) -> TempWorker:
    require(can_edit_temp_worker, access_for(by), worker)
    changes = assign_validated(
        worker,
        fields=fields,
        allowed=WORKER_FIELDS,
        validate=lambda: _check_worker_fields(worker),
    )
    with transaction.atomic():
        worker.save()
        if competencies is not None:
            old = sorted(worker.competencies.values_list("pk", flat=True))
            new = sorted(c.pk for c in competencies)
            worker.competencies.set(new)
            if old != new:
                changes["competencies"] = [old, new]
        log_action(
            actor=by,
            action="network.temp.worker_updated",
            obj=worker,
            summary=f"Updated {worker.person}'s temp profile",
            changes=changes,
        )
    return worker


# --- requests -------------------------------------------------------------------------------


def _request_network(library: Library, network: Network | None) -> Network:
    members = Membership.objects.filter(current_membership_q(), library=library).select_related(
        "network"
    )
    if network is not None:
        if not members.filter(network=network).exists():
            raise ValidationError({"library": f"{library} is not a current member of {network}."})
        return network
    networks = [m.network for m in members]
    if not networks:
        raise ValidationError(
            {"library": f"{library} is not a current member of a network with a temp agency."}
        )
    if len(networks) > 1:
        raise ValidationError({"network": "Choose the network to ask."})
    return networks[0]


def _check_request_fields(
    *,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    weekly_hours: Decimal | None,
    level: str,
    term: str,
) -> None:
    errors: dict[str, str] = {}
    if level not in TempLevel.values:
        errors["level"] = "Choose non-professional, paraprofessional or professional."
    if term not in TempRequest.Term.values:
        errors["term"] = "Choose short or long term."
    if starts_on is None:
        errors["starts_on"] = "Give the first day."
    if ends_on is None:
        errors["ends_on"] = "Give the last day."
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = (
            f"The request ends ({ends_on}) before it starts ({starts_on}): "
            "the last day must be on or after the first."
        )
    if weekly_hours is None or not Decimal("1") <= weekly_hours <= Decimal("60"):
        errors["weekly_hours"] = "Weekly hours must be between 1 and 60."
    if errors:
        raise ValidationError(errors)


def temp_request_create(
    *,
    by: Person,
    library: Library,
    level: str,
    starts_on: dt.date,
    ends_on: dt.date,
    weekly_hours: Decimal,
    term: str = TempRequest.Term.SHORT,
    branch: Branch | None = None,
    competencies: Iterable[Competency] = (),
    duties: str = "",
    network: Network | None = None,
) -> TempRequest:
    """A member library's admin (or the network's coordinator for them) asks for a temp."""
    access = access_for(by)
    target = _request_network(library, network)
    require(can_request_temp, access, library, target)
    _check_request_fields(
        starts_on=starts_on, ends_on=ends_on, weekly_hours=weekly_hours, level=level, term=term
    )
    if branch is not None and branch.library_id != library.pk:
        raise ValidationError({"branch": f"{branch} is not a branch of {library}."})
    with transaction.atomic():
        request = TempRequest.objects.create(
            network=target,
            library=library,
            branch=branch,
            requested_by=by,
            level=level,
            term=term,
            starts_on=starts_on,
            ends_on=ends_on,
            weekly_hours=weekly_hours,
            duties=(duties or "").strip(),
        )
        request.competencies.set(list(competencies))
        log_action(
            actor=by,
            action="network.temp.request_created",
            obj=request,
            summary=f"{library} asked for a {request.get_level_display().lower()} temp "
            f"{starts_on} to {ends_on}",
        )
    return request


def temp_request_cancel(*, by: Person, request: TempRequest) -> TempRequest:
    """Withdraw a request; placements that have not started are cancelled with it (those
    already worked stay, as experience)."""
    require(can_manage_temp_request, access_for(by), request)
    with transaction.atomic():
        locked = TempRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status == RS.CANCELLED:
            raise ValidationError({"status": "This request is already cancelled."})
        before = locked.status
        locked.status = RS.CANCELLED
        locked.save(update_fields=["status"])
        today = timezone.localdate()
        dropped = TempPlacement.objects.filter(
            request=locked, is_cancelled=False, starts_on__gt=today
        ).update(is_cancelled=True)
        log_action(
            actor=by,
            action="network.temp.request_cancelled",
            obj=locked,
            summary=f"Cancelled the temp request of {locked.library}"
            + (f" and {dropped} placement(s) not yet started" if dropped else ""),
            changes={"status": [before, RS.CANCELLED]},
        )
    request.status = locked.status
    return request


# --- placements -----------------------------------------------------------------------------


def temp_place(
    *,
    by: Person,
    request: TempRequest,
    worker: TempWorker,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    weekly_hours: Decimal | None = None,
) -> TempPlacement:
    """Place a worker on a request (by default for its whole dates and hours).

    Locks the request, then the worker (always in this order), so that concurrent placements
    of the same worker or on the same request are decided one after the other.
    """
    access = access_for(by)
    require(can_place_temps, access, request)
    require(can_place_worker, access, worker)
    starts = starts_on or request.starts_on
    ends = ends_on or request.ends_on
    hours = weekly_hours if weekly_hours is not None else request.weekly_hours
    if ends < starts:
        raise ValidationError(
            {"ends_on": f"The placement ends ({ends}) before it starts ({starts})."}
        )
    if starts < request.starts_on or ends > request.ends_on:
        raise ValidationError(
            {
                "starts_on": f"The placement must fall within the request's dates, "
                f"{request.starts_on} to {request.ends_on}."
            }
        )
    if worker.network_id != request.network_id:
        raise ValidationError({"worker": f"{worker.person} is not on this network's roster."})
    with transaction.atomic():
        locked_request = TempRequest.objects.select_for_update().get(pk=request.pk)
        if locked_request.status != RS.OPEN:
            raise ValidationError(
                {"request": f"This request is {locked_request.get_status_display().lower()}."}
            )
        locked_worker = TempWorker.objects.select_for_update().get(pk=worker.pk)
        busy = list(
            TempPlacement.objects.filter(
                _overlaps(starts, ends), worker=locked_worker, is_cancelled=False
            )
            .select_related("request__library")
            .order_by("starts_on")
        )
        if busy:
            clash = busy[0]
            raise ValidationError(
                {
                    "worker": f"{locked_worker.person} is already placed at "
                    f"{clash.request.library} from {clash.starts_on} to {clash.ends_on}, "
                    f"which overlaps {starts} to {ends}."
                }
            )
        _, problems = _check_worker(
            locked_worker,
            level=locked_request.level,
            competencies=list(locked_request.competencies.all()),
            starts_on=starts,
            ends_on=ends,
            weekly_hours=hours,
            busy=[],
        )
        if problems:
            raise ValidationError({"worker": [f"{locked_worker.person}: {p}" for p in problems]})
        placement = TempPlacement.objects.create(
            request=locked_request,
            worker=locked_worker,
            starts_on=starts,
            ends_on=ends,
            weekly_hours=hours,
            created_by=by,
        )
        locked_request.status = RS.FILLED
        locked_request.save(update_fields=["status"])
        log_action(
            actor=by,
            action="network.temp.placed",
            obj=placement,
            summary=f"Placed {locked_worker.person} at {locked_request.library} {starts} to {ends}",
            changes={"request_status": [RS.OPEN, RS.FILLED]},
        )
        admins = Person.objects.filter(
            roles__kind=Role.Kind.LIBRARY_ADMIN, roles__library_id=locked_request.library_id
        )
        notify(
            [locked_worker.person, *admins.distinct()],
            "network.temp_placement",
            subject=f"Temp placement: {locked_worker.person} at {locked_request.library}, "
            f"{starts:%-d %b} to {ends:%-d %b %Y}",
            template="network/email/temp_placement",
            context={"placement": placement, "request": locked_request},
            url=absolute_url("network:temp_request_detail", locked_request.pk),
        )
    request.status = RS.FILLED
    return placement


def temp_placement_cancel(*, by: Person, placement: TempPlacement) -> TempPlacement:
    """Cancel a placement; its request opens again when nobody else is placed on it."""
    request = placement.request
    require(can_place_temps, access_for(by), request)
    with transaction.atomic():
        locked_request = TempRequest.objects.select_for_update().get(pk=request.pk)
        locked = TempPlacement.objects.select_for_update().get(pk=placement.pk)
        if locked.is_cancelled:
            raise ValidationError({"placement": "This placement is already cancelled."})
        locked.is_cancelled = True
        locked.save(update_fields=["is_cancelled"])
        others = TempPlacement.objects.filter(request=locked_request, is_cancelled=False).exists()
        if locked_request.status == RS.FILLED and not others:
            locked_request.status = RS.OPEN
            locked_request.save(update_fields=["status"])
        log_action(
            actor=by,
            action="network.temp.placement_cancelled",
            obj=locked,
            summary=f"Cancelled {placement.worker.person}'s placement at {request.library}",
            changes={"is_cancelled": [False, True]},
        )
    placement.is_cancelled = True
    request.status = locked_request.status
    return placement
