"""The API's one error body, and the handlers that turn every failure into it.

Every error the API answers has the same shape, whatever raised it:

    {"error": {"status": 422, "code": "validation_error", "message": "...",
               "fields": {"weekly_hours": ["Ensure this value is less than or equal to 60."]}}}
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from ladder.core.http import error_response
from ladder.core.records import ensure_audited

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

ERROR_FORMAT_DESCRIPTION = """
Every error (any 4xx or 5xx) has one body format:

```json
{"error": {"status": 422, "code": "validation_error",
           "message": "weekly_hours: Ensure this value is less than or equal to 60.",
           "fields": {"weekly_hours": ["Ensure this value is less than or equal to 60."]}}}
```

`code` is one of `bad_request` (400, e.g. a body that is not JSON), `not_authenticated` (401),
`permission_denied` (403: you may see the object but not change it), `not_found` (404: there
is no such object, or you may not see it), `method_not_allowed` (405), `conflict` (409),
`validation_error` (422) and `server_error` (500). `fields` names each input field that was
refused, with its messages; `__all__` holds messages about the input as a whole.
""".strip()


class ErrorDetail(Schema):
    status: int = Field(description="The HTTP status, repeated for clients that lose it.")
    code: str = Field(description="A stable machine-readable code, e.g. `validation_error`.")
    message: str = Field(description="A sentence for people.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Messages per refused input field; `__all__` for the input as a whole.",
    )


class ErrorBody(Schema):
    error: ErrorDetail


def _summary(fields: dict[str, list[str]], default: str) -> str:
    parts = [
        f"{name}: {' '.join(messages)}" if name != NON_FIELD_ERRORS else " ".join(messages)
        for name, messages in fields.items()
    ]
    return "; ".join(parts) or default


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    """A field name from a ninja error location such as ("body", "payload", "weekly_hours")."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        # ninja puts the view's parameter name after "body"; clients never see that name.
        parts = parts[2:]
    elif parts:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def ninja_validation_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        name = _location(error.get("loc", ()))
        message = str(error.get("msg", "Invalid value."))
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        fields.setdefault(name, []).append(message)
    return fields


def django_validation_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}


def _on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = ninja_validation_fields(exc.errors)
    return error_response(422, _summary(fields, "The input is not valid."), fields)


def _on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    ensure_audited(exc)
    fields = django_validation_fields(exc)
    return error_response(422, _summary(fields, "The input is not valid."), fields)


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc) or "Request refused."
    if isinstance(exc, AuthenticationError):
        message = (
            "Authentication required: send `Authorization: Bearer <token>` or log in to the site."
        )
    return error_response(exc.status_code, message)


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    ensure_audited(exc)  # a refusal of a locked record, rolled back with its transaction
    return error_response(403, str(exc) or "You may not do this.")


def _on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The message never says whether the object exists: that too is something to hide.
    return error_response(404, "Not found.")


def _on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # Services validate before writing; reaching the database constraint means two requests
    # raced, or a rule the service misses. Either way the client's input conflicts.
    logger.warning("API integrity error on %s: %s", request.path, exc)
    return error_response(409, "The change conflicts with existing data.")


def _on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    logger.warning("API data error on %s: %s", request.path, exc)
    return error_response(422, "A value is out of range for its field.")


def _on_overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # A number too large for the database (SQLite: "Python int too large to convert to SQLite
    # INTEGER") or for a date; the schemas bound every id, this is the safety net.
    logger.warning("API overflow on %s: %s", request.path, exc)
    return error_response(422, "A number is out of range.")


def _on_request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(
        413,
        "The request body is too large: at most "
        f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)} MB.",
    )


def _on_bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    # MultiPartParserError and friends: the body does not parse as its content type says.
    return error_response(400, f"The request body could not be read: {exc}")


def _on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unexpected API error on %s", request.path, exc_info=exc)
    return error_response(500, "Something went wrong on our side; it has been logged.")


def install_error_handlers(api: NinjaAPI) -> None:
    """Route every exception the API can meet to the one error format."""
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (NinjaValidationError, _on_ninja_validation),
        (DjangoValidationError, _on_django_validation),
        (HttpError, _on_http_error),
        (PermissionDenied, _on_permission_denied),
        (Http404, _on_not_found),
        (ObjectDoesNotExist, _on_not_found),
        (IntegrityError, _on_integrity_error),
        (DataError, _on_data_error),
        (OverflowError, _on_overflow),
        (RequestDataTooBig, _on_request_too_big),
        (MultiPartParserError, _on_bad_request),
        (SuspiciousOperation, _on_bad_request),
        (Exception, _on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
