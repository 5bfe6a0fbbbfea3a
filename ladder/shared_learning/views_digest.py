"""The monthly digest's pages: the signed-in person's preview, and the two signed links from
the e-mail (register, unsubscribe) that work without signing in.

The links only show a confirm page on GET; the change happens on POST. A link that was
tampered with or has expired shows a clear page (status 400) and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ladder.core.http import AuthedRequest
from ladder.core.policies import permission, public, signed_in
from ladder.core.throttle import public_link
from ladder.learning.registrations import closed_reason
from ladder.shared_learning import digest


@permission(signed_in)
@require_http_methods(["GET", "POST"])
def digest_preview(request: AuthedRequest) -> HttpResponse:
    me = request.user
    if request.method == "POST":
        subscribed = request.POST.get("subscribed") == "1"
        digest.digest_subscription_set(person=me, subscribed=subscribed)
        messages.success(
            request,
            "You will get the monthly digest."
            if subscribed
            else "You will no longer get the monthly digest.",
        )
        return redirect("shared_learning:digest_preview")
    month = digest.month_after(timezone.localdate())
    context = {
        "month": month,
        "items": digest.digest_items(me, month),
        "subscribed": digest.is_subscribed(me),
        "due_day": digest.DUE_DAY,
    }
    return render(request, "shared_learning/digest_preview.html", context)


def _problem(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request, "shared_learning/digest_link_problem.html", {"message": message}, status=400
    )


@permission(public)
@public_link
@require_http_methods(["GET", "POST"])
def digest_register(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person, session = digest.read_register_token(token)
    except digest.LinkProblem as exc:
        return _problem(request, str(exc))
    error = ""
    if request.method == "POST":
        try:
            registration = digest.digest_register(token=token)
        except digest.LinkProblem as exc:
            return _problem(request, str(exc))
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        else:
            done: dict[str, Any] = {
                "person": person,
                "session": session,
                "registration": registration,
            }
            return render(request, "shared_learning/digest_registered.html", done)
    context: dict[str, Any] = {
        "person": person,
        "session": session,
        "error": error,
        "closed": closed_reason(session),
        "token": token,
    }
    return render(
        request, "shared_learning/digest_register.html", context, status=400 if error else 200
    )


@permission(public)
@public_link
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person = digest.read_unsubscribe_token(token)
    except digest.LinkProblem as exc:
        return _problem(request, str(exc))
    done = False
    if request.method == "POST":
        digest.digest_subscription_set(person=person, subscribed=False)
        done = True
    context = {"person": person, "done": done, "subscribed": digest.is_subscribed(person)}
    return render(request, "shared_learning/digest_unsubscribe.html", context)
