"""Registration: seats and the waitlist, offers of freed seats, approval, attendance.

The capacity lock, after pretix's quota lock (pretix.base.services.locking.lock_objects): a
service that may take or free a seat first locks the Session row (SELECT … FOR UPDATE, with
a lock timeout on PostgreSQL), then counts the seated registrations inside that transaction,
then inserts or changes rows. Two registrations for the same session therefore run one after
the other, and the second counts the first's seat: a session never goes over capacity. On
PostgreSQL (READ COMMITTED) each statement after the lock sees what the previous holder
committed. On SQLite SELECT … FOR UPDATE is a no-op, but settings open every transaction
with BEGIN IMMEDIATE, which takes the database's write lock at once: the same serialisation.

Arrival order is the order in which registrations get past the lock: the row is inserted
while the lock is held, so its id and created_at follow the lock order, and the waitlist is
ordered by (created_at, id).

Every change of a registration's status happens under its session's lock, so a cancel, an
approval and an attendance mark can never interleave with a seat count.

A request awaiting supervisor approval (status requested) holds a seat: it counts in
Registration.SEATED. Approval is about desk coverage, not about the session, so an approved
request must never find the session full; and the person asked first keeps their place
rather than losing it to whoever registered while their supervisor was away. If the
supervisor declines, the seat goes to the next person on the waitlist at once.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.policies import require, signed_in
from ladder.learning import notify
from ladder.learning.audience import in_audience
from ladder.learning.models import Registration, Session
from ladder.learning.policies import (
    OWN_ATTENDANCE,
    OWN_DECISION,
    can_decide_registration,
    can_mark_attendance,
    can_run_session,
    owns_registration,
)
from ladder.learning.transcript import training_record_from_attendance
from ladder.orgs.models import Role
from ladder.people.models import Employment

if TYPE_CHECKING:
    from ladder.people.models import Person

S = Registration.Status
# How long a registration waits for the session's lock before giving up (PostgreSQL). The
# lock is held for a few milliseconds per registration; seconds mean something is stuck.
LOCK_TIMEOUT_SECONDS = 10
# Statuses a person can still cancel, and the ones attendance is marked on.
CANCELLABLE = (S.REQUESTED, S.CONFIRMED, S.OFFERED, S.WAITLISTED)
MARKABLE = (S.CONFIRMED, S.ATTENDED, S.NO_SHOW)


class SessionBusy(ValidationError):
    """The session's lock could not be had in time; nothing was changed."""


# --- reading ------------------------------------------------------------------------------


def seated_count(session: Session) -> int:
    return Registration.objects.filter(session=session, status__in=Registration.SEATED).count()


def waitlist(session: Session) -> QuerySet[Registration]:
    """The waitlist in arrival order."""
    return Registration.objects.filter(session=session, status=S.WAITLISTED).order_by(
        "created_at", "id"
    )


def registration_needs_approval(person: Person) -> bool:
    """True when a library the person works at requires approval and they do not run it."""
    admin_of = Role.objects.filter(
        person_id=person.pk, kind=Role.Kind.LIBRARY_ADMIN, library__isnull=False
    ).values("library_id")
    return (
        Employment.objects.current()
        .filter(person_id=person.pk, library__registration_needs_approval=True)
        .exclude(library_id__in=admin_of)
        .exists()
    )


def sessions_run_by_q(access: Access, prefix: str = "") -> Q:
    """A filter for sessions (or, with prefix "session__", registrations) the user runs."""
    if access.is_site_admin:
        return Q()
    return (
        Q(**{f"{prefix}facilitators": access.person_id})
        | Q(**{f"{prefix}offering__provider_library_id__in": access.admin_library_ids})
        | Q(**{f"{prefix}offering__provider_network_id__in": access.coordinator_network_ids})
    )


def people_decided_by_q(access: Access, prefix: str = "") -> Q:
    """Registrations whose person the user approves for: their reports and their staff."""
    admin_staff = (
        Employment.objects.current()
        .filter(library_id__in=access.admin_library_ids)
        .values("person_id")
    )
    return Q(**{f"{prefix}person_id__in": access.report_ids}) | Q(
        **{f"{prefix}person_id__in": admin_staff}
    )


def registrations_visible_to(access: Access) -> QuerySet[Registration]:
    """Own registrations, those of one's people, and the rosters of sessions one runs."""
    registrations = Registration.objects.all()
    if access.is_site_admin:
        return registrations
    if not access.is_authenticated:
        return registrations.none()
    run = Session.objects.filter(sessions_run_by_q(access)).values("pk")
    return registrations.filter(
        Q(person_id=access.person_id) | people_decided_by_q(access) | Q(session_id__in=run)
    )


def approval_queue(access: Access) -> QuerySet[Registration]:
    """Requests waiting for the user's decision, oldest first."""
    requests = Registration.objects.filter(status=S.REQUESTED)
    if access.person_id is not None:
        requests = requests.exclude(person_id=access.person_id)
    if not access.is_site_admin:
        # The query form of policies.can_decide_registration: a job in a library that asks
        # for approval and where the user supervises the person or runs the library.
        asking = Employment.objects.current().filter(library__registration_needs_approval=True)
        deciding_jobs = Employment.objects.current().filter(
            access.supervised_q() | Q(library_id__in=access.admin_library_ids),
            Q(library__registration_needs_approval=True)
            | ~Q(person_id__in=asking.values("person_id")),
        )
        requests = requests.filter(person_id__in=deciding_jobs.values("person_id"))
    return requests.order_by("created_at", "id")


def _local(moment: dt.datetime, session: Session) -> str:
    try:
        zone = zoneinfo.ZoneInfo(session.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return date_format(moment.astimezone(zone), "N j, Y, P T")


# --- the lock -----------------------------------------------------------------------------


def lock_session(session_id: int) -> Session:
    """Take the session's capacity lock until the transaction ends, and return it fresh.

    Call inside transaction.atomic(). Other services that change capacity (session_update)
    may call it too, then waitlist_advance().
    """
    if not connection.in_atomic_block:
        raise RuntimeError("lock_session() needs a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Constant, not user input: SET does not take parameters.
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'")
    try:
        return (
            Session.objects.select_for_update(of=("self",))
            .select_related("offering")
            .get(pk=session_id)
        )
    except OperationalError as exc:
        raise SessionBusy(
            {"session": "Many people are registering for this session right now; try again."}
        ) from exc


def _relock(registration: Registration) -> Session:
    """Lock the registration's session and reload the registration under the lock."""
    session = lock_session(registration.session_id)
    registration.refresh_from_db()
    registration.session = session
    return session


# --- seats --------------------------------------------------------------------------------


def _has_started(session: Session, now: dt.datetime) -> bool:
    return session.starts_at <= now


def _offer_or_seat(registration: Registration, session: Session, now: dt.datetime) -> None:
    """Give a freed seat to a waitlisted person: held for them, or theirs at once."""
    old = registration.status
    hold = session.offering.offer_hold_hours
    if hold:
        registration.status = S.OFFERED
        registration.offered_until = min(now + dt.timedelta(hours=hold), session.starts_at)
    else:
        needs = registration_needs_approval(registration.person)
        registration.status = S.REQUESTED if needs else S.CONFIRMED
        registration.offered_until = None
    registration.save(update_fields=["status", "offered_until", "updated_at"])
    log_action(
        actor=None,
        action="learning.registration.promoted",
        obj=registration,
        summary=f"A seat freed for {registration.person} in {session}",
        changes={"status": [old, registration.status]},
    )
    _announce(registration, from_waitlist=True)


def _announce(registration: Registration, *, from_waitlist: bool = False) -> None:
    """The e-mail that goes with the registration's new status."""
    if registration.status == S.CONFIRMED and from_waitlist:
        notify.seat_opened(registration)
    elif registration.status == S.CONFIRMED:
        notify.registration_confirmed(registration)
    elif registration.status == S.OFFERED:
        notify.seat_offered(registration)
    elif registration.status == S.REQUESTED:
        notify.approval_requested(registration)


def waitlist_advance(*, session: Session) -> list[Registration]:
    """Give the free seats to the first people on the waitlist; returns those moved up.

    Runs under the session's lock (taken here if the caller has not). Nothing moves for a
    cancelled session or one that has started.
    """
    with transaction.atomic():
        locked = lock_session(session.pk)
        return _fill_free_seats(locked)


def _fill_free_seats(session: Session) -> list[Registration]:
    now = timezone.now()
    if session.status == Session.Status.CANCELLED or _has_started(session, now):
        return []
    free = session.capacity - seated_count(session)
    if free <= 0:
        return []
    moved = list(waitlist(session).select_related("person")[:free])
    for registration in moved:
        _offer_or_seat(registration, session, now)
    return moved


# --- registering --------------------------------------------------------------------------


def closed_reason(session: Session, now: dt.datetime | None = None) -> str:
    """Why the session takes no registrations at all (whoever asks), or ""."""
    now = now or timezone.now()
    if session.status == Session.Status.CANCELLED:
        return "This session is cancelled."
    if not session.offering.is_published:
        return "This offering is not open for registration."
    if _has_started(session, now):
        return "This session has already started."
    deadline = session.registration_deadline
    if deadline is not None and now > deadline:
        return f"Registration closed on {_local(deadline, session)}."
    return ""


def _check_open(session: Session, now: dt.datetime) -> None:
    reason = closed_reason(session, now)
    if reason:
        raise ValidationError({"session": reason})


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when not on the waitlist."""
    if registration.status != S.WAITLISTED:
        return None
    ahead = waitlist(registration.session).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, id__lt=registration.pk)
    )
    return ahead.count() + 1


def registration_create(*, by: Person, session: Session) -> Registration:
    """Register `by` for the session: a seat when one is free, else the waitlist.

    A seat is confirmed, or requested (held, awaiting approval) when the person's library
    requires approval. Refused: a cancelled, unpublished, started or closed session, one
    outside the person's audience, and a second active registration.
    """
    require(signed_in, access_for(by), message="Sign in to register.")
    _check_open(session, timezone.now())
    # Outside the lock: it does not depend on the seats, and the lock is kept short.
    ok, reason = in_audience(by, session.offering)
    if not ok:
        raise ValidationError({"session": reason})
    needs_approval = registration_needs_approval(by)
    with transaction.atomic():
        locked = lock_session(session.pk)
        _check_open(locked, timezone.now())
        existing = Registration.objects.filter(
            session=locked, person_id=by.pk, status__in=Registration.ACTIVE
        ).first()
        if existing is not None:
            raise ValidationError(
                {
                    "session": "You are already registered for this session "
                    f"({existing.get_status_display().lower()})."
                }
            )
        # Normally empty: seats are handed on when they free. A capacity raised without
        # advancing the waitlist must still go to those who waited, not to the newcomer.
        _fill_free_seats(locked)
        if seated_count(locked) < locked.capacity:
            status = S.REQUESTED if needs_approval else S.CONFIRMED
        else:
            status = S.WAITLISTED
        registration = Registration.objects.create(session=locked, person=by, status=status)
        log_action(
            actor=by,
            action="learning.registration.created",
            obj=registration,
            summary=f"{by} registered for {locked}: {registration.get_status_display()}",
            changes={"status": [None, status]},
        )
        _announce(registration)
    return registration


def _require_own(by: Person, registration: Registration, verb: str) -> None:
    message = f"You can {verb} only your own registrations."
    require(owns_registration, access_for(by), registration, message=message)


def registration_cancel(*, by: Person, registration: Registration) -> Registration:
    """The person cancels their registration (or leaves the waitlist); a freed seat moves on."""
    _require_own(by, registration, "cancel")
    with transaction.atomic():
        session = _relock(registration)
        if registration.status not in CANCELLABLE:
            raise ValidationError(
                {
                    "registration": "This registration cannot be cancelled: it is "
                    f"{registration.get_status_display().lower()}."
                }
            )
        if _has_started(session, timezone.now()):
            raise ValidationError(
                {"registration": "The session has started; tell the facilitator instead."}
            )
        old = registration.status
        registration.status = S.CANCELLED
        registration.offered_until = None
        registration.save(update_fields=["status", "offered_until", "updated_at"])
        if old in Registration.SEATED:
            notify.registration_cancelled(registration)
        log_action(
            actor=by,
            action="learning.registration.cancelled",
            obj=registration,
            summary=f"{by} cancelled their registration for {session}",
            changes={"status": [old, S.CANCELLED]},
        )
        if old in Registration.SEATED:
            _fill_free_seats(session)
    return registration


def registration_accept_offer(*, by: Person, registration: Registration) -> Registration:
    """Take up a held seat before the offer runs out."""
    _require_own(by, registration, "accept offers for")
    now = timezone.now()
    with transaction.atomic():
        session = _relock(registration)
        if registration.status != S.OFFERED:
            raise ValidationError(
                {
                    "registration": "There is no seat offer to accept: this registration is "
                    f"{registration.get_status_display().lower()}."
                }
            )
        if registration.offered_until is not None and registration.offered_until < now:
            raise ValidationError(
                {
                    "registration": "This offer expired on "
                    f"{_local(registration.offered_until, session)}; the seat goes to the "
                    "next person on the waitlist."
                }
            )
        if session.status == Session.Status.CANCELLED or _has_started(session, now):
            raise ValidationError({"registration": "This session is no longer open."})
        new = S.REQUESTED if registration_needs_approval(by) else S.CONFIRMED
        registration.status = new
        registration.offered_until = None
        registration.save(update_fields=["status", "offered_until", "updated_at"])
        log_action(
            actor=by,
            action="learning.registration.offer_accepted",
            obj=registration,
            summary=f"{by} accepted a seat in {session}",
            changes={"status": [S.OFFERED, new]},
        )
        _announce(registration)
    return registration


def registration_decline_offer(*, by: Person, registration: Registration) -> Registration:
    """Turn down a held seat; it goes to the next person on the waitlist."""
    _require_own(by, registration, "decline offers for")
    with transaction.atomic():
        session = _relock(registration)
        if registration.status != S.OFFERED:
            raise ValidationError(
                {
                    "registration": "There is no seat offer to decline: this registration is "
                    f"{registration.get_status_display().lower()}."
                }
            )
        registration.status = S.CANCELLED
        registration.offered_until = None
        registration.note = "Declined the offered seat."
        registration.save(update_fields=["status", "offered_until", "note", "updated_at"])
        log_action(
            actor=by,
            action="learning.registration.offer_declined",
            obj=registration,
            summary=f"{by} declined a seat in {session}",
            changes={"status": [S.OFFERED, S.CANCELLED]},
        )
        _fill_free_seats(session)
    return registration


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Pass on every held seat whose offer has run out (periodic job); returns how many."""
    now = now or timezone.now()
    session_ids = list(
        Registration.objects.filter(status=S.OFFERED, offered_until__lt=now)
        .order_by()
        .values_list("session_id", flat=True)
        .distinct()
    )
    expired = 0
    for session_id in session_ids:
        with transaction.atomic():
            session = lock_session(session_id)
            lapsed = list(
                Registration.objects.filter(
                    session=session, status=S.OFFERED, offered_until__lt=now
                ).select_related("person")
            )
            for registration in lapsed:
                registration.status = S.CANCELLED
                registration.note = "The offered seat was not accepted in time."
                registration.save(update_fields=["status", "note", "updated_at"])
                log_action(
                    actor=None,
                    action="learning.registration.offer_expired",
                    obj=registration,
                    summary=f"The seat offered to {registration.person} in {session} expired",
                    changes={"status": [S.OFFERED, S.CANCELLED]},
                )
            expired += len(lapsed)
            _fill_free_seats(session)
    return expired


# --- approval -----------------------------------------------------------------------------


def _require_decider(by: Person, registration: Registration) -> None:
    own = registration.person_id == by.pk
    message = OWN_DECISION if own else None
    require(can_decide_registration, access_for(by), registration, message=message)


def _require_requested(registration: Registration) -> None:
    if registration.status != S.REQUESTED:
        raise ValidationError(
            {
                "registration": "This registration is not waiting for approval: it is "
                f"{registration.get_status_display().lower()}."
            }
        )


def registration_approve(*, by: Person, registration: Registration) -> Registration:
    """A supervisor (or the library's admin) approves a request; its held seat is confirmed."""
    _require_decider(by, registration)
    with transaction.atomic():
        session = _relock(registration)
        _require_requested(registration)
        if session.status == Session.Status.CANCELLED or _has_started(session, timezone.now()):
            raise ValidationError({"registration": "This session is no longer open."})
        registration.status = S.CONFIRMED
        registration.decided_by = by
        registration.save(update_fields=["status", "decided_by", "updated_at"])
        log_action(
            actor=by,
            action="learning.registration.approved",
            obj=registration,
            summary=f"{by} approved {registration.person}'s registration for {session}",
            changes={"status": [S.REQUESTED, S.CONFIRMED]},
        )
        notify.registration_confirmed(registration)
    return registration


def registration_decline(
    *, by: Person, registration: Registration, reason: str = ""
) -> Registration:
    """A supervisor (or the library's admin) declines a request; the seat moves on."""
    _require_decider(by, registration)
    reason = (reason or "").strip()
    if len(reason) > 1000:
        raise ValidationError({"reason": "Keep the reason under 1,000 characters."})
    with transaction.atomic():
        session = _relock(registration)
        _require_requested(registration)
        registration.status = S.DECLINED
        registration.decided_by = by
        registration.note = reason
        registration.save(update_fields=["status", "decided_by", "note", "updated_at"])
        log_action(
            actor=by,
            action="learning.registration.declined",
            obj=registration,
            summary=f"{by} declined {registration.person}'s registration for {session}",
            changes={"status": [S.REQUESTED, S.DECLINED]},
        )
        notify.registration_declined(registration)
        _fill_free_seats(session)
    return registration


# --- attendance ---------------------------------------------------------------------------


def _require_runner(by: Person, session: Session) -> None:
    message = "Only the session's facilitators and the offering's organisers mark attendance."
    require(can_run_session, access_for(by), session, message=message)


def attendance_closed_reason(session: Session, now: dt.datetime | None = None) -> str:
    """Why attendance cannot be marked (yet), or ""."""
    now = now or timezone.now()
    if session.status == Session.Status.CANCELLED:
        return "This session is cancelled."
    try:
        zone = zoneinfo.ZoneInfo(session.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    # From the session's first day, so the roster can be taken as people arrive.
    if now.astimezone(zone).date() < session.starts_at.astimezone(zone).date():
        return "Attendance can be marked from the day the session starts."
    return ""


def _check_markable(session: Session) -> None:
    reason = attendance_closed_reason(session)
    if reason:
        raise ValidationError({"session": reason})


def _training_record(registration: Registration, by: Person) -> None:
    """Attendance makes (or, corrected, sets aside) the person's transcript record."""
    # Imported here: the transcript module reads registrations, and this one writes them.
    training_record_from_attendance(registration, by=by)


def _set_attendance(registration: Registration, status: str, by: Person) -> bool:
    old = registration.status
    if old == status:
        return False
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    log_action(
        actor=by,
        action="learning.attendance.marked",
        obj=registration,
        summary=f"{registration.person}: {registration.get_status_display()}",
        changes={"status": [old, status]},
    )
    if S.ATTENDED in (status, old):
        # Attended makes the transcript record; a correction away from attended sets it aside.
        _training_record(registration, by)
    return True


def attendance_mark(*, by: Person, registration: Registration, attended: bool) -> Registration:
    """Mark one person attended or no-show (a facilitator or the offering's organiser)."""
    _require_runner(by, registration.session)
    require(can_mark_attendance, access_for(by), registration, message=OWN_ATTENDANCE)
    with transaction.atomic():
        session = _relock(registration)
        _check_markable(session)
        if registration.status not in MARKABLE:
            raise ValidationError(
                {
                    "registration": "Only confirmed registrations are marked; this one is "
                    f"{registration.get_status_display().lower()}."
                }
            )
        _set_attendance(registration, S.ATTENDED if attended else S.NO_SHOW, by)
    return registration


def attendance_mark_all_present(*, by: Person, session: Session) -> int:
    """Mark everyone confirmed and not yet marked as attended; returns how many.

    People already marked no-show stay so: the facilitator marked them on purpose. The one
    marking is left out: another runner marks them (separation of duties).
    """
    _require_runner(by, session)
    with transaction.atomic():
        locked = lock_session(session.pk)
        _check_markable(locked)
        unmarked = Registration.objects.filter(session=locked, status=S.CONFIRMED).exclude(
            person_id=by.pk
        )
        marked = 0
        for registration in unmarked.select_related("person", "session__offering"):
            marked += _set_attendance(registration, S.ATTENDED, by)
    return marked
