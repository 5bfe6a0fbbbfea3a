"""Building blocks shared by the API's schemas."""

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db import models
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, field_validator

from ladder.core import limits

MAX_ID = 2**63 - 1
MAX_POSITIVE_INT = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def within(high: Decimal | int, low: Decimal | int = 0) -> AfterValidator:
    """Bounds a number with ladder.core.limits' messages ("Enter at most 1,000.00.")."""

    def check(value: Any) -> Any:
        if value is not None:
            if value > high:
                raise ValueError(f"Enter at most {limits.written(high)}.")
            if value < low:
                raise ValueError(f"Enter at least {limits.written(low)}.")
        return value

    return AfterValidator(check)


def documented(high: Decimal | int, low: Decimal | int = 0) -> Any:
    """The same bounds in the OpenAPI document (Field(le=…) would bring pydantic's message)."""
    return Field(json_schema_extra={"minimum": float(low), "maximum": float(high)})


HourlyWage = Annotated[
    Decimal,
    within(limits.HOURLY_WAGE_MAX),
    documented(limits.HOURLY_WAGE_MAX),
]
AnnualPay = Annotated[Decimal, within(limits.ANNUAL_PAY_MAX), documented(limits.ANNUAL_PAY_MAX)]
BudgetMoney = Annotated[Decimal, within(limits.BUDGET_MAX), documented(limits.BUDGET_MAX)]
WeeklyHours = Annotated[float, within(limits.WEEK_HOURS), documented(limits.WEEK_HOURS)]


def _check_text(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID:
        # A database integer is 64 bits at most: a larger one fails there (SQLite raises
        # OverflowError, PostgreSQL NumericValueOutOfRange), so it is refused here by name.
        raise ValueError(f"Enter a number of at most {MAX_ID} in size.")
    if isinstance(value, str):
        # PostgreSQL refuses NUL characters and lone surrogates cannot be encoded: refuse both
        # here, with a message, instead of failing at the database.
        if "\x00" in value:
            raise ValueError("The text contains a null character.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError("The text contains characters that are not valid Unicode.") from exc
    elif isinstance(value, list):
        for item in value:
            _check_text(item)
    return value


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omittable(**kwargs: Any) -> Any:
    """A field a request may leave out (it is then left unchanged) but may not set to null.

    Pydantic does not validate a default, so None here means "not given"; the OpenAPI
    document shows no default, as a client cannot send one.
    """
    return Field(None, json_schema_extra=_drop_default, **kwargs)


class InputSchema(Schema):
    """Every request body: unknown fields are refused (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _text_is_storable(cls, value: Any) -> Any:
        return _check_text(value)


class QuerySchema(Schema):
    """Query-string filters: the same text checks as bodies."""

    @field_validator("*", mode="after")
    @classmethod
    def _text_is_storable(cls, value: Any) -> Any:
        return _check_text(value)


def choices_literal(choices: type[models.Choices]) -> Any:
    """A Literal of a Django choices class's values, so the OpenAPI document lists them.

    Modules alias it under `if TYPE_CHECKING: X = str else: X = choices_literal(...)`, since
    a type computed at run time is opaque to mypy.
    """
    return Literal[tuple(choices.values)]  # type: ignore[valid-type]


class Ref(Schema):
    """A related object, by id and name."""

    id: int
    name: str


class PersonRef(Schema):
    id: int
    display_name: str
