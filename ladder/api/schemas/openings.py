"""Openings, applications, candidate ranking, succession scenarios and the workforce budget."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from ladder.api.schemas.common import (
    AnnualPay,
    BudgetMoney,
    HourlyWage,
    Id,
    InputSchema,
    PersonRef,
    Ref,
    WeeklyHours,
    choices_literal,
    documented,
    omittable,
    within,
)
from ladder.core import limits
from ladder.openings.models import Application, Opening, OpeningCompetency, SuccessionScenario
from ladder.openings.openings import taking_applications

if TYPE_CHECKING:
    OpeningStatus = str
    OpeningReason = str
    CompetencyKind = str
    ApplicationStatus = str
    ScenarioKind = str
    ScenarioStatus = str
else:
    OpeningStatus = choices_literal(Opening.Status)
    OpeningReason = choices_literal(Opening.Reason)
    CompetencyKind = choices_literal(OpeningCompetency.Kind)
    ApplicationStatus = choices_literal(Application.Status)
    ScenarioKind = choices_literal(SuccessionScenario.Kind)
    ScenarioStatus = choices_literal(SuccessionScenario.Status)


class OpeningCompetencyIn(InputSchema):
    competency_id: Id
    kind: CompetencyKind = "required"
    level: int = Field(ge=1, le=10)


class OpeningCompetencyOut(Schema):
    competency: Ref
    kind: CompetencyKind
    level: int

    @staticmethod
    def resolve_competency(obj: Any) -> dict[str, Any]:
        return {"id": obj.competency_id, "name": obj.competency.name}


class OpeningIn(InputSchema):
    library_id: Id
    job_class_id: Id
    weekly_hours: Decimal = Field(ge=1, le=60, decimal_places=1)
    branch_id: Id | None = None
    title: str = Field("", max_length=200)
    description: str = ""
    schedule: str = Field("", max_length=200)
    benefits_eligible: bool = False
    benefits: str = Field("", max_length=200)
    reason: OpeningReason = "vacancy"
    internal_until: dt.date | None = None
    external_from: dt.date | None = None
    competencies: list[OpeningCompetencyIn] = Field(default_factory=list, max_length=50)


class OpeningPatch(InputSchema):
    job_class_id: Id = omittable()
    weekly_hours: Decimal = omittable(ge=1, le=60, decimal_places=1)
    branch_id: Id | None = omittable()
    title: str = omittable(max_length=200)
    description: str = omittable()
    schedule: str = omittable(max_length=200)
    benefits_eligible: bool = omittable()
    benefits: str = omittable(max_length=200)
    reason: OpeningReason = omittable()
    internal_until: dt.date | None = omittable()
    external_from: dt.date | None = omittable()
    competencies: list[OpeningCompetencyIn] = omittable(max_length=50)


class OpeningOut(Schema):
    id: int
    title: str
    library: Ref
    branch: Ref | None
    job_class: Ref
    weekly_hours: float
    full_time: bool
    schedule: str
    benefits_eligible: bool
    benefits: str
    reason: OpeningReason
    status: OpeningStatus
    internal_until: dt.date | None
    external_from: dt.date | None
    from_scenario_id: int | None
    taking_applications: bool

    @staticmethod
    def resolve_title(obj: Opening) -> str:
        return obj.display_title

    @staticmethod
    def resolve_full_time(obj: Opening) -> bool:
        return Decimal(obj.weekly_hours) >= obj.library.full_time_threshold

    @staticmethod
    def resolve_taking_applications(obj: Opening) -> bool:
        return taking_applications(obj)


class OpeningDetailOut(OpeningOut):
    description: str
    competencies: list[OpeningCompetencyOut]

    @staticmethod
    def resolve_competencies(obj: Opening) -> list[Any]:
        return list(obj.competencies.all())


class PublishIn(InputSchema):
    external: bool = Field(False, description="Advertise externally instead of internally.")


class CloseIn(InputSchema):
    filled: bool = False


class ApplyIn(InputSchema):
    note: str = Field("", max_length=4000)


class InviteIn(InputSchema):
    person_id: Id
    note: str = Field("", max_length=2000)


class ApplicationOut(Schema):
    id: int
    opening: Ref
    person: PersonRef
    status: ApplicationStatus
    note: str
    invited_by: PersonRef | None
    created_at: dt.datetime

    @staticmethod
    def resolve_opening(obj: Application) -> dict[str, Any]:
        return {"id": obj.opening_id, "name": obj.opening.display_title}


class WeightsIO(Schema):
    requirements: int = Field(30, ge=0, le=100)
    competencies: int = Field(30, ge=0, le=100)
    initiative: int = Field(15, ge=0, le=100)
    interest: int = Field(15, ge=0, le=100)
    tenure: int = Field(10, ge=0, le=100)
    grace_months: int = Field(6, ge=0, le=60)


class WeightsIn(WeightsIO, InputSchema):
    pass


class ScorePartOut(Schema):
    key: str
    label: str
    score: float = Field(description="0 to 1.")
    weight: float
    points: float = Field(description="Contribution to the total out of 100.")
    lines: list[str]


class RankedOut(Schema):
    rank: int
    person: PersonRef
    total: float
    application_status: str
    current_jobs: str = Field(description="The person's current jobs: title, library, hours.")
    parts: list[ScorePartOut]


class RankingOut(Schema):
    opening_id: int
    scope: Literal["library", "network"]
    count: int
    limit: int
    offset: int
    weights: WeightsIO
    items: list[RankedOut]


class RankingQuery(Schema):
    scope: Literal["library", "network"] = "library"
    limit: int = Field(25, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class ScenarioIn(InputSchema):
    library_id: Id
    kind: ScenarioKind
    person_id: Id | None = None
    employment_id: Id | None = None
    name: str = Field("", max_length=200)
    hat_share: int = Field(60, ge=1, le=100)


class ScenarioOut(Schema):
    id: int
    name: str
    library: Ref
    kind: ScenarioKind
    person: PersonRef | None
    employment_id: int | None
    hat_share: int
    status: ScenarioStatus
    job_id: str | None
    created_at: dt.datetime
    result: dict[str, Any] = Field(
        description="people (hats before/after, hours), moves, unassigned (with competencies), "
        "objective, bound, gap_percent, proven, method, times."
    )

    @staticmethod
    def resolve_job_id(obj: SuccessionScenario) -> str | None:
        return str(obj.job_id) if obj.job_id else None


class FiguresOut(Schema):
    wages: float
    benefits: float
    personnel: float
    total_operating: float
    share_percent: float | None
    threshold_percent: float
    headroom: float
    above_threshold: bool
    source: str
    steps: list[str]


class BudgetOut(Schema):
    library: Ref
    fiscal_year: int
    salaries: Decimal
    benefits: Decimal
    total_operating: Decimal
    threshold_percent: Decimal
    source: str
    figures: FiguresOut


class BudgetIn(InputSchema):
    fiscal_year: int = Field(ge=1990, le=2100)
    salaries: BudgetMoney = Field(decimal_places=2)
    benefits: BudgetMoney = Field(decimal_places=2)
    total_operating: BudgetMoney = Field(decimal_places=2)
    threshold_percent: Decimal = Field(Decimal("65"), decimal_places=2, max_digits=5)
    source: str = Field("", max_length=100)


class ChangeIn(InputSchema):
    kind: Literal["full_time", "add_post", "remove_post", "merge_posts", "income_change"]
    employment_id: Id | None = Field(
        None, description="The post to make full-time or to remove (full_time, remove_post)."
    )
    employment_ids: list[Id] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="The two part-time posts to merge into one full-time post (merge_posts).",
    )
    hours: WeeklyHours | None = None
    hourly_wage: (
        Annotated[float, within(limits.HOURLY_WAGE_MAX), documented(limits.HOURLY_WAGE_MAX)] | None
    ) = None
    benefits_eligible: bool = False
    annual_benefits: (
        Annotated[float, within(limits.ANNUAL_PAY_MAX), documented(limits.ANNUAL_PAY_MAX)] | None
    ) = None
    percent: (
        Annotated[
            float,
            within(limits.INCOME_CHANGE_MAX, low=-100),
            documented(limits.INCOME_CHANGE_MAX, low=-100),
        ]
        | None
    ) = None
    label: str = Field("", max_length=100)


class WhatIfIn(InputSchema):
    changes: list[ChangeIn] = Field(min_length=1, max_length=20)
    save_as: str = Field("", max_length=200, description="Name to keep the scenario under.")


class WhatIfOut(Schema):
    before: FiguresOut
    after: FiguresOut
    saved_id: int | None


class PayIn(InputSchema):
    hourly_wage: HourlyWage = Field(decimal_places=2)
    annual_benefits: AnnualPay = Field(Decimal("0"), decimal_places=2)


class PayOut(Schema):
    employment_id: int
    hourly_wage: Decimal
    annual_benefits: Decimal
