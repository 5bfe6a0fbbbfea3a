"""The largest (and smallest) values Ladder accepts for money, hours and counts.

One module, so models, services, forms and API schemas refuse the same numbers with the same
message. Each maximum is far above what any library really needs and far below what breaks a
page: a wage of 10**12 once saved made every budget page and API call fail for that library.

Messages say "at most …" / "at least …" with the limit written out (1,000,000.00).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

ZERO = Decimal("0")

# Money, in the library's currency.
HOURLY_WAGE_MAX = Decimal("1000.00")  # per hour
ANNUAL_PAY_MAX = Decimal("1000000.00")  # per person and year: salary, benefits, reimbursement
FEE_MAX = Decimal("100000.00")  # one training fee, one course's tuition, fees or books
MEMBERSHIP_FEE_MAX = Decimal("1000000.00")  # a library's yearly fee to its network
TUITION_CAP_MAX = Decimal("1000000.00")  # a programme's cap per year or lifetime
FUND_MAX = Decimal("100000000.00")  # a tuition fund for one fiscal year
BUDGET_MAX = Decimal("10000000000.00")  # 10**10: a library's salaries, benefits, operating total
INCOME_CHANGE_MAX = Decimal("1000")  # a what-if's income change, in % (at least -100)

# Hours.
WEEK_HOURS = Decimal("168")  # hours in a week: the most any weekly figure can be
TRAINING_HOURS_MAX = Decimal("1000")  # one activity's hours or CE credits
CERT_HOURS_MAX = Decimal("10000")  # a certification's required hours (per cycle, at entry)

# Counts and durations.
CAPACITY_MAX = 10_000  # seats in one session
COUNT_MAX = 1_000  # parts, electives, items of one thing
YEARS_MAX = 50  # spans of years in a rule
MONTHS_MAX = 600  # spans of months in a rule (50 years)
FACTOR_MAX = Decimal("100")  # a conversion factor between units
CREDITS_MAX = Decimal("100")  # academic credits of one course
POPULATION_MAX = 100_000_000  # people a library serves
SQUARE_FEET_MAX = 100_000_000  # a branch's floor area


def written(limit: Decimal | int) -> str:
    """1000000 -> "1,000,000"; Decimal("1000.00") -> "1,000.00"."""
    if isinstance(limit, Decimal):
        places = max(0, -int(limit.as_tuple().exponent))  # type: ignore[operator]
        return f"{limit:,.{places}f}"
    return f"{limit:,}"


def at_most(limit: Decimal | int) -> MaxValueValidator:
    return MaxValueValidator(limit, message=f"Enter at most {written(limit)}.")


def at_least(limit: Decimal | int) -> MinValueValidator:
    return MinValueValidator(limit, message=f"Enter at least {written(limit)}.")


def between(low: Decimal | int, high: Decimal | int) -> list[Any]:
    return [at_least(low), at_most(high)]


def form_limits(high: Decimal | int, low: Decimal | int | None = ZERO) -> dict[str, Any]:
    """Keyword arguments for a forms.DecimalField/IntegerField bounded with our messages.

    low=None leaves the minimum to the service (whose message may say more, e.g. "cannot be
    negative").
    """
    kwargs: dict[str, Any] = {
        "max_value": high,
        "error_messages": {"max_value": f"Enter at most {written(high)}."},
    }
    if low is not None:
        kwargs["min_value"] = low
        kwargs["error_messages"]["min_value"] = f"Enter at least {written(low)}."
    return kwargs


def check_number(value: Any, *, field: str, high: Decimal | int, low: Decimal | int = 0) -> None:
    """Raise ValidationError({field: "Enter at most …"}) for a number out of [low, high]."""
    if value is None:
        return
    if value > high:
        raise ValidationError({field: f"Enter at most {written(high)}."})
    if value < low:
        raise ValidationError({field: f"Enter at least {written(low)}."})


NUMBER_FIELDS = (models.DecimalField, models.IntegerField, models.FloatField)


def _too_large(field: models.Field[Any, Any], value: Any) -> list[str]:
    """Messages for a value above the field's maxima, or too wide for its column."""
    messages: list[str] = []
    if isinstance(field, models.DecimalField) and isinstance(value, Decimal):
        if not value.is_finite():
            return ["Enter a number."]
        # The database rounds to the field's places; only the digits before the point overflow.
        whole = field.max_digits - field.decimal_places  # type: ignore[operator]
        if value.adjusted() >= whole:
            messages.append(f"Enter at most {'9' * whole}.{'9' * field.decimal_places}.")
    for validator in field.validators:
        if isinstance(validator, MaxValueValidator):
            try:
                validator(value)
            except ValidationError as exc:
                messages.extend(exc.messages)
    return messages


def check_numbers_before_save(
    sender: type[models.Model],
    instance: models.Model,
    update_fields: frozenset[str] | None = None,
    **_: Any,
) -> None:
    """The last line before the database: no number of a model is above its field's limits.

    Services validate first with friendlier messages; this catches a write path that forgot,
    so a wage of 10**12 or a decimal beyond max_digits never reaches the database (PostgreSQL
    refuses it with a server error, SQLite stores it and every page reading it fails later).
    Only maxima and column widths: minima stay the services' business. Connected to pre_save
    for Ladder's own models (ladder.core.apps).
    """
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, NUMBER_FIELDS) or field.primary_key or field.is_relation:
            continue
        if update_fields is not None and field.name not in update_fields:
            continue  # not written: a value stored before the limits must not block the rest
        value = getattr(instance, field.attname)
        if value is None or hasattr(value, "resolve_expression"):
            continue  # F() updates are computed by the database from stored values
        try:
            value = field.to_python(value)
        except ValidationError as exc:
            errors[field.name] = exc.messages
            continue
        messages = _too_large(field, value)
        if messages:
            errors[field.name] = messages
    if errors:
        raise ValidationError(errors)
