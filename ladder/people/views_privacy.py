"""Data protection pages: download my data (JSON, PDF) and the site admin's erase page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for
from ladder.core.http import AuthedRequest
from ladder.core.policies import permission, require
from ladder.people.models import Person
from ladder.people.policies import can_erase, can_export
from ladder.people.privacy import (
    erase_refusals,
    person_erase,
    person_export_data,
    person_export_json,
)
from ladder.people.privacy_pdf import person_export_pdf


def _person_to_export(request: AuthedRequest, pk: int) -> Person:
    person = get_object_or_404(Person, pk=pk)
    # Whether someone exists is itself not for strangers to learn: a 403 either way.
    require(can_export, access_for(request.user), person)
    return person


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@permission(can_export)
def export_json(request: AuthedRequest, pk: int) -> HttpResponse:
    person = _person_to_export(request, pk)
    body = person_export_json(by=request.user, person=person)
    return _attachment(body, "application/json", f"ladder-my-data-{person.pk}.json")


@permission(can_export)
def export_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    person = _person_to_export(request, pk)
    pdf = person_export_pdf(person_export_data(by=request.user, person=person))
    return _attachment(pdf, "application/pdf", f"ladder-my-data-{person.pk}.pdf")


@permission(can_erase)
@require_http_methods(["GET", "POST"])
def erase(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if request.method == "POST":
        try:
            person_erase(by=request.user, person=person)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Person #{person.pk} erased.")
            return redirect("people:profile", pk=person.pk)
    context = {"person": person, "refusals": erase_refusals(person)}
    return render(request, "people/person_erase.html", context)
