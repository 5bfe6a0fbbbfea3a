from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ladder.core import notices
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


@permission(signed_in)
@require_POST
def notices_seen(request: AuthedRequest) -> HttpResponse:
    """Mark the person's notices as seen: they leave the home page."""
    notices.mark_seen(request.user.pk)
    return redirect("home")


@permission(signed_in)
@require_http_methods(["GET", "POST"])
def notice_settings(request: AuthedRequest) -> HttpResponse:
    """Which e-mails the person gets: every optional kind can be turned off; those about their
    own job and money always go."""
    if request.method == "POST":
        wanted = set(request.POST.getlist("kinds"))
        notices.set_turned_off(
            request.user,
            [kind.key for kind in notices.optional_kinds() if kind.key not in wanted],
        )
        messages.success(request, "Your e-mail settings are saved.")
        return redirect("notice_settings")
    turned_off = notices.turned_off(request.user.pk)
    kinds = [
        {
            "key": kind.key,
            "label": kind.label,
            "optional": kind.optional,
            "on": kind.key not in turned_off,
        }
        for kind in notices.KINDS.values()
    ]
    return render(request, "core/notice_settings.html", {"kinds": kinds})
