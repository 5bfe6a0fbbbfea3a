"""Network services: membership, the regional planner, the advisory desk, the temp agency and
the coordinator's dashboard."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ninja import Schema
from pydantic import Field

from ladder.api.schemas.common import (
    Id,
    InputSchema,
    PersonRef,
    QuerySchema,
    Ref,
    choices_literal,
    omittable,
)
from ladder.api.schemas.skills import CompetencyRef
from ladder.network.models import AdvisoryRequest, TempLevel, TempRequest
from ladder.orgs.models import Library

if TYPE_CHECKING:
    LibraryKind = str
    Level = str
    Term = str
    RequestStatus = str
    Channel = str
    AdvisoryStatus = str
else:
    LibraryKind = choices_literal(Library.Kind)
    Level = choices_literal(TempLevel)
    Term = choices_literal(TempRequest.Term)
    RequestStatus = choices_literal(TempRequest.Status)
    Channel = choices_literal(AdvisoryRequest.Channel)
    AdvisoryStatus = choices_literal(AdvisoryRequest.Status)


# --- membership -----------------------------------------------------------------------------


class LibraryBrief(Schema):
    id: int
    name: str
    kind: LibraryKind
    city: str
    region: Ref | None


class MembershipOut(Schema):
    id: int
    network_id: int
    library: LibraryBrief
    joined_on: dt.date
    left_on: dt.date | None
    annual_fee: float = Field(description="0 for a free membership.")


class MembershipFilter(QuerySchema):
    status: str = Field(
        "current",
        pattern="^(current|joining|former|all)$",
        description="current (running today), joining (starts later), former (ended, not a "
        "member now; the latest membership of each), or all (every membership, the history).",
    )


class MembershipIn(InputSchema):
    library_id: Id
    joined_on: dt.date
    annual_fee: Decimal = Field(Decimal(0), ge=0, max_digits=10, decimal_places=2)


class MembershipEndIn(InputSchema):
    left_on: dt.date = Field(description="The last day as a member.")


# --- the regional planner -------------------------------------------------------------------


class PlanHostOut(Schema):
    number: int
    branch_id: int
    name: str
    library: str
    region: str
    staff: int = Field(description="Audience staff served by this host.")
    farthest_km: float
    branch_ids: list[int] = Field(description="Branches served by this host.")


class PlanAssignmentOut(Schema):
    branch_id: int
    host_branch_id: int
    distance_km: float
    staff: int


class PlanFarthestOut(Schema):
    branch_id: int
    name: str
    distance_km: float


class PlanOut(Schema):
    k: int
    candidates: int = Field(description="Audience branches with coordinates.")
    staff: int
    cost: float = Field(description="Staff-weighted km travelled in total.")
    lower_bound: float
    gap_percent: float = Field(description="How far the plan may be from optimal, at most.")
    proven: bool = Field(description="True when the gap is within the target.")
    average_km: float
    farthest: PlanFarthestOut | None
    hosts: list[PlanHostOut]
    assignments: list[PlanAssignmentOut]


class PlanQuery(QuerySchema):
    k: int = Field(description="How many sessions (host branches); 1 to the candidates.")


class PlannedSessionsIn(InputSchema):
    k: int
    starts_at: dt.datetime = Field(description="Without an offset: in the session's time zone.")
    ends_at: dt.datetime
    capacity: int = Field(ge=1, le=100_000)
    also_when_scheduled: bool = Field(
        False,
        description="Create the sessions even though the offering already has upcoming "
        "sessions (otherwise a 422 on this field lists them).",
    )


class PlannedSessionOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    venue_branch_id: int | None
    region_id: int | None


# --- the advisory desk ----------------------------------------------------------------------


class AdvisoryIn(InputSchema):
    network_id: Id
    channel: Channel
    topic: str = Field(max_length=200)
    question: str = Field(max_length=10_000)
    library_id: Id | None = Field(None, description="Needed when you work at several members.")


class AdvisoryOut(Schema):
    id: int
    network_id: int
    library: Ref
    asked_by: PersonRef
    channel: Channel
    topic: str
    question: str
    status: AdvisoryStatus
    consultant: PersonRef | None
    answer: str
    created_at: dt.datetime
    first_response_at: dt.datetime | None
    answered_at: dt.datetime | None


class AdvisoryQueueFilter(QuerySchema):
    status: AdvisoryStatus | None = None
    channel: Channel | None = None
    library_id: Id | None = None


class AssignIn(InputSchema):
    consultant_id: Id


class AnswerIn(InputSchema):
    answer: str = Field(max_length=20_000)


# --- the temp agency ------------------------------------------------------------------------


class TempWorkerOut(Schema):
    id: int
    network_id: int
    person: PersonRef
    level: Level
    competencies: list[CompetencyRef]
    home_city: str
    home_latitude: float | None
    home_longitude: float | None
    available_from: dt.date
    available_until: dt.date | None
    max_weekly_hours: float
    is_active: bool


class TempWorkerFields(InputSchema):
    level: Level = omittable()
    competency_ids: list[Id] = omittable(max_length=200)
    home_city: str = omittable(max_length=120)
    home_latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    home_longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    available_until: dt.date | None = Field(None, description="null: open-ended.")
    max_weekly_hours: Decimal = omittable(ge=1, le=60, max_digits=4, decimal_places=1)
    is_active: bool = omittable()
    notes: str = omittable(max_length=5000)


class TempWorkerIn(TempWorkerFields):
    network_id: Id
    person_id: Id
    level: Level
    available_from: dt.date


class TempWorkerPatch(TempWorkerFields):
    available_from: dt.date = omittable()


class RosterFilter(QuerySchema):
    level: Level | None = None
    active: bool | None = Field(None, description="true: active workers only.")


class TempRequestIn(InputSchema):
    library_id: Id
    branch_id: Id | None = None
    level: Level
    term: Term = "short"
    starts_on: dt.date
    ends_on: dt.date
    weekly_hours: Decimal = Field(ge=1, le=60, max_digits=4, decimal_places=1)
    competency_ids: list[Id] = Field(default_factory=list, max_length=200)
    duties: str = Field("", max_length=5000)
    network_id: Id | None = Field(None, description="Needed when the library is in several.")


class PlacementBrief(Schema):
    id: int
    worker_id: int
    person: PersonRef
    starts_on: dt.date
    ends_on: dt.date
    weekly_hours: float
    is_cancelled: bool

    @staticmethod
    def resolve_person(obj: Any) -> Any:
        return obj.worker.person


class TempRequestOut(Schema):
    id: int
    network_id: int
    library: Ref
    branch: Ref | None
    requested_by: PersonRef | None
    level: Level
    term: Term
    starts_on: dt.date
    ends_on: dt.date
    weekly_hours: float
    competencies: list[CompetencyRef]
    duties: str
    status: RequestStatus
    placements: list[PlacementBrief] = Field(description="Placements that are not cancelled.")

    @staticmethod
    def resolve_placements(obj: Any) -> Any:
        return getattr(obj, "active_placements", [])


class TempRequestFilter(QuerySchema):
    status: RequestStatus | None = None
    library_id: Id | None = None


class CandidateOut(Schema):
    worker: TempWorkerOut
    qualified: bool
    distance_km: float | None = Field(description="From home to the request's branch.")
    reasons: list[str] = Field(description="Why the worker fits.")
    problems: list[str] = Field(description="What rules the worker out (empty when qualified).")


class MatchFilter(QuerySchema):
    everyone: bool = Field(False, description="true: also the workers who do not qualify.")


class PlacementIn(InputSchema):
    worker_id: Id
    starts_on: dt.date | None = Field(None, description="Default: the request's first day.")
    ends_on: dt.date | None = Field(None, description="Default: the request's last day.")
    weekly_hours: Decimal | None = Field(None, ge=1, le=60, max_digits=4, decimal_places=1)


class PlacementOut(Schema):
    id: int
    request_id: int
    worker_id: int
    person: PersonRef
    library: Ref
    starts_on: dt.date
    ends_on: dt.date
    weekly_hours: float
    is_cancelled: bool

    @staticmethod
    def resolve_person(obj: Any) -> Any:
        return obj.worker.person

    @staticmethod
    def resolve_library(obj: Any) -> Any:
        return obj.request.library


# --- the dashboard --------------------------------------------------------------------------


class KindCountOut(Schema):
    kind: LibraryKind
    label: str
    members: int
    fees: float


class RegionFillOut(Schema):
    region: str
    sessions: int
    seats: int
    taken: int
    fill_percent: int


class CountOut(Schema):
    label: str
    count: int


class DashboardOut(Schema):
    network: Ref
    members: int
    former_members: int
    annual_fees: float
    members_by_kind: list[KindCountOut]
    regions: list[RegionFillOut] = Field(description="Upcoming network sessions (six months).")
    advisory_open: int
    advisory_by_status: list[CountOut]
    advisory_by_channel: list[CountOut]
    advisory_average_first_response_hours: float | None
    advisory_oldest_open: dt.datetime | None
    temp_open_requests: int
    temps_working_today: int
    open_temp_requests: list[TempRequestOut] = Field(description="The first ten, soonest first.")
