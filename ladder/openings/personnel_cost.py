"""Workforce budget arithmetic: personnel cost, its share of the budget, and what-ifs.

Pure: plain values in, plain values out, no Django. The page and the API read the figures
(``budget_inputs`` in ``ladder.openings.budgets``) and call ``evaluate``.

The rules
---------
- A post's wages are ``hourly wage x weekly hours x 52``; its benefits count only while it is
  benefits-eligible (DESIGN.md: "wages plus benefits for full-time staff").
- Personnel cost is taken from the budget's salaries and benefits lines when the library has
  entered them (its whole payroll, the Public Libraries Survey's SALARIES and BENEFIT columns
  in the statewide demo); otherwise it is added up from the staff's pay lines (a small library
  that records every post's pay and no budget lines). Pay lines recorded for only some posts
  would understate the payroll, so they never replace the budget's own lines; what-ifs price
  their changes from the pay lines either way.
- The share is personnel cost / total operating expenditure; the headroom is how much more
  personnel cost fits before the share reaches the library's threshold
  (``threshold % x total - personnel``; negative when already above).
- What-ifs, applied in order:
  ``full_time`` (an employment's hours raised to the full-time threshold or given hours, at its
  wage; it becomes benefits-eligible, costing its own benefits line or the library's average
  benefits per eligible post), ``add_post`` (hours, hourly wage, benefits-eligible with an
  annual benefits cost), ``remove_post`` (an employment's wages and benefits leave the
  payroll), ``merge_posts`` (two part-time posts become one full-time post: both leave the
  payroll, and a post of the full-time hours or given hours joins it at the better of the two
  wages or a given wage, benefits-eligible at the better of their benefits lines or the
  library's average), ``income_change`` (the total budget changes by a percentage, e.g. -10;
  personnel cost stays). A post removed or merged cannot be changed again later in the list.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from ladder.core import limits
from ladder.core.limits import (
    ANNUAL_PAY_MAX,
    HOURLY_WAGE_MAX,
    INCOME_CHANGE_MAX,
    WEEK_HOURS,
)

WEEKS_PER_YEAR = 52


class BudgetError(ValueError):
    """Bad input, with the field it is about (``field``) for the caller's error body."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class PayLine:
    employment_id: int
    label: str
    weekly_hours: float
    hourly_wage: float
    benefits_eligible: bool
    annual_benefits: float

    @property
    def wages(self) -> float:
        return self.hourly_wage * self.weekly_hours * WEEKS_PER_YEAR

    @property
    def benefits(self) -> float:
        return self.annual_benefits if self.benefits_eligible else 0.0


@dataclass(frozen=True)
class BudgetInputs:
    total_operating: float
    threshold_percent: float
    salaries: float = 0.0  # the budget's own lines; pay lines are summed only without them
    benefits: float = 0.0
    full_time_hours: float = 35.0
    lines: tuple[PayLine, ...] = ()


@dataclass
class Figures:
    wages: float
    benefits: float
    personnel: float
    total_operating: float
    share_percent: float | None  # None when the total is 0
    threshold_percent: float
    headroom: float
    above_threshold: bool
    source: str  # "pay lines" or "budget lines"
    steps: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _non_negative(value: Any, name: str, label: str, high: Decimal | None = None) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise BudgetError(name, f"{label} must be a number.") from None
    if not math.isfinite(number):
        raise BudgetError(name, f"{label} must be a finite number.")
    if number < 0:
        raise BudgetError(name, f"{label} cannot be negative.")
    if high is not None and number > high:
        raise BudgetError(name, f"{label}: enter at most {limits.written(high)}.")
    return number


def check_inputs(inputs: BudgetInputs) -> None:
    """Refuse negative or non-finite figures, naming the first bad one.

    No maxima here: these are stored figures, bounded when they were saved (ladder.core.limits);
    one saved before the bounds must still give figures, not an error page.
    """
    _non_negative(inputs.total_operating, "total_operating", "Total operating expenditure")
    _non_negative(inputs.salaries, "salaries", "Salaries")
    _non_negative(inputs.benefits, "benefits", "Benefits")
    threshold = _non_negative(inputs.threshold_percent, "threshold_percent", "The threshold")
    if threshold > 100:
        raise BudgetError("threshold_percent", "The threshold is a percentage of at most 100.")
    for line in inputs.lines:
        _non_negative(line.hourly_wage, "hourly_wage", f"The hourly wage of {line.label}")
        _non_negative(line.annual_benefits, "annual_benefits", f"The benefits of {line.label}")
        _non_negative(line.weekly_hours, "weekly_hours", f"The weekly hours of {line.label}")


def _figures(
    wages: float, benefits: float, total: float, threshold: float, source: str, steps: list[str]
) -> Figures:
    personnel = wages + benefits
    share = 100.0 * personnel / total if total > 0 else None
    headroom = threshold / 100.0 * total - personnel
    return Figures(
        wages=round(wages, 2),
        benefits=round(benefits, 2),
        personnel=round(personnel, 2),
        total_operating=round(total, 2),
        share_percent=round(share, 2) if share is not None else None,
        threshold_percent=threshold,
        headroom=round(headroom, 2),
        above_threshold=headroom < 0,
        source=source,
        steps=steps,
    )


def current(inputs: BudgetInputs) -> Figures:
    """Today's figures."""
    check_inputs(inputs)
    if inputs.lines and not (inputs.salaries or inputs.benefits):
        wages = sum(line.wages for line in inputs.lines)
        benefits = sum(line.benefits for line in inputs.lines)
        source = "pay lines"
    else:
        wages, benefits, source = inputs.salaries, inputs.benefits, "budget lines"
    return _figures(
        wages, benefits, inputs.total_operating, float(inputs.threshold_percent), source, []
    )


def _average_benefits(lines: Sequence[PayLine]) -> float:
    eligible = [line.annual_benefits for line in lines if line.benefits_eligible]
    return sum(eligible) / len(eligible) if eligible else 0.0


def evaluate(inputs: BudgetInputs, changes: Sequence[Mapping[str, Any]]) -> tuple[Figures, Figures]:
    """Figures before and after the changes. Raises BudgetError naming the bad change."""
    before = current(inputs)
    wages, benefits = before.wages, before.benefits
    total = inputs.total_operating
    lines = {line.employment_id: line for line in inputs.lines}
    average = _average_benefits(inputs.lines)
    steps: list[str] = []
    gone: set[int] = set()

    def post(value: Any, where: str, position: int) -> PayLine:
        try:
            line = lines.get(int(value or 0))
        except (TypeError, ValueError, OverflowError):
            line = None
        if line is None:
            raise BudgetError(where, f"Change {position}: choose a post with pay on record.")
        if line.employment_id in gone:
            raise BudgetError(
                where, f"Change {position}: {line.label} was removed by an earlier change."
            )
        return line

    for position, change in enumerate(changes, start=1):
        kind = change.get("kind")
        where = f"changes.{position}"
        if kind == "remove_post":
            line = post(change.get("employment_id"), where, position)
            gone.add(line.employment_id)
            wages -= line.wages
            benefits -= line.benefits
            steps.append(
                f"Remove {line.label} ({line.weekly_hours:g} h a week): "
                f"−{line.wages:,.0f} wages, −{line.benefits:,.0f} benefits"
            )
            continue
        if kind == "merge_posts":
            ids = change.get("employment_ids")
            if not isinstance(ids, (list, tuple)) or len(ids) != 2:
                raise BudgetError(where, f"Change {position}: choose two posts to merge.")
            first, second = post(ids[0], where, position), post(ids[1], where, position)
            if first.employment_id == second.employment_id:
                raise BudgetError(where, f"Change {position}: choose two different posts.")
            hours = _non_negative(
                change.get("hours") or inputs.full_time_hours,
                where,
                f"Change {position}: hours",
                WEEK_HOURS,
            )
            wage = _non_negative(
                change.get("hourly_wage") or max(first.hourly_wage, second.hourly_wage),
                where,
                f"Change {position}: wage",
                HOURLY_WAGE_MAX,
            )
            old_wages, old_benefits = first.wages + second.wages, first.benefits + second.benefits
            new_wages = wage * hours * WEEKS_PER_YEAR
            new_benefits = max(first.annual_benefits, second.annual_benefits) or average
            gone |= {first.employment_id, second.employment_id}
            wages += new_wages - old_wages
            benefits += new_benefits - old_benefits
            steps.append(
                f"Merge {first.label} ({first.weekly_hours:g} h) and {second.label} "
                f"({second.weekly_hours:g} h) into one full-time post of {hours:g} h at "
                f"{wage:,.2f}: {new_wages - old_wages:+,.0f} wages, "
                f"{new_benefits - old_benefits:+,.0f} benefits"
            )
            continue
        if kind == "full_time":
            line = post(change.get("employment_id"), where, position)
            hours = _non_negative(
                change.get("hours") or inputs.full_time_hours,
                where,
                f"Change {position}: hours",
                WEEK_HOURS,
            )
            if hours <= line.weekly_hours:
                raise BudgetError(
                    where, f"Change {position}: {line.label} already works {line.weekly_hours:g} h."
                )
            extra_wages = line.hourly_wage * (hours - line.weekly_hours) * WEEKS_PER_YEAR
            extra_benefits = 0.0
            if not line.benefits_eligible:
                extra_benefits = line.annual_benefits or average
            wages += extra_wages
            benefits += extra_benefits
            steps.append(
                f"{line.label}: {line.weekly_hours:g} → {hours:g} h a week, "
                f"+{extra_wages:,.0f} wages, +{extra_benefits:,.0f} benefits"
            )
        elif kind == "add_post":
            hours = _non_negative(
                change.get("hours"), where, f"Change {position}: hours", WEEK_HOURS
            )
            wage = _non_negative(
                change.get("hourly_wage"), where, f"Change {position}: wage", HOURLY_WAGE_MAX
            )
            if hours <= 0:
                raise BudgetError(where, f"Change {position}: a post needs hours.")
            eligible = bool(change.get("benefits_eligible"))
            cost = _non_negative(
                change.get("annual_benefits") or (average if eligible else 0),
                where,
                f"Change {position}: benefits",
                ANNUAL_PAY_MAX,
            )
            post_wages = wage * hours * WEEKS_PER_YEAR
            post_benefits = cost if eligible else 0.0
            wages += post_wages
            benefits += post_benefits
            label = str(change.get("label") or "New post")
            steps.append(
                f"{label}: {hours:g} h a week at {wage:,.2f}, +{post_wages:,.0f} wages, "
                f"+{post_benefits:,.0f} benefits"
            )
        elif kind == "income_change":
            try:
                percent = float(change.get("percent"))  # type: ignore[arg-type]
            except (TypeError, ValueError, OverflowError):
                raise BudgetError(where, f"Change {position}: give a percentage.") from None
            if not math.isfinite(percent) or percent <= -100:
                raise BudgetError(where, f"Change {position}: income cannot fall by 100 % or more.")
            if percent > INCOME_CHANGE_MAX:
                raise BudgetError(
                    where,
                    f"Change {position}: income can rise by at most "
                    f"{limits.written(INCOME_CHANGE_MAX)} %.",
                )
            total = total * (1 + percent / 100.0)
            steps.append(f"Total budget {percent:+g} % → {total:,.0f}")
        else:
            raise BudgetError(where, f"Change {position}: unknown kind {kind!r}.")
    after = _figures(wages, benefits, total, float(inputs.threshold_percent), before.source, steps)
    return before, after
