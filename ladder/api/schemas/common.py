"""Building blocks shared by the API's schemas."""

from typing import Annotated, Any, Literal

from django.db import models
from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

MAX_ID = 2**63 - 1
MAX_POSITIVE_INT = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _check_text(value: Any) -> Any:
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
