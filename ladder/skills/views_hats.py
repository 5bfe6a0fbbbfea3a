"""Pages for hats (the board, a hat, its requirements and assignments) and interests.

What a user may not see is a 404 (the lookups in hats.py and interests.py); what they may see
but not change is a 403. Views parse, call a service, and render.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import allowed, permission, require, signed_in
from ladder.core.submission import saved
from ladder.people.forms import apply_errors
from ladder.skills import hats, interests, policies
from ladder.skills.forms_hats import (
    BoardBranchForm,
    HatAssignForm,
    HatForm,
    HatRequirementForm,
    HatUnassignForm,
    InterestFilterForm,
    InterestForm,
    interest_initial,
)
from ladder.skills.models import Hat

GET_POST = require_http_methods(["GET", "POST"])


def _status(form: forms.BaseForm) -> int:
    """A POST that failed validation answers 400, so tools and tests can tell."""
    return 400 if form.is_bound and form.errors else 200


def _hat_form_page(
    request: AuthedRequest,
    form: forms.BaseForm,
    hat: Hat,
    *,
    title: str,
    submit: str,
    intro: str = "",
) -> HttpResponse:
    """A form about one hat; cancelling goes back to the hat."""
    return _form_page(
        request,
        form,
        title=title,
        submit=submit,
        cancel_url=hat.get_absolute_url(),
        hat=hat,
        intro=intro,
    )


def _form_page(
    request: AuthedRequest,
    form: forms.BaseForm,
    *,
    title: str,
    submit: str,
    cancel_url: str,
    hat: Hat | None = None,
    intro: str = "",
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": cancel_url,
        "hat": hat,
        "intro": intro,
    }
    return render(request, "skills/hat_form.html", context, status=_status(form))


def _editable_hat(request: AuthedRequest, pk: int) -> Hat:
    """The hat the user may see (else a 404) and edit (else a 403)."""
    access = access_for(request.user)
    hat = hats.hat_or_404(access, pk)
    require(policies.can_edit_hats, access, hat.library_id)
    return hat


# --- hats ------------------------------------------------------------------------------------


@permission(policies.can_view_hat_board)
def hat_board(request: AuthedRequest, library_pk: int) -> HttpResponse:
    access = access_for(request.user)
    library = hats.library_for_board_or_404(access, library_pk)
    form = BoardBranchForm(request.GET or None, library=library)
    branch = form.cleaned_data.get("branch") if form.is_valid() else None
    board = hats.hat_board(access, library, branch)
    return render(request, "skills/hat_board.html", {"board": board, "form": form})


@permission(policies.can_view_hat_board)
def hat_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    hat = hats.hat_or_404(access, pk)
    return render(request, "skills/hat_detail.html", {"detail": hats.hat_detail(access, hat)})


@permission(policies.can_edit_hats)
@GET_POST
def hat_create(request: AuthedRequest, library_pk: int) -> HttpResponse:
    access = access_for(request.user)
    library = hats.library_for_board_or_404(access, library_pk)
    require(policies.can_edit_hats, access, library.pk)
    form = HatForm(request.POST or None, library=library)
    hat: Hat | None = None

    def save() -> str:
        nonlocal hat
        hat = hats.hat_create(by=request.user, library=library, **form.cleaned_data)
        return f"Added the hat {hat.name}."

    if saved(request, form, save, show_errors=apply_errors) and hat is not None:
        return redirect(hat)
    return _form_page(
        request,
        form,
        title=f"Add a hat at {library}",
        submit="Add hat",
        cancel_url=reverse("skills:hat_board", args=[library.pk]),
        intro="A hat is a duty someone wears: interlibrary loan, reserves, the reference desk…",
    )


@permission(policies.can_edit_hats)
@GET_POST
def hat_update(request: AuthedRequest, pk: int) -> HttpResponse:
    hat = _editable_hat(request, pk)
    form = HatForm(request.POST or None, instance=hat, library=hat.library)

    def save() -> str:
        hats.hat_update(by=request.user, hat=hat, **form.cleaned_data)
        return f"Saved the hat {hat.name}."

    if saved(request, form, save, show_errors=apply_errors):
        return redirect(hat)
    return _hat_form_page(request, form, hat, title=f"Edit {hat.name}", submit="Save hat")


@permission(policies.can_edit_hats)
@GET_POST
def hat_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    hat = _editable_hat(request, pk)
    error = ""
    if request.method == "POST":
        try:
            hats.hat_delete(by=request.user, hat=hat)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Deleted the hat {hat.name}.")
            return redirect("skills:hat_board", library_pk=hat.library_id)
    return render(
        request,
        "skills/hat_delete.html",
        {"hat": hat, "error": error},
        status=400 if error else 200,
    )


@permission(policies.can_edit_hats)
@GET_POST
def hat_requirement_set(request: AuthedRequest, pk: int) -> HttpResponse:
    hat = _editable_hat(request, pk)
    initial = {"competency": request.GET.get("competency")}
    form = HatRequirementForm(
        request.POST or None,
        initial=initial,
        competencies=hats.competencies_for_library(hat.library).order_by(
            "area__position", "position", "name"
        ),
    )

    def save() -> str:
        competency = form.cleaned_data["competency"]
        hats.hat_requirement_set(
            by=request.user, hat=hat, competency=competency, level=form.cleaned_data["level"]
        )
        return f"Saved what {hat.name} requires in {competency}."

    if saved(request, form, save, show_errors=apply_errors):
        return redirect(hat)
    return _hat_form_page(
        request,
        form,
        hat,
        title=f"Set a required level for {hat.name}",
        submit="Save requirement",
    )


@permission(policies.can_edit_hats)
@GET_POST
def hat_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    hat = _editable_hat(request, pk)
    form = HatAssignForm(request.POST or None, employments=hats.assignable_employments(hat.library))

    def save() -> str:
        assignment = hats.hat_assign(by=request.user, hat=hat, **form.cleaned_data)
        role = assignment.get_role_display().lower()
        return f"{assignment.employment.person} is now {role} of {hat.name}."

    if saved(request, form, save, show_errors=apply_errors):
        return redirect(hat)
    return _hat_form_page(request, form, hat, title=f"Assign {hat.name}", submit="Assign")


@permission(policies.can_edit_hats)
@GET_POST
def hat_unassign(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    assignment = hats.assignment_or_404(access, pk)
    hat = assignment.hat
    require(policies.can_edit_hats, access, hat.library_id)
    form = HatUnassignForm(request.POST or None)

    def save() -> str:
        hats.hat_unassign(by=request.user, assignment=assignment, **form.cleaned_data)
        return "The assignment ends on the date given."

    if saved(request, form, save, show_errors=apply_errors):
        return redirect(hat)
    person = assignment.employment.person
    return _hat_form_page(
        request,
        form,
        hat,
        title=f"End {person}’s assignment to {hat.name}",
        submit="End assignment",
        intro=f"{person} has been {assignment.get_role_display().lower()} since "
        f"{assignment.start_date:%B %d, %Y}. The record stays as their experience.",
    )


# --- interests -------------------------------------------------------------------------------


@permission(policies.can_edit_interests)
@GET_POST
def interests_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    """The person's own interests form. Others who may read them get a 403, the rest a 404."""
    access = access_for(request.user)
    person = request.user if pk is None else interests.interest_person_or_404(access, pk)
    require(policies.can_edit_interests, access, person)
    interest = interests.interest_of(person)
    form = InterestForm(
        request.POST or None,
        initial=interest_initial(interest, person),
        person=person,
        job_classes=interests.job_classes_for(person),
        competencies=interests.competencies_for(person),
    )

    def save() -> str:
        interests.interest_update(by=request.user, person=person, **form.service_fields())
        return "Your interests are saved."

    if saved(request, form, save, show_errors=apply_errors):
        return redirect("skills:interests_view", pk=person.pk)
    context = {
        "form": form,
        "person": person,
        "can_list": allowed(policies.can_list_interests, access),
    }
    return render(request, "skills/interests_edit.html", context, status=_status(form))


@permission(signed_in)
def interests_view(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    person = interests.interest_person_or_404(access, pk)
    context = {
        "person": person,
        "interest": interests.interest_of(person),
        "is_self": allowed(policies.can_edit_interests, access, person),
        "can_list": allowed(policies.can_list_interests, access),
    }
    return render(request, "skills/interests_view.html", context)


@permission(policies.can_list_interests, scope=interests.interests_visible_to)
def interests_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = InterestFilterForm(request.GET, choices=interests.interest_filter_choices(access))
    filters = form.filters()
    rows = interests.interests_for_manager(access, **filters)
    context: dict[str, Any] = {
        "form": form,
        "is_filtered": bool(filters),
        **paginate(request, rows),
    }
    # HTMX swaps just the results when a filter changes; without JavaScript the form submits.
    is_htmx = request.headers.get("HX-Request") == "true"
    template = "skills/interests_list_results.html" if is_htmx else "skills/interests_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
