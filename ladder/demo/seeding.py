"""Upsert helpers for the named demo network: each row is found by its natural key, so seeding
twice updates in place and never duplicates. Per-row queries are fine for a few dozen people;
the statewide generator (statewide.py) bulk-creates instead.

Dates are written as (years ago, month, day) — a date in the calendar year that many years
before this one — so the stories stay true as time passes; negative years lie in the future.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypedDict

from django.utils import timezone
from typing_extensions import Unpack

from ladder.demo.names import email_local_part
from ladder.orgs.models import Branch, Library, Membership, Network, Region, Role
from ladder.people.models import (
    CertificationType,
    Credential,
    EducationLevel,
    Employment,
    JobClass,
    Ladder,
    Person,
    PriorExperience,
)
from ladder.people.services import PersonDetails

Ago = tuple[int, int, int]


class NetworkFields(TypedDict, total=False):
    """A demo network's fields besides its slug (Seeder.network)."""

    name: str
    state: str
    description: str
    website: str


class LibraryFields(TypedDict, total=False):
    """A demo library's fields besides its slug and region (Seeder.library)."""

    name: str
    kind: str
    city: str
    county: str
    state: str
    fscs_key: str
    population_served: int | None
    locale: str
    website: str
    full_time_threshold: Decimal
    registration_needs_approval: bool
    fiscal_year_start_month: int
    ladder: Ladder | None


class PersonFields(PersonDetails, total=False):
    """A demo person's profile details and staff flags (Seeder.person, Crew.person)."""

    is_staff: bool
    is_superuser: bool


def years_ago(years: int, month: int = 1, day: int = 1) -> dt.date:
    return dt.date(timezone.localdate().year - years, month, day)


def on(when: Ago | None) -> dt.date | None:
    return years_ago(*when) if when is not None else None


@dataclass
class Seeder:
    """Keeps the password hash shared by every demo person and the logins to print."""

    password_hash: str
    logins: list[tuple[str, Person]] = field(default_factory=list)

    # --- organisations ------------------------------------------------------------------

    def network(self, slug: str, **fields: Unpack[NetworkFields]) -> Network:
        network, _ = Network.objects.update_or_create(slug=slug, defaults=dict(fields))
        return network

    def region(self, network: Network, name: str) -> Region:
        region, _ = Region.objects.get_or_create(network=network, name=name)
        return region

    def library(
        self,
        network: Network,
        slug: str,
        *,
        region: str,
        joined: Ago,
        fee: str,
        left: Ago | None = None,
        **fields: Unpack[LibraryFields],
    ) -> Library:
        """A library and its membership of the network."""
        defaults: dict[str, Any] = {**fields, "region": network.regions.get(name=region)}
        library, _ = Library.objects.update_or_create(slug=slug, defaults=defaults)
        membership = Membership.objects.filter(network=network, library=library).first()
        membership = membership or Membership(network=network, library=library)
        membership.joined_on = years_ago(*joined)
        membership.left_on = on(left)
        membership.annual_fee = Decimal(fee)
        membership.save()
        return library

    def branch(
        self,
        library: Library,
        name: str,
        address: str,
        city: str,
        postal_code: str,
        where: tuple[str, str] | None,
        *,
        hours: str,
        sqft: int | None = None,
        kind: str = Branch.Kind.BRANCH,
    ) -> Branch:
        latitude, longitude = (Decimal(where[0]), Decimal(where[1])) if where else (None, None)
        branch, _ = Branch.objects.update_or_create(
            library=library,
            name=name,
            defaults={
                "kind": kind,
                "address": address,
                "city": city,
                "postal_code": postal_code,
                "latitude": latitude,
                "longitude": longitude,
                "weekly_hours": Decimal(hours),
                "square_feet": sqft,
            },
        )
        return branch

    def role(
        self,
        person: Person,
        kind: str,
        *,
        library: Library | None = None,
        network: Network | None = None,
    ) -> Role:
        role, _ = Role.objects.get_or_create(
            person=person, kind=kind, library=library, network=network
        )
        return role

    # --- people -------------------------------------------------------------------------

    def person(
        self,
        email: str,
        first_name: str,
        last_name: str,
        *,
        login_as: str = "",
        **fields: Unpack[PersonFields],
    ) -> Person:
        """A demo person; the password is reset on every run so the printed logins always work."""
        person, _ = Person.objects.update_or_create(
            email=email.lower(),
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "password": self.password_hash,
                **fields,
            },
        )
        if login_as:
            self.logins.append((login_as, person))
        return person

    def crew(self, library: Library, domain: str, classes: dict[str, JobClass]) -> Crew:
        return Crew(self, library, domain, classes)

    def degree(
        self,
        person: Person,
        level: EducationLevel,
        field_of_study: str,
        institution: str,
        *,
        awarded: Ago | None = None,
        started: Ago | None = None,
        accredited: bool = False,
    ) -> Credential:
        """A degree: awarded when `awarded` is given, else in progress."""
        credential, _ = Credential.objects.update_or_create(
            person=person,
            kind=Credential.Kind.DEGREE,
            degree_level=level,
            field=field_of_study,
            defaults={
                "institution": institution,
                "accredited": accredited,
                "status": Credential.Status.AWARDED if awarded else Credential.Status.IN_PROGRESS,
                "awarded_on": on(awarded),
                "started_on": on(started),
            },
        )
        return credential

    def diploma(self, person: Person, school: str, awarded: Ago) -> Credential:
        return self.degree(person, EducationLevel.SECONDARY, "", school, awarded=awarded)

    def mls(
        self,
        person: Person,
        institution: str,
        *,
        awarded: Ago | None = None,
        started: Ago | None = None,
    ) -> Credential:
        """An ALA-accredited MLS/MLIS."""
        return self.degree(
            person,
            EducationLevel.MLS,
            "Library and Information Science",
            institution,
            awarded=awarded,
            started=started,
            accredited=True,
        )

    def certification(
        self,
        person: Person,
        certification_type: CertificationType,
        awarded: Ago,
        expires: Ago,
        renewal_hours: str,
    ) -> Credential:
        credential, _ = Credential.objects.update_or_create(
            person=person,
            kind=Credential.Kind.CERTIFICATION,
            certification_type=certification_type,
            defaults={
                "issuer": certification_type.issuer,
                "status": Credential.Status.AWARDED,
                "awarded_on": years_ago(*awarded),
                "expires_on": years_ago(*expires),
                "renewal_hours": Decimal(renewal_hours),
            },
        )
        return credential

    def experience(
        self,
        person: Person,
        employer: str,
        role: str,
        start: Ago,
        end: Ago,
        hours: str,
        *,
        library_work: bool = True,
    ) -> PriorExperience:
        entry, _ = PriorExperience.objects.update_or_create(
            person=person,
            employer=employer,
            role=role,
            defaults={
                "start_date": years_ago(*start),
                "end_date": years_ago(*end),
                "hours_per_week": Decimal(hours),
                "is_library_work": library_work,
            },
        )
        return entry


@dataclass
class Crew:
    """One library's people: e-mail addresses at its domain, jobs from its job classes."""

    seeder: Seeder
    library: Library
    domain: str
    classes: dict[str, JobClass]

    def person(
        self, first_name: str, last_name: str, *, login_as: str = "", **fields: Unpack[PersonFields]
    ) -> Person:
        email = f"{email_local_part(first_name, last_name)}@{self.domain}"
        return self.seeder.person(email, first_name, last_name, login_as=login_as, **fields)

    def job(
        self,
        person: Person,
        job_class: str | JobClass,
        hours: str,
        since: Ago,
        *,
        until: Ago | None = None,
        at: Branch | None = None,
        boss: Person | None = None,
        title: str = "",
    ) -> Employment:
        """An employment, found again by (person, library, job class) on the next run."""
        if isinstance(job_class, str):
            job_class = self.classes[job_class]
        weekly_hours = Decimal(hours)
        employment, _ = Employment.objects.update_or_create(
            person=person,
            library=self.library,
            job_class=job_class,
            defaults={
                "branch": at,
                "weekly_hours": weekly_hours,
                "benefits_eligible": weekly_hours >= self.library.full_time_threshold,
                "supervisor": boss,
                "start_date": years_ago(*since),
                "end_date": on(until),
                "title": title,
            },
        )
        return employment
