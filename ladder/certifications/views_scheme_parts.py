"""The page where a network's coordinators add, change and remove a scheme's parts, its
categories with their minimum hours and its conversion factors (shipped templates are read-only).

Every action posts to its own URL; the services (`ladder.certifications.scheme_parts` and
`ladder.certifications.scheme_categories`) check the rule and name the field, and the page shows
the message beside it. The three kinds of item are added, changed and removed by the same three
views, each told its kind by `ITEM_KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ladder.certifications import scheme_categories, schemes
from ladder.certifications.forms_scheme_parts import (
    ConversionAddForm,
    ConversionFactorForm,
    SchemeCategoryForm,
    SchemePartForm,
)
from ladder.certifications.models import ConversionFactor, Scheme, SchemeCategory, SchemePart
from ladder.certifications.policies import can_change_scheme
from ladder.certifications.scheme_parts import (
    scheme_part_add,
    scheme_part_remove,
    scheme_part_update,
)
from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.policies import permission, require
from ladder.orgs.forms import show_errors
from ladder.people.models import Person

M = TypeVar("M", SchemePart, SchemeCategory, ConversionFactor)


def _editable_scheme(request: AuthedRequest, pk: int) -> Scheme:
    """The scheme, if the user may see it (else 404) and change it (else 403)."""
    access = access_for(request.user)
    scheme: Scheme = get_visible_or_404(schemes.schemes_visible_to(access), pk=pk)
    require(can_change_scheme, access, scheme)
    return scheme


def _back(scheme: Scheme, anchor: str) -> HttpResponse:
    return redirect(reverse("certifications:scheme_parts", args=[scheme.pk]) + f"#{anchor}")


def _page(
    request: AuthedRequest, scheme: Scheme, *, bound: forms.Form | None = None
) -> HttpResponse:
    """The whole page; `bound` is an add form that failed, shown again under its prefix."""
    parts = list(
        SchemePart.objects.filter(scheme=scheme)
        .select_related("external_tag__scheme")
        .annotate(done=Count("completions"))
        .order_by("-is_required", "position", "name")
    )
    required = sum(1 for p in parts if p.is_required)
    add_forms: dict[str, forms.Form] = {
        "part_form": SchemePartForm(prefix="part"),
        "category_form": SchemeCategoryForm(prefix="category"),
        "conversion_form": ConversionAddForm(prefix="conversion"),
    }
    if bound is not None:
        add_forms[f"{bound.prefix}_form"] = bound
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
            **add_forms,
        },
    )


@dataclass(frozen=True)
class ItemKind(Generic[M]):
    """One kind of a scheme's items: what the messages call it, where the page shows it (its
    anchor and URL segment), its forms and the services that add, change and remove it."""

    what: str
    plural: str
    model: type[M]
    label: Callable[[M], str]
    add_form: Callable[..., forms.Form]
    edit_form: Callable[[M, Any], forms.Form]
    add: Callable[[Person, Scheme, Any], M]
    update: Callable[[Person, M, Any], M]
    remove: Callable[[Person, M], None]
    show_errors: Callable[[Any, ValidationError], None] = show_errors


def _part_add(by: Person, scheme: Scheme, form: SchemePartForm) -> SchemePart:
    data = form.cleaned_data
    return scheme_part_add(
        by=by,
        scheme=scheme,
        code=data["code"],
        name=data["name"],
        is_required=data["is_required"],
        external_tag=data["external_tag"],
    )


def _category_add(by: Person, scheme: Scheme, form: SchemeCategoryForm) -> SchemeCategory:
    data = form.cleaned_data
    return scheme_categories.scheme_category_add(
        by=by, scheme=scheme, code=data["code"], name=data["name"], min_hours=data["min_hours"]
    )


def _conversion_add(by: Person, scheme: Scheme, form: ConversionAddForm) -> ConversionFactor:
    unit, kind = form.target()
    return scheme_categories.scheme_conversion_add(
        by=by, scheme=scheme, unit=unit, activity_kind=kind, factor=form.cleaned_data["factor"]
    )


def _conversion_errors(form: ConversionAddForm, exc: ValidationError) -> None:
    """The service names `unit` or `activity_kind`; the form has one field for both."""
    if hasattr(exc, "error_dict"):
        renamed: dict[str, Any] = {}
        for name, errors in exc.error_dict.items():
            key = "applies_to" if name in ("unit", "activity_kind") else name
            renamed.setdefault(key, []).extend(errors)
        exc = ValidationError(renamed)
    show_errors(form, exc)


ITEM_KINDS: tuple[ItemKind[Any], ...] = (
    ItemKind(
        what="part",
        plural="parts",
        model=SchemePart,
        label=lambda part: part.name,
        add_form=SchemePartForm,
        edit_form=SchemePartForm.for_part,
        add=_part_add,
        update=lambda by, part, form: scheme_part_update(
            by=by, part=part, values=dict(form.cleaned_data)
        ),
        remove=lambda by, part: scheme_part_remove(by=by, part=part),
    ),
    ItemKind(
        what="category",
        plural="categories",
        model=SchemeCategory,
        label=lambda category: category.name,
        add_form=SchemeCategoryForm,
        edit_form=SchemeCategoryForm.for_category,
        add=_category_add,
        update=lambda by, category, form: scheme_categories.scheme_category_update(
            by=by, category=category, values=dict(form.cleaned_data)
        ),
        remove=lambda by, category: scheme_categories.scheme_category_remove(
            by=by, category=category
        ),
    ),
    ItemKind(
        what="conversion",
        plural="conversions",
        model=ConversionFactor,
        label=str,
        add_form=ConversionAddForm,
        edit_form=ConversionFactorForm.for_conversion,
        add=_conversion_add,
        update=lambda by, conversion, form: scheme_categories.scheme_conversion_update(
            by=by, conversion=conversion, factor=form.value
        ),
        remove=lambda by, conversion: scheme_categories.scheme_conversion_remove(
            by=by, conversion=conversion
        ),
        show_errors=_conversion_errors,
    ),
)


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
def scheme_parts(request: AuthedRequest, pk: int) -> HttpResponse:
    return _page(request, _editable_scheme(request, pk))


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_POST
def scheme_item_add(request: AuthedRequest, pk: int, kind: ItemKind[Any]) -> HttpResponse:
    """Add through the service when the form parses; else the whole page again, the message
    beside the field the service named."""
    scheme = _editable_scheme(request, pk)
    form = kind.add_form(request.POST, prefix=kind.what)
    if form.is_valid():
        try:
            item = kind.add(request.user, scheme, form)
        except ValidationError as exc:
            kind.show_errors(form, exc)
        else:
            messages.success(request, f"Added the {kind.what} {kind.label(item)}.")
            return _back(scheme, kind.plural)
    return _page(request, scheme, bound=form)


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_http_methods(["GET", "POST"])
def scheme_item_edit(
    request: AuthedRequest, pk: int, item_pk: int, kind: ItemKind[Any]
) -> HttpResponse:
    """The item's own page; a valid POST saves through the service and goes back."""
    scheme = _editable_scheme(request, pk)
    item = get_object_or_404(kind.model, pk=item_pk, scheme=scheme)
    form = kind.edit_form(item, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = kind.update(request.user, item, form)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Saved the {kind.what} {kind.label(changed)}.")
            return _back(scheme, kind.plural)
    return render(
        request,
        "certifications/scheme_parts_item.html",
        {
            "scheme": scheme,
            "form": form,
            "what": kind.what,
            "label": f"the {kind.what} {kind.label(item)}",
            "anchor": kind.plural,
        },
    )


@permission(can_change_scheme, scope=schemes.schemes_visible_to)
@require_POST
def scheme_item_remove(
    request: AuthedRequest, pk: int, item_pk: int, kind: ItemKind[Any]
) -> HttpResponse:
    """Remove through the service; a refusal is a message on the page, as there is no form."""
    scheme = _editable_scheme(request, pk)
    item = get_object_or_404(kind.model, pk=item_pk, scheme=scheme)
    label = kind.label(item)
    try:
        kind.remove(request.user, item)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Removed the {kind.what} {label}.")
    return _back(scheme, kind.plural)
