"""Job classes and career ladders."""

from decimal import Decimal
from typing import TYPE_CHECKING

from ninja import Schema
from pydantic import Field

from ladder.api.schemas.common import Id, InputSchema, QuerySchema, Ref, choices_literal, omittable
from ladder.people.models import CertificationType, EducationLevel, JobClass, Ladder, LadderStep

if TYPE_CHECKING:
    EducationLevelValue = int
else:
    EducationLevelValue = choices_literal(EducationLevel)

CODE_PATTERN = r"^[-a-zA-Z0-9_]+$"


class JobClassRef(Schema):
    id: int
    name: str
    code: str
    is_professional: bool


class JobClassOut(Schema):
    id: int
    name: str
    code: str
    network_id: int | None = Field(description="Set on a network's template class.")
    library_id: int | None = Field(description="Set on a library's own class.")
    is_professional: bool
    is_management: bool
    description: str
    min_education: EducationLevelValue
    min_education_label: str
    requires_accredited: bool
    min_years_experience: float
    required_certifications: list[Ref]

    @staticmethod
    def resolve_min_education_label(obj: JobClass) -> str:
        return obj.get_min_education_display()

    @staticmethod
    def resolve_required_certifications(obj: JobClass) -> list[CertificationType]:
        return list(obj.required_certifications.all())


class LadderStepOut(Schema):
    position: int
    job_class: JobClassRef


class LadderOut(Schema):
    id: int
    name: str
    network_id: int | None = Field(description="Set on a network's template ladder.")
    library_id: int | None = Field(description="Set on a library's own ladder.")
    copied_from_id: int | None
    description: str
    is_template: bool
    steps: list[LadderStepOut] = Field(description="From the first rung up.")

    @staticmethod
    def resolve_steps(obj: Ladder) -> list[LadderStep]:
        return list(obj.steps.all())


class JobClassFilter(QuerySchema):
    q: str | None = Field(None, max_length=100, description="Part of the name or code.")
    network: int | None = Field(
        None, description="The network's templates and its member libraries' own classes."
    )
    library: int | None = Field(
        None, description="The classes a library can use: its networks' templates and its own."
    )
    is_professional: bool | None = None


class LadderFilter(QuerySchema):
    network: int | None = Field(
        None, description="The network's templates and its member libraries' own ladders."
    )
    library: int | None = Field(
        None, description="The ladders a library can use: its networks' templates and its own."
    )
    template: bool | None = Field(None, description="Only network templates (true) or not.")


class JobClassFields(InputSchema):
    is_professional: bool = omittable()
    is_management: bool = omittable()
    description: str = omittable(max_length=5000)
    min_education: EducationLevelValue = omittable()
    requires_accredited: bool = omittable()
    min_years_experience: Decimal = omittable(ge=0, le=50, max_digits=4, decimal_places=1)
    required_certifications: list[Id] = omittable(max_length=50)


class JobClassCreate(JobClassFields):
    network: Id | None = Field(None, description="For a network template class.")
    library: Id | None = Field(None, description="For a library's own class.")
    name: str = Field(min_length=1, max_length=120)
    code: str = Field(min_length=1, max_length=60, pattern=CODE_PATTERN)


class JobClassUpdate(JobClassFields):
    name: str = omittable(min_length=1, max_length=120)
    code: str = omittable(min_length=1, max_length=60, pattern=CODE_PATTERN)


class LadderCreate(InputSchema):
    network: Id | None = Field(None, description="For a network template ladder.")
    library: Id | None = Field(None, description="For a library's own ladder.")
    name: str = Field(min_length=1, max_length=120)
    description: str = Field("", max_length=5000)
    job_classes: list[Id] = Field(max_length=50, description="Job class ids, lowest rung first.")


class LadderSteps(InputSchema):
    job_classes: list[Id] = Field(max_length=50, description="Job class ids, lowest rung first.")


class LadderAdopt(InputSchema):
    library: Id = Field(description="The library that adopts the template as it is.")


class LadderCopy(InputSchema):
    library: Id = Field(description="The library that gets its own editable copy.")
    name: str | None = Field(None, min_length=1, max_length=120)
