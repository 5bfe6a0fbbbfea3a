"""Demo data: openings, pay and budgets, a succession scenario.

- Maple County District Library (the large public system) opens a full-time library assistant
  post at Riverbend ("more hours for a part-time post"), first to the network's staff. Tyler
  Nguyen, a part-time assistant there who asked for full-time work, applies; so does Jamal
  Washington; Patricia Lindqvist (HR) invites Sophie Brennan from Eastgate.
- Pay for every current Maple County and Brookfield employment, and each library's budget for
  the fiscal year, so the workforce budget page has figures and what-ifs.
- Brookfield College Library (the small academic library): "If Megan Fischer moves up" — her
  interlibrary loan, reserves and student-supervision hats redistributed among the librarians,
  and what nobody can take drafted as an opening.

Idempotent: rows are found by natural keys (the opening by library and title, applications
by opening and person, the scenario by library and name) before anything is created.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ladder.demo.names import email_local_part
from ladder.openings.models import (
    Application,
    EmploymentPay,
    LibraryBudget,
    Opening,
    OpeningCompetency,
    SuccessionScenario,
)
from ladder.openings.scenarios import scenario_draft_opening, scenario_run
from ladder.orgs.models import Branch, Library
from ladder.people.models import Employment, JobClass, Person
from ladder.skills.interests import interest_of, interest_update
from ladder.skills.models import Competency, Evidence, EvidenceKind
from ladder.skills.ratings import evidence_record_system

MAPLE = "maplecountylibrary.example"
BROOKFIELD = "brookfieldcollege.example"
OPENING_TITLE = "Library Assistant, full-time (Riverbend)"
SCENARIO_NAME = "If Megan Fischer moves up"
# Hourly wages by job class code (Ohio public and academic libraries, roughly).
WAGES = {
    "page": "12.50",
    "student-assistant": "11.00",
    "library-assistant": "17.25",
    "library-technician": "19.50",
    "librarian-i": "24.00",
    "librarian-ii": "28.50",
    "branch-manager": "33.00",
    "director": "46.00",
}
DEFAULT_WAGE = "26.00"
BENEFITS = Decimal("14500")
BUDGETS = {
    # library slug: (salaries, benefits, total operating expenditure, threshold %)
    "maple-county": ("7900000", "2650000", "14800000", "72"),
    "brookfield-college": ("520000", "168000", "1450000", "55"),
}


def _e(domain: str, first: str, last: str) -> str:
    return f"{email_local_part(first, last)}@{domain}"


def _person(domain: str, first: str, last: str) -> Person:
    return Person.objects.get(email=_e(domain, first, last))


def seed_openings() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
    maple = Library.objects.get(slug="maple-county")
    brookfield = Library.objects.get(slug="brookfield-college")
    _pay_and_budget(maple)
    _pay_and_budget(brookfield)
    _maple_opening(maple)
    _brookfield_scenario(brookfield)


def _pay_and_budget(library: Library) -> None:
    for job in Employment.objects.current().filter(library=library).select_related("job_class"):
        EmploymentPay.objects.get_or_create(
            employment=job,
            defaults={
                "hourly_wage": Decimal(WAGES.get(job.job_class.code, DEFAULT_WAGE)),
                "annual_benefits": BENEFITS if job.benefits_eligible else Decimal("0"),
            },
        )
    salaries, benefits, total, threshold = BUDGETS[library.slug]
    today = timezone.localdate()
    year = today.year if today.month >= library.fiscal_year_start_month else today.year - 1
    LibraryBudget.objects.get_or_create(
        library=library,
        fiscal_year=year,
        defaults={
            "salaries": Decimal(salaries),
            "benefits": Decimal(benefits),
            "total_operating": Decimal(total),
            "threshold_percent": Decimal(threshold),
            "source": "Demo figures",
        },
    )


def _maple_opening(library: Library) -> None:
    patricia = _person(MAPLE, "patricia", "lindqvist")
    tyler = _person(MAPLE, "tyler", "nguyen")
    if interest_of(tyler) is None or not interest_of(tyler).wants_full_time:  # type: ignore[union-attr]
        interest_update(
            by=tyler,
            person=tyler,
            wants_full_time=True,
            topics="Full-time work at Riverbend; the ILS's circulation module.",
        )
    opening = Opening.objects.filter(library=library, title=OPENING_TITLE).first()
    if opening is None:
        today = timezone.localdate()
        opening = Opening.objects.create(
            library=library,
            branch=Branch.objects.get(library=library, name="Riverbend Branch"),
            job_class=JobClass.objects.get(network__isnull=False, code="library-assistant"),
            title=OPENING_TITLE,
            description=(
                "Riverbend's part-time assistant hours become one full-time post: circulation, "
                "holds and delivery, and technology help for patrons."
            ),
            weekly_hours=Decimal("40"),
            schedule="Two evenings a week and alternate Saturdays",
            benefits_eligible=True,
            benefits="Health, dental, OPERS pension, paid leave",
            reason=Opening.Reason.MORE_HOURS,
            status=Opening.Status.INTERNAL,
            internal_until=today + dt.timedelta(days=14),
            external_from=today + dt.timedelta(days=21),
            created_by=patricia,
            published_at=timezone.now(),
            notified_at=timezone.now(),
        )
    codes = {"ils-circulation": ("required", 2), "circ-handling": ("required", 2)}
    codes["tech-patron-help"] = ("preferred", 2)
    for code, (kind, level) in codes.items():
        competency = Competency.objects.filter(code=code).first()
        if competency is not None:
            OpeningCompetency.objects.get_or_create(
                opening=opening, competency=competency, defaults={"kind": kind, "level": level}
            )
    applicants = [
        (
            tyler,
            "I have covered Riverbend's evenings for two years and would love full-time "
            "hours; I already run holds and delivery.",
            None,
        ),
        (
            _person(MAPLE, "jamal", "washington"),
            "I would like more hours and to learn the technology desk from Marcus.",
            None,
        ),
        (_person(MAPLE, "sophie", "brennan"), "", patricia),
    ]
    for person, note, inviter in applicants:
        Application.objects.get_or_create(
            opening=opening,
            person=person,
            defaults={
                "note": note,
                "status": Application.Status.INVITED if inviter else Application.Status.APPLIED,
                "invited_by": inviter,
                "applied_at": None if inviter else timezone.now(),
            },
        )


# The backups' supervisor-confirmed levels: Grace can run interlibrary loan and Elaine can
# supervise the student workers; Samuel knows print reserves and copyright but not electronic
# reserves, so course reserves is the skill set to advertise.
BACKUP_LEVELS = {
    ("grace", "liu"): {"ill-borrowing": 3, "ill-lending": 3, "ill-systems": 3},
    ("elaine", "porter"): {"sup-student-workers": 3},
    ("samuel", "ortiz"): {"reserves-print": 3, "copyright-basics": 2, "reserves-electronic": 1},
}


def _backup_levels(elaine: Person) -> None:
    for (first, last), levels in BACKUP_LEVELS.items():
        person = _person(BROOKFIELD, first, last)
        for code, level in levels.items():
            ref = f"demo:openings:{code}"
            if Evidence.objects.filter(person=person, source_ref=ref).exists():
                continue
            evidence_record_system(
                person=person,
                competency=Competency.objects.get(framework__is_default=True, code=code),
                kind=EvidenceKind.SUPERVISOR,
                level=level,
                note="Confirmed when planning for Megan's move.",
                source_ref=ref,
                recorded_by=elaine if person != elaine else None,
            )


def _brookfield_scenario(library: Library) -> None:
    elaine = _person(BROOKFIELD, "elaine", "porter")
    megan = _person(BROOKFIELD, "megan", "fischer")
    _backup_levels(elaine)
    scenario = SuccessionScenario.objects.filter(library=library, name=SCENARIO_NAME).first()
    if scenario is None:
        scenario = SuccessionScenario.objects.create(
            library=library,
            name=SCENARIO_NAME,
            kind=SuccessionScenario.Kind.PERSON_LEAVES,
            person=megan,
            created_by=elaine,
        )
        scenario_run(scenario)
    if scenario.status == SuccessionScenario.Status.DONE and scenario.result.get("unassigned"):
        scenario_draft_opening(by=elaine, scenario=scenario)
