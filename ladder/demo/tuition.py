"""Demo data: grow your own (issue #6) at Pine Hollow Public Library.

The State Library of Ohio sponsors Pine Hollow's programme. Jolene Harper and Travis Mullins
graduated with the MLS and were promoted from library assistant to Librarian II (accepted
promotions joining their two employment lines); Kayla Brewer is enrolled with three claims
(paid, approved, submitted); Shelby Tackett, a Pine Hollow assistant, finished her bachelor's
through the programme and was promoted to Librarian I. Idempotent: every row is found again
by its natural key.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ladder.core.audit import log_action
from ladder.demo.seeding import Seeder, years_ago
from ladder.orgs.models import Library, Role
from ladder.people.models import Credential, EducationLevel, Employment, JobClass, Person
from ladder.tuition.models import Claim, Enrolment, Programme, ProgrammeBudget, Promotion
from ladder.tuition.repayment import fiscal_year_of

PROGRAMME = "Grow Your Own Librarians"
DOMAIN = "pinehollowlibrary.example"


def _class(code: str) -> JobClass:
    found = JobClass.objects.filter(code=code, library__isnull=True).order_by("pk").first()
    assert found is not None, code
    return found


def _state_library(s: Seeder) -> tuple[Library, Person]:
    state, _ = Library.objects.update_or_create(
        slug="state-library-of-ohio",
        defaults={
            "name": "State Library of Ohio",
            "kind": Library.Kind.SPECIAL,
            "city": "Columbus",
            "state": "OH",
            "fiscal_year_start_month": 7,
            "locale": "11",
        },
    )
    marcia = s.person(
        "marcia.feld@library.ohio.example",
        "Marcia",
        "Feld",
        bio="Library development consultant at the State Library: runs the grow-your-own grant.",
    )
    Role.objects.get_or_create(person=marcia, kind=Role.Kind.LIBRARY_ADMIN, library=state)
    return state, marcia


def _claim(
    enrolment: Enrolment,
    term: str,
    ends: dt.date,
    tuition: str,
    status: str,
    approver: Person,
    *,
    grade: str = "",
    fees: str = "120",
) -> None:
    programme = enrolment.programme
    fields: dict[str, object] = {
        "term_ends_on": ends,
        "courses": "LIS core course\nLIS elective",
        "credits": Decimal("6"),
        "tuition_cost": Decimal(tuition),
        "fees_cost": Decimal(fees),
        "books_cost": Decimal("85"),
        "status": status,
        "submitted_by": enrolment.person,
    }
    if status in (Claim.Status.APPROVED, Claim.Status.PAID):
        covered = Decimal(tuition) + Decimal(fees)
        amount = (covered * programme.reimbursement_percent / 100).quantize(Decimal("0.01"))
        approved_on = ends + dt.timedelta(days=10)
        fields.update(
            approved_amount=amount,
            fiscal_year=fiscal_year_of(approved_on, 7),
            approved_by=approver,
            approved_at=timezone.make_aware(dt.datetime.combine(approved_on, dt.time(10))),
            grade=grade,
            reimbursement=amount if grade else None,
        )
        if status == Claim.Status.PAID:
            fields.update(paid_on=ends + dt.timedelta(days=30), paid_by=approver)
    Claim.objects.update_or_create(enrolment=enrolment, term=term, defaults=fields)


def _graduate(
    programme: Programme,
    person: Person,
    credential: Credential,
    old: Employment,
    new: Employment,
    decided_by: Person,
    sponsor_admin: Person,
) -> None:
    """A completed enrolment with paid claims and the accepted promotion old → new."""
    assert credential.awarded_on is not None and credential.started_on is not None
    assert credential.degree_level is not None
    enrolment, _ = Enrolment.objects.update_or_create(
        programme=programme,
        person=person,
        defaults={
            "library": old.library,
            "employment": old,
            "institution": credential.institution,
            "degree_level": credential.degree_level,
            "field": credential.field,
            "accredited": credential.accredited,
            "expected_start": credential.started_on,
            "expected_end": credential.awarded_on,
            "status": Enrolment.Status.COMPLETED,
            "library_decided_by": decided_by,
            "sponsor_decided_by": sponsor_admin,
            "enrolled_on": credential.started_on,
            "credential": credential,
            "completed_on": credential.awarded_on,
            "commitment_starts_on": credential.awarded_on,
            "commitment_months": programme.service_months,
        },
    )
    start = credential.started_on
    for n in range(3):
        ends = dt.date(start.year + (n + 1) // 2, 12 if n % 2 == 0 else 5, 15)
        term = f"{'Fall' if n % 2 == 0 else 'Spring'} {ends.year}"
        _claim(enrolment, term, ends, "3600", Claim.Status.PAID, sponsor_admin, grade="A")
    promotion, created = Promotion.objects.update_or_create(
        person=person,
        from_employment=old,
        to_job_class=new.job_class,
        defaults={
            "library": old.library,
            "effective_date": new.start_date,
            "reason": Promotion.Reason.DEGREE,
            "detail": f"{credential.title} from {credential.institution}",
            "enrolment": enrolment,
            "status": Promotion.Status.ACCEPTED,
            "proposed_by": decided_by,
            "decided_by": decided_by,
            "decided_at": timezone.make_aware(dt.datetime.combine(new.start_date, dt.time(9))),
            "new_employment": new,
        },
    )
    if created:
        log_action(
            actor=decided_by,
            action="tuition.promotion.accepted",
            obj=promotion,
            summary=f"{person}: {old.job_class} → {new.job_class} "
            f"from {new.start_date.isoformat()}",
            changes={
                "status": ["proposed", "accepted"],
                "job_class": [old.job_class.name, new.job_class.name],
                "employment": [old.pk, new.pk],
            },
        )


def seed_tuition() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
    pine = Library.objects.filter(slug="pine-hollow").first()
    if pine is None:
        return
    ruth = Person.objects.get(email=f"ruthann.caldwell@{DOMAIN}")
    s = Seeder(password_hash=ruth.password)
    state, marcia = _state_library(s)
    assistant, lib1, lib2 = (
        _class("library-assistant"),
        _class("librarian-i"),
        _class("librarian-ii"),
    )
    programme, _ = Programme.objects.update_or_create(
        name=PROGRAMME,
        sponsor=state,
        defaults={
            "description": (
                "The State Library's grant reimburses rural assistants' library-school tuition: "
                "a bachelor's earns Librarian I, the MLS Librarian II."
            ),
            "min_tenure_months": 12,
            "reimbursement_percent": Decimal("80"),
            "covers_tuition": True,
            "covers_fees": True,
            "covers_books": False,
            "cap_per_year": Decimal("6000"),
            "cap_lifetime": Decimal("18000"),
            "min_grade": "B",
            "service_months": 24,
        },
    )
    programme.libraries.set([pine])
    programme.eligible_job_classes.set([assistant])
    this_year = fiscal_year_of(timezone.localdate(), 7)
    for year in range(this_year - 8, this_year + 1):
        ProgrammeBudget.objects.update_or_create(
            programme=programme, fiscal_year=year, defaults={"amount": Decimal("25000")}
        )

    for email in (f"jolene.harper@{DOMAIN}", f"travis.mullins@{DOMAIN}"):
        person = Person.objects.get(email=email)
        old = Employment.objects.get(person=person, library=pine, job_class=assistant)
        new = Employment.objects.get(person=person, library=pine, job_class=lib2)
        mls = Credential.objects.get(person=person, degree_level=EducationLevel.MLS)
        _graduate(programme, person, mls, old, new, ruth, marcia)

    # Kayla: enrolled, with a paid, an approved and a submitted claim.
    kayla = Person.objects.get(email=f"kayla.brewer@{DOMAIN}")
    mls = Credential.objects.get(person=kayla, degree_level=EducationLevel.MLS)
    job = Employment.objects.get(person=kayla, library=pine, job_class=assistant)
    assert mls.started_on is not None
    enrolment, _ = Enrolment.objects.update_or_create(
        programme=programme,
        person=kayla,
        defaults={
            "library": pine,
            "employment": job,
            "institution": mls.institution,
            "degree_level": EducationLevel.MLS,
            "field": mls.field,
            "accredited": True,
            "expected_start": mls.started_on,
            "expected_end": years_ago(-2, 5, 15),
            "status": Enrolment.Status.ENROLLED,
            "library_decided_by": ruth,
            "sponsor_decided_by": marcia,
            "enrolled_on": mls.started_on,
            "credential": mls,
        },
    )
    start = mls.started_on
    _claim(
        enrolment,
        f"Fall {start.year}",
        dt.date(start.year, 12, 15),
        "3600",
        Claim.Status.PAID,
        marcia,
        grade="A-",
    )
    _claim(
        enrolment,
        f"Spring {start.year + 1}",
        dt.date(start.year + 1, 5, 10),
        "3600",
        Claim.Status.APPROVED,
        marcia,
    )
    _claim(
        enrolment,
        f"Fall {start.year + 1}",
        dt.date(start.year + 1, 12, 15),
        "3800",
        Claim.Status.SUBMITTED,
        marcia,
    )

    # Shelby: assistant → bachelor's through the programme → Librarian I.
    main = pine.branches.filter(name="Pine Hollow Library").first()
    shelby = s.person(
        f"shelby.tackett@{DOMAIN}",
        "Shelby",
        "Tackett",
        bio="Grow-your-own graduate: a bachelor's online, then Librarian I at Pine Hollow.",
    )
    s.degree(shelby, EducationLevel.SECONDARY, "", "Hollis County High School", awarded=(14, 6, 1))
    ba = s.degree(
        shelby,
        EducationLevel.BACHELOR,
        "Communication",
        "Ohio University eCampus",
        started=(4, 8, 20),
        awarded=(1, 5, 5),
    )
    crew = s.crew(pine, DOMAIN, {"library-assistant": assistant, "librarian-i": lib1})
    old = crew.job(
        shelby, "library-assistant", "40", (9, 3, 1), until=(1, 6, 30), at=main, boss=ruth
    )
    new = crew.job(
        shelby, "librarian-i", "40", (1, 7, 1), at=main, boss=ruth, title="Outreach Librarian"
    )
    _graduate(programme, shelby, ba, old, new, ruth, marcia)
