"""Schemes: the selectors, validation, adoption of a shipped template by a network and
coordinator edits of a scheme's own fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from ladder.certifications.hours import UNITS, Rules, rule_errors
from ladder.certifications.models import (
    ConversionFactor,
    Scheme,
    SchemeCategory,
    SchemePart,
)
from ladder.certifications.policies import can_adopt_into, can_change_scheme
from ladder.core.access import Access, access_for
from ladder.core.audit import diff, log_action, snapshot
from ladder.core.policies import require
from ladder.orgs.models import Membership, Network
from ladder.people.models import Person

D = Decimal

# --- selectors ------------------------------------------------------------------------------


def scheme_queryset() -> QuerySet[Scheme]:
    return Scheme.objects.select_related("network", "certification_type", "copied_from")


def schemes_visible_to(access: Access) -> QuerySet[Scheme]:
    """Templates for everyone; a network's schemes for its coordinators and members' staff."""
    qs = scheme_queryset()
    if access.is_site_admin:
        return qs
    libraries = access.colleague_library_ids | access.admin_library_ids
    networks = Membership.objects.filter(library_id__in=libraries).values("network_id")
    return qs.filter(
        Q(network__isnull=True)
        | Q(network_id__in=access.coordinator_network_ids)
        | Q(network_id__in=networks)
    )


def scheme_with_parts(scheme_id: int) -> Scheme:
    return (
        scheme_queryset()
        .prefetch_related("parts__external_tag", "categories", "conversions")
        .get(pk=scheme_id)
    )


def scheme_rules(scheme: Scheme) -> Rules:
    """The scheme's renewal rule as pure values for `hours.py` (uses prefetched relations)."""
    units: dict[str, Decimal] = {}
    kinds: dict[str, Decimal] = {}
    for conversion in scheme.conversions.all():
        if conversion.unit:
            units[conversion.unit] = conversion.factor
        else:
            kinds[conversion.activity_kind] = conversion.factor
    return Rules(
        cycle_hours=scheme.cycle_hours,
        minutes_per_contact_hour=scheme.minutes_per_contact_hour,
        min_activity_hours=scheme.min_activity_hours,
        unit_hours=units,
        kind_factors=kinds,
        category_minimums={c.code: c.min_hours for c in scheme.categories.all()},
    )


# --- validation -----------------------------------------------------------------------------


def scheme_errors(
    values: dict[str, Any],
    *,
    parts: list[dict[str, Any]],
    categories: list[dict[str, Any]],
    conversions: list[dict[str, Any]],
) -> dict[str, str]:
    """Every rule a scheme breaks, by field, with a message naming it."""
    errors: dict[str, str] = {}
    for name in (
        "entry_work_hours",
        "cycle_hours",
        "rolling_hours",
        "min_activity_hours",
    ):
        if D(values.get(name) or 0) < 0:
            errors[name] = "Hours cannot be negative."
    if int(values.get("validity_years") or 0) < 1:
        errors["validity_years"] = "A certification is valid at least one year."
    required = sum(1 for p in parts if p.get("is_required"))
    electives = len(parts) - required
    needed = int(values.get("electives_needed") or 0)
    if needed < 0:
        errors["electives_needed"] = "The number of electives cannot be negative."
    elif needed > electives:
        errors["electives_needed"] = (
            f"The scheme asks for {needed} elective parts but only {electives} exist "
            f"({required} required, {len(parts)} in all): it could never be completed."
        )
    codes = [p["code"] for p in parts]
    if len(codes) != len(set(codes)):
        errors["parts"] = "Two parts have the same code."
    if D(values.get("rolling_hours") or 0) > 0 and int(values.get("rolling_years") or 0) < 1:
        errors["rolling_years"] = "Say over how many years the longer-period hours count."
    for c in conversions:
        if D(c.get("factor") or 0) <= 0:
            label = c.get("unit") or c.get("activity_kind") or "a conversion"
            errors["conversions"] = f"The conversion factor for {label} must be more than 0."
    for c in categories:
        if D(c.get("min_hours") or 0) < 0:
            errors["categories"] = f"The minimum hours for {c.get('name')} cannot be negative."
    if "categories" not in errors and "conversions" not in errors:
        rules = Rules(
            cycle_hours=D(values.get("cycle_hours") or 0),
            minutes_per_contact_hour=int(values.get("minutes_per_contact_hour") or 0),
            min_activity_hours=D(values.get("min_activity_hours") or 0),
            unit_hours={c["unit"]: D(c["factor"]) for c in conversions if c.get("unit")},
            kind_factors={
                c["activity_kind"]: D(c["factor"]) for c in conversions if c.get("activity_kind")
            },
            category_minimums={c["code"]: D(c["min_hours"]) for c in categories},
        )
        for key, message in rule_errors(rules).items():
            errors.setdefault(
                {"unit_hours": "conversions", "kind_factors": "conversions"}.get(
                    key, "categories" if key == "category_minimums" else key
                ),
                message,
            )
    return errors


def validate_scheme(scheme: Scheme) -> None:
    """Raise ValidationError when the stored scheme (with its parts) breaks a rule."""
    parts = [{"code": p.code, "is_required": p.is_required} for p in scheme.parts.all()]
    cats = [
        {"code": c.code, "name": c.name, "min_hours": c.min_hours} for c in scheme.categories.all()
    ]
    convs = [
        {"unit": c.unit, "activity_kind": c.activity_kind, "factor": c.factor}
        for c in scheme.conversions.all()
    ]
    values = {f.name: getattr(scheme, f.name) for f in Scheme._meta.concrete_fields}
    errors = scheme_errors(values, parts=parts, categories=cats, conversions=convs)
    if errors:
        raise ValidationError(errors)


# --- adopt and edit -------------------------------------------------------------------------


COPIED_FIELDS = [
    "name",
    "certification_type",
    "issuer",
    "description",
    "grades",
    "entry_min_education",
    "entry_work_hours",
    "entry_work_years",
    "electives_needed",
    "time_limit_years",
    "validity_years",
    "cycle_hours",
    "rolling_hours",
    "rolling_years",
    "min_activity_hours",
    "minutes_per_contact_hour",
    "renewal_window_months",
    "grace_months",
]
EDITABLE_FIELDS = [f for f in COPIED_FIELDS if f != "certification_type"]


def scheme_adopt(*, by: Person, template: Scheme, network: Network) -> Scheme:
    """Copy a shipped template into the network; the copy is the network's to adjust."""
    require(can_adopt_into, access_for(by), network)
    if not template.is_template:
        raise ValidationError({"template": "Only a shipped template can be adopted."})
    with transaction.atomic():
        if Scheme.objects.filter(network=network, slug=template.slug).exists():
            raise ValidationError({"template": f"{network} has already adopted {template.name}."})
        scheme = Scheme.objects.create(
            network=network,
            slug=template.slug,
            copied_from=template,
            **{name: getattr(template, name) for name in COPIED_FIELDS},
        )
        SchemePart.objects.bulk_create(
            SchemePart(
                scheme=scheme,
                code=p.code,
                name=p.name,
                is_required=p.is_required,
                external_tag_id=p.external_tag_id,
                position=p.position,
            )
            for p in template.parts.all()
        )
        SchemeCategory.objects.bulk_create(
            SchemeCategory(scheme=scheme, code=c.code, name=c.name, min_hours=c.min_hours)
            for c in template.categories.all()
        )
        ConversionFactor.objects.bulk_create(
            ConversionFactor(
                scheme=scheme, unit=c.unit, activity_kind=c.activity_kind, factor=c.factor
            )
            for c in template.conversions.all()
        )
        log_action(
            actor=by,
            action="certifications.scheme.adopted",
            obj=scheme,
            summary=f"{network} adopted {template.name}",
        )
    return scheme


def scheme_update(
    *,
    by: Person,
    scheme: Scheme,
    values: dict[str, Any],
    categories: dict[str, Decimal] | None = None,
    conversions: dict[str, Decimal] | None = None,
) -> Scheme:
    """A coordinator adjusts the network's scheme; the rules are checked before saving.

    `categories` maps category code → minimum hours of existing categories; `conversions`
    maps a unit or an activity kind → factor (new ones are added).
    """
    require(can_change_scheme, access_for(by), scheme)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field cannot be changed."})
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        before = snapshot(scheme, EDITABLE_FIELDS)
        merged = {**before, **values}
        cats = [
            {
                "code": c.code,
                "name": c.name,
                "min_hours": (categories or {}).get(c.code, c.min_hours),
            }
            for c in scheme.categories.all()
        ]
        existing = {c.unit or c.activity_kind: c for c in scheme.conversions.all()}
        convs: list[dict[str, Any]] = [
            {"unit": c.unit, "activity_kind": c.activity_kind, "factor": c.factor}
            for key, c in existing.items()
            if key not in (conversions or {})
        ]
        for key, factor in (conversions or {}).items():
            if key in UNITS:
                convs.append({"unit": key, "activity_kind": "", "factor": factor})
            else:
                convs.append({"unit": "", "activity_kind": key, "factor": factor})
        parts = [{"code": p.code, "is_required": p.is_required} for p in scheme.parts.all()]
        errors = scheme_errors(merged, parts=parts, categories=cats, conversions=convs)
        if errors:
            raise ValidationError(errors)
        for name, value in values.items():
            setattr(scheme, name, value)
        scheme.save()
        for c in scheme.categories.all():
            if categories and c.code in categories and categories[c.code] != c.min_hours:
                c.min_hours = categories[c.code]
                c.save(update_fields=["min_hours"])
        for conv in convs:
            ConversionFactor.objects.update_or_create(
                scheme=scheme,
                unit=conv["unit"],
                activity_kind=conv["activity_kind"],
                defaults={"factor": conv["factor"]},
            )
        log_action(
            actor=by,
            action="certifications.scheme.updated",
            obj=scheme,
            summary=f"Adjusted {scheme.name}",
            changes={
                **diff(before, snapshot(scheme, EDITABLE_FIELDS)),
                **(
                    {"categories": [None, {k: str(v) for k, v in categories.items()}]}
                    if categories
                    else {}
                ),
                **(
                    {"conversions": [None, {k: str(v) for k, v in conversions.items()}]}
                    if conversions
                    else {}
                ),
            },
        )
    return scheme
