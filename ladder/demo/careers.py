"""Demo data: development plans and yearly evaluations.

- Claire Donnelly (Maple County, Main Library), the assistant with a BA in film studies, has a
  plan toward Librarian I agreed by her supervisor Harold Jennings: reference and collection
  goals, an MLS application, the next state conference and Marcus Bell's devices session.
- Last year's evaluations of the Riverbend crew, written and signed by Denise Okafor and
  acknowledged by each person: Hannah Kowalski, a page, went to Marcus's technology training
  (above and beyond a page's duties); Rosa Delgado and Tyler Nguyen, pages who grew into
  assistants, took training beyond an assistant's job too; Marcus's mentoring shows.
- This year's evaluation of Hannah is in progress: Denise has started the narrative.

Everything goes through the services (checks, audit entries). Dates are relative to today.
Safe to run again: plans are found by (person, title), evaluations by (person, library,
period start), training records by (person, title, date); each step runs only if not done.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ladder.careers import evaluations as evals
from ladder.careers import plans
from ladder.careers.models import DevelopmentPlan, Evaluation
from ladder.learning.models import Offering, Session, TrainingRecord
from ladder.people.models import Employment, JobClass, Person
from ladder.skills.models import Competency

MAPLE = "maplecountylibrary.example"
CLAIRE = f"claire.donnelly@{MAPLE}"
HAROLD = f"harold.jennings@{MAPLE}"
DENISE = f"denise.okafor@{MAPLE}"
HANNAH = f"hannah.kowalski@{MAPLE}"
ROSA = f"rosa.delgado@{MAPLE}"
TYLER = f"tyler.nguyen@{MAPLE}"
MARCUS = f"marcus.bell@{MAPLE}"
PROVIDER = "Maple County District Library"
PLAN_TITLE = "From library assistant to Librarian I"


def _person(email: str) -> Person | None:
    return Person.objects.filter(email=email).first()


def seed_careers() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
    _claire_plan()
    _evaluations()


# --- Claire's plan ----------------------------------------------------------------------------


def _upcoming(title: str) -> Session | None:
    return (
        Session.objects.filter(offering__title=title, starts_at__gte=timezone.now())
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )


def _claire_plan() -> None:
    claire, harold = _person(CLAIRE), _person(HAROLD)
    if claire is None or harold is None:
        return
    today = timezone.localdate()
    plan = DevelopmentPlan.objects.filter(person=claire, title=PLAN_TITLE).first()
    if plan is None:
        target = (
            JobClass.objects.filter(code="librarian-i", library__isnull=True).order_by("pk").first()
        )
        plan = plans.plan_create(
            by=claire,
            person=claire,
            title=PLAN_TITLE,
            starts_on=dt.date(today.year, 1, 1),
            ends_on=dt.date(today.year + 1, 12, 31),
            target_job_class=target,
        )
    if not plan.goals.exists():
        for code, level, text in (
            ("ref-interview", 3, "Lead reference interviews on the adult services desk"),
            ("ref-searching", 3, "Search databases and the catalogue for patrons' questions"),
            ("coll-selection", 2, "Select the film collection with Harold"),
        ):
            competency = Competency.objects.filter(code=code).order_by("pk").first()
            plans.goal_add(
                by=claire,
                plan=plan,
                description=text,
                competency=competency,
                target_level=level if competency else None,
                due_on=dt.date(today.year + 1, 6, 30),
            )
        plans.goal_add(
            by=claire,
            plan=plan,
            description="Apply to an accredited MLS programme (for Librarian II later)",
            due_on=dt.date(today.year + 1, 3, 1),
        )
    for title, reason in (
        ("OVLA Annual Conference", "Meet reference librarians from across the state"),
        ("Patrons' devices, printing and Wi-Fi", "Technology help for the reference desk"),
    ):
        session = _upcoming(title)
        if session is not None and plan.status != DevelopmentPlan.Status.CLOSED:
            plans.session_add(by=claire, plan=plan, session=session, reason=reason)
    if plan.status == DevelopmentPlan.Status.DRAFT:
        plans.plan_agree(by=harold, plan=plan)
    if not plan.check_ins.exists():
        plans.check_in_add(
            by=harold,
            plan=plan,
            note=(
                "Claire shadows the adult services desk two afternoons a week. Next check-in "
                "after the conference: pick the MLS programmes to apply to."
            ),
        )


# --- evaluations ------------------------------------------------------------------------------

# (person, title, month, day, hours, reason): training last year beyond the person's job.
ABOVE_AND_BEYOND = [
    (
        HANNAH,
        "Patrons' devices, printing and Wi-Fi",
        11,
        12,
        "2",
        "Technology training outside a page's duties (shelving and circulation)",
    ),
    (
        HANNAH,
        "eBooks and e-readers: helping patrons",
        12,
        3,
        "2",
        "Technology training outside a page's duties; now helps patrons with Libby",
    ),
    (
        ROSA,
        "ILS reports and circulation statistics",
        5,
        14,
        "3",
        "Systems training beyond an assistant's job, toward the technician post",
    ),
    (
        TYLER,
        "Patrons' devices, printing and Wi-Fi",
        3,
        18,
        "2",
        "Covered the technology help desk for Marcus; beyond an assistant's duties",
    ),
]

NARRATIVES = {
    HANNAH: (
        "Hannah joined Riverbend as a page in September and quickly became a dependable "
        "part of the crew. She went to Marcus's technology trainings on her own initiative "
        "and now helps patrons with their devices and eBooks at the desk.",
        "Learn to search the catalogue for patrons; take the circulation desk basics.",
        "Thank you. I'd like to learn more about the catalogue next year.",
    ),
    ROSA: (
        "Rosa runs the holds shelf and trains new pages. Her work on the ILS circulation "
        "reports saved the branch hours each month.",
        "Complete the LSSC technology set; cover the technology desk one shift a week.",
        "Agreed. I want to work toward the technician post.",
    ),
    TYLER: (
        "Tyler covers the technology help desk when Marcus teaches, and patrons ask for "
        "him by name. Reliable on every shift.",
        "Readers' advisory training; lead one teen program.",
        "",
    ),
    MARCUS: (
        "Marcus teaches everyone at Riverbend, pages included, and volunteers as a mentor "
        "one-on-one. The branch's technology questions rarely leave the building.",
        "Document the device help desk procedures; mentor two more staff.",
        "Happy to keep teaching.",
    ),
}


def _above_and_beyond_records(year: int) -> None:
    for email, title, month, day, hours, reason in ABOVE_AND_BEYOND:
        person = _person(email)
        if person is None:
            continue
        offering = Offering.objects.filter(title=title).order_by("pk").first()
        TrainingRecord.objects.get_or_create(
            person=person,
            title=title,
            completed_on=dt.date(year, month, day),
            defaults={
                "offering": offering,
                "kind": offering.kind if offering else Offering.Kind.IN_HOUSE,
                "provider": PROVIDER,
                "hours": Decimal(hours),
                "status": TrainingRecord.Status.VERIFIED,
                "above_and_beyond": True,
                "above_and_beyond_reason": reason,
            },
        )


def _library_of(person: Person) -> int | None:
    job = Employment.objects.filter(person=person).current().order_by("-start_date").first()
    return job.library_id if job else None


def _evaluation(
    reviewer: Person, person: Person, start: dt.date, end: dt.date
) -> Evaluation | None:
    library_id = _library_of(person)
    if library_id is None:
        return None
    found = Evaluation.objects.filter(person=person, library_id=library_id, period_start=start)
    evaluation = found.first()
    if evaluation is None:
        evaluation = evals.evaluation_create(
            by=reviewer, person=person, period_start=start, period_end=end
        )
    return evaluation


def _evaluations() -> None:
    denise = _person(DENISE)
    if denise is None:
        return
    last_year = timezone.localdate().year - 1
    _above_and_beyond_records(last_year)
    start, end = dt.date(last_year, 1, 1), dt.date(last_year, 12, 31)
    for email, (narrative, goals, comment) in NARRATIVES.items():
        person = _person(email)
        if person is None:
            continue
        evaluation = _evaluation(denise, person, start, end)
        if evaluation is None:
            continue
        if evaluation.reviewer_signed_at is None:
            evals.evaluation_update(
                by=denise, evaluation=evaluation, narrative=narrative, goals=goals
            )
            evals.evaluation_sign(by=denise, evaluation=evaluation)
        if evaluation.person_signed_at is None:
            if comment:
                evals.evaluation_comment(by=person, evaluation=evaluation, comment=comment)
            evals.evaluation_sign(by=person, evaluation=evaluation)
    # This year's evaluation of Hannah: started, not signed.
    hannah = _person(HANNAH)
    if hannah is None:
        return
    year = timezone.localdate().year
    current = _evaluation(denise, hannah, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if current is not None and not current.narrative and current.reviewer_signed_at is None:
        evals.evaluation_update(
            by=denise,
            evaluation=current,
            narrative=(
                "Draft: Hannah asked Marcus to teach her the catalogue one-on-one and now "
                "finds books for patrons herself."
            ),
        )
