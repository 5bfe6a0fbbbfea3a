"""Factories for test data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from ladder.orgs.models import Branch, Library, Membership, Network, Region, Role
from ladder.people.models import (
    Credential,
    EducationLevel,
    Employment,
    JobClass,
    Ladder,
    LadderStep,
    Person,
    PriorExperience,
)


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    state = "OH"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Region {n}")


class LibraryFactory(DjangoModelFactory):
    class Meta:
        model = Library

    name = factory.Sequence(lambda n: f"Library {n}")
    slug = factory.Sequence(lambda n: f"library-{n}")
    kind = Library.Kind.PUBLIC
    city = "Columbus"
    state = "OH"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    library = factory.SubFactory(LibraryFactory)
    joined_on = dt.date(2015, 1, 1)


class BranchFactory(DjangoModelFactory):
    class Meta:
        model = Branch

    library = factory.SubFactory(LibraryFactory)
    name = factory.Sequence(lambda n: f"Branch {n}")
    address = "1 Main St"
    city = "Columbus"
    latitude = Decimal("39.961176")
    longitude = Decimal("-82.998794")
    weekly_hours = Decimal("60")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class JobClassFactory(DjangoModelFactory):
    class Meta:
        model = JobClass

    name = factory.Sequence(lambda n: f"Job class {n}")
    code = factory.Sequence(lambda n: f"job-class-{n}")


class EmploymentFactory(DjangoModelFactory):
    class Meta:
        model = Employment

    person = factory.SubFactory(PersonFactory)
    library = factory.SubFactory(LibraryFactory)
    job_class = factory.SubFactory(JobClassFactory)
    weekly_hours = Decimal("20")
    start_date = dt.date(2020, 1, 6)


class CredentialFactory(DjangoModelFactory):
    class Meta:
        model = Credential

    person = factory.SubFactory(PersonFactory)
    kind = Credential.Kind.DEGREE
    degree_level = EducationLevel.BACHELOR
    field = "Film studies"
    institution = "Ohio State University"
    status = Credential.Status.AWARDED
    awarded_on = dt.date(2016, 5, 15)


class PriorExperienceFactory(DjangoModelFactory):
    class Meta:
        model = PriorExperience

    person = factory.SubFactory(PersonFactory)
    employer = "Campus bookstore"
    role = "Clerk"
    start_date = dt.date(2014, 9, 1)
    end_date = dt.date(2016, 5, 31)
    hours_per_week = Decimal("15")


class LadderFactory(DjangoModelFactory):
    class Meta:
        model = Ladder

    name = factory.Sequence(lambda n: f"Ladder {n}")


class LadderStepFactory(DjangoModelFactory):
    class Meta:
        model = LadderStep

    ladder = factory.SubFactory(LadderFactory)
    job_class = factory.SubFactory(JobClassFactory)
    position = factory.Sequence(lambda n: n + 1)


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    kind = Role.Kind.LIBRARY_ADMIN
