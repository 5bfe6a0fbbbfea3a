"""A network scheme's parts: a coordinator adds, changes and removes them one at a time, with
the checks, locking and audit shared with the scheme's categories and conversion factors."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max

from ladder.certifications.models import (
    ConversionFactor,
    PartCompletion,
    Scheme,
    SchemeCategory,
    SchemePart,
)
from ladder.certifications.policies import can_change_scheme
from ladder.certifications.schemes import validate_scheme
from ladder.core.access import access_for
from ladder.core.audit import diff, log_action, snapshot
from ladder.core.policies import require
from ladder.people.models import Person
from ladder.skills.models import ExternalTag

# --- parts, categories and conversion factors -----------------------------------------------
#
# A coordinator (or a site admin) adds, changes and removes a network scheme's parts, its
# categories with their minimum hours and its conversion factors, one at a time. Every change
# locks the scheme's row (so two coordinators' edits, or an edit and `scheme_update`, are
# checked one after the other), is checked before it is saved, leaves a scheme that can still
# be completed (the whole scheme is validated again before the transaction commits) and is
# audited. Shipped templates are read-only.

PART_FIELDS = ["code", "name", "is_required", "external_tag", "position"]
MAX_POSITION = 32767
_Item = TypeVar("_Item", SchemePart, SchemeCategory, ConversionFactor)


def _lock(scheme: Scheme) -> Scheme:
    return Scheme.objects.select_for_update().get(pk=scheme.pk)


def _code_error(code: Any, *, what: str) -> str | None:
    if not isinstance(code, str) or not code.strip():
        return f"Give the {what} a code (letters, digits, hyphens)."
    if len(code) > 60:
        return "A code has at most 60 characters."
    try:
        validate_slug(code)
    except ValidationError:
        return "A code uses only letters, digits, hyphens and underscores."
    return None


def _name_error(name: Any, *, what: str, max_length: int) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return f"Give the {what} a name."
    if len(name) > max_length:
        return f"A name has at most {max_length} characters."
    return None


def _decimal(
    value: Any, *, label: str, places: int, max_digits: int, positive: bool
) -> tuple[Decimal | None, str | None]:
    """The value as a Decimal, or the message saying why it cannot be stored."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return None, f"Give the {label} as a number."
    if not number.is_finite():
        return None, f"Give the {label} as a number."
    if positive and number == 0:
        return None, (
            f"A {label} of 0 would count nothing: give a {label} more than 0 "
            "(remove it if it should not apply)."
        )
    if number < 0:
        return None, f"The {label} cannot be negative."
    if number != number.quantize(Decimal(1).scaleb(-places)):
        return None, f"Give the {label} with at most {places} decimal place{'s' * (places > 1)}."
    if number >= Decimal(10) ** (max_digits - places):
        return None, f"The {label} is too large."
    return number.quantize(Decimal(1).scaleb(-places)), None


def _electives(scheme: Scheme) -> tuple[int, int]:
    """(required parts, elective parts) of the scheme as stored."""
    required = scheme.parts.filter(is_required=True).count()
    return required, scheme.parts.count() - required


def _too_few_electives(scheme: Scheme, electives: int, doing: str) -> str | None:
    if scheme.electives_needed > electives:
        return (
            f"{doing} would leave {electives} elective part{'s' * (electives != 1)} where "
            f"{scheme.name} asks candidates to choose {scheme.electives_needed}: it could never "
            "be completed. Lower the number of electives needed first."
        )
    return None


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _tag_label(tag: Any) -> Any:
    return tag.pk if tag is not None else None


def _log_changed(
    *,
    by: Person,
    scheme: Scheme,
    item: _Item,
    what: str,
    name: str,
    changes: dict[str, list[Any]],
) -> None:
    """Log a change to a scheme's part, category or conversion; saving it unchanged logs nothing."""
    if changes:
        log_action(
            actor=by,
            action=f"certifications.{what}.updated",
            obj=item,
            summary=f"Changed {what} {name} of {scheme.name}",
            changes=changes,
        )


def _delete_logged(
    *,
    by: Person,
    scheme: Scheme,
    item: _Item,
    what: str,
    name: str,
    record: dict[str, Any],
) -> None:
    """Delete a scheme's part, category or conversion, keeping in the audit log what it was,
    since nothing else remembers it once it is gone."""
    log_action(
        actor=by,
        action=f"certifications.{what}.removed",
        obj=item,
        summary=f"Removed {what} {name} from {scheme.name}",
        changes={what: [record, None]},
    )
    item.delete()


def _item_remove(
    *,
    by: Person,
    item: _Item,
    what: str,
    name: Callable[[_Item], str],
    record: Callable[[_Item], dict[str, Any]],
) -> None:
    """Remove a category or a conversion (nothing on record depends on either): read it again
    under the scheme's lock, so the log keeps what was deleted, not what the caller last saw."""
    scheme = item.scheme
    require(can_change_scheme, access_for(by), scheme)
    with transaction.atomic():
        scheme = _lock(scheme)
        item = type(item).objects.get(pk=item.pk, scheme=scheme)
        _delete_logged(
            by=by, scheme=scheme, item=item, what=what, name=name(item), record=record(item)
        )


# parts


def scheme_part_add(
    *,
    by: Person,
    scheme: Scheme,
    code: str,
    name: str,
    is_required: bool = False,
    external_tag: ExternalTag | None = None,
) -> SchemePart:
    """Add a part (required, or one more elective to choose from) to a network's scheme."""
    require(can_change_scheme, access_for(by), scheme)
    code, name = (code or "").strip(), (name or "").strip()
    errors: dict[str, str] = {}
    if message := _code_error(code, what="part"):
        errors["code"] = message
    if message := _name_error(name, what="part", max_length=200):
        errors["name"] = message
    _raise(errors)
    with transaction.atomic():
        scheme = _lock(scheme)
        if SchemePart.objects.filter(scheme=scheme, code=code).exists():
            raise ValidationError({"code": f"A part with code {code} already exists."})
        last = scheme.parts.aggregate(last=Max("position"))["last"]
        part = SchemePart.objects.create(
            scheme=scheme,
            code=code,
            name=name,
            is_required=bool(is_required),
            external_tag=external_tag,
            position=0 if last is None else min(last + 1, MAX_POSITION),
        )
        validate_scheme(scheme)
        log_action(
            actor=by,
            action="certifications.part.added",
            obj=part,
            summary=f"Added {'required' if is_required else 'elective'} part {name} "
            f"to {scheme.name}",
            changes={"part": [None, {"code": code, "name": name, "is_required": is_required}]},
        )
    return part


def scheme_part_update(*, by: Person, part: SchemePart, values: dict[str, Any]) -> SchemePart:
    """Rename a part, change its code, make it required or elective, or change its tag."""
    scheme = part.scheme
    require(can_change_scheme, access_for(by), scheme)
    unknown = set(values) - set(PART_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field cannot be changed."})
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    errors: dict[str, str] = {}
    if "code" in values and (message := _code_error(values["code"], what="part")):
        errors["code"] = message
    if "name" in values and (message := _name_error(values["name"], what="part", max_length=200)):
        errors["name"] = message
    if "is_required" in values and not isinstance(values["is_required"], bool):
        errors["is_required"] = "Say whether the part is required (true or false)."
    if "position" in values and (
        not isinstance(values["position"], int)
        or isinstance(values["position"], bool)
        or not 0 <= values["position"] <= MAX_POSITION
    ):
        errors["position"] = f"The position is a whole number from 0 to {MAX_POSITION}."
    tag = values.get("external_tag")
    if tag is not None and not isinstance(tag, ExternalTag):
        errors["external_tag"] = "Choose one of the external scheme's tags."
    _raise(errors)
    with transaction.atomic():
        scheme = _lock(scheme)
        part = SchemePart.objects.select_for_update().get(pk=part.pk, scheme=scheme)
        before = snapshot(part, PART_FIELDS)
        if (
            "code" in values
            and values["code"] != part.code
            and SchemePart.objects.filter(scheme=scheme, code=values["code"]).exists()
        ):
            raise ValidationError({"code": f"A part with code {values['code']} already exists."})
        if values.get("is_required") is True and not part.is_required:
            _, electives = _electives(scheme)
            if message := _too_few_electives(scheme, electives - 1, f"Making {part.name} required"):
                raise ValidationError({"is_required": message})
        for name, value in values.items():
            setattr(part, name, value)
        part.save()
        validate_scheme(scheme)
        after = snapshot(part, PART_FIELDS)
        changes = diff(
            {**before, "external_tag": _tag_label(before["external_tag"])},
            {**after, "external_tag": _tag_label(after["external_tag"])},
        )
        _log_changed(by=by, scheme=scheme, item=part, what="part", name=part.name, changes=changes)
    return part


def scheme_part_remove(*, by: Person, part: SchemePart) -> None:
    """Remove a part nobody has completed, unless the scheme could then not be completed."""
    scheme = part.scheme
    require(can_change_scheme, access_for(by), scheme)
    with transaction.atomic():
        scheme = _lock(scheme)
        part = SchemePart.objects.select_for_update().get(pk=part.pk, scheme=scheme)
        done = PartCompletion.objects.filter(part=part).count()
        if done:
            raise ValidationError(
                {
                    "part": (
                        f"{part.name} is recorded as completed for {done} "
                        f"{'person' if done == 1 else 'people'}; removing it would erase those "
                        "records. Rename it instead, or keep it."
                    )
                }
            )
        if not part.is_required:
            _, electives = _electives(scheme)
            if message := _too_few_electives(scheme, electives - 1, f"Removing {part.name}"):
                raise ValidationError({"part": message})
        _delete_logged(
            by=by,
            scheme=scheme,
            item=part,
            what="part",
            name=part.name,
            record={"code": part.code, "name": part.name, "is_required": part.is_required},
        )
        validate_scheme(scheme)
