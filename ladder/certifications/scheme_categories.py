"""A network scheme's categories (with their minimum hours) and conversion factors: a
coordinator adds, changes and removes them one at a time (see `scheme_parts` for the checks,
locking and audit they share with the scheme's parts)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ladder.certifications.hours import CLOCK_HOUR, UNITS
from ladder.certifications.models import (
    ConversionFactor,
    Scheme,
    SchemeCategory,
)
from ladder.certifications.policies import can_change_scheme
from ladder.certifications.scheme_parts import (
    _code_error,
    _decimal,
    _item_remove,
    _lock,
    _log_changed,
    _name_error,
    _raise,
)
from ladder.certifications.schemes import validate_scheme
from ladder.core.access import access_for
from ladder.core.audit import diff, log_action, snapshot
from ladder.core.policies import require
from ladder.learning.models import Offering
from ladder.people.models import Person

CATEGORY_FIELDS = ["code", "name", "min_hours"]

# categories


def _min_hours(scheme: Scheme, value: Any, name: str) -> tuple[Decimal | None, str | None]:
    minimum, message = _decimal(
        value, label="minimum hours", places=1, max_digits=6, positive=False
    )
    if minimum is not None and scheme.cycle_hours > 0 and minimum > scheme.cycle_hours:
        return None, (
            f"The minimum for {name} ({minimum} h) exceeds the scheme's hours per cycle "
            f"({scheme.cycle_hours} h): nobody could meet it."
        )
    return minimum, message


def scheme_category_add(
    *, by: Person, scheme: Scheme, code: str, name: str, min_hours: Any
) -> SchemeCategory:
    """Add a category of hours with its minimum per cycle (see models for how records match)."""
    require(can_change_scheme, access_for(by), scheme)
    code, name = (code or "").strip(), (name or "").strip()
    errors: dict[str, str] = {}
    if message := _code_error(code, what="category"):
        errors["code"] = message
    if message := _name_error(name, what="category", max_length=120):
        errors["name"] = message
    with transaction.atomic():
        scheme = _lock(scheme)
        minimum, message = _min_hours(scheme, min_hours, name or code)
        if message:
            errors["min_hours"] = message
        if (
            "code" not in errors
            and SchemeCategory.objects.filter(scheme=scheme, code=code).exists()
        ):
            errors["code"] = f"A category with code {code} already exists."
        _raise(errors)
        assert minimum is not None
        category = SchemeCategory.objects.create(
            scheme=scheme, code=code, name=name, min_hours=minimum
        )
        validate_scheme(scheme)
        log_action(
            actor=by,
            action="certifications.category.added",
            obj=category,
            summary=f"Added category {name} (≥ {minimum} h) to {scheme.name}",
            changes={"category": [None, {"code": code, "name": name, "min_hours": str(minimum)}]},
        )
    return category


def scheme_category_update(
    *, by: Person, category: SchemeCategory, values: dict[str, Any]
) -> SchemeCategory:
    """Rename a category, change its code or its minimum hours per cycle."""
    scheme = category.scheme
    require(can_change_scheme, access_for(by), scheme)
    unknown = set(values) - set(CATEGORY_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field cannot be changed."})
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    errors: dict[str, str] = {}
    if "code" in values and (message := _code_error(values["code"], what="category")):
        errors["code"] = message
    if "name" in values and (
        message := _name_error(values["name"], what="category", max_length=120)
    ):
        errors["name"] = message
    with transaction.atomic():
        scheme = _lock(scheme)
        category = SchemeCategory.objects.select_for_update().get(pk=category.pk, scheme=scheme)
        if "min_hours" in values:
            minimum, message = _min_hours(
                scheme, values["min_hours"], values.get("name") or category.name
            )
            if message:
                errors["min_hours"] = message
            else:
                values["min_hours"] = minimum
        if (
            "code" not in errors
            and "code" in values
            and values["code"] != category.code
            and SchemeCategory.objects.filter(scheme=scheme, code=values["code"]).exists()
        ):
            errors["code"] = f"A category with code {values['code']} already exists."
        _raise(errors)
        before = snapshot(category, CATEGORY_FIELDS)
        for name, value in values.items():
            setattr(category, name, value)
        category.save()
        validate_scheme(scheme)
        _log_changed(
            by=by,
            scheme=scheme,
            item=category,
            what="category",
            name=category.name,
            changes=diff(before, snapshot(category, CATEGORY_FIELDS)),
        )
    return category


def scheme_category_remove(*, by: Person, category: SchemeCategory) -> None:
    """Remove a category: its hours still count toward the total, with no minimum of their own."""
    _item_remove(
        by=by,
        item=category,
        what="category",
        name=lambda found: found.name,
        record=lambda found: {
            "code": found.code,
            "name": found.name,
            "min_hours": str(found.min_hours),
        },
    )


# conversion factors


def conversion_kinds() -> list[tuple[str, str]]:
    """The activity kinds a factor may apply to (the training record kinds)."""
    return list(Offering.Kind.choices)


def conversion_units() -> list[tuple[str, str]]:
    """The units a factor converts to contact hours (clock hours convert by minutes)."""
    return [(k, v) for k, v in UNITS.items() if k != CLOCK_HOUR]


def _factor(value: Any) -> tuple[Decimal | None, str | None]:
    return _decimal(value, label="conversion factor", places=3, max_digits=6, positive=True)


def scheme_conversion_add(
    *, by: Person, scheme: Scheme, factor: Any, unit: str = "", activity_kind: str = ""
) -> ConversionFactor:
    """Add a conversion: contact hours per unit (a semester credit = 15), or a factor for an
    activity kind (a roundtable at 0.5)."""
    require(can_change_scheme, access_for(by), scheme)
    unit, activity_kind = (unit or "").strip(), (activity_kind or "").strip()
    errors: dict[str, str] = {}
    if unit and activity_kind:
        errors["unit"] = "Give either a unit or an activity kind, not both."
    elif not unit and not activity_kind:
        errors["unit"] = "Give the unit or the activity kind the factor applies to."
    elif unit and unit not in dict(conversion_units()):
        errors["unit"] = f"Unknown unit {unit!r}: one of " + ", ".join(
            k for k, _ in conversion_units()
        )
    elif activity_kind and activity_kind not in dict(conversion_kinds()):
        errors["activity_kind"] = f"Unknown activity kind {activity_kind!r}: one of " + ", ".join(
            k for k, _ in conversion_kinds()
        )
    value, message = _factor(factor)
    if message:
        errors["factor"] = message
    _raise(errors)
    assert value is not None
    with transaction.atomic():
        scheme = _lock(scheme)
        if ConversionFactor.objects.filter(
            scheme=scheme, unit=unit, activity_kind=activity_kind
        ).exists():
            field_name = "unit" if unit else "activity_kind"
            raise ValidationError(
                {field_name: f"{scheme.name} already has a factor for {unit or activity_kind}."}
            )
        conversion = ConversionFactor.objects.create(
            scheme=scheme, unit=unit, activity_kind=activity_kind, factor=value
        )
        validate_scheme(scheme)
        log_action(
            actor=by,
            action="certifications.conversion.added",
            obj=conversion,
            summary=f"Added conversion {conversion} to {scheme.name}",
            changes={"conversion": [None, {unit or activity_kind: str(value)}]},
        )
    return conversion


def scheme_conversion_update(
    *, by: Person, conversion: ConversionFactor, factor: Any
) -> ConversionFactor:
    """Change a conversion's factor (to change what it applies to, remove it and add another)."""
    scheme = conversion.scheme
    require(can_change_scheme, access_for(by), scheme)
    value, message = _factor(factor)
    if message or value is None:
        raise ValidationError({"factor": message or "Give the conversion factor."})
    with transaction.atomic():
        scheme = _lock(scheme)
        conversion = ConversionFactor.objects.select_for_update().get(
            pk=conversion.pk, scheme=scheme
        )
        before = conversion.factor
        conversion.factor = value
        conversion.save(update_fields=["factor"])
        validate_scheme(scheme)
        _log_changed(
            by=by,
            scheme=scheme,
            item=conversion,
            what="conversion",
            name=str(conversion),
            changes={"factor": [before, value]} if before != value else {},
        )
    return conversion


def scheme_conversion_remove(*, by: Person, conversion: ConversionFactor) -> None:
    """Remove a conversion: the unit is no longer converted, or the kind counts at face value."""
    _item_remove(
        by=by,
        item=conversion,
        what="conversion",
        name=str,
        record=lambda found: {found.unit or found.activity_kind: str(found.factor)},
    )
