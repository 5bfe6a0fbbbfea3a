"""Careers: eligibility, gap analysis with the ways to close each gap, recommended sessions,
and the library and network eligibility lists."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from ladder.api.schemas.common import Id, QuerySchema, Ref

GapKind = Literal["education", "certification", "experience", "competency"]
StepStatus = Literal["eligible", "one_away", "further"]


class GapOut(Schema):
    kind: GapKind
    label: str = Field(description="The unmet requirement, as a sentence.")
    details: dict[str, Any] = Field(
        description="competency_id, required_level, current_level; certification_type_id; "
        "required_years, missing_years; required_level, requires_accredited (education)."
    )


class NextStepOut(Schema):
    job_class: Ref
    current_job_class_id: int
    library_id: int
    position: int
    eligible: bool
    gaps: list[GapOut]


class EligibilityOut(Schema):
    person_id: int
    years_experience: Decimal = Field(description="Full-time-equivalent years.")
    education: int = Field(description="EducationLevel of the best awarded degree.")
    has_accredited_mls: bool
    current_job_classes: list[Ref]
    eligible_job_classes: list[Ref] = Field(
        description="Job classes (other than the current ones) whose requirements are met."
    )
    next_steps: list[NextStepOut]
    targets: list[NextStepOut] = Field(description="The person's own target job classes.")


class SessionWayOut(Schema):
    session_id: int
    offering_id: int
    title: str
    starts_at: dt.datetime
    online: bool
    place: str
    distance_km: float | None
    fee: Decimal
    free: bool
    hours: Decimal


class ElearningWayOut(Schema):
    offering_id: int
    title: str
    fee: Decimal


class MentorWayOut(Schema):
    person_id: int
    name: str
    level: int
    proximity: str = Field(description="same branch, same library or the network")
    request_url: str | None = Field(description="Where to ask this mentor (a coaching request).")


class GapWaysOut(Schema):
    gap: GapOut
    sessions: list[SessionWayOut]
    elearning: list[ElearningWayOut]
    mentors: list[MentorWayOut]


class GapAnalysisOut(Schema):
    person_id: int
    job_class: Ref
    eligible: bool
    gaps: list[GapWaysOut]
    library_school_interest: bool
    licence_pools: list[Ref]


class ChoiceOut(Schema):
    session: SessionWayOut
    cost: float
    reason: str
    registered: bool = Field(description="The person already holds a place in this session.")
    covers: list[GapOut]


class RecommendationOut(Schema):
    person_id: int
    job_class: Ref
    chosen: list[ChoiceOut]
    uncovered: list[GapOut] = Field(description="Competency gaps no upcoming session covers.")
    other_gaps: list[GapOut]
    total_cost: float
    total_hours: Decimal
    optimal: bool


class EligibilityRowOut(Schema):
    person_id: int
    name: str
    library: Ref
    current_job_class: str
    next_job_class: Ref
    status: StepStatus
    gaps: list[GapOut]


class LibraryEligibilityFilter(QuerySchema):
    library: Id | None = None
    status: StepStatus | None = None
    job_class: Id | None = None


class NetworkCountOut(Schema):
    library: Ref
    job_class: Ref
    staff: int
    eligible: int
    one_away: int


class NetworkEligibilityFilter(QuerySchema):
    network: Id | None = None
