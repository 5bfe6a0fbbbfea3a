"""Networks, regions, libraries and branches."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ninja import Schema
from pydantic import Field

from ladder.api.schemas.common import (
    MAX_POSITIVE_INT,
    Id,
    InputSchema,
    QuerySchema,
    Ref,
    choices_literal,
    omittable,
)
from ladder.orgs.models import Branch, Library, Locale, Membership

if TYPE_CHECKING:
    LibraryKind = str
    BranchKind = str
    LocaleCode = str
else:
    LibraryKind = choices_literal(Library.Kind)
    BranchKind = choices_literal(Branch.Kind)
    LocaleCode = Literal[("", *Locale.values)]  # "" : not known

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class NetworkOut(Schema):
    id: int
    name: str
    slug: str
    state: str
    description: str
    website: str


class RegionOut(Schema):
    id: int
    network_id: int
    name: str


class MembershipOut(Schema):
    network_id: int
    joined_on: dt.date
    left_on: dt.date | None
    is_current: bool

    @staticmethod
    def resolve_is_current(obj: Membership) -> bool:
        return obj.is_current()


class LibraryOut(Schema):
    id: int
    name: str
    slug: str
    kind: LibraryKind
    region: Ref | None
    city: str
    county: str
    state: str
    fscs_key: str
    population_served: int | None
    locale: LocaleCode = Field(
        description="NCES locale code (11-13 city, 21-23 suburb, 31-33 town, 41-43 rural); "
        "empty when not known."
    )
    website: str
    full_time_threshold: float = Field(
        description="Weekly hours from which an employment counts as full-time."
    )
    ladder_id: int | None = Field(description="The career ladder the library uses.")
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: Library) -> list[Membership]:
        return list(obj.memberships.all())


class BranchOut(Schema):
    id: int
    library: Ref
    name: str
    kind: BranchKind
    address: str
    city: str
    postal_code: str
    latitude: float | None
    longitude: float | None
    weekly_hours: float | None = Field(description="Weekly opening hours.")
    square_feet: int | None


class RegionFilter(QuerySchema):
    network: Id | None = None


class LibraryFilter(QuerySchema):
    q: str | None = Field(None, max_length=100, description="Part of the name or city.")
    kind: LibraryKind | None = None
    region: Id | None = None
    network: Id | None = Field(None, description="Libraries that are or were members.")


class RegionCreate(InputSchema):
    network: Id
    name: str = Field(min_length=1, max_length=120)


class RegionUpdate(InputSchema):
    name: str = Field(min_length=1, max_length=120)


class BranchFilter(QuerySchema):
    q: str | None = Field(None, max_length=100, description="Part of the name or city.")
    library: Id | None = None


class LibraryFields(InputSchema):
    """Fields shared by creating and updating a library (all optional here)."""

    kind: LibraryKind = omittable()
    region: Id | None = Field(None, description="A region of the library's network.")
    city: str = omittable(max_length=120)
    county: str = omittable(max_length=120)
    state: str = omittable(max_length=2)
    fscs_key: str = omittable(max_length=10)
    population_served: int | None = Field(None, ge=0, le=MAX_POSITIVE_INT)
    locale: LocaleCode = omittable(
        description="NCES locale code from the Public Libraries Survey: 11-13 city, 21-23 "
        "suburb, 31-33 town, 41-43 rural (large/midsize/small, or fringe/distant/remote); "
        "empty when not known."
    )
    website: str = omittable(max_length=200)
    full_time_threshold: Decimal = omittable(ge=1, le=80, max_digits=4, decimal_places=1)


class LibraryCreate(LibraryFields):
    network: Id = Field(description="The network the library joins as a member.")
    joined_on: dt.date = omittable(description="When it joined the network; default today.")
    name: str = Field(min_length=1, max_length=200)
    slug: str = omittable(
        min_length=1,
        max_length=120,
        pattern=SLUG_PATTERN,
        description="A short name for addresses; made from the name when not given.",
    )


class LibraryUpdate(LibraryFields):
    name: str = omittable(min_length=1, max_length=200)
    slug: str = omittable(min_length=1, max_length=120, pattern=SLUG_PATTERN)


class BranchFields(InputSchema):
    kind: BranchKind = omittable()
    address: str = omittable(max_length=200)
    city: str = omittable(max_length=120)
    postal_code: str = omittable(max_length=10)
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    weekly_hours: Decimal | None = Field(None, ge=0, le=168, max_digits=5, decimal_places=1)
    square_feet: int | None = Field(None, ge=0, le=MAX_POSITIVE_INT)


class BranchCreate(BranchFields):
    library: Id
    name: str = Field(min_length=1, max_length=200)


class BranchUpdate(BranchFields):
    name: str = omittable(min_length=1, max_length=200)
