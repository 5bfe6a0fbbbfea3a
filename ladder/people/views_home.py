"""The home page: the signed-in person's current jobs and roles."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from ladder.core.access import access_for
from ladder.core.http import AuthedRequest
from ladder.people.models import Employment


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    employments = (
        Employment.objects.filter(person=request.user)
        .current()
        .select_related("library", "branch", "job_class", "supervisor")
    )
    return render(request, "core/home.html", {"employments": employments, "access": access})
