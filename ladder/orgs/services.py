"""Every write to regions, libraries, memberships and branches.

Rules (DESIGN.md roles): a network's coordinators create and edit its regions, libraries,
memberships and branches; a library's admins edit their own library (but not its region or
memberships) and its branches; site admins do everything. Each function checks the rule with
access_for(by), validates (ValidationError keyed by field), writes in a transaction and logs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from typing_extensions import Unpack

from ladder.core.access import access_for, forget_access
from ladder.core.audit import diff, log_action, snapshot
from ladder.core.policies import require
from ladder.orgs.models import Branch, Library, Membership, Network, Region
from ladder.orgs.policies import (
    can_change_region,
    can_coordinate_network,
    can_edit_branch,
    can_edit_library,
    can_edit_region,
    can_end_membership,
    can_set_library_rules,
)
from ladder.orgs.selectors import current_membership_q

if TYPE_CHECKING:
    from ladder.people.models import Person


class LibraryFields(TypedDict, total=False):
    """What a caller may set on a library (library_create and library_update)."""

    name: str
    slug: str
    kind: str
    region: Region | None
    city: str
    county: str
    state: str
    fscs_key: str
    population_served: int | None
    website: str
    full_time_threshold: Decimal
    registration_needs_approval: bool
    fiscal_year_start_month: int


#: The library's own rules: only its admins change them (can_set_library_rules).
LIBRARY_RULE_FIELDS = ("registration_needs_approval", "fiscal_year_start_month")


class NewLibraryFields(LibraryFields, total=False):
    """A new library's fields and its membership of the network."""

    joined_on: dt.date | None
    annual_fee: Decimal | None


class BranchFields(TypedDict, total=False):
    """What a caller may set on a branch (branch_create and branch_update)."""

    name: str
    kind: str
    address: str
    city: str
    postal_code: str
    latitude: Decimal | None
    longitude: Decimal | None
    weekly_hours: Decimal | None
    square_feet: int | None


LIBRARY_FIELDS = tuple(LibraryFields.__annotations__)
BRANCH_FIELDS = tuple(BranchFields.__annotations__)

Errors = dict[str, list[str]]
M = TypeVar("M", bound=models.Model)
F = TypeVar("F", bound=Mapping[str, Any])


# --- helpers ----------------------------------------------------------------------------


def _reject_unknown(fields: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> None:
    # A caller passing a field we do not edit here is a programming error, not bad input.
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"{what} has no editable field(s): {', '.join(unknown)}")


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, [])
    if message not in errors[field]:
        errors[field].append(message)


def _collect(obj: models.Model, errors: Errors, exclude: list[str] | None = None) -> None:
    """Add the model's own field validation (blank, choices, ranges, digits) to errors.

    Uniqueness is checked by the callers with messages that name the field and the value.
    """
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                _add(errors, field, message)
    _quantize_decimals(obj)


def _quantize_decimals(obj: models.Model) -> None:
    # "35" and "35.0" are the same threshold: store and compare them in the column's scale,
    # so that the audit diff does not report a change that is none.
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.DecimalField):
            value = getattr(obj, field.attname)
            if isinstance(value, Decimal) and value.is_finite():
                places = field.decimal_places or 0
                setattr(obj, field.attname, value.quantize(Decimal(1).scaleb(-places)))


def _strip(fields: F) -> F:
    return cast(F, {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()})


def _assign(obj: models.Model, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Set fields on obj and return the values they replaced, to put back on failure."""
    _quantize_decimals(obj)
    before = snapshot(obj, list(fields))
    for name, value in fields.items():
        setattr(obj, name, value)
    return before


def _fail(obj: models.Model, before: dict[str, Any], errors: Errors) -> None:
    """Raise the errors after restoring obj, so the caller's object is not left half-edited."""
    if errors:
        for name, value in before.items():
            setattr(obj, name, value)
        raise ValidationError(errors)


def _save_changes(
    obj: models.Model,
    before: dict[str, Any],
    errors: Errors,
    *,
    by: Person,
    action: str,
    summary: str,
) -> None:
    """Raise the errors (restoring obj), else save and log the fields that changed.

    ``before`` holds the edited fields' old values (from _assign); an edit that changes
    nothing writes nothing and logs nothing.
    """
    _fail(obj, before, errors)
    changes = diff(before, snapshot(obj, list(before)))
    if changes:
        with transaction.atomic():
            obj.save(update_fields=list(changes))
            log_action(actor=by, action=action, obj=obj, summary=summary, changes=changes)


def _others(queryset: QuerySet[M], pk: int | None) -> QuerySet[M]:
    """The queryset without the object being edited (nothing to leave out when creating)."""
    return queryset if pk is None else queryset.exclude(pk=pk)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "library"
    taken = set(Library.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    for candidate in itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2))):
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


# --- regions ----------------------------------------------------------------------------


def _check_region_name(errors: Errors, network: Network, name: str, region_id: int | None) -> None:
    if not name:
        return
    clash = Region.objects.filter(network=network, name__iexact=name)
    if _others(clash, region_id).exists():
        _add(errors, "name", f"{network} already has a region named “{name}”.")


def region_create(*, by: Person, network: Network, name: str) -> Region:
    require(can_coordinate_network, access_for(by), network)
    region = Region(network=network, name=(name or "").strip())
    errors: Errors = {}
    _collect(region, errors)
    _check_region_name(errors, network, region.name, None)
    _fail(region, {}, errors)
    with transaction.atomic():
        region.save()
        log_action(
            actor=by,
            action="orgs.region.created",
            obj=region,
            summary=f"Created region {region} in {network}",
        )
    return region


def region_update(*, by: Person, region: Region, name: str) -> Region:
    require(can_edit_region, access_for(by), region)
    before = _assign(region, {"name": (name or "").strip()})
    errors: Errors = {}
    _collect(region, errors)
    _check_region_name(errors, region.network, region.name, region.pk)
    _save_changes(
        region,
        before,
        errors,
        by=by,
        action="orgs.region.updated",
        summary=f"Renamed region {before['name']} to {region.name}",
    )
    return region


# --- libraries --------------------------------------------------------------------------


def _check_slug(errors: Errors, slug: str, library_id: int | None) -> None:
    if slug and _others(Library.objects.filter(slug=slug), library_id).exists():
        _add(errors, "slug", f"Another library already uses the short name “{slug}”.")


def library_create(*, by: Person, network: Network, **fields: Unpack[NewLibraryFields]) -> Library:
    """Create a library as a member of network.

    fields are Library fields (region is a Region of network or None; slug is made from the
    name when not given) plus the membership's joined_on (default today) and annual_fee.
    """
    require(can_coordinate_network, access_for(by), network)
    fields = _strip(fields)
    joined_on = fields.pop("joined_on", None) or timezone.localdate()
    annual_fee = fields.pop("annual_fee", None)
    _reject_unknown(fields, LIBRARY_FIELDS, "A library")
    library = Library(**fields)
    membership = Membership(
        network=network,
        joined_on=joined_on,
        annual_fee=Decimal("0") if annual_fee is None else annual_fee,
    )
    errors: Errors = {}
    region = fields.get("region")
    if region is not None and region.network_id != network.pk:
        _add(errors, "region", f"Choose a region of {network}.")
    if library.slug:
        _check_slug(errors, library.slug, None)
    elif library.name:
        library.slug = _unique_slug(library.name)
    _collect(library, errors, exclude=None if library.slug else ["slug"])
    _collect(membership, errors, exclude=["library"])
    if "annual_fee" not in errors and membership.annual_fee < 0:
        _add(errors, "annual_fee", "The annual fee cannot be negative.")
    _fail(library, {}, errors)
    with transaction.atomic():
        library.save()
        membership.library = library
        membership.save()
        log_action(
            actor=by,
            action="orgs.library.created",
            obj=library,
            summary=f"Created library {library} in {network}",
            changes={name: [None, getattr(library, name)] for name in fields},
        )
        log_action(
            actor=by,
            action="orgs.membership.created",
            obj=membership,
            summary=f"{library} joined {network} on {joined_on}",
        )
    # A new membership changes which libraries a coordinator may edit in this request.
    forget_access(by)
    return library


def library_update(*, by: Person, library: Library, **fields: Unpack[LibraryFields]) -> Library:
    """Edit a library. Its admins may; only coordinators move it to another region."""
    access = access_for(by)
    require(can_edit_library, access, library)
    fields = _strip(fields)
    _reject_unknown(fields, LIBRARY_FIELDS, "A library")
    region = fields.get("region")
    errors: Errors = {}
    if "region" in fields and getattr(region, "pk", None) != library.region_id:
        require(can_change_region, access, library, region)
        if (
            region is not None
            and not library.memberships.filter(
                current_membership_q(), network_id=region.network_id
            ).exists()
        ):
            _add(errors, "region", f"{library} is not a current member of {region.network}.")
    if any(
        name in fields and fields[name] != getattr(library, name)  # type: ignore[literal-required]
        for name in LIBRARY_RULE_FIELDS
    ):
        require(can_set_library_rules, access, library)
    if "slug" in fields:
        _check_slug(errors, fields["slug"], library.pk)
    before = _assign(library, fields)
    _collect(library, errors)
    _save_changes(
        library,
        before,
        errors,
        by=by,
        action="orgs.library.updated",
        summary=f"Edited library {library}",
    )
    return library


# --- memberships ------------------------------------------------------------------------


def membership_create(
    *,
    by: Person,
    network: Network,
    library: Library,
    joined_on: dt.date,
    annual_fee: Decimal | int = 0,
) -> Membership:
    """Add a library to a network (again, if it left before joined_on)."""
    require(can_coordinate_network, access_for(by), network)
    membership = Membership(
        network=network, library=library, joined_on=joined_on, annual_fee=annual_fee
    )
    errors: Errors = {}
    _collect(membership, errors)
    if "annual_fee" not in errors and membership.annual_fee < 0:
        _add(errors, "annual_fee", "The annual fee cannot be negative.")
    if "joined_on" not in errors:
        overlapping = (
            Membership.objects.filter(network=network, library=library)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=membership.joined_on))
            .order_by("-joined_on")
            .first()
        )
        if overlapping is not None and overlapping.left_on is None:
            _add(
                errors,
                "library",
                f"{library} is already a member of {network} (since {overlapping.joined_on}).",
            )
        elif overlapping is not None:
            _add(
                errors,
                "joined_on",
                f"Must be after {library}'s earlier membership ended ({overlapping.left_on}).",
            )
    _fail(membership, {}, errors)
    with transaction.atomic():
        membership.save()
        log_action(
            actor=by,
            action="orgs.membership.created",
            obj=membership,
            summary=f"{library} joined {network} on {membership.joined_on}",
            changes={
                "joined_on": [None, membership.joined_on],
                "annual_fee": [None, membership.annual_fee],
            },
        )
    # A new membership changes which libraries a coordinator may edit in this request.
    forget_access(by)
    return membership


def membership_end(*, by: Person, membership: Membership, left_on: dt.date) -> Membership:
    """Record that a library left the network on left_on."""
    require(can_end_membership, access_for(by), membership)
    errors: Errors = {}
    if membership.left_on is not None:
        _add(errors, "left_on", f"This membership already ended on {membership.left_on}.")
    elif left_on is None:
        _add(errors, "left_on", "Enter the date the library left.")
    elif left_on < membership.joined_on:
        _add(
            errors,
            "left_on",
            f"Cannot be before the library joined ({membership.joined_on}).",
        )
    before = _assign(membership, {"left_on": left_on}) if not errors else {}
    _fail(membership, before, errors)
    with transaction.atomic():
        membership.save(update_fields=["left_on"])
        log_action(
            actor=by,
            action="orgs.membership.ended",
            obj=membership,
            summary=f"{membership.library} left {membership.network} on {left_on}",
            changes=diff(before, snapshot(membership, ["left_on"])),
        )
    return membership


# --- branches ---------------------------------------------------------------------------


def _check_branch_name(errors: Errors, library: Library, name: str, branch_id: int | None) -> None:
    if not name:
        return
    clash = Branch.objects.filter(library=library, name__iexact=name)
    if _others(clash, branch_id).exists():
        _add(errors, "name", f"{library} already has a branch named “{name}”.")


def branch_create(*, by: Person, library: Library, **fields: Unpack[BranchFields]) -> Branch:
    require(can_edit_library, access_for(by), library)
    fields = _strip(fields)
    _reject_unknown(fields, BRANCH_FIELDS, "A branch")
    branch = Branch(library=library, **fields)
    errors: Errors = {}
    _collect(branch, errors)
    _check_branch_name(errors, library, branch.name, None)
    _fail(branch, {}, errors)
    with transaction.atomic():
        branch.save()
        log_action(
            actor=by,
            action="orgs.branch.created",
            obj=branch,
            summary=f"Created branch {branch} of {library}",
            changes={name: [None, getattr(branch, name)] for name in fields},
        )
    return branch


def branch_update(*, by: Person, branch: Branch, **fields: Unpack[BranchFields]) -> Branch:
    require(can_edit_branch, access_for(by), branch)
    fields = _strip(fields)
    _reject_unknown(fields, BRANCH_FIELDS, "A branch")
    before = _assign(branch, fields)
    errors: Errors = {}
    _collect(branch, errors)
    _check_branch_name(errors, branch.library, branch.name, branch.pk)
    _save_changes(
        branch,
        before,
        errors,
        by=by,
        action="orgs.branch.updated",
        summary=f"Edited branch {branch} of {branch.library}",
    )
    return branch
