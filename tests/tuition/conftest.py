"""A grow-your-own world on top of `world`: Riverside's ladder (assistant → Librarian I →
Librarian II), the State Library of Ohio sponsoring a programme for Riverside, and tina, a
Riverside library assistant with a bachelor's degree (supervised by sam)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from ladder.orgs.models import Library, Role
from ladder.people.models import EducationLevel, JobClass, Person
from ladder.tuition import claims, enrolments
from ladder.tuition.models import Claim, Enrolment, Programme, ProgrammeBudget
from ladder.tuition.repayment import fiscal_year_of
from tests import factories as f


@dataclass
class Grow:
    state: Library
    stella: Person
    tina: Person
    librarian1: JobClass
    programme: Programme
    fiscal_year: int


@pytest.fixture
def grow(world) -> Grow:
    state = f.LibraryFactory(
        name="State Library of Ohio", slug="state-library", kind=Library.Kind.SPECIAL
    )
    stella = f.PersonFactory(email="stella@state.example", first_name="Stella", last_name="State")
    f.EmploymentFactory(
        person=stella, library=state, job_class=world.librarian2, start_date=dt.date(2015, 1, 1)
    )
    Role.objects.create(person=stella, kind=Role.Kind.LIBRARY_ADMIN, library=state)
    librarian1 = f.JobClassFactory(
        name="Librarian I",
        code="librarian-i",
        network=world.network,
        is_professional=True,
        min_education=EducationLevel.BACHELOR,
    )
    ladder = f.LadderFactory(name="Riverside ladder", network=None, library=world.riverside)
    for position, jc in enumerate(
        [world.page, world.assistant, librarian1, world.librarian2, world.manager], start=1
    ):
        f.LadderStepFactory(ladder=ladder, job_class=jc, position=position)
    Library.objects.filter(pk=world.riverside.pk).update(ladder=ladder)
    world.riverside.refresh_from_db()
    tina = f.PersonFactory(email="tina@riverside.example", first_name="Tina", last_name="Trainee")
    f.EmploymentFactory(
        person=tina,
        library=world.riverside,
        branch=world.riverside_main,
        job_class=world.assistant,
        weekly_hours=Decimal("40"),
        start_date=dt.date(2020, 1, 6),
        supervisor=world.sam,
    )
    f.CredentialFactory(
        person=tina,
        kind="degree",
        degree_level=EducationLevel.BACHELOR,
        status="awarded",
        awarded_on=dt.date(2018, 5, 1),
    )
    programme = Programme.objects.create(
        name="Grow Your Own Librarians",
        sponsor=state,
        min_tenure_months=12,
        reimbursement_percent=Decimal("80"),
        cap_per_year=Decimal("5000"),
        cap_lifetime=Decimal("12000"),
        min_grade="B",
        service_months=24,
    )
    programme.libraries.set([world.riverside])
    programme.eligible_job_classes.set([world.assistant])
    year = fiscal_year_of(timezone.localdate(), state.fiscal_year_start_month)
    ProgrammeBudget.objects.create(programme=programme, fiscal_year=year, amount=Decimal("20000"))
    return Grow(state, stella, tina, librarian1, programme, year)


def apply(grow: Grow, person: Person | None = None, **extra) -> Enrolment:
    fields = {
        "institution": "Kent State University",
        "degree_level": EducationLevel.MLS,
        "accredited": True,
        "expected_start": dt.date(2023, 8, 25),
        "expected_end": dt.date(2025, 5, 15),
    }
    fields.update(extra)
    return enrolments.enrolment_apply(by=person or grow.tina, programme=grow.programme, **fields)


def enrolled(world, grow: Grow, person: Person | None = None) -> Enrolment:
    enrolment = apply(grow, person)
    enrolments.enrolment_approve(by=world.alice, enrolment=enrolment)
    enrolments.enrolment_approve(by=grow.stella, enrolment=enrolment)
    enrolment.refresh_from_db()
    return enrolment


def submit(enrolment: Enrolment, term: str = "Fall 2024", tuition: str = "2000", **extra) -> Claim:
    fields = {
        "term_ends_on": dt.date(2024, 12, 15),
        "courses": "LIS 60600 Information Organization",
        "credits": "3",
        "tuition_cost": tuition,
        "fees_cost": "0",
    }
    fields.update(extra)
    return claims.claim_submit(by=enrolment.person, enrolment=enrolment, term=term, **fields)
