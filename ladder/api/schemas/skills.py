"""Competency frameworks, job class requirements, ratings and evidence, hats, interests."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

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
from ladder.api.schemas.ladders import JobClassRef
from ladder.api.schemas.people import PositionOut
from ladder.skills.models import (
    Competency,
    EvidenceKind,
    ExternalTag,
    Framework,
    Hat,
    HatAssignment,
    Interest,
)

if TYPE_CHECKING:
    EvidenceKindValue = str
    HatRole = str
else:
    EvidenceKindValue = choices_literal(EvidenceKind)
    HatRole = choices_literal(HatAssignment.Role)

CODE_PATTERN = r"^[-a-zA-Z0-9_]+$"
LevelValue = Field(ge=0, le=10, description="A value on the framework's level scale.")


# --- frameworks -----------------------------------------------------------------------------


class LevelOut(Schema):
    value: int
    name: str
    description: str


class SchemeRef(Schema):
    id: int
    name: str
    slug: str


class ExternalTagOut(Schema):
    id: int
    scheme: SchemeRef
    code: str
    name: str
    is_required: bool = Field(description="Required by the scheme (e.g. an LSSC core set).")


class ExternalTagRef(Schema):
    id: int
    code: str
    name: str
    is_required: bool


class SchemeTagOut(ExternalTagRef):
    competency_count: int = Field(description="How many competencies are mapped to it.")


class ExternalSchemeOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    tags: list[SchemeTagOut]

    @staticmethod
    def resolve_tags(obj: Any) -> list[ExternalTag]:
        return list(obj.tags.all())


class FrameworkRef(Schema):
    id: int
    name: str
    slug: str


class AreaRef(Schema):
    id: int
    code: str
    name: str


class CompetencyRef(Schema):
    """A competency named where it is used (requirements, ratings, evidence, interests)."""

    id: int
    code: str
    name: str
    framework_id: int
    area_id: int


def _tags(obj: Competency) -> list[ExternalTag]:
    return list(obj.external_tags.all())


class CompetencyInArea(Schema):
    id: int
    code: str
    name: str
    description: str
    position: int
    external_tags: list[ExternalTagOut]

    @staticmethod
    def resolve_external_tags(obj: Competency) -> list[ExternalTag]:
        return _tags(obj)


class CompetencyOut(CompetencyInArea):
    framework: FrameworkRef
    area: AreaRef


class AreaOut(Schema):
    id: int
    code: str
    name: str
    description: str
    position: int
    competencies: list[CompetencyInArea] = Field(description="In their order within the area.")

    @staticmethod
    def resolve_competencies(obj: Any) -> list[Competency]:
        return list(obj.competencies.all())


class FrameworkBase(Schema):
    id: int
    name: str
    slug: str
    description: str
    network_id: int | None = Field(description="Null on a framework shared by every network.")
    is_default: bool = Field(description="The one job classes, hats and offerings start from.")
    levels: list[LevelOut] = Field(description="The level scale, lowest first.")

    @staticmethod
    def resolve_levels(obj: Framework) -> list[Any]:
        return list(obj.levels.all())


class FrameworkOut(FrameworkBase):
    area_count: int
    competency_count: int


class FrameworkDetail(FrameworkBase):
    areas: list[AreaOut] = Field(description="Areas with their competencies, in order.")

    @staticmethod
    def resolve_areas(obj: Framework) -> list[Any]:
        return list(obj.areas.all())


class FrameworkFilter(QuerySchema):
    network: Id | None = Field(None, description="A network's own frameworks.")
    shared: bool | None = Field(None, description="Only shared frameworks (true) or not.")


class CompetencyFilter(QuerySchema):
    framework: Id | None = None
    area: Id | None = None
    q: str | None = Field(None, max_length=100, description="Part of the name or code.")
    external_tag: int | None = Field(
        None, description="Competencies mapped to this external tag (see /external-schemes)."
    )


class LevelIn(InputSchema):
    value: int = Field(ge=0, le=10)
    name: str = Field(min_length=1, max_length=60)
    description: str = Field("", max_length=2000)


class FrameworkCreate(InputSchema):
    network: Id | None = Field(None, description="The owning network; null for a shared one.")
    name: str = Field(min_length=1, max_length=200)
    slug: str = Field(min_length=1, max_length=80, pattern=CODE_PATTERN)
    description: str = Field("", max_length=5000)
    levels: list[LevelIn] = Field(min_length=2, max_length=11, description="The level scale.")


class FrameworkUpdate(InputSchema):
    name: str = omittable(min_length=1, max_length=200)
    slug: str = omittable(min_length=1, max_length=80, pattern=CODE_PATTERN)
    description: str = omittable(max_length=5000)
    is_default: bool = omittable(description="Site admins only: make this the default.")
    levels: list[LevelIn] = omittable(
        min_length=2,
        max_length=11,
        description="The whole scale; a level in use by requirements or evidence stays.",
    )


class AreaCreate(InputSchema):
    code: str = Field(min_length=1, max_length=60, pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    position: int = Field(0, ge=0, le=32767)


class AreaUpdate(InputSchema):
    code: str = omittable(min_length=1, max_length=60, pattern=CODE_PATTERN)
    name: str = omittable(min_length=1, max_length=200)
    description: str = omittable(max_length=5000)
    position: int = omittable(ge=0, le=32767)


class CompetencyCreate(InputSchema):
    area: Id = Field(description="An area of the same framework.")
    code: str = Field(min_length=1, max_length=80, pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    position: int = Field(0, ge=0, le=32767)
    external_tags: list[Id] = Field(default_factory=list, max_length=50)


class CompetencyUpdate(InputSchema):
    area: Id = omittable(description="An area of the same framework.")
    code: str = omittable(min_length=1, max_length=80, pattern=CODE_PATTERN)
    name: str = omittable(min_length=1, max_length=200)
    description: str = omittable(max_length=5000)
    position: int = omittable(ge=0, le=32767)
    external_tags: list[Id] = omittable(max_length=50)


# --- required levels (job classes and hats) -------------------------------------------------


class RequirementOut(Schema):
    competency: CompetencyRef
    level: int


class RequirementIn(InputSchema):
    competency: Id
    level: int = LevelValue


class RequirementsPut(InputSchema):
    requirements: list[RequirementIn] = Field(
        max_length=500,
        description="The whole set: competencies left out are no longer required.",
    )


# --- ratings and the evidence log -----------------------------------------------------------


class RatingOut(Schema):
    competency: CompetencyRef
    level: int = Field(description="The current level, by the rules of the evidence log.")
    source: EvidenceKindValue = Field(description="The kind of evidence the level comes from.")
    self_level: int | None = Field(description="The person's latest own assessment.")
    supervisor_level: int | None = Field(description="The latest supervisor assessment.")
    updated_at: dt.datetime


class RatingFilter(QuerySchema):
    framework: Id | None = None
    area: Id | None = None


class SkillEvidenceOut(Schema):
    id: int
    person_id: int
    competency: CompetencyRef
    kind: EvidenceKindValue
    kind_label: str
    level: int
    recorded_by: PersonRef | None
    recorded_at: dt.datetime
    note: str
    file_name: str = Field(description="The attached file's name; empty when there is none.")
    source_ref: str = Field(description="What recorded it automatically, e.g. a training record.")
    download_url: str | None = Field(description="The attached file; null when there is none.")

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_download_url(obj: Any) -> str | None:
        if not obj.file:
            return None
        try:
            return reverse("skills:evidence_file", args=[obj.pk])
        except NoReverseMatch:
            return None


class SkillEvidenceFilter(QuerySchema):
    competency: Id | None = None
    kind: EvidenceKindValue | None = None


class SkillEvidenceCreate(InputSchema):
    competency: Id
    kind: EvidenceKindValue = Field(
        description=(
            "`self` about yourself only; `supervisor` by someone above the person in the "
            "supervisor chain; `training`, `credential` and `coaching` by the person's "
            "library admins or supervisor chain."
        )
    )
    level: int = LevelValue
    note: str = Field("", max_length=4000)


# --- hats -----------------------------------------------------------------------------------


class HatRef(Schema):
    id: int
    name: str
    weekly_hours: float


class HatAssignmentOut(Schema):
    id: int
    hat_id: int
    employment_id: int
    person: PersonRef
    role: HatRole
    start_date: dt.date
    end_date: dt.date | None

    @staticmethod
    def resolve_person(obj: HatAssignment) -> Any:
        return obj.employment.person


class HatOut(Schema):
    id: int
    library: Ref
    branch: Ref | None = Field(description="Null for a duty of the whole library.")
    name: str
    description: str
    weekly_hours: float = Field(description="Hours a week the wearer spends on it.")
    requirements: list[RequirementOut]
    assignments: list[HatAssignmentOut] = Field(
        description="Wearers and backups now, or from a later start date."
    )

    @staticmethod
    def resolve_requirements(obj: Hat) -> list[Any]:
        return list(obj.requirements.all())

    @staticmethod
    def resolve_assignments(obj: Hat) -> list[Any]:
        return list(obj.active_assignments)  # type: ignore[attr-defined]


class HatFilter(QuerySchema):
    branch: Id | None = Field(None, description="The branch's hats and the library-wide ones.")


class HatCreate(InputSchema):
    name: str = Field(min_length=1, max_length=120)
    weekly_hours: Decimal = Field(ge=0, le=60, max_digits=4, decimal_places=1)
    branch: Id | None = Field(None, description="A branch of the library; null for all of it.")
    description: str = Field("", max_length=5000)


class HatUpdate(InputSchema):
    name: str = omittable(min_length=1, max_length=120)
    weekly_hours: Decimal = omittable(ge=0, le=60, max_digits=4, decimal_places=1)
    branch: Id | None = Field(None, description="A branch of the library; null for all of it.")
    description: str = omittable(max_length=5000)


class HatAssign(InputSchema):
    employment: Id = Field(description="A current employment at the hat's library.")
    role: HatRole = "wearer"
    start_date: dt.date


class HatUnassign(InputSchema):
    end_date: dt.date = Field(description="The assignment's last day; the record stays.")


class BoardFilter(QuerySchema):
    branch: Id | None = Field(None, description="One branch's people, hats and library-wide hats.")


class BoardGap(Schema):
    """Someone below a level a hat requires (only about people you manage)."""

    assignment_id: int
    hat_id: int
    person: PersonRef
    role: HatRole
    competency: CompetencyRef
    required_level: int
    level: int | None = Field(description="The person's current level; null when not rated.")
    required_label: str
    level_label: str

    @staticmethod
    def resolve_assignment_id(obj: Any) -> int:
        return int(obj.assignment.pk)

    @staticmethod
    def resolve_hat_id(obj: Any) -> int:
        return int(obj.assignment.hat_id)

    @staticmethod
    def resolve_person(obj: Any) -> Any:
        return obj.assignment.employment.person

    @staticmethod
    def resolve_role(obj: Any) -> str:
        return str(obj.assignment.role)

    @staticmethod
    def resolve_competency(obj: Any) -> Any:
        return obj.requirement.competency

    @staticmethod
    def resolve_required_level(obj: Any) -> int:
        return int(obj.requirement.level)


class BoardHat(Schema):
    id: int
    name: str
    branch: Ref | None
    weekly_hours: float
    requirements: list[str] = Field(description="Required levels, in words.")
    wearers: list[HatAssignmentOut]
    backups: list[HatAssignmentOut]
    has_wearer: bool
    has_backup: bool
    gaps: list[BoardGap] = Field(description="Wearers and backups below a required level.")

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return int(obj.hat.pk)

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.hat.name)

    @staticmethod
    def resolve_branch(obj: Any) -> Any:
        return obj.hat.branch

    @staticmethod
    def resolve_weekly_hours(obj: Any) -> float:
        return float(obj.hat.weekly_hours)

    @staticmethod
    def resolve_requirements(obj: Any) -> list[str]:
        return list(obj.requirement_labels)


class BoardPerson(Schema):
    employment_id: int
    person: PersonRef
    job_class: Ref
    branch: Ref | None
    managed: bool = Field(description="Whether you manage this person (and see their hours).")
    wears: list[HatRef]
    backs: list[HatRef]
    hat_hours: float | None = Field(description="Hours of the hats worn; null if not managed.")
    contracted_hours: float | None = Field(description="Null unless you manage the person.")
    over_by: float | None = Field(description="Hat hours beyond the contracted hours.")

    @staticmethod
    def resolve_employment_id(obj: Any) -> int:
        return int(obj.employment.pk)

    @staticmethod
    def resolve_person(obj: Any) -> Any:
        return obj.employment.person

    @staticmethod
    def resolve_job_class(obj: Any) -> Any:
        return obj.employment.job_class

    @staticmethod
    def resolve_branch(obj: Any) -> Any:
        return obj.employment.branch


class HatBoardOut(Schema):
    library: Ref
    branch: Ref | None
    can_edit: bool = Field(description="Whether you may change this library's hats.")
    hats: list[BoardHat]
    people: list[BoardPerson] = Field(description="Current staff, one row per employment.")
    without_backup: list[int] = Field(description="Ids of hats nobody backs up.")
    without_wearer: list[int] = Field(description="Ids of hats nobody wears.")
    below_level: list[BoardGap] = Field(description="Wearers below a required level.")
    over_hours: list[int] = Field(description="Employment ids whose hat hours exceed the job's.")

    @staticmethod
    def resolve_without_backup(obj: Any) -> list[int]:
        return [row.hat.pk for row in obj.without_backup]

    @staticmethod
    def resolve_without_wearer(obj: Any) -> list[int]:
        return [row.hat.pk for row in obj.without_wearer]

    @staticmethod
    def resolve_over_hours(obj: Any) -> list[int]:
        return [row.employment.pk for row in obj.over_hours]


# --- interests ------------------------------------------------------------------------------


class InterestOut(Schema):
    person: PersonRef
    target_job_classes: list[JobClassRef]
    wants_full_time: bool
    wants_management: bool
    library_school: bool = Field(description="Interested in library school (an MLS/MLIS).")
    topics: str
    learn: list[CompetencyRef] = Field(description="Competencies the person wants to learn.")
    teach: list[CompetencyRef] = Field(description="Competencies the person will teach others.")
    is_mentor: bool = Field(description="Volunteers as a mentor (always so while teaching).")
    updated_at: dt.datetime | None = Field(description="Null when nothing was stated yet.")

    @staticmethod
    def resolve_target_job_classes(obj: Interest) -> list[Any]:
        return list(obj.target_job_classes.all()) if obj.pk else []

    @staticmethod
    def resolve_learn(obj: Interest) -> list[Any]:
        return list(obj.learn.all()) if obj.pk else []

    @staticmethod
    def resolve_teach(obj: Interest) -> list[Any]:
        return list(obj.teach.all()) if obj.pk else []

    @staticmethod
    def resolve_is_mentor(obj: Interest) -> bool:
        return bool(obj.person.is_mentor)


class InterestListItem(InterestOut):
    positions: list[PositionOut] = Field(description="The person's current employments.")

    @staticmethod
    def resolve_positions(obj: Interest) -> list[Any]:
        return list(obj.person.current_jobs)  # type: ignore[attr-defined]


class InterestUpdate(InputSchema):
    target_job_classes: list[Id] = omittable(max_length=20)
    wants_full_time: bool = omittable()
    wants_management: bool = omittable()
    library_school: bool = omittable()
    topics: str = omittable(max_length=2000)
    learn: list[Id] = omittable(max_length=200)
    teach: list[Id] = omittable(max_length=200)
    is_mentor: bool = omittable(description="Cannot be false while `teach` lists anything.")


class InterestFilter(QuerySchema):
    library: Id | None = Field(None, description="People with a current employment there.")
    target_job_class: Id | None = None
    wants_full_time: bool = Field(False, description="Only people who want full-time work.")
    wants_management: bool = Field(False, description="Only people interested in management.")
    library_school: bool = Field(False, description="Only people interested in library school.")
    learn: Id | None = Field(None, description="People who want to learn this competency.")
    teach: Id | None = Field(None, description="People who will teach this competency.")
