"""Certification schemes, pursuits and progress, and the certification reports."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from ladder.api.schemas.common import Id, InputSchema, PersonRef, Ref, omittable


class SchemeOut(Schema):
    id: int
    name: str
    slug: str
    is_template: bool
    network: Ref | None
    certification_type: Ref
    issuer: str
    validity_years: int
    cycle_hours: Decimal


class PartOut(Schema):
    id: int
    code: str
    name: str
    is_required: bool
    external_tag: str | None = Field(None, description="Code of the tag that covers the part.")
    external_tag_id: int | None = Field(None, description="Id of the tag that covers the part.")

    @staticmethod
    def resolve_external_tag(obj: Any) -> str | None:
        return obj.external_tag.code if obj.external_tag_id else None


class CategoryOut(Schema):
    code: str
    name: str
    min_hours: Decimal


class ConversionOut(Schema):
    unit: str
    activity_kind: str
    factor: Decimal


class SchemeDetailOut(SchemeOut):
    description: str
    grades: str
    entry_min_education: int
    entry_work_hours: Decimal
    entry_work_years: int
    electives_needed: int
    time_limit_years: int
    rolling_hours: Decimal
    rolling_years: int
    min_activity_hours: Decimal
    minutes_per_contact_hour: int
    renewal_window_months: int
    grace_months: int
    parts: list[PartOut]
    categories: list[CategoryOut]
    conversions: list[ConversionOut]

    @staticmethod
    def resolve_parts(obj: Any) -> list[Any]:
        return list(obj.parts.all())

    @staticmethod
    def resolve_categories(obj: Any) -> list[Any]:
        return list(obj.categories.all())

    @staticmethod
    def resolve_conversions(obj: Any) -> list[Any]:
        return list(obj.conversions.all())


class AdoptIn(InputSchema):
    network_id: int


class SchemeUpdateIn(InputSchema):
    name: str = omittable()
    description: str = omittable()
    grades: str = omittable()
    entry_min_education: int = omittable()
    entry_work_hours: Decimal = omittable()
    entry_work_years: int = omittable()
    electives_needed: int = omittable()
    time_limit_years: int = omittable()
    validity_years: int = omittable()
    cycle_hours: Decimal = omittable()
    rolling_hours: Decimal = omittable()
    rolling_years: int = omittable()
    min_activity_hours: Decimal = omittable()
    minutes_per_contact_hour: int = omittable()
    renewal_window_months: int = omittable()
    grace_months: int = omittable()
    categories: dict[str, Decimal] = omittable(
        description="Category code → minimum hours per cycle (existing categories)."
    )
    conversions: dict[str, Decimal] = omittable(
        description="Unit (semester_credit, quarter_credit, conference_day) or activity kind "
        "(e.g. roundtable) → factor; new ones are added."
    )


class SchemePartIn(InputSchema):
    code: str = Field(description="Letters, digits and hyphens; unique in the scheme.")
    name: str
    is_required: bool = False
    external_tag_id: Id | None = Field(
        None, description="A verified training record with a competency so tagged covers it."
    )


class SchemePartUpdateIn(InputSchema):
    code: str = omittable()
    name: str = omittable()
    is_required: bool = omittable()
    external_tag_id: Id | None = Field(None, description="null removes the tag.")
    position: int = omittable()


class SchemeCategoryIn(InputSchema):
    code: str = Field(description="A framework area code (or its prefix) or an external tag code.")
    name: str
    min_hours: Decimal = Field(description="Minimum contact hours per cycle (≥ 0).")


class SchemeCategoryUpdateIn(InputSchema):
    code: str = omittable()
    name: str = omittable()
    min_hours: Decimal = omittable()


class ConversionIn(InputSchema):
    unit: str = Field(
        "", description="semester_credit, quarter_credit or conference_day (or give a kind)."
    )
    activity_kind: str = Field("", description="A training kind, e.g. roundtable (or give a unit).")
    factor: Decimal = Field(description="Contact hours per unit, or a factor on hours (> 0).")


class ConversionUpdateIn(InputSchema):
    factor: Decimal


class PursuitIn(InputSchema):
    scheme_id: int
    person_id: int = omittable(description="Someone you supervise or administer; default you.")
    started_on: dt.date = omittable()


class PartIn(InputSchema):
    part_id: int
    method: str = Field(description="course, portfolio or training")
    completed_on: dt.date
    training_record_id: int = omittable()
    note: str = ""


class EarnIn(InputSchema):
    earned_on: dt.date = omittable()
    grade: str = ""


class RenewIn(InputSchema):
    renewed_on: dt.date = omittable()


class HeldIn(InputSchema):
    person_id: int
    scheme_id: int
    earned_on: dt.date
    grade: str = ""


class PursuitOut(Schema):
    id: int
    person: PersonRef
    scheme: Ref
    started_on: dt.date
    earned_on: dt.date | None
    expires_on: dt.date | None
    grade: str


class PartProgressOut(Schema):
    part: PartOut
    done: bool
    how: str
    record_ids: list[int]


class CategoryHoursOut(Schema):
    code: str
    name: str
    hours: Decimal
    minimum: Decimal
    short_by: Decimal


class CycleOut(Schema):
    start: dt.date
    end: dt.date
    total: Decimal
    required: Decimal
    shortfall: Decimal
    counted_record_ids: list[int]
    too_short_record_ids: list[int]


class ProgressOut(Schema):
    pursuit: PursuitOut
    status: str
    status_label: str
    required: list[PartProgressOut]
    electives: list[PartProgressOut]
    electives_needed: int
    parts_remaining: int
    finish_by: dt.date | None
    window_opens: dt.date | None
    grace_ends: dt.date | None
    cycle: CycleOut | None
    rolling: CycleOut | None
    categories: list[CategoryHoursOut]
    hours_short: Decimal


class ReportRowOut(Schema):
    person: PersonRef
    library: str
    scheme: Ref
    status: str
    expires_on: dt.date | None
    grace_ends: dt.date | None
    hours_this_cycle: Decimal | None
    hours_short: Decimal
    category_shortfalls: dict[str, Decimal]


class ReportOut(Schema):
    months: int
    expiring: list[ReportRowOut]
    short_of_hours: list[ReportRowOut]


class NetworkCellOut(Schema):
    library: Ref
    scheme: str
    pursuing: int
    holding: int
    renewal_window: int
    grace: int
    lapsed: int
