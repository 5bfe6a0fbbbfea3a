"""Training: offerings and sessions (the catalogue), registrations and attendance, the
transcript with reported learning, feedback and certificates."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.urls import NoReverseMatch, reverse
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
from ladder.api.schemas.people import PositionOut
from ladder.api.schemas.skills import CompetencyRef
from ladder.learning.certificates import is_valid
from ladder.learning.models import (
    Offering,
    OfferingCompetency,
    Registration,
    Session,
    SessionDate,
    TrainingRecord,
)

if TYPE_CHECKING:
    OfferingKind = str
    ProviderKind = str
    PaidBy = str
    SessionStatus = str
    RegistrationStatus = str
    RecordStatus = str
else:
    OfferingKind = choices_literal(Offering.Kind)
    ProviderKind = choices_literal(Offering.Provider)
    PaidBy = choices_literal(Offering.PaidBy)
    SessionStatus = choices_literal(Session.Status)
    RegistrationStatus = choices_literal(Registration.Status)
    RecordStatus = choices_literal(TrainingRecord.Status)


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- offerings ------------------------------------------------------------------------------


class CompetencyLevelOut(Schema):
    competency: CompetencyRef
    level: int = Field(description="The level on the competency's scale it brings people to.")


class OfferingRef(Schema):
    id: int
    title: str
    kind: OfferingKind
    is_free: bool
    ce_hours: float


class OfferingOut(Schema):
    id: int
    title: str
    kind: OfferingKind
    kind_label: str
    description: str
    provider_kind: ProviderKind
    provider_library: Ref | None
    provider_network: Ref | None
    provider_name: str = Field(description="An external provider's name.")
    ce_hours: float
    ce_credits: float
    fee: float
    paid_by: PaidBy
    is_free: bool
    is_published: bool
    is_restricted: bool = Field(description="Open to part of the provider's staff only.")
    restriction_reason: str = Field(description="Why, shown to the people it leaves out.")
    offer_hold_hours: int = Field(
        description="0 confirms the next person on the waitlist at once; otherwise a freed "
        "seat is held this many hours for them to accept."
    )
    competencies: list[CompetencyLevelOut]
    upcoming_sessions: int = Field(description="Scheduled sessions not yet over.")
    next_starts_at: dt.datetime | None = Field(description="When the next of them starts.")

    @staticmethod
    def resolve_kind_label(obj: Offering) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_competencies(obj: Offering) -> list[OfferingCompetency]:
        return list(obj.competencies.all())

    @staticmethod
    def resolve_upcoming_sessions(obj: Any) -> int:
        return int(getattr(obj, "upcoming_sessions", 0) or 0)

    @staticmethod
    def resolve_next_starts_at(obj: Any) -> dt.datetime | None:
        return getattr(obj, "next_starts_at", None)


class DateOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime


class BranchRef(Schema):
    id: int
    name: str
    library: Ref


class SessionOut(Schema):
    """A session as the catalogue lists it."""

    id: int
    offering: OfferingRef
    title: str
    status: SessionStatus
    cancel_reason: str
    starts_at: dt.datetime = Field(description="The first date's start.")
    ends_at: dt.datetime = Field(description="The last date's end.")
    timezone: str
    dates: list[DateOut] = Field(description="One for a single session, several for a series.")
    venue_branch: BranchRef | None
    venue_address: str
    online: bool = Field(description="Can be joined online (the link is for those registered).")
    region: Ref | None
    capacity: int
    seats_left: int
    registration_deadline: dt.datetime | None
    distance_miles: float | None = Field(
        description="From your branch to the venue; set only when ordered by `near`."
    )

    @staticmethod
    def resolve_dates(obj: Session) -> list[SessionDate]:
        return list(obj.dates.all())

    @staticmethod
    def resolve_online(obj: Session) -> bool:
        return bool(obj.online_url)

    @staticmethod
    def resolve_seats_left(obj: Any) -> int:
        return max(int(obj.seats_left), 0)

    @staticmethod
    def resolve_distance_miles(obj: Any) -> float | None:
        distance = getattr(obj, "distance", None)
        branch = obj.venue_branch
        # Only a located branch has a distance (PostgreSQL's LEAST skips the NULL of others).
        if distance is None or branch is None or branch.latitude is None:
            return None
        return round(float(distance), 1)


class MyRegistrationRef(Schema):
    id: int
    status: RegistrationStatus


class SessionDetail(SessionOut):
    facilitators: list[PersonRef]
    online_url: str | None = Field(
        description="The link to join; only for those registered and the organisers."
    )
    waitlisted: int = Field(description="How many people wait for a seat.")
    closed_reason: str = Field(description="Why nobody can register now; empty when open.")
    in_audience: bool = Field(description="Whether you may register.")
    audience_reason: str = Field(description="Why not, when you may not.")
    my_registration: MyRegistrationRef | None = Field(description="Your active registration.")
    can_manage: bool = Field(description="Whether you may edit or cancel it.")
    can_run: bool = Field(description="Whether you see its roster and mark attendance.")

    @staticmethod
    def resolve_facilitators(obj: Session) -> list[Any]:
        return list(obj.facilitators.all())

    @staticmethod
    def resolve_online_url(obj: Any) -> str | None:
        return getattr(obj, "visible_online_url", None)


class OfferingDetail(OfferingOut):
    audience: str = Field(description="Whose staff the offering is for, before any restriction.")
    audience_job_classes: list[Ref] = Field(description="Only these job classes, when set.")
    audience_libraries: list[Ref] = Field(description="Only staff of these libraries, when set.")
    in_audience: bool = Field(description="Whether you may register for its sessions.")
    audience_reason: str = Field(description="Why not, when you may not.")
    can_manage: bool = Field(description="Whether you may edit it and schedule sessions.")
    sessions: list[SessionOut] = Field(description="Sessions not yet over, soonest first.")

    @staticmethod
    def resolve_audience_job_classes(obj: Offering) -> list[Any]:
        return list(obj.audience_job_classes.all())

    @staticmethod
    def resolve_audience_libraries(obj: Offering) -> list[Any]:
        return list(obj.audience_libraries.all())

    @staticmethod
    def resolve_sessions(obj: Any) -> list[Any]:
        return list(getattr(obj, "listed_sessions", []))


class CatalogueFilter(QuerySchema):
    q: str | None = Field(
        None, max_length=100, description="Part of the title, description, provider or topic."
    )
    kind: OfferingKind | None = None
    competency: Id | None = Field(None, description="Offerings that address this competency.")
    region: Id | None = Field(None, description="Sessions in this region.")
    date_from: dt.date | None = Field(
        None, description="Sessions not over by this day (default: not over now)."
    )
    date_to: dt.date | None = Field(None, description="Sessions starting by this day.")
    free: bool = Field(False, description="Only offerings without a fee.")
    online: bool | None = Field(
        None, description="Only sessions held online only (true) or in person (false)."
    )
    seats_left: bool = Field(False, description="Only scheduled sessions with a free seat.")


class SessionFilter(CatalogueFilter):
    offering: Id | None = Field(None, description="One offering's sessions.")
    past: bool = Field(False, description="Include sessions that are over.")
    order: Literal["soonest", "near"] = Field(
        "soonest",
        description="`soonest`, or `near`: nearest to your branch first, then soonest.",
    )


class OfferingFilter(CatalogueFilter):
    scheduled: bool = Field(
        False,
        description="Only offerings with a session not over yet. Implied by the session filters "
        "(region, dates, online, seats_left), which ask for a matching session.",
    )


class OfferingFields(InputSchema):
    description: str = omittable(max_length=10000)
    provider_library: Id | None = Field(
        None, description="The providing library, or the one publishing an external offering."
    )
    provider_network: Id | None = Field(
        None, description="The providing network, or the one publishing an external offering."
    )
    provider_name: str = omittable(max_length=200, description="An external provider's name.")
    ce_hours: Decimal = omittable(ge=0, le=999.99, max_digits=5, decimal_places=2)
    ce_credits: Decimal = omittable(ge=0, le=999.99, max_digits=5, decimal_places=2)
    fee: Decimal = omittable(ge=0, le=999999.99, max_digits=8, decimal_places=2)
    paid_by: PaidBy = omittable(description="`free` exactly when there is no fee.")
    audience_job_classes: list[Id] = omittable(
        max_length=100, description="Restrict to these job classes (needs a reason)."
    )
    audience_libraries: list[Id] = omittable(
        max_length=500, description="Restrict to staff of these libraries (needs a reason)."
    )
    restriction_reason: str = omittable(max_length=2000)
    offer_hold_hours: int = omittable(ge=0, le=336)
    is_published: bool = omittable()


class OfferingCreate(OfferingFields):
    title: str = Field(min_length=1, max_length=200)
    kind: OfferingKind
    provider_kind: ProviderKind


class OfferingUpdate(OfferingFields):
    title: str = omittable(min_length=1, max_length=200)
    kind: OfferingKind = omittable()
    provider_kind: ProviderKind = omittable()


class OfferingCompetencyIn(InputSchema):
    competency: Id
    level: int = Field(ge=0, le=10, description="A value on the competency's level scale.")


class OfferingCompetenciesPut(InputSchema):
    competencies: list[OfferingCompetencyIn] = Field(
        max_length=200, description="The whole set: competencies left out are removed."
    )


# --- sessions -------------------------------------------------------------------------------


class DateIn(InputSchema):
    starts_at: dt.datetime = Field(description="Without an offset: in the session's time zone.")
    ends_at: dt.datetime


class SessionFields(InputSchema):
    title: str = omittable(max_length=200, description="e.g. 'Northeast region'.")
    timezone: str = omittable(max_length=64, description="e.g. America/New_York.")
    venue_branch: Id | None = Field(None, description="A branch of the provider's libraries.")
    venue_address: str = omittable(max_length=255, description="When not at a branch.")
    online_url: str = omittable(max_length=200, description="A link to join online.")
    region: Id | None = Field(None, description="Filled in from the branch's library if null.")
    registration_deadline: dt.datetime | None = Field(
        None, description="Without an offset: in the session's time zone. Null: until it starts."
    )
    facilitators: list[Id] = omittable(
        max_length=50, description="People who see the roster and mark attendance."
    )


class SessionCreate(SessionFields):
    dates: list[DateIn] = Field(min_length=1, max_length=100)
    capacity: int = Field(ge=1, le=100000)


class SessionUpdate(SessionFields):
    dates: list[DateIn] = omittable(
        min_length=1, max_length=100, description="The whole series; registrations stay."
    )
    capacity: int = omittable(ge=1, le=100000, description="Not below the seats taken.")


class SessionCancel(InputSchema):
    reason: str = Field(min_length=1, max_length=2000, description="Told to everyone registered.")


# --- registrations and attendance -----------------------------------------------------------


class SessionRef(Schema):
    id: int
    offering: OfferingRef
    title: str
    status: SessionStatus
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str


class RegistrationOut(Schema):
    id: int
    session: SessionRef
    person: PersonRef
    status: RegistrationStatus
    status_label: str
    created_at: dt.datetime = Field(description="Arrival order on the waitlist.")
    offered_until: dt.datetime | None = Field(description="A held seat's offer runs out then.")
    waitlist_position: int | None = Field(description="1 for the first person waiting.")
    decided_by: PersonRef | None = Field(description="Who approved or declined a request.")
    note: str

    @staticmethod
    def resolve_status_label(obj: Registration) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_waitlist_position(obj: Any) -> int | None:
        if obj.status != Registration.Status.WAITLISTED:
            return None
        ahead = getattr(obj, "ahead", None)
        return None if ahead is None else int(ahead) + 1


class RosterEntry(RegistrationOut):
    positions: list[PositionOut] = Field(description="The person's current jobs.")

    @staticmethod
    def resolve_positions(obj: Any) -> list[Any]:
        return list(getattr(obj.person, "current_jobs", []))


class MyRegistrationFilter(QuerySchema):
    when: Literal["upcoming", "past", "all"] = Field(
        "upcoming",
        description="`upcoming`: active registrations for sessions not over; `past`; `all`.",
    )
    status: RegistrationStatus | None = None


class RosterFilter(QuerySchema):
    status: RegistrationStatus | None = None


class DeclineRequest(InputSchema):
    reason: str = Field("", max_length=1000, description="Told to the person.")


class AttendanceIn(InputSchema):
    attended: bool = Field(description="true: attended; false: no-show.")


class MarkedOut(Schema):
    marked: int = Field(description="How many people were marked present.")


# --- transcript -----------------------------------------------------------------------------


class CertificateRef(Schema):
    id: str
    valid: bool
    badge_url: str | None = Field(description="The Open Badges 3.0 credential (this API).")
    verify_url: str | None = Field(description="The public verification page.")

    @staticmethod
    def resolve_id(obj: Any) -> str:
        return str(obj.pk)

    @staticmethod
    def resolve_valid(obj: Any) -> bool:
        return is_valid(obj)

    @staticmethod
    def resolve_badge_url(obj: Any) -> str | None:
        return _url("api:certificate_badge", obj.pk)

    @staticmethod
    def resolve_verify_url(obj: Any) -> str | None:
        return _url("learning:certificate_verify", obj.pk)


class TrainingRecordOut(Schema):
    id: int
    person_id: int
    title: str
    kind: OfferingKind
    provider: str
    completed_on: dt.date
    hours: float
    ce_credits: float
    status: RecordStatus
    status_label: str
    above_and_beyond: bool = Field(
        description="Its competencies are not required by the person's job or hats then."
    )
    above_and_beyond_reason: str
    competencies: list[CompetencyLevelOut]
    registration_id: int | None = Field(description="Null for reported external learning.")
    offering_id: int | None
    certificate: CertificateRef | None
    evidence_name: str
    evidence_url: str | None = Field(description="The evidence file of reported learning.")
    verified_by: PersonRef | None
    verified_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj: TrainingRecord) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_competencies(obj: TrainingRecord) -> list[Any]:
        return list(obj.competencies.all())

    @staticmethod
    def resolve_certificate(obj: TrainingRecord) -> Any:
        return getattr(obj, "certificate", None)

    @staticmethod
    def resolve_evidence_url(obj: TrainingRecord) -> str | None:
        return _url("learning:record_evidence", obj.pk) if obj.evidence else None


class PendingRecordOut(TrainingRecordOut):
    person: PersonRef


class TotalOut(Schema):
    label: str
    hours: float
    credits: float
    count: int


class TranscriptOut(Schema):
    person: PersonRef
    date_from: dt.date | None
    date_to: dt.date | None
    group: str
    total: TotalOut = Field(description="Verified records only.")
    by_period: list[TotalOut] = Field(description="Per year or quarter, oldest first.")
    by_competency: list[TotalOut]
    above_and_beyond_count: int
    records: list[TrainingRecordOut] = Field(description="Newest first, pending ones included.")


class TranscriptFilter(QuerySchema):
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    group: Literal["year", "quarter"] = Field("year", description="Totals per period.")


class ExternalLearningIn(InputSchema):
    """Sent as multipart/form-data with the evidence in the field `file`."""

    title: str = Field(max_length=200)
    provider: str = Field(max_length=200)
    kind: OfferingKind
    completed_on: dt.date
    hours: Decimal = Field(gt=0, le=1000, max_digits=6, decimal_places=2)
    ce_credits: Decimal = Field(Decimal(0), ge=0, le=1000, max_digits=6, decimal_places=2)
    competency: list[Id] = Field(
        default_factory=list, max_length=50, description="Repeat for each competency evidenced."
    )
    level: list[int] = Field(
        default_factory=list,
        max_length=50,
        description="The level reached in each `competency`, in the same order.",
    )


class RejectIn(InputSchema):
    reason: str = Field("", max_length=500, description="Kept in the audit log.")


# --- feedback -------------------------------------------------------------------------------


class FeedbackIn(InputSchema):
    rating: int = Field(ge=1, le=5, description="1 (poor) to 5 (excellent).")
    comment: str = Field("", max_length=4000)


class FeedbackOut(Schema):
    id: int
    session_id: int
    rating: int
    comment: str
    created_at: dt.datetime

    @staticmethod
    def resolve_session_id(obj: Any) -> int:
        return int(obj.registration.session_id)


class RatingCount(Schema):
    rating: int
    label: str
    count: int
    percent: int


class FeedbackComment(Schema):
    rating: int
    comment: str
    created_at: dt.datetime


class FeedbackSummaryOut(Schema):
    session_id: int
    count: int = Field(description="How many attendees answered.")
    attended: int
    average: float | None
    distribution: list[RatingCount]
    comments: list[FeedbackComment] = Field(description="Without names, newest first.")

    @staticmethod
    def resolve_session_id(obj: Any) -> int:
        return int(obj.session.pk)

    @staticmethod
    def resolve_distribution(obj: Any) -> list[dict[str, Any]]:
        return [
            {"rating": rating, "label": label, "count": count, "percent": percent}
            for rating, label, count, percent in obj.distribution
        ]

    @staticmethod
    def resolve_comments(obj: Any) -> list[dict[str, Any]]:
        return [
            {"rating": rating, "comment": comment, "created_at": created}
            for rating, comment, created in obj.comments
        ]
