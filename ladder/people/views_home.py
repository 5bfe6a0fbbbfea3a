"""The home page: the signed-in person's current jobs and roles."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from ladder.core.access import access_for
from ladder.core.http import AuthedRequest
from ladder.core.policies import permission, signed_in
from ladder.people.models import Employment


@permission(signed_in)
def home(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    employments = (
        Employment.objects.filter(person=request.user)
        .current()
        .select_related("library", "branch", "job_class", "supervisor")
    )
    return render(request, "core/home.html", {"employments": employments, "access": access})
