"""Grow your own: programmes, enrolments, claims, promotions and the dashboard."""

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from ladder.api.schemas.common import InputSchema, PersonRef, Ref


class ProgrammeOut(Schema):
    id: int
    name: str
    sponsor: Ref
    reimbursement_percent: Decimal
    covers_tuition: bool
    covers_fees: bool
    covers_books: bool
    cap_per_term: Decimal | None
    cap_per_year: Decimal
    cap_lifetime: Decimal
    min_grade: str
    service_months: int
    repayment: str
    min_tenure_months: int
    is_active: bool


class BudgetIn(InputSchema):
    fiscal_year: int
    amount: Decimal


class BudgetOut(Schema):
    fiscal_year: int
    amount: Decimal


class EnrolmentIn(InputSchema):
    programme_id: int
    institution: str
    degree_level: int
    field: str = ""
    accredited: bool = False
    expected_start: dt.date
    expected_end: dt.date


class NoteIn(InputSchema):
    note: str = ""


class CompleteIn(InputSchema):
    awarded_on: dt.date


class EnrolmentOut(Schema):
    id: int
    programme: Ref
    person: PersonRef
    library: Ref
    institution: str
    degree_level: int
    accredited: bool
    expected_start: dt.date
    expected_end: dt.date
    status: str
    completed_on: dt.date | None
    commitment_starts_on: dt.date | None
    commitment_months: int | None
    repayment_owed: Decimal | None = None


class CompleteOut(Schema):
    enrolment: EnrolmentOut
    promotion_id: int | None


class ClaimIn(InputSchema):
    term: str
    term_ends_on: dt.date
    courses: str
    credits: Decimal
    tuition_cost: Decimal = Decimal("0")
    fees_cost: Decimal = Decimal("0")
    books_cost: Decimal = Decimal("0")


class ClaimOut(Schema):
    id: int
    enrolment_id: int
    term: str
    term_ends_on: dt.date
    credits: Decimal
    tuition_cost: Decimal
    fees_cost: Decimal
    books_cost: Decimal
    status: str
    approved_amount: Decimal | None
    fiscal_year: int | None
    grade: str
    reimbursement: Decimal | None
    paid_on: dt.date | None
    corrects_id: int | None


class GradeIn(InputSchema):
    grade: str


class PayIn(InputSchema):
    paid_on: dt.date | None = None
    reference: str = ""


class RefuseIn(InputSchema):
    reason: str


class ClaimCorrectIn(InputSchema):
    amount: Decimal = Field(description="The adjustment in dollars; negative to recover.")
    reason: str


class PromotionCorrectIn(InputSchema):
    effective_date: dt.date | None = None
    detail: str = ""


class PromotionOut(Schema):
    id: int
    person: PersonRef
    library: Ref
    from_employment_id: int
    to_job_class: Ref
    effective_date: dt.date
    reason: str
    detail: str
    status: str
    new_employment_id: int | None
    corrects_id: int | None


class AcceptIn(InputSchema):
    effective_date: dt.date | None = None


class StageOut(Schema):
    status: str
    label: str
    count: int


class YearOut(Schema):
    fiscal_year: int
    label: str
    budget: Decimal | None
    approved: Decimal
    paid: Decimal
    remaining: Decimal | None


class DashboardOut(Schema):
    stages: list[StageOut]
    years: list[YearOut]
    graduates: int
    promotions: int
    commitments_ended: int
    retained: int
    median_months_to_degree: float | None
