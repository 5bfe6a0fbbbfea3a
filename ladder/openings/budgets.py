"""Workforce budget: the Django side of ``ladder.openings.personnel_cost`` (pay, budgets, what-ifs).

Pay and budgets are private to the library's admins (and site admins). Every figure must be
zero or more; a bad figure is refused with a message and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from ladder.core import limits
from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.policies import require
from ladder.openings import personnel_cost as calc
from ladder.openings.models import BudgetScenario, EmploymentPay, LibraryBudget
from ladder.openings.policies import can_manage_budget
from ladder.orgs.duties import require_decider
from ladder.orgs.models import Library
from ladder.people.models import Employment, Person

BUDGET_FIELDS = ["salaries", "benefits", "total_operating", "threshold_percent", "source"]


def _money(
    value: Any, name: str, label: str, errors: dict[str, str], high: Decimal
) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors[name] = f"{label} must be a number."
        return None
    if not number.is_finite():
        errors[name] = f"{label} must be a number."
    elif number < 0:
        errors[name] = f"{label} cannot be negative."
    elif number > high:
        errors[name] = f"{label}: enter at most {limits.written(high)}."
    return number


# --- selectors ------------------------------------------------------------------------------


def pay_lines(library: Library) -> QuerySet[Employment]:
    return (
        Employment.objects.current()
        .filter(library=library)
        .select_related("person", "job_class", "branch", "pay")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def latest_budget(library: Library) -> LibraryBudget | None:
    return LibraryBudget.objects.filter(library=library).order_by("-fiscal_year").first()


def budget_inputs(budget: LibraryBudget) -> calc.BudgetInputs:
    """The pure module's inputs: the budget's lines and the current staff's pay (2 queries)."""
    lines = tuple(
        calc.PayLine(
            employment_id=job.pk,
            label=f"{job.person.display_name} ({job.job_class.name})",
            weekly_hours=float(job.weekly_hours),
            hourly_wage=float(job.pay.hourly_wage),
            benefits_eligible=job.benefits_eligible,
            annual_benefits=float(job.pay.annual_benefits),
        )
        for job in pay_lines(budget.library)
        if hasattr(job, "pay")
    )
    return calc.BudgetInputs(
        total_operating=float(budget.total_operating),
        threshold_percent=float(budget.threshold_percent),
        salaries=float(budget.salaries),
        benefits=float(budget.benefits),
        full_time_hours=float(budget.library.full_time_threshold),
        lines=lines,
    )


def evaluate(
    budget: LibraryBudget, changes: Sequence[Mapping[str, Any]]
) -> tuple[calc.Figures, calc.Figures]:
    """Before and after the changes; bad changes raise ValidationError naming the change."""
    try:
        return calc.evaluate(budget_inputs(budget), changes)
    except calc.BudgetError as exc:
        raise ValidationError({exc.field: exc.message}) from None


# --- services -------------------------------------------------------------------------------


def require_pay_setter(by: Person, employment: Employment) -> None:
    """The library's admins set pay, never their own (another admin or the site admin does).
    Not the network coordinator: salaries are private to the library (DESIGN.md)."""
    require_decider(
        access_for(by),
        subject_person_id=employment.person_id,
        library_id=employment.library_id,
        library_name=employment.library.name,
        action="set your own pay",
        fallback_message="Only the library's admins see and change pay and budgets.",
        coordinator=False,
    )


def pay_set(
    *, by: Person, employment: Employment, hourly_wage: Any, annual_benefits: Any = 0
) -> EmploymentPay:
    require_pay_setter(by, employment)
    errors: dict[str, str] = {}
    wage = _money(hourly_wage, "hourly_wage", "The hourly wage", errors, limits.HOURLY_WAGE_MAX)
    benefits = _money(
        annual_benefits or 0,
        "annual_benefits",
        "The benefits cost",
        errors,
        limits.ANNUAL_PAY_MAX,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pay = EmploymentPay.objects.select_for_update().filter(employment=employment).first()
        before = (str(pay.hourly_wage), str(pay.annual_benefits)) if pay else (None, None)
        if pay is None:
            pay = EmploymentPay(employment=employment)
        pay.hourly_wage, pay.annual_benefits = wage, benefits  # type: ignore[assignment]
        pay.save()
        log_action(
            actor=by,
            action="pay.set",
            obj=pay,
            summary=str(employment.person),
            changes={
                "hourly_wage": [before[0], str(wage)],
                "annual_benefits": [before[1], str(benefits)],
            },
        )
    return pay


def budget_set(*, by: Person, library: Library, fiscal_year: int, **values: Any) -> LibraryBudget:
    """Create or update the library's budget for a fiscal year."""
    require(can_manage_budget, access_for(by), library)
    unknown = set(values) - set(BUDGET_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected budget fields: {sorted(unknown)}")
    errors: dict[str, str] = {}
    try:
        year_ok = 1990 <= int(fiscal_year) <= 2100
    except (TypeError, ValueError):
        year_ok = False
    if not year_ok:
        errors["fiscal_year"] = "A fiscal year between 1990 and 2100."
    labels = {
        "salaries": "Salaries",
        "benefits": "Benefits",
        "total_operating": "Total operating expenditure",
        "threshold_percent": "The threshold",
    }
    cleaned: dict[str, Any] = {}
    for name, label in labels.items():
        if name in values:
            cleaned[name] = _money(values[name], name, label, errors, limits.BUDGET_MAX)
    threshold = cleaned.get("threshold_percent")
    if threshold is not None and "threshold_percent" not in errors and threshold > 100:
        errors["threshold_percent"] = "The threshold is a percentage of at most 100."
    if errors:
        raise ValidationError(errors)
    if "source" in values:
        cleaned["source"] = str(values["source"] or "")[:100]
    with transaction.atomic():
        budget = (
            LibraryBudget.objects.select_for_update()
            .filter(library=library, fiscal_year=fiscal_year)
            .first()
        )
        is_new = budget is None
        if budget is None:
            missing = [
                labels[n] for n in ("salaries", "benefits", "total_operating") if n not in cleaned
            ]
            if missing:
                raise ValidationError(f"Give {', '.join(missing)}.")
            budget = LibraryBudget(library=library, fiscal_year=fiscal_year)
        before = {name: getattr(budget, name, None) for name in BUDGET_FIELDS}
        for name, value in cleaned.items():
            setattr(budget, name, value)
        budget.save()
        log_action(
            actor=by,
            action="budget.created" if is_new else "budget.updated",
            obj=budget,
            summary=str(budget),
            changes={
                name: [before[name], getattr(budget, name)]
                for name in BUDGET_FIELDS
                if str(before[name]) != str(getattr(budget, name))
            },
        )
    return budget


def budget_scenario_save(
    *, by: Person, budget: LibraryBudget, name: str, changes: Sequence[Mapping[str, Any]]
) -> BudgetScenario:
    """Evaluate the what-if and keep it with its figures."""
    require(can_manage_budget, access_for(by), budget.library)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Name the scenario."})
    if not changes:
        raise ValidationError({"changes": "Add at least one change."})
    before, after = evaluate(budget, changes)
    with transaction.atomic():
        scenario = BudgetScenario.objects.create(
            budget=budget,
            name=name[:200],
            changes=[dict(c) for c in changes],
            result={"before": before.as_dict(), "after": after.as_dict()},
            created_by=by,
        )
        log_action(actor=by, action="budget_scenario.created", obj=scenario, summary=name)
    return scenario
