"""Bad request bodies and out-of-range numbers answer 4xx, never 500.

Django reads a request body lazily, wherever the first view or middleware touches
request.POST: a body too large (RequestDataTooBig) or a malformed multipart body
(MultiPartParserError) then fails there — in the CSRF check it becomes a bare 400, in a view
a 500. This middleware, placed before CsrfViewMiddleware, reads the body first and answers
413 or 400 with a message: JSON under /api/, a page elsewhere.

A number too large for the database (SQLite raises OverflowError for an id of 10**23 in
/people/<int:pk>/, since Django's int converter accepts any digits) becomes a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from ladder.core.http import error_response

API_PREFIX = "/api/"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return error_response(status, message)
    return render(
        request,
        "core/request_refused.html",
        {"status": status, "message": message},
        status=status,
    )


class RequestBodyGuard:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method not in BODY_METHODS:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(request, 400, "The Content-Length header is not a number.")
        if length > settings.REQUEST_MAX_BYTES:
            return refuse(
                request,
                413,
                "The request is too large: send at most "
                f"{_megabytes(settings.REQUEST_MAX_BYTES)} (files included).",
            )
        try:
            if request.content_type == "multipart/form-data":
                request.POST  # noqa: B018 - parses the form (files go to disk, not memory)
            else:
                request.body  # noqa: B018 - bounded by DATA_UPLOAD_MAX_MEMORY_SIZE
                request.POST  # noqa: B018
        except RequestDataTooBig:
            return refuse(
                request,
                413,
                "The request body is too large: send at most "
                f"{_megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} besides files.",
            )
        except (TooManyFieldsSent, TooManyFilesSent) as exc:
            return refuse(request, 400, str(exc))
        except MultiPartParserError as exc:
            return refuse(request, 400, f"The form data could not be read: {exc}")
        except UnicodeDecodeError:
            return refuse(request, 400, "The form data is not valid UTF-8.")
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, OverflowError):
            raise Http404("No such page.") from exception
        return None
