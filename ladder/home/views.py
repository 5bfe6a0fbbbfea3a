"""The home page: what the signed-in person needs first, one panel per role (issue #15, 1)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from ladder.core.access import access_for
from ladder.core.http import AuthedRequest
from ladder.core.policies import permission, signed_in
from ladder.home.panels import home_panels


@permission(signed_in)
def home(request: AuthedRequest) -> HttpResponse:
    context = home_panels(access_for(request.user), request.user)
    return render(request, "home/home.html", context)
