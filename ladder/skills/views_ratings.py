"""Ratings pages: the skill profile, the rate page, the evidence log and its files.

Whose ratings the user may not see is a 404; a page they may see but not use is a 403. The
log is read-only here: its pages answer GET only, and the rate page only appends.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.files import serve_stored
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import allowed, permission, require, signed_in
from ladder.people.forms import apply_errors
from ladder.skills import policies, ratings
from ladder.skills.forms_ratings import CompetencyChoiceForm, rating_forms
from ladder.skills.models import Competency, Evidence
from ladder.skills.selectors import (
    SELF,
    competency_options,
    evidence_log,
    evidence_visible_to,
    label_levels,
    rate_kind,
    ratings_person_or_404,
    skill_profile,
)


def _competency_param(request: AuthedRequest) -> Competency | None:
    raw = request.GET.get("competency")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No such competency")
    competency: Competency = get_visible_or_404(
        Competency.objects.select_related("area"), pk=int(raw)
    )
    return competency


@permission(signed_in)
@require_GET
def profile(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    person = ratings_person_or_404(access, pk)
    kind = rate_kind(access, person)
    return render(
        request,
        "skills/profile.html",
        {
            "person": person,
            "profile": skill_profile(access, person),
            "rate_kind": kind,
            "is_self": kind == SELF,
        },
    )


@permission(policies.can_rate)
@require_http_methods(["GET", "POST"])
def rate(request: AuthedRequest, pk: int) -> HttpResponse:
    """The person assesses themselves; someone in their supervisor chain confirms or adjusts."""
    access = access_for(request.user)
    person = ratings_person_or_404(access, pk)
    require(policies.can_rate, access, person)
    kind = rate_kind(access, person)
    assert kind is not None
    only = _competency_param(request)
    profile = skill_profile(access, person, include=[only.pk] if only else [])
    rows = [r for r in profile.rows if only is None or r.competency.pk == only.pk]
    forms = rating_forms(rows, kind, request.POST or None, request.FILES or None)
    page_errors: list[str] = []
    if request.method == "POST" and all(form.is_valid() for form in forms):
        entries = [entry for form in forms if (entry := form.entry()) is not None]
        try:
            ratings.evidence_record_many(by=request.user, person=person, kind=kind, entries=entries)
        except ratings.EvidenceBatchError as exc:
            for form in forms:
                if form.row.competency.pk in exc.by_competency:
                    apply_errors(form, exc.by_competency[form.row.competency.pk])
            page_errors.append("Nothing was saved: correct the levels marked below.")
        except ValidationError as exc:
            page_errors.extend(exc.messages)
        else:
            messages.success(
                request,
                f"Recorded {len(entries)} assessment{'s' if len(entries) != 1 else ''}.",
            )
            return redirect("skills:profile", pk=person.pk)
    elif request.method == "POST":
        page_errors.append("Nothing was saved: correct the fields marked below.")
    return render(
        request,
        "skills/rate.html",
        {
            "person": person,
            "profile": profile,
            "forms": forms,
            "kind": kind,
            "is_self": kind == SELF,
            "only": only,
            "page_errors": page_errors,
            "choose_form": CompetencyChoiceForm(options=competency_options()),
        },
    )


@permission(signed_in, scope=evidence_visible_to)
@require_GET
def evidence_log_page(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    person = ratings_person_or_404(access, pk)
    competency = _competency_param(request)
    page = paginate(request, evidence_log(person, competency))
    label_levels(page["object_list"])
    return render(
        request,
        "skills/evidence_log.html",
        {
            "person": person,
            "competency": competency,
            "can_rate": allowed(policies.can_rate, access, person),
            **page,
        },
    )


@permission(signed_in, scope=evidence_visible_to)
@require_GET
def evidence_file(request: AuthedRequest, pk: int) -> FileResponse:
    access = access_for(request.user)
    evidence: Evidence = get_visible_or_404(evidence_visible_to(access), pk=pk)
    suffix = Path(evidence.file.name or "").suffix.lower()
    return serve_stored(evidence.file, filename=evidence.file_name or f"evidence{suffix}")
