"""Shared learning: licence pools, roundtables, one-on-one teaching and the monthly digest."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ninja import Schema
from pydantic import Field

from ladder.api.schemas.common import Id, InputSchema, PersonRef, QuerySchema, omittable
from ladder.shared_learning.models import CoachingRequest

if TYPE_CHECKING:
    CoachingStatus = str
else:
    from ladder.api.schemas.common import choices_literal

    CoachingStatus = choices_literal(CoachingRequest.Status)


class OwnerOut(Schema):
    kind: str = Field(description="`network` or `library`.")
    id: int
    name: str


# --- licence pools --------------------------------------------------------------------------


class PoolOut(Schema):
    id: int
    name: str
    platform: str
    url: str
    description: str
    owner: OwnerOut
    seats: int
    window_days: int
    cooldown_days: int
    max_start_delay_days: int
    active: bool
    seats_in_use: int
    waiting: int


class WindowOut(Schema):
    id: int
    person: PersonRef
    starts_on: dt.date
    ends_on: dt.date
    status: str


class MyWindowOut(Schema):
    id: int
    starts_on: dt.date
    ends_on: dt.date
    status: str


class QueueEntryOut(Schema):
    id: int
    person: PersonRef
    requested_at: dt.datetime
    never_had_window: bool
    position: int


class MyLicenceOut(Schema):
    window: MyWindowOut | None
    queue_position: int | None
    next_request_on: dt.date | None
    may_request: bool
    problem: str


class LicenceRequestIn(InputSchema):
    start_on: dt.date | None = Field(None, description="The first day; empty for today.")


class LicenceRequestOut(Schema):
    outcome: str = Field(description="`window` (a seat is yours) or `queued`.")
    window: MyWindowOut | None
    queue_position: int | None


class PoolReportOut(Schema):
    pool_id: int
    seats: int
    seats_in_use: int
    windows: list[WindowOut]
    queue: list[QueueEntryOut]
    windows_last_year: int
    people_last_year: int
    average_wait_days: float | None
    longest_wait_days: int | None
    utilisation_percent: int


class PoolIn(InputSchema):
    name: str = Field(max_length=200)
    platform: str = Field(max_length=120)
    url: str = Field("", max_length=200)
    description: str = ""
    network_id: Id | None = Field(None, description="The owning network, or …")
    library_id: Id | None = Field(None, description="… the owning library.")
    seats: int = Field(1, ge=1, le=100_000)
    window_days: int = Field(14, ge=1, le=366)
    cooldown_days: int = Field(90, ge=0, le=3660)
    max_start_delay_days: int = Field(14, ge=0, le=366)
    active: bool = True


class PoolPatch(InputSchema):
    name: str = omittable(max_length=200)
    platform: str = omittable(max_length=120)
    url: str = omittable(max_length=200)
    description: str = omittable()
    seats: int = omittable(ge=1, le=100_000)
    window_days: int = omittable(ge=1, le=366)
    cooldown_days: int = omittable(ge=0, le=3660)
    max_start_delay_days: int = omittable(ge=0, le=366)
    active: bool = omittable()


# --- roundtables ----------------------------------------------------------------------------


class RoundtableOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    network_id: int
    conveners: list[PersonRef]
    offering_id: int
    is_member: bool


class MemberOut(Schema):
    person: PersonRef
    joined_on: dt.date


class ResourceOut(Schema):
    id: int
    title: str
    url: str
    has_file: bool
    added_at: dt.datetime

    @staticmethod
    def resolve_has_file(obj: Any) -> bool:
        return bool(obj.file) if not isinstance(obj, dict) else bool(obj["has_file"])


class NoteOut(Schema):
    id: int
    session_id: int
    session_starts_at: dt.datetime
    body: str
    author: PersonRef | None
    created_at: dt.datetime

    @staticmethod
    def resolve_session_starts_at(obj: Any) -> dt.datetime:
        return obj.session.starts_at


# --- coaching -------------------------------------------------------------------------------


class MentorFilter(QuerySchema):
    competency_id: Id | None = Field(None, description="The competency to learn, or …")
    topic: str = Field("", max_length=200, description="… a free-text topic.")


class MentorOut(Schema):
    person: PersonRef
    scope: str = Field(description="`same branch`, `same library` or `in the network`.")
    level: int | None
    library: str
    branch: str


class CoachingIn(InputSchema):
    mentor_id: Id
    competency_id: Id | None = None
    topic: str = Field("", max_length=200)
    details: str = ""
    preferred_times: str = Field("", max_length=200)
    preferred_place: str = Field("", max_length=200)


class CoachingSessionOut(Schema):
    id: int
    starts_at: dt.datetime
    minutes: int
    place: str
    held: bool
    notes: str


class CoachingOut(Schema):
    id: int
    learner: PersonRef
    mentor: PersonRef | None
    library_id: int
    competency_id: int | None
    topic: str
    details: str
    preferred_times: str
    preferred_place: str
    status: CoachingStatus
    level_reached: int | None
    mentor_note: str
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    completed_at: dt.datetime | None
    training_record_id: int | None


class CoachingDetailOut(CoachingOut):
    sessions: list[CoachingSessionOut]


class CoachingListFilter(QuerySchema):
    role: str = Field("learner", pattern="^(learner|mentor)$", description="`learner` or `mentor`.")


class NoteIn(InputSchema):
    note: str = ""


class SessionIn(InputSchema):
    starts_at: dt.datetime
    minutes: int = Field(ge=5, le=480)
    place: str = Field("", max_length=200)


class SessionLogIn(InputSchema):
    held: bool
    notes: str = ""
    minutes: int | None = Field(None, ge=5, le=480)


class CompleteIn(InputSchema):
    level_reached: int | None = Field(None, ge=0, le=10)
    note: str = ""


# --- digest ---------------------------------------------------------------------------------


class DigestItemOut(Schema):
    session_id: int
    offering_id: int
    title: str
    kind: str
    starts_at: dt.datetime
    ce_hours: Decimal
    reasons: list[str]
    register_url: str


class DigestOut(Schema):
    month: dt.date
    subscribed: bool
    items: list[DigestItemOut]
