"""Every write to offerings, the competencies they address, and their sessions.

Rules (DESIGN.md roles): a library's admins create and edit its offerings; a network's
coordinators create and edit the network's; an external provider's offering belongs to the
library or network that publishes it; site admins do everything. Each function checks the
rule with access_for(by), validates (ValidationError keyed by field), writes in a
transaction and logs. Changing when or where a session happens, or cancelling it, tells the
people registered (ladder.learning.notify queues the e-mail for after the commit).
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from typing_extensions import Unpack

from ladder.core.access import access_for
from ladder.core.audit import diff, log_action, snapshot
from ladder.core.policies import require
from ladder.learning import notify
from ladder.learning.audience import provider_library_ids
from ladder.learning.models import (
    Offering,
    OfferingCompetency,
    Registration,
    Session,
    SessionDate,
)
from ladder.learning.policies import can_manage_offering
from ladder.learning.registrations import lock_session, waitlist_advance
from ladder.skills.models import Competency, Level

Dates = Sequence[tuple[dt.datetime, dt.datetime]]

if TYPE_CHECKING:
    from ladder.orgs.models import Branch, Library, Network, Region
    from ladder.people.models import JobClass, Person


class OfferingFields(TypedDict, total=False):
    """What offering_create and offering_update may set (OFFERING_FIELDS and OFFERING_M2M)."""

    title: str
    kind: str
    description: str
    provider_kind: str
    provider_library: Library | None
    provider_network: Network | None
    provider_name: str
    ce_hours: Decimal
    ce_credits: Decimal
    fee: Decimal
    paid_by: str
    restriction_reason: str
    offer_hold_hours: int
    is_published: bool
    audience_job_classes: Iterable[JobClass]
    audience_libraries: Iterable[Library]


class SessionDetails(TypedDict, total=False):
    """A new session's fields besides its dates and capacity (session_create, session_write)."""

    title: str
    timezone: str
    venue_branch: Branch | None
    venue_address: str
    online_url: str
    region: Region | None
    registration_deadline: dt.datetime | None


class SessionFields(SessionDetails, total=False):
    """What session_update may change: SESSION_FIELDS, its dates and its facilitators."""

    capacity: int
    dates: Dates
    facilitators: Sequence[Person]


OFFERING_FIELDS = (
    "title",
    "kind",
    "description",
    "provider_kind",
    "provider_library",
    "provider_network",
    "provider_name",
    "ce_hours",
    "ce_credits",
    "fee",
    "paid_by",
    "restriction_reason",
    "offer_hold_hours",
    "is_published",
)
OFFERING_M2M = ("audience_job_classes", "audience_libraries")
SESSION_FIELDS = (
    "title",
    "timezone",
    "venue_branch",
    "venue_address",
    "online_url",
    "region",
    "capacity",
    "registration_deadline",
)
# What, when changed, makes the registered people need to hear about it.
SESSION_NOTIFY_FIELDS = ("timezone", "venue_branch", "venue_address", "online_url")

Errors = dict[str, list[str]]
F = TypeVar("F", bound=Mapping[str, Any])


# --- helpers ----------------------------------------------------------------------------


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, [])
    if message not in errors[field]:
        errors[field].append(message)


def _collect(obj: models.Model, errors: Errors) -> None:
    """The model's own field checks (blank, choices, lengths, digits, URLs) as field errors."""
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                _add(errors, field, message)
    for column in obj._meta.concrete_fields:
        value = getattr(obj, column.attname)
        # "3" and "3.00" hours are the same; compare and store them at the column's scale.
        if not isinstance(column, models.DecimalField) or not isinstance(value, Decimal):
            continue
        if value.is_finite():
            places = Decimal(1).scaleb(-(column.decimal_places or 0))
            setattr(obj, column.attname, value.quantize(places))


def _strip(fields: F) -> F:
    return cast(F, {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()})


def _reject_unknown(fields: Mapping[str, Any], allowed: Iterable[str], what: str) -> None:
    # A caller passing a field we do not edit here is a programming error, not bad input.
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"{what} has no editable field(s): {', '.join(unknown)}")


def _restore(obj: models.Model, before: Mapping[str, Any]) -> None:
    for name, value in before.items():
        setattr(obj, name, value)


def _require_manager(by: Person, offering: Offering, message: str) -> None:
    require(can_manage_offering, access_for(by), offering, message=message)


# --- offerings --------------------------------------------------------------------------


def _check_provider(offering: Offering, errors: Errors) -> None:
    kind = offering.provider_kind
    if kind == Offering.Provider.LIBRARY:
        offering.provider_network = None
        if offering.provider_library_id is None:
            _add(errors, "provider_library", "Choose the library that provides it.")
    elif kind == Offering.Provider.NETWORK:
        offering.provider_library = None
        if offering.provider_network_id is None:
            _add(errors, "provider_network", "Choose the network that provides it.")
    elif kind == Offering.Provider.EXTERNAL:
        if not offering.provider_name:
            _add(errors, "provider_name", "Give the external provider's name.")
        if offering.provider_library_id is None and offering.provider_network_id is None:
            _add(
                errors,
                "provider_library",
                "Choose the library (or the network) that publishes it in Ladder.",
            )
        elif offering.provider_library_id is not None and offering.provider_network_id:
            _add(errors, "provider_network", "Choose a library or a network, not both.")
    if kind != Offering.Provider.EXTERNAL:
        offering.provider_name = ""


def _check_cost(offering: Offering, errors: Errors) -> None:
    if "fee" in errors or "paid_by" in errors:
        return
    if offering.fee > 0 and offering.paid_by == Offering.PaidBy.FREE:
        _add(errors, "paid_by", f"Say who pays the fee of ${offering.fee}.")
    elif offering.fee == 0 and offering.paid_by != Offering.PaidBy.FREE:
        _add(errors, "paid_by", "Without a fee nobody pays: choose “Free”, or enter the fee.")
    elif (
        offering.provider_kind == Offering.Provider.NETWORK
        and offering.paid_by == Offering.PaidBy.ATTENDEE
    ):
        # The network's offerings are free to its member libraries' staff (issue #9).
        _add(
            errors,
            "paid_by",
            "The network's offerings are free to member libraries' staff: the network or the "
            "employing library pays the fee.",
        )


def _check_audience(
    offering: Offering,
    job_classes: list[JobClass],
    libraries: list[Library],
    errors: Errors,
) -> None:
    restricted = bool(job_classes or libraries)
    if restricted and not offering.restriction_reason:
        _add(
            errors,
            "restriction_reason",
            "Say why the audience is restricted: the people it leaves out are shown the reason.",
        )
    elif offering.restriction_reason and not restricted:
        _add(
            errors,
            "restriction_reason",
            "Choose the job classes or libraries the offering is restricted to, or clear the "
            "reason: without a restriction it is open to all staff.",
        )
    provider = provider_library_ids(offering) if not errors.get("provider_library") else None
    if provider is not None:
        outside = [lib.name for lib in libraries if lib.pk not in provider]
        if outside:
            _add(
                errors,
                "audience_libraries",
                f"Not among the provider's libraries: {', '.join(sorted(outside))}.",
            )


def _check_provider_first(offering: Offering) -> None:
    # Whose offering it is decides who may write it: settle that before the permission check.
    errors: Errors = {}
    _check_provider(offering, errors)
    if errors:
        raise ValidationError(errors)


def _validate_offering(
    offering: Offering, job_classes: list[JobClass], libraries: list[Library]
) -> None:
    errors: Errors = {}
    _collect(offering, errors)
    _check_provider(offering, errors)
    _check_cost(offering, errors)
    _check_audience(offering, job_classes, libraries, errors)
    if errors:
        raise ValidationError(errors)


def _split_audience(
    fields: OfferingFields, offering: Offering | None
) -> tuple[list[JobClass], list[Library]]:
    job_classes = fields.pop("audience_job_classes", None)
    libraries = fields.pop("audience_libraries", None)
    if job_classes is None:
        job_classes = list(offering.audience_job_classes.all()) if offering else []
    if libraries is None:
        libraries = list(offering.audience_libraries.all()) if offering else []
    return list(job_classes), list(libraries)


def offering_create(*, by: Person, **fields: Unpack[OfferingFields]) -> Offering:
    """Create an offering. fields are Offering fields plus audience_job_classes and
    audience_libraries (lists; empty means the provider's whole staff)."""
    fields = _strip(fields)
    _reject_unknown(fields, OFFERING_FIELDS + OFFERING_M2M, "An offering")
    job_classes, libraries = _split_audience(fields, None)
    offering = Offering(created_by=by, **fields)
    _check_provider_first(offering)
    _require_manager(
        by, offering, "Only the provider library's admins or the network's coordinators add it."
    )
    _validate_offering(offering, job_classes, libraries)
    with transaction.atomic():
        offering.save()
        offering.audience_job_classes.set(job_classes)
        offering.audience_libraries.set(libraries)
        log_action(
            actor=by,
            action="learning.offering.created",
            obj=offering,
            summary=f"Created offering {offering}",
            changes={name: [None, getattr(offering, name)] for name in fields},
        )
    return offering


def offering_update(
    *, by: Person, offering: Offering, **fields: Unpack[OfferingFields]
) -> Offering:
    """Edit an offering; moving it to another provider needs the right over both."""
    _require_manager(by, offering, "Only the offering's provider may edit it.")
    fields = _strip(fields)
    _reject_unknown(fields, OFFERING_FIELDS + OFFERING_M2M, "An offering")
    old_classes, old_libraries = _split_audience({}, offering)
    job_classes, libraries = _split_audience(fields, offering)
    before = snapshot(offering, list(OFFERING_FIELDS))
    _restore(offering, fields)
    try:
        _check_provider_first(offering)
        _require_manager(by, offering, "You may not move the offering to that provider.")
        _validate_offering(offering, job_classes, libraries)
    except (ValidationError, PermissionDenied):
        _restore(offering, before)
        raise
    changes = diff(before, snapshot(offering, list(OFFERING_FIELDS)))
    for name, old, new in (
        ("audience_job_classes", old_classes, job_classes),
        ("audience_libraries", old_libraries, libraries),
    ):
        if {o.pk for o in old} != {n.pk for n in new}:
            changes[name] = [sorted(o.pk for o in old), sorted(n.pk for n in new)]
    if not changes:
        return offering
    with transaction.atomic():
        offering.save()
        offering.audience_job_classes.set(job_classes)
        offering.audience_libraries.set(libraries)
        log_action(
            actor=by,
            action="learning.offering.updated",
            obj=offering,
            summary=f"Edited offering {offering}",
            changes=changes,
        )
    return offering


def _level_values(competency: Competency) -> list[int]:
    return list(
        Level.objects.filter(framework_id=competency.framework_id)
        .order_by("value")
        .values_list("value", flat=True)
    )


def offering_competency_set(
    *, by: Person, offering: Offering, competency: Competency, level: int | None
) -> OfferingCompetency | None:
    """Record that the offering brings a competency to a level; None removes it."""
    _require_manager(by, offering, "Only the offering's provider may edit its competencies.")
    existing = OfferingCompetency.objects.filter(offering=offering, competency=competency).first()
    old = existing.level if existing else None
    if level is not None:
        values = _level_values(competency) or list(range(0, 11))
        if level not in values:
            scale = f"{values[0]} to {values[-1]}"
            raise ValidationError({"level": f"Choose a level of {competency.framework}: {scale}."})
    if old == level:
        return existing
    with transaction.atomic():
        if level is None:
            OfferingCompetency.objects.filter(offering=offering, competency=competency).delete()
            result = None
        else:
            result, _ = OfferingCompetency.objects.update_or_create(
                offering=offering, competency=competency, defaults={"level": level}
            )
        log_action(
            actor=by,
            action="learning.offering.competency_set",
            obj=offering,
            summary=f"{competency}: level {'removed' if level is None else level}",
            changes={f"competency:{competency.pk}": [old, level]},
        )
    return result


# --- sessions ---------------------------------------------------------------------------


def _zone(name: str, errors: Errors) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        _add(errors, "timezone", f"“{name}” is not a time zone (for example America/New_York).")
        return None


def _clean_dates(dates: Dates | None, zone: zoneinfo.ZoneInfo | None, errors: Errors) -> Dates:
    """Sorted (start, end) pairs; naive datetimes are in the session's time zone."""
    if not dates:
        _add(errors, "dates", "Give at least one date.")
        return []
    cleaned = []
    for start, end in dates:
        if zone is not None:
            start = start if timezone.is_aware(start) else timezone.make_aware(start, zone)
            end = end if timezone.is_aware(end) else timezone.make_aware(end, zone)
        cleaned.append((start, end))
    cleaned.sort()
    for number, (start, end) in enumerate(cleaned, start=1):
        if end <= start:
            _add(errors, "dates", f"Date {number} ends before it starts.")
    for (_, end), (next_start, _) in itertools.pairwise(cleaned):
        if next_start < end:
            _add(errors, "dates", "Two of the dates overlap.")
    return cleaned


def _check_venue(session: Session, errors: Errors) -> None:
    if session.venue_branch_id is None and not session.venue_address and not session.online_url:
        _add(errors, "venue_branch", "Choose a branch, give another address, or an online link.")
    if session.venue_branch_id is not None and session.venue_address:
        _add(errors, "venue_address", "Give a branch or another address, not both.")
    if session.region_id is None and session.venue_branch_id is not None:
        session.region = session.venue_branch.library.region  # type: ignore[union-attr]


def _validate_session(session: Session, dates: Dates | None) -> Dates:
    errors: Errors = {}
    _collect(session, errors)
    if session.capacity is None or session.capacity < 1:
        errors["capacity"] = ["Capacity must be at least 1 seat."]
    # full_clean also complains about the dates it cannot see; the service sets those.
    errors.pop("starts_at", None)
    errors.pop("ends_at", None)
    zone = _zone(session.timezone, errors) if "timezone" not in errors else None
    cleaned = _clean_dates(dates, zone, errors)
    if cleaned and "dates" not in errors:
        session.starts_at = cleaned[0][0]
        session.ends_at = max(end for _, end in cleaned)
        deadline = session.registration_deadline
        if deadline is not None and zone is not None and timezone.is_naive(deadline):
            deadline = session.registration_deadline = timezone.make_aware(deadline, zone)
        if deadline is not None and deadline > session.starts_at:
            _add(
                errors,
                "registration_deadline",
                "The registration deadline must be before the session starts.",
            )
    _check_venue(session, errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _write_dates(session: Session, dates: Dates) -> None:
    session.dates.all().delete()
    SessionDate.objects.bulk_create(
        SessionDate(session=session, starts_at=start, ends_at=end) for start, end in dates
    )


def session_create(
    *,
    by: Person,
    offering: Offering,
    dates: Dates,
    capacity: int,
    facilitators: Sequence[Person] = (),
    **fields: Unpack[SessionDetails],
) -> Session:
    """Schedule a session: one date, or a series of dates under one registration."""
    _require_manager(by, offering, "Only the offering's provider schedules its sessions.")
    return session_write(
        by=by,
        offering=offering,
        dates=dates,
        capacity=capacity,
        facilitators=facilitators,
        **fields,
    )


def session_write(
    *,
    by: Person,
    offering: Offering,
    dates: Dates,
    capacity: int,
    facilitators: Sequence[Person] = (),
    **fields: Unpack[SessionDetails],
) -> Session:
    """Validate and write a new session. The caller has checked that `by` may schedule it
    (session_create: the offering's provider; a roundtable: its conveners too)."""
    fields = _strip(fields)
    _reject_unknown(fields, SESSION_FIELDS, "A session")
    session = Session(offering=offering, capacity=capacity, **fields)
    cleaned = _validate_session(session, dates)
    with transaction.atomic():
        session.save()
        _write_dates(session, cleaned)
        session.facilitators.set(facilitators)
        log_action(
            actor=by,
            action="learning.session.created",
            obj=session,
            summary=f"Scheduled {session} from {session.starts_at:%Y-%m-%d %H:%M}",
            changes={
                "dates": [None, [[s.isoformat(), e.isoformat()] for s, e in cleaned]],
                "capacity": [None, capacity],
            },
        )
    return session


def _date_pairs(session: Session) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(d.starts_at, d.ends_at) for d in session.dates.all()]


def session_update(*, by: Person, session: Session, **fields: Unpack[SessionFields]) -> Session:
    """Edit a session. fields are Session fields, facilitators and dates (a list of
    (start, end)); the people registered hear about a change of when or where."""
    _require_manager(by, session.offering, "Only the offering's provider edits its sessions.")
    if session.status == Session.Status.CANCELLED:
        raise ValidationError("A cancelled session cannot be changed.")
    fields = _strip(fields)
    _reject_unknown(fields, (*SESSION_FIELDS, "dates", "facilitators"), "A session")
    old_dates = _date_pairs(session)
    dates = fields.pop("dates", None)
    facilitators = fields.pop("facilitators", None)
    before = snapshot(session, [*fields, "starts_at", "ends_at", "region"])
    _restore(session, fields)
    try:
        cleaned = _validate_session(session, old_dates if dates is None else dates)
        seated = session.registrations.filter(status__in=Registration.SEATED).count()
        if session.capacity < seated:
            raise ValidationError(
                {"capacity": f"{seated} people already hold a seat; capacity cannot be lower."}
            )
    except ValidationError:
        _restore(session, before)
        raise
    changes = diff(before, snapshot(session, list(before)))
    dates_changed = list(cleaned) != old_dates
    if dates_changed:
        changes["dates"] = [
            [[s.isoformat(), e.isoformat()] for s, e in old_dates],
            [[s.isoformat(), e.isoformat()] for s, e in cleaned],
        ]
    old_facilitators = {p.pk for p in session.facilitators.all()}
    if facilitators is not None and {p.pk for p in facilitators} != old_facilitators:
        changes["facilitators"] = [sorted(old_facilitators), sorted(p.pk for p in facilitators)]
    if not changes:
        return session
    with transaction.atomic():
        # Under the capacity lock, so a capacity cut cannot race a registration (re-count).
        old_capacity = lock_session(session.pk).capacity
        seated = session.registrations.filter(status__in=Registration.SEATED).count()
        if session.capacity < seated:
            _restore(session, before)
            raise ValidationError(
                {"capacity": f"{seated} people already hold a seat; capacity cannot be lower."}
            )
        session.save()
        if dates_changed:
            _write_dates(session, cleaned)
        if facilitators is not None:
            session.facilitators.set(facilitators)
        if session.capacity > old_capacity:
            waitlist_advance(session=session)
        log_action(
            actor=by,
            action="learning.session.updated",
            obj=session,
            summary=f"Edited session {session}",
            changes=changes,
        )
        if dates_changed or any(name in changes for name in SESSION_NOTIFY_FIELDS):
            _next_sequence(session)
            notify.session_changed(session, cancelled=False)
    return session


def _next_sequence(session: Session) -> None:
    """The change people are about to be told of gets the next iCalendar SEQUENCE."""
    Session.objects.filter(pk=session.pk).update(ical_sequence=models.F("ical_sequence") + 1)
    session.refresh_from_db(fields=["ical_sequence"])


def session_cancel(*, by: Person, session: Session, reason: str) -> Session:
    """Cancel a session with a reason the people registered are told."""
    _require_manager(by, session.offering, "Only the offering's provider cancels its sessions.")
    reason = (reason or "").strip()
    if session.status == Session.Status.CANCELLED:
        raise ValidationError("This session is already cancelled.")
    if session.ends_at < timezone.now():
        raise ValidationError("This session is over; it cannot be cancelled.")
    if not reason:
        raise ValidationError({"reason": "Say why the session is cancelled."})
    with transaction.atomic():
        session.status = Session.Status.CANCELLED
        session.cancel_reason = reason
        session.save(update_fields=["status", "cancel_reason"])
        _next_sequence(session)
        log_action(
            actor=by,
            action="learning.session.cancelled",
            obj=session,
            summary=f"Cancelled {session}: {reason}",
            changes={"status": [Session.Status.SCHEDULED, Session.Status.CANCELLED]},
        )
        notify.session_changed(session, cancelled=True)
    return session
