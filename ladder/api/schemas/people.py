"""People, employments, credentials, prior experience and API tokens."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.urls import NoReverseMatch
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
from ladder.people.models import (
    Credential,
    EducationLevel,
    Employment,
    EvidenceFile,
    Person,
)

if TYPE_CHECKING:
    CredentialKind = str
    CredentialStatus = str
    EducationLevelValue = int
else:
    CredentialKind = choices_literal(Credential.Kind)
    CredentialStatus = choices_literal(Credential.Status)
    EducationLevelValue = choices_literal(EducationLevel)


# --- output -------------------------------------------------------------------------------


class PositionOut(Schema):
    """A current employment as colleagues see it: where and what, not hours or supervisor."""

    id: int
    library: Ref
    branch: Ref | None
    job_class: Ref
    title: str


class PersonSummary(Schema):
    id: int
    display_name: str
    first_name: str
    last_name: str
    preferred_name: str
    pronouns: str
    email: str
    is_mentor: bool
    positions: list[PositionOut] = Field(description="Current employments.")

    @staticmethod
    def resolve_positions(obj: Person) -> list[Employment]:
        return _current_employments(obj)


class EmploymentOut(Schema):
    id: int
    person: PersonRef
    library: Ref
    branch: Ref | None
    job_class: Ref
    title: str
    weekly_hours: float
    is_full_time: bool = Field(description="At least the library's full-time threshold.")
    benefits_eligible: bool
    supervisor: PersonRef | None
    start_date: dt.date
    end_date: dt.date | None
    is_current: bool


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime
    download_url: str | None

    @staticmethod
    def resolve_download_url(obj: EvidenceFile) -> str | None:
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return None


class CredentialOut(Schema):
    id: int
    person_id: int
    kind: CredentialKind
    status: CredentialStatus
    title: str
    degree_level: EducationLevelValue | None
    degree_level_label: str | None
    field: str
    institution: str
    accredited: bool
    certification_type: Ref | None
    issuer: str
    expires_on: dt.date | None
    renewal_hours: float | None
    awarded_on: dt.date | None
    started_on: dt.date | None
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_degree_level_label(obj: Credential) -> str | None:
        return obj.get_degree_level_display() if obj.degree_level is not None else None

    @staticmethod
    def resolve_evidence(obj: Credential) -> list[EvidenceFile]:
        return list(obj.evidence.all())


class ExperienceOut(Schema):
    id: int
    employer: str
    role: str
    start_date: dt.date
    end_date: dt.date | None
    hours_per_week: float
    is_library_work: bool


class PersonPrivate(Schema):
    """What only the person, their supervisor chain and their library's admins see."""

    employments: list[EmploymentOut] = Field(description="All employments, past ones too.")
    credentials: list[CredentialOut]
    experience: list[ExperienceOut]


class PersonDetail(PersonSummary):
    phone: str
    bio: str
    private: PersonPrivate | None = Field(
        description="Null unless you may see this person's private record."
    )

    @staticmethod
    def resolve_private(obj: Person) -> dict[str, Any] | None:
        # The endpoint attaches it only after checking the reader may see it.
        return getattr(obj, "private_record", None)


def _current_employments(person: Person) -> list[Employment]:
    prefetched = getattr(person, "current_employments", None)
    if prefetched is not None:
        return list(prefetched)
    return list(
        Employment.objects.filter(person=person)
        .current()
        .select_related("library", "branch", "job_class")
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The token's first characters, to tell tokens apart.")
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="The token itself. It is shown only this once: keep it.")


# --- filters ------------------------------------------------------------------------------


class PeopleFilter(QuerySchema):
    q: str | None = Field(None, max_length=100, description="Part of a name or e-mail address.")
    library: Id | None = None
    branch: Id | None = None
    region: Id | None = None
    job_class: Id | None = None
    hours: Literal["part", "full"] | None = Field(
        None, description="Part-time or full-time in a current employment."
    )


class EmploymentFilter(QuerySchema):
    person: Id | None = None
    library: Id | None = None
    current: bool | None = Field(None, description="Only current (true) or past (false) ones.")


class CredentialFilter(QuerySchema):
    person: Id | None = None
    kind: CredentialKind | None = None
    status: CredentialStatus | None = None


# --- input --------------------------------------------------------------------------------


class PersonUpdate(InputSchema):
    first_name: str = omittable(max_length=150)
    last_name: str = omittable(max_length=150)
    preferred_name: str = omittable(max_length=150)
    pronouns: str = omittable(max_length=40)
    phone: str = omittable(max_length=40)
    bio: str = omittable(max_length=5000)
    is_mentor: bool = omittable()
    email: str = omittable(
        max_length=254, description="The sign-in address: changed by a library's admin only."
    )


class EmploymentFields(InputSchema):
    branch: Id | None = Field(None, description="A branch of the employment's library.")
    title: str = omittable(max_length=120)
    benefits_eligible: bool = omittable()
    supervisor: Id | None = Field(None, description="A person you can see in the directory.")
    end_date: dt.date | None = None


class EmploymentCreate(EmploymentFields):
    library: Id
    job_class: Id
    weekly_hours: Decimal = Field(ge=1, le=60, max_digits=4, decimal_places=1)
    start_date: dt.date


class EmploymentUpdate(EmploymentFields):
    job_class: Id = omittable()
    weekly_hours: Decimal = omittable(ge=1, le=60, max_digits=4, decimal_places=1)
    start_date: dt.date = omittable()


class EmploymentEnd(InputSchema):
    end_date: dt.date


class CredentialFields(InputSchema):
    status: CredentialStatus = omittable()
    degree_level: EducationLevelValue | None = Field(None, description="For a degree.")
    field: str = omittable(max_length=200, description="Field of study, for a degree.")
    institution: str = omittable(max_length=200)
    accredited: bool = omittable(description="For an MLS/MLIS: is it ALA-accredited?")
    certification_type: Id | None = Field(None, description="For a certification.")
    issuer: str = omittable(max_length=200)
    expires_on: dt.date | None = None
    renewal_hours: Decimal | None = Field(None, ge=0, le=99999, max_digits=6, decimal_places=1)
    awarded_on: dt.date | None = None
    started_on: dt.date | None = None


class CredentialCreate(CredentialFields):
    kind: CredentialKind


class CredentialUpdate(CredentialFields):
    kind: CredentialKind = omittable()


class TokenCreate(InputSchema):
    name: str = Field(min_length=1, max_length=100, description="What the token is for.")
