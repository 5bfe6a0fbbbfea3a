"""Development plans and yearly evaluations."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.urls import reverse
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
from ladder.careers.models import DevelopmentPlan, Evaluation

if TYPE_CHECKING:
    PlanStatus = str
else:
    PlanStatus = choices_literal(DevelopmentPlan.Status)


# --- plans ----------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    person: PersonRef
    title: str
    starts_on: dt.date
    ends_on: dt.date
    target_job_class: Ref | None
    status: PlanStatus
    status_label: str
    agreed_by: PersonRef | None
    agreed_at: dt.datetime | None
    url: str

    # The detail endpoint passes a dict that already holds these.
    @staticmethod
    def resolve_status_label(obj: DevelopmentPlan | dict[str, Any]) -> str:
        return obj["status_label"] if isinstance(obj, dict) else obj.get_status_display()

    @staticmethod
    def resolve_url(obj: DevelopmentPlan | dict[str, Any]) -> str:
        return obj["url"] if isinstance(obj, dict) else obj.get_absolute_url()


class GoalOut(Schema):
    id: int
    description: str
    competency: Ref | None
    target_level: int | None
    due_on: dt.date | None
    done_on: dt.date | None
    current_level: int | None = Field(None, description="The person's rating now.")
    progress_percent: int = Field(0, description="Level reached over target, or done.")
    met: bool = False


class PlannedSessionOut(Schema):
    id: int
    session_id: int
    session_title: str
    starts_at: dt.datetime
    reason: str
    added_at: dt.datetime
    status: str = Field(description="attended, registered, missed or not_registered.")
    status_label: str


class CheckInOut(Schema):
    id: int
    author: PersonRef | None
    note: str
    created_at: dt.datetime


class GapOut(Schema):
    kind: str
    label: str


class PlanDetailOut(PlanOut):
    progress_percent: int | None = Field(
        description="Goals (partly, by level reached) and planned sessions attended, as one share."
    )
    goals: list[GoalOut]
    planned_sessions: list[PlannedSessionOut]
    check_ins: list[CheckInOut]
    gaps: list[GapOut] = Field(description="What the person still lacks for the target.")


class PlanFilter(QuerySchema):
    person_id: Id | None = None
    status: PlanStatus | None = None


class PlanIn(InputSchema):
    person_id: Id = Field(description="Whose plan; yourself or someone you manage.")
    title: str = Field(min_length=1, max_length=200)
    starts_on: dt.date
    ends_on: dt.date
    target_job_class_id: Id | None = None


class PlanPatch(InputSchema):
    title: str = omittable(min_length=1, max_length=200)
    starts_on: dt.date = omittable()
    ends_on: dt.date = omittable()
    target_job_class_id: Id | None = Field(None, description="null removes the target.")


class GoalIn(InputSchema):
    description: str = Field(min_length=1, max_length=255)
    competency_id: Id | None = None
    target_level: int | None = Field(None, ge=0, le=10)
    due_on: dt.date | None = None


class GoalPatch(InputSchema):
    description: str = omittable(min_length=1, max_length=255)
    competency_id: Id | None = None
    target_level: int | None = Field(None, ge=0, le=10)
    due_on: dt.date | None = None
    done_on: dt.date | None = None


class PlannedSessionIn(InputSchema):
    session_id: Id
    reason: str = Field("", max_length=255)


class CheckInIn(InputSchema):
    note: str = Field(min_length=1, max_length=10_000)


class PlannedSessionAdded(Schema):
    plan_id: int
    planned_session_id: int
    created: bool = Field(description="False when the session was already in the plan.")


# --- evaluations ----------------------------------------------------------------------------


class AddendumOut(Schema):
    id: int
    author: PersonRef | None
    body: str
    created_at: dt.datetime


class EvaluationOut(Schema):
    id: int
    person: PersonRef
    library: Ref
    reviewer: PersonRef
    period_start: dt.date
    period_end: dt.date
    status: str = Field(description="in_progress, awaiting_person or signed.")
    reviewer_signed_at: dt.datetime | None
    person_signed_at: dt.datetime | None
    url: str
    pdf_url: str

    @staticmethod
    def resolve_status(obj: Evaluation) -> str:
        if obj.is_signed:
            return "signed"
        return "awaiting_person" if obj.reviewer_signed_at else "in_progress"

    @staticmethod
    def resolve_url(obj: Evaluation) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_pdf_url(obj: Evaluation) -> str:
        return reverse("careers:evaluation_pdf", args=[obj.pk])


class EvaluationDetailOut(EvaluationOut):
    pd_section: dict[str, Any] = Field(
        description=(
            "The professional-development section filled from the data: hours, CE credits, "
            "offerings, above-and-beyond items with reasons, competencies gained, roundtables, "
            "mentoring given, plan progress. Refreshed until the first signature, then frozen."
        )
    )
    pd_refreshed_at: dt.datetime | None
    narrative: str
    goals: str
    person_comment: str
    addenda: list[AddendumOut]

    @staticmethod
    def resolve_addenda(obj: Evaluation) -> list[Any]:
        return list(obj.addenda.all())


class EvaluationFilter(QuerySchema):
    person_id: Id | None = None
    mine: bool = Field(False, description="Only your own evaluations.")


class EvaluationIn(InputSchema):
    person_id: Id
    period_start: dt.date
    period_end: dt.date
    reviewer_id: Id | None = Field(
        None, description="Defaults to you; library admins may name the person's supervisor."
    )


class EvaluationPatch(InputSchema):
    narrative: str = omittable(max_length=50_000)
    goals: str = omittable(max_length=50_000)


class CommentIn(InputSchema):
    comment: str = Field(max_length=50_000)


class AddendumIn(InputSchema):
    body: str = Field(min_length=1, max_length=50_000)
