"""Schemes: validation, the shipped templates, adoption by a network and coordinator edits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max, Q, QuerySet

from ladder.certifications.hours import CLOCK_HOUR, UNITS, Rules, rule_errors
from ladder.certifications.models import (
    ConversionFactor,
    PartCompletion,
    Scheme,
    SchemeCategory,
    SchemePart,
)
from ladder.certifications.policies import can_adopt_into, can_change_scheme
from ladder.core.access import Access, access_for
from ladder.core.audit import diff, log_action, snapshot
from ladder.core.policies import require
from ladder.learning.models import Offering
from ladder.orgs.models import Membership, Network
from ladder.people.models import CertificationType, EducationLevel, Person
from ladder.skills.default_framework import LSSC_SETS
from ladder.skills.models import ExternalTag

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


# --- shipped templates ----------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateSpec:
    slug: str
    name: str
    certification: str
    issuer: str
    description: str
    values: dict[str, Any]
    parts: list[tuple[str, str, bool]] = field(default_factory=list)  # code, name, required
    categories: list[tuple[str, str, Decimal]] = field(default_factory=list)
    conversions: list[tuple[str, str, Decimal]] = field(default_factory=list)  # unit, kind, f
    tag_scheme: str = ""


LSSC_CERTIFICATION = "Library Support Staff Certification (LSSC)"


def _lssc_parts() -> list[tuple[str, str, bool]]:
    return list(LSSC_SETS)


TEMPLATES: list[TemplateSpec] = [
    TemplateSpec(
        slug="lssc",
        name="Library Support Staff Certification",
        certification=LSSC_CERTIFICATION,
        issuer="ALA-Allied Professional Association",
        description=(
            "A national certification for library support staff without the MLS. A candidate "
            "with a secondary diploma and a year's library work completes six of ten "
            "competency sets — the three required ones and three electives of their choice — "
            "within four years, through approved courses, portfolios or training that covers "
            "each set. Valid four years; renewed with continuing education."
        ),
        values={
            "entry_min_education": EducationLevel.SECONDARY,
            "entry_work_hours": D("1820"),
            "entry_work_years": 5,
            "electives_needed": 3,
            "time_limit_years": 4,
            "validity_years": 4,
            "cycle_hours": D("32"),
            "min_activity_hours": D("1"),
            "minutes_per_contact_hour": 60,
            "renewal_window_months": 12,
            "grace_months": 2,
        },
        parts=[],  # filled from the LSSC sets of the default framework
        categories=[("technology", "Technology", D("4"))],
        conversions=[
            ("semester_credit", "", D("15")),
            ("quarter_credit", "", D("10")),
            ("conference_day", "", D("6")),
            ("", "roundtable", D("0.5")),
        ],
        tag_scheme="ala-apa-lssc",
    ),
    TemplateSpec(
        slug="state-public-librarian",
        name="State public librarian certificate",
        certification="State Public Librarian Certificate",
        issuer="State library agency",
        description=(
            "A state certificate for public library directors and librarians, in grades set by "
            "education and the size of the community served (in the manner of Wisconsin's). "
            "Renewed every five years with 100 contact hours, at least 10 in technology; one "
            "contact hour is 60 minutes of learning."
        ),
        values={
            "entry_min_education": EducationLevel.BACHELOR,
            "grades": "Grade 1, Grade 2, Grade 3",
            "validity_years": 5,
            "cycle_hours": D("100"),
            "min_activity_hours": D("0.5"),
            "minutes_per_contact_hour": 60,
            "renewal_window_months": 12,
            "grace_months": 0,
        },
        categories=[("technology", "Technology", D("10"))],
        conversions=[("semester_credit", "", D("15")), ("quarter_credit", "", D("10"))],
    ),
    TemplateSpec(
        slug="association-cpd",
        name="Association yearly CPD record",
        certification="Association CPD Record",
        issuer="Professional association",
        description=(
            "A professional association's continuing professional development scheme: members "
            "log 30 hours a year and 120 over any three years to stay in good standing."
        ),
        values={
            "validity_years": 1,
            "cycle_hours": D("30"),
            "rolling_hours": D("120"),
            "rolling_years": 3,
            "min_activity_hours": D("0.5"),
            "minutes_per_contact_hour": 60,
            "renewal_window_months": 2,
            "grace_months": 1,
        },
        conversions=[("conference_day", "", D("6"))],
    ),
]


def install_templates() -> list[Scheme]:
    """Create or bring up to date the shipped template schemes. Idempotent."""
    installed: list[Scheme] = []
    with transaction.atomic():
        for spec in TEMPLATES:
            cert, _ = CertificationType.objects.get_or_create(
                name=spec.certification, defaults={"issuer": spec.issuer}
            )
            scheme, _ = Scheme.objects.update_or_create(
                network=None,
                slug=spec.slug,
                defaults={
                    "name": spec.name,
                    "certification_type": cert,
                    "issuer": spec.issuer,
                    "description": spec.description,
                    **spec.values,
                },
            )
            parts = _lssc_parts() if spec.slug == "lssc" else spec.parts
            tags = (
                {t.code: t for t in ExternalTag.objects.filter(scheme__slug=spec.tag_scheme)}
                if spec.tag_scheme
                else {}
            )
            for position, (code, name, required) in enumerate(parts):
                SchemePart.objects.update_or_create(
                    scheme=scheme,
                    code=code,
                    defaults={
                        "name": name,
                        "is_required": required,
                        "position": position,
                        "external_tag": tags.get(code),
                    },
                )
            for code, name, minimum in spec.categories:
                SchemeCategory.objects.update_or_create(
                    scheme=scheme, code=code, defaults={"name": name, "min_hours": minimum}
                )
            for unit, kind, factor in spec.conversions:
                ConversionFactor.objects.update_or_create(
                    scheme=scheme, unit=unit, activity_kind=kind, defaults={"factor": factor}
                )
            installed.append(scheme)
    return installed


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


# --- parts, categories and conversion factors -----------------------------------------------
#
# A coordinator (or a site admin) adds, changes and removes a network scheme's parts, its
# categories with their minimum hours and its conversion factors, one at a time. Every change
# locks the scheme's row (so two coordinators' edits, or an edit and `scheme_update`, are
# checked one after the other), is checked before it is saved, leaves a scheme that can still
# be completed (the whole scheme is validated again before the transaction commits) and is
# audited. Shipped templates are read-only.

PART_FIELDS = ["code", "name", "is_required", "external_tag", "position"]
CATEGORY_FIELDS = ["code", "name", "min_hours"]
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
