"""Data protection pages: download my data (JSON, PDF) and the site admin's erase page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ladder.core.http import AuthedRequest
from ladder.people.models import Person
from ladder.people.privacy import (
    can_erase,
    can_export,
    erase_refusals,
    person_erase,
    person_export_data,
    person_export_json,
)
from ladder.people.privacy_pdf import person_export_pdf


def _person_to_export(request: AuthedRequest, pk: int) -> Person:
    person = get_object_or_404(Person, pk=pk)
    if not can_export(request.user, person):
        # Whether someone exists is itself not for strangers to learn.
        raise PermissionDenied("Only the person themselves and the site admin export this.")
    return person


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_json(request: AuthedRequest, pk: int) -> HttpResponse:
    person = _person_to_export(request, pk)
    body = person_export_json(by=request.user, person=person)
    return _attachment(body, "application/json", f"ladder-my-data-{person.pk}.json")


@login_required
def export_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    person = _person_to_export(request, pk)
    pdf = person_export_pdf(person_export_data(by=request.user, person=person))
    return _attachment(pdf, "application/pdf", f"ladder-my-data-{person.pk}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: AuthedRequest, pk: int) -> HttpResponse:
    if not can_erase(request.user):
        raise PermissionDenied("Only the site admin erases a person.")
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
