"""Account safety pages reached from e-mail: undoing a change of sign-in address."""

from __future__ import annotations

from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ladder.core.policies import permission, public
from ladder.core.throttle import public_link
from ladder.people.account import email_change_for_token, email_change_undo


@permission(public)
@never_cache
@public_link
def email_change_undo_page(request: HttpRequest, token: str) -> HttpResponse:
    """Public: whoever holds the link sent to the old address may take the account back.

    GET only shows what will happen (mail scanners follow links); POST does it.
    """
    change = email_change_for_token(token)
    if change is None:
        return render(request, "people/email_change_undo.html", {"invalid": True}, status=404)
    context: dict[str, object] = {"change": change}
    if request.method == "POST":
        try:
            email_change_undo(change=change)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
            return render(request, "people/email_change_undo.html", context, status=400)
        logout(request)
        context["done"] = True
    elif not change.may_be_undone:
        context["error"] = (
            "This link has expired or was already used. Ask your library's admin or the site "
            "admin for help."
        )
    return render(request, "people/email_change_undo.html", context)
