"""The page where a network's coordinators add, change and remove a scheme's parts, its
categories with their minimum hours and its conversion factors (shipped templates are read-only).

Every action posts to its own URL; the service (`ladder.certifications.schemes`) checks the
rule and names the field, and the page shows the message beside it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ladder.certifications import schemes
from ladder.certifications.forms_scheme_parts import (
    ConversionAddForm,
    ConversionFactorForm,
    SchemeCategoryForm,
    SchemePartForm,
)
from ladder.certifications.models import ConversionFactor, Scheme, SchemeCategory, SchemePart
from ladder.certifications.policies import can_change_scheme
from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.policies import permission, require
from ladder.orgs.forms import show_errors


def _editable_scheme(request: AuthedRequest, pk: int) -> Scheme:
    """The scheme, if the user may see it (else 404) and change it (else 403)."""
    access = access_for(request.user)
    scheme: Scheme = get_visible_or_404(schemes.schemes_visible_to(access), pk=pk)
    require(can_change_scheme, access, scheme)
    return scheme


def _back(scheme: Scheme, anchor: str) -> HttpResponse:
    return redirect(reverse("certifications:scheme_parts", args=[scheme.pk]) + f"#{anchor}")


def _page(
    request: AuthedRequest,
    scheme: Scheme,
    *,
    part_form: SchemePartForm | None = None,
    category_form: SchemeCategoryForm | None = None,
    conversion_form: ConversionAddForm | None = None,
) -> HttpResponse:
    parts = list(
        SchemePart.objects.filter(scheme=scheme)
        .select_related("external_tag__scheme")
        .annotate(done=Count("completions"))
        .order_by("-is_required", "position", "name")
    )
    required = sum(1 for p in parts if p.is_required)
    return render(
        request,
        "certifications/scheme_parts.html",
        {
            "scheme": scheme,
            "parts": parts,
            "required_count": required,
            "elective_count": len(parts) - required,
            "categories": list(SchemeCategory.objects.filter(scheme=scheme).order_by("name")),
            "conversions": list(
                ConversionFactor.objects.filter(scheme=scheme).order_by("unit", "activity_kind")
            ),
            "part_form": part_form or SchemePartForm(prefix="part"),
            "category_form": category_form or SchemeCategoryForm(prefix="category"),
            "conversion_form": conversion_form or ConversionAddForm(prefix="conversion"),
        },
    )


def _item_page(
    request: AuthedRequest, scheme: Scheme, *, form: forms.Form, what: str, label: str, anchor: str
) -> HttpResponse:
    return render(
        request,
        "certifications/scheme_parts_item.html",
        {"scheme": scheme, "form": form, "what": what, "label": label, "anchor": anchor},
    )


def _fail(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
def scheme_parts(request: AuthedRequest, pk: int) -> HttpResponse:
    return _page(request, _editable_scheme(request, pk))


# --- parts ----------------------------------------------------------------------------------


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_POST
def scheme_part_add(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    form = SchemePartForm(request.POST, prefix="part")
    if form.is_valid():
        data = form.cleaned_data
        try:
            part = schemes.scheme_part_add(
                by=request.user,
                scheme=scheme,
                code=data["code"],
                name=data["name"],
                is_required=data["is_required"],
                external_tag=data["external_tag"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Added the part {part.name}.")
            return _back(scheme, "parts")
    return _page(request, scheme, part_form=form)


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_http_methods(["GET", "POST"])
def scheme_part_edit(request: AuthedRequest, pk: int, part_pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    part = get_object_or_404(SchemePart, pk=part_pk, scheme=scheme)
    form = SchemePartForm.for_part(part, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            schemes.scheme_part_update(by=request.user, part=part, values=dict(form.cleaned_data))
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Saved the part {form.cleaned_data['name']}.")
            return _back(scheme, "parts")
    return _item_page(
        request, scheme, form=form, what="part", label=f"the part {part.name}", anchor="parts"
    )


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_POST
def scheme_part_remove(request: AuthedRequest, pk: int, part_pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    part = get_object_or_404(SchemePart, pk=part_pk, scheme=scheme)
    try:
        schemes.scheme_part_remove(by=request.user, part=part)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"Removed the part {part.name}.")
    return _back(scheme, "parts")


# --- categories -----------------------------------------------------------------------------


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_POST
def scheme_category_add(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    form = SchemeCategoryForm(request.POST, prefix="category")
    if form.is_valid():
        data = form.cleaned_data
        try:
            category = schemes.scheme_category_add(
                by=request.user,
                scheme=scheme,
                code=data["code"],
                name=data["name"],
                min_hours=data["min_hours"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Added the category {category.name}.")
            return _back(scheme, "categories")
    return _page(request, scheme, category_form=form)


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_http_methods(["GET", "POST"])
def scheme_category_edit(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    category = get_object_or_404(SchemeCategory, pk=item_pk, scheme=scheme)
    form = SchemeCategoryForm.for_category(category, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            schemes.scheme_category_update(
                by=request.user, category=category, values=dict(form.cleaned_data)
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Saved the category {form.cleaned_data['name']}.")
            return _back(scheme, "categories")
    return _item_page(
        request,
        scheme,
        form=form,
        what="category",
        label=f"the category {category.name}",
        anchor="categories",
    )


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_POST
def scheme_category_remove(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    category = get_object_or_404(SchemeCategory, pk=item_pk, scheme=scheme)
    try:
        schemes.scheme_category_remove(by=request.user, category=category)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"Removed the category {category.name}.")
    return _back(scheme, "categories")


# --- conversion factors ---------------------------------------------------------------------


def _conversion_errors(form: ConversionAddForm, exc: ValidationError) -> None:
    """The service names `unit` or `activity_kind`; the form has one field for both."""
    if hasattr(exc, "error_dict"):
        renamed: dict[str, Any] = {}
        for name, errors in exc.error_dict.items():
            key = "applies_to" if name in ("unit", "activity_kind") else name
            renamed.setdefault(key, []).extend(errors)
        exc = ValidationError(renamed)
    show_errors(form, exc)


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_POST
def scheme_conversion_add(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    form = ConversionAddForm(request.POST, prefix="conversion")
    if form.is_valid():
        unit, kind = form.target()
        try:
            conversion = schemes.scheme_conversion_add(
                by=request.user,
                scheme=scheme,
                unit=unit,
                activity_kind=kind,
                factor=form.cleaned_data["factor"],
            )
        except ValidationError as exc:
            _conversion_errors(form, exc)
        else:
            messages.success(request, f"Added the conversion {conversion}.")
            return _back(scheme, "conversions")
    return _page(request, scheme, conversion_form=form)


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_http_methods(["GET", "POST"])
def scheme_conversion_edit(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    conversion = get_object_or_404(ConversionFactor, pk=item_pk, scheme=scheme)
    form = ConversionFactorForm.for_conversion(conversion, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = schemes.scheme_conversion_update(
                by=request.user, conversion=conversion, factor=form.value
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Saved the conversion {changed}.")
            return _back(scheme, "conversions")
    return _item_page(
        request,
        scheme,
        form=form,
        what="conversion",
        label=f"the conversion {conversion}",
        anchor="conversions",
    )


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_POST
def scheme_conversion_remove(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    conversion = get_object_or_404(ConversionFactor, pk=item_pk, scheme=scheme)
    label = str(conversion)
    try:
        schemes.scheme_conversion_remove(by=request.user, conversion=conversion)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"Removed the conversion {label}.")
    return _back(scheme, "conversions")
