"""Typing help for views behind @login_required (request.user is a Person there), and the
API's one error body (ladder.api.errors), here so the request guards in core can answer an API
request in it without importing the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, JsonResponse

if TYPE_CHECKING:
    from ladder.people.models import Person


class AuthedRequest(HttpRequest):
    user: Person  # type: ignore[assignment]


CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "throttled",
    500: "server_error",
}


def error_payload(
    status: int, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {
        "error": {
            "status": status,
            "code": CODES.get(status, "error"),
            "message": message,
            "fields": fields or {},
        }
    }


def error_response(
    status: int, message: str, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    return JsonResponse(error_payload(status, message, fields), status=status)
