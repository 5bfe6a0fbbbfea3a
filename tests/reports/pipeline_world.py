"""A small hand-built pipeline at Riverside (tests/conftest.py's world), FY 2025 (July to June).

Now (30 June 2026): Bob a page since 2019 (stuck), Erin an assistant since Sep 2025 (a page
before), Fay in library school since Sep 2024, Gus degree completed Dec 2025, Hal promoted to
Librarian II in Nov 2025 (degree May 2025). Ivy stayed through her commitment, Jay left early
and owes a repayment. One opening filled internally (Hal), one externally (Kim); Lou went from
part-time to full-time. Fay's certification expires within 90 days of today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from ladder.openings.models import Application, Opening
from ladder.people.models import EducationLevel, Person
from ladder.tuition.models import Claim, Enrolment, Programme, ProgrammeBudget, Promotion
from tests import factories as f

D = dt.date
YEAR = "2025"


@dataclass
class Pipeline:
    erin: Person
    fay: Person
    gus: Person
    hal: Person
    ivy: Person
    jay: Person
    kim: Person
    lou: Person


def mls(person: Person, awarded: dt.date) -> None:
    f.CredentialFactory(
        person=person,
        degree_level=EducationLevel.MLS,
        field="Library science",
        accredited=True,
        awarded_on=awarded,
    )


def build(world) -> Pipeline:
    lib = world.riverside
    ladder = f.LadderFactory(library=lib)
    for position, job_class in enumerate(
        [world.page, world.assistant, world.librarian2, world.manager], start=1
    ):
        f.LadderStepFactory(ladder=ladder, job_class=job_class, position=position)
    lib.ladder = ladder
    lib.save()

    def person(first: str, last: str) -> Person:
        return f.PersonFactory(first_name=first, last_name=last, email=f"{first.lower()}@r.example")

    def job(who, job_class, start, end=None, hours="20"):
        return f.EmploymentFactory(
            person=who,
            library=lib,
            job_class=job_class,
            start_date=start,
            end_date=end,
            weekly_hours=Decimal(hours),
        )

    erin, fay, gus, hal = (person(n, "Pipe") for n in ("Erin", "Fay", "Gus", "Hal"))
    ivy, jay, kim, lou = (person(n, "Grow") for n in ("Ivy", "Jay", "Kim", "Lou"))
    job(erin, world.page, D(2020, 1, 1), D(2025, 8, 31))
    job(erin, world.assistant, D(2025, 9, 1))
    job(fay, world.assistant, D(2021, 1, 1))
    job(gus, world.assistant, D(2018, 1, 1))
    mls(gus, D(2025, 12, 15))
    old = job(hal, world.assistant, D(2017, 1, 1), D(2025, 10, 31))
    job(hal, world.librarian2, D(2025, 11, 1), hours="40")
    mls(hal, D(2025, 5, 1))
    job(ivy, world.librarian2, D(2015, 1, 1), hours="40")
    job(jay, world.librarian2, D(2015, 1, 1), D(2025, 12, 31), hours="40")
    job(kim, world.librarian2, D(2025, 10, 1), hours="40")
    job(lou, world.assistant, D(2022, 1, 1), D(2025, 9, 30), hours="20")
    job(lou, world.assistant, D(2025, 10, 1), hours="40")
    Promotion.objects.create(
        person=hal,
        library=lib,
        from_employment=old,
        to_job_class=world.librarian2,
        effective_date=D(2025, 11, 1),
        status=Promotion.Status.ACCEPTED,
    )

    programme = Programme.objects.create(
        name="Riverside grows its own",
        sponsor=lib,
        reimbursement_percent=Decimal("100"),
        cap_per_year=Decimal("5000"),
        cap_lifetime=Decimal("12000"),
        service_months=24,
    )
    ProgrammeBudget.objects.create(programme=programme, fiscal_year=2025, amount=Decimal("10000"))

    def enrol(who, status, **extra):
        return Enrolment.objects.create(
            programme=programme,
            person=who,
            library=lib,
            institution="Kent State University",
            degree_level=EducationLevel.MLS,
            accredited=True,
            expected_start=D(2020, 8, 25),
            expected_end=D(2026, 5, 15),
            status=status,
            **extra,
        )

    fays = enrol(fay, Enrolment.Status.ENROLLED, enrolled_on=D(2024, 9, 1))
    enrol(
        ivy,
        Enrolment.Status.COMPLETED,
        enrolled_on=D(2019, 9, 1),
        completed_on=D(2021, 12, 15),
        commitment_starts_on=D(2022, 1, 1),
        commitment_months=24,
    )
    jays = enrol(
        jay,
        Enrolment.Status.COMPLETED,
        enrolled_on=D(2022, 9, 1),
        completed_on=D(2024, 12, 15),
        commitment_starts_on=D(2025, 1, 1),
        commitment_months=24,
    )

    def claim(enrolment, term, status, amount, **extra):
        return Claim.objects.create(
            enrolment=enrolment,
            term=term,
            term_ends_on=D(2025, 12, 15),
            courses="LIS 60600",
            credits=Decimal("3"),
            tuition_cost=Decimal(amount),
            status=status,
            approved_amount=Decimal(amount),
            fiscal_year=2025,
            **extra,
        )

    claim(fays, "Fall 2025", Claim.Status.APPROVED, "1500")
    claim(
        fays,
        "Summer 2025",
        Claim.Status.PAID,
        "2000",
        reimbursement=Decimal("2000"),
        paid_on=D(2025, 9, 1),
    )
    Claim.objects.create(
        enrolment=jays,
        term="Fall 2024",
        term_ends_on=D(2024, 12, 15),
        courses="LIS 60600",
        credits=Decimal("3"),
        tuition_cost=Decimal("4000"),
        status=Claim.Status.PAID,
        approved_amount=Decimal("4000"),
        reimbursement=Decimal("4000"),
        fiscal_year=2024,
        paid_on=D(2024, 12, 20),
    )

    published = timezone.make_aware(dt.datetime(2025, 9, 1, 9, 0))
    for who in (hal, kim):
        opening = Opening.objects.create(
            library=lib,
            job_class=world.librarian2,
            weekly_hours=Decimal("40"),
            status=Opening.Status.FILLED,
            published_at=published,
        )
        Application.objects.create(opening=opening, person=who, status=Application.Status.HIRED)
    return Pipeline(erin, fay, gus, hal, ivy, jay, kim, lou)
