"""The 404, 403 and 500 pages, in the site's layout (ladder.urls names them as handlers).

404 and 403 render with the request, so the navigation of a signed-in person shows and the
403 can name whom to ask. 500 renders with no request and no context processors: whatever
failed may be the database, so that page must not touch it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

from ladder.core.access import access_for
from ladder.core.http import error_response
from ladder.core.middleware import API_PREFIX
from ladder.orgs.models import Role

#: At most this many administrators are named on the 403 page.
MAX_CONTACTS = 4


def _back_url(request: HttpRequest) -> str:
    """The page the person came from, when it is one of ours and not this one."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    if referer.endswith(request.get_full_path()):
        return ""
    return referer


def _whom_to_ask(request: HttpRequest) -> list[dict[str, Any]]:
    """The library admins of the caller's own libraries (those of their current jobs)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    access = access_for(user)
    if not access.colleague_library_ids:
        return []
    roles = (
        Role.objects.filter(
            kind=Role.Kind.LIBRARY_ADMIN,
            library_id__in=access.colleague_library_ids,
            person__is_active=True,
        )
        .exclude(person_id=user.pk)
        .select_related("person", "library")
        .order_by("library__name", "person__last_name", "person__first_name")[:MAX_CONTACTS]
    )
    return [
        {
            "name": role.person.get_full_name() or role.person.email,
            "email": role.person.email,
            "library": role.library.name if role.library else "",
        }
        for role in roles
    ]


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return error_response(404, "Not found.")
    return render(
        request, "404.html", {"back_url": _back_url(request), "path": request.path}, status=404
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception is not None and str(exception) else ""
    if request.path.startswith(API_PREFIX):
        return error_response(403, reason or "Not allowed.")
    context = {
        "reason": reason,
        "back_url": _back_url(request),
        "contacts": _whom_to_ask(request),
    }
    return render(request, "403.html", context, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return error_response(500, "Something went wrong on our side. Please try again later.")
    # No request passed: no context processors, so no query (the navigation reads roles).
    return HttpResponseServerError(loader.get_template("500.html").render({}))
