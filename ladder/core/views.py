from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ladder.core.http import AuthedRequest
from ladder.core.models import Job
from ladder.core.policies import permission, public, signed_in


@permission(signed_in)
def job_status(request: AuthedRequest, job_id: str) -> HttpResponse:
    """A background job's progress; HTMX polls the fragment until the job ends."""
    job = get_object_or_404(Job, pk=job_id, owner_id=request.user.pk)
    template = "core/_job_status.html" if request.headers.get("HX-Request") else "core/job.html"
    return render(request, template, {"job": job})


@permission(public)
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
