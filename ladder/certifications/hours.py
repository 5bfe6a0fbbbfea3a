"""Continuing-education hour counting: conversion to contact hours and cycle totals.

Pure Python, no Django: the rules are plain values, so the counting can be property-tested.

An *activity* is one thing a person did (a workshop, a semester course, a conference day), in a
unit: clock ``hour`` s, ``semester_credit``, ``quarter_credit`` or ``conference_day``. The rules
convert it to *contact hours*:

- clock hours: ``amount * 60 / minutes_per_contact_hour`` (a 50-minute scheme gives 1.2 contact
  hours per clock hour);
- any other unit: ``amount * unit_hours[unit]`` (1 semester credit = 15 contact hours);
- then a factor per kind of activity (a roundtable counts at half time: ``{"roundtable": 0.5}``).

An activity counts once, in the cycle its date falls in, however many categories it touches;
activities shorter than ``min_activity_hours`` (in contact hours) do not count at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
CLOCK_HOUR = "hour"
UNITS: dict[str, str] = {
    CLOCK_HOUR: "Clock hour",
    "semester_credit": "Semester credit",
    "quarter_credit": "Quarter credit",
    "conference_day": "Conference day",
}


@dataclass(frozen=True)
class Activity:
    key: Hashable  # identity: the same key is never counted twice
    on: dt.date
    amount: Decimal
    unit: str = CLOCK_HOUR
    kind: str = ""
    categories: frozenset[str] = frozenset()
    title: str = ""


@dataclass(frozen=True)
class Rules:
    cycle_hours: Decimal = ZERO
    minutes_per_contact_hour: int = 60
    min_activity_hours: Decimal = ZERO
    unit_hours: Mapping[str, Decimal] = field(default_factory=dict)
    kind_factors: Mapping[str, Decimal] = field(default_factory=dict)
    category_minimums: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Counted:
    activity: Activity
    contact_hours: Decimal


@dataclass
class CycleCount:
    start: dt.date
    end: dt.date
    counted: list[Counted] = field(default_factory=list)
    too_short: list[Counted] = field(default_factory=list)
    total: Decimal = ZERO
    by_category: dict[str, Decimal] = field(default_factory=dict)
    required_total: Decimal = ZERO
    category_minimums: dict[str, Decimal] = field(default_factory=dict)

    @property
    def shortfall(self) -> Decimal:
        return max(self.required_total - self.total, ZERO)

    @property
    def category_shortfalls(self) -> dict[str, Decimal]:
        return {
            code: minimum - self.by_category.get(code, ZERO)
            for code, minimum in self.category_minimums.items()
            if self.by_category.get(code, ZERO) < minimum
        }

    @property
    def is_met(self) -> bool:
        return self.shortfall == ZERO and not self.category_shortfalls


def rule_errors(rules: Rules) -> dict[str, str]:
    """What is wrong with a set of rules, by field (empty when they are usable)."""
    errors: dict[str, str] = {}
    if rules.cycle_hours < 0:
        errors["cycle_hours"] = "Hours per cycle cannot be negative."
    if rules.minutes_per_contact_hour <= 0:
        errors["minutes_per_contact_hour"] = "A contact hour must last more than 0 minutes."
    if rules.min_activity_hours < 0:
        errors["min_activity_hours"] = "The smallest activity that counts cannot be negative."
    for unit, hours in rules.unit_hours.items():
        if unit not in UNITS or unit == CLOCK_HOUR:
            errors["unit_hours"] = f"Unknown unit {unit!r}."
        elif hours <= 0:
            errors["unit_hours"] = f"The conversion factor for {UNITS[unit].lower()} must be > 0."
    for kind, factor in rules.kind_factors.items():
        if factor <= 0:
            errors["kind_factors"] = f"The conversion factor for {kind} must be more than 0."
    for code, minimum in rules.category_minimums.items():
        if minimum < 0:
            errors["category_minimums"] = f"The minimum for {code} cannot be negative."
    if "category_minimums" not in errors and rules.cycle_hours > 0:
        for code, minimum in rules.category_minimums.items():
            if minimum > rules.cycle_hours:
                errors["category_minimums"] = (
                    f"The minimum for {code} ({minimum}) exceeds the hours per cycle "
                    f"({rules.cycle_hours})."
                )
    return errors


def contact_hours(activity: Activity, rules: Rules) -> Decimal:
    """The activity's contact hours under the rules (raises ValueError for an unknown unit)."""
    if activity.amount < 0:
        raise ValueError("An activity cannot last a negative time.")
    if activity.unit == CLOCK_HOUR:
        hours = activity.amount * 60 / Decimal(rules.minutes_per_contact_hour)
    elif activity.unit in rules.unit_hours:
        hours = activity.amount * rules.unit_hours[activity.unit]
    else:
        raise ValueError(f"The scheme does not convert {UNITS.get(activity.unit, activity.unit)}.")
    hours *= rules.kind_factors.get(activity.kind, Decimal("1"))
    return hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def count_cycle(
    activities: Iterable[Activity], rules: Rules, start: dt.date, end: dt.date
) -> CycleCount:
    """Contact hours of the activities dated in [start, end], in total and by category."""
    result = CycleCount(
        start=start,
        end=end,
        required_total=rules.cycle_hours,
        category_minimums=dict(rules.category_minimums),
    )
    seen: set[Hashable] = set()
    for activity in sorted(activities, key=lambda a: (a.on, str(a.key))):
        if activity.key in seen or not (start <= activity.on <= end):
            continue
        seen.add(activity.key)
        try:
            hours = contact_hours(activity, rules)
        except ValueError:
            continue
        item = Counted(activity, hours)
        if hours <= 0 or hours < rules.min_activity_hours:
            result.too_short.append(item)
            continue
        result.counted.append(item)
        result.total += hours
        for code in activity.categories:
            result.by_category[code] = result.by_category.get(code, ZERO) + hours
    return result


def fmt_hours(value: Decimal) -> str:
    """2.50 → '2.5', 4.0 → '4'."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def cycle_containing(anchor: dt.date, years: int, on: dt.date) -> tuple[dt.date, dt.date]:
    """The cycle [start, end] of `years` years, counted from `anchor`, that contains `on`."""
    if years <= 0:
        raise ValueError("A cycle lasts at least one year.")
    start = anchor
    if on >= anchor:
        while add_years(start, years) <= on:
            start = add_years(start, years)
    else:
        while start > on:
            start = add_years(start, -years)
    return start, add_years(start, years) - dt.timedelta(days=1)
