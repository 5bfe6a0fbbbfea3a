"""Licence pools: asking for a window, the queue, windows ending, and what people see.

The seat lock is the one ladder.learning.registrations uses for sessions: every service that
may take or free a seat first locks the LicencePool row (SELECT … FOR UPDATE, with a lock
timeout on PostgreSQL), then counts the open windows inside that transaction, then inserts.
Two requests for the same pool therefore run one after the other and the second counts the
first's seat: a seat is never given twice. On SQLite the settings open every transaction
with BEGIN IMMEDIATE, the same serialisation. The partial unique constraints on the models
(one open window and one waiting request per person and pool) are the backstop.

Dates are the site's local dates. A window's ends_on is its last day of access; it ends (and
its seat moves on) the day after, when the periodic job runs. The person may ask again
cooldown_days after ends_on.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format

from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.links import absolute_url
from ladder.core.mail import send_templated
from ladder.core.policies import require, signed_in
from ladder.core.tasks import enqueue
from ladder.orgs.models import Library, Membership
from ladder.people.models import Employment
from ladder.shared_learning.models import LicencePool, LicenceRequest, LicenceWindow

if TYPE_CHECKING:
    from ladder.people.models import Person

log = logging.getLogger(__name__)

W = LicenceWindow.Status
R = LicenceRequest.Status
GRANTED_EMAIL = "shared_learning.licence_granted_email"
# How long a request waits for the pool's lock before giving up (PostgreSQL).
LOCK_TIMEOUT_SECONDS = 10
# Windows that count for the cooldown and for "never had a window": a cancelled (never used)
# window does not.
USED = (W.SCHEDULED, W.ACTIVE, W.ENDED)


class PoolBusy(ValidationError):
    """The pool's lock could not be had in time; nothing was changed."""


def _today() -> dt.date:
    return timezone.localdate()


def day(value: dt.date) -> str:
    return date_format(value, "N j, Y")


# --- reading ------------------------------------------------------------------------------


def open_windows(pool: LicencePool) -> QuerySet[LicenceWindow]:
    return LicenceWindow.objects.filter(pool=pool, status__in=LicenceWindow.OPEN)


def seats_taken(pool: LicencePool) -> int:
    return open_windows(pool).count()


def queue(pool: LicencePool) -> QuerySet[LicenceRequest]:
    """The waiting requests in the order seats are given (the model's ordering)."""
    return LicenceRequest.objects.filter(pool=pool, status=R.WAITING).order_by(
        "-never_had_window", "requested_at", "id"
    )


def queue_position(request: LicenceRequest) -> int | None:
    """1 for the next person served; None when the request is not waiting."""
    if request.status != R.WAITING:
        return None
    same_group_earlier = Q(never_had_window=request.never_had_window) & (
        Q(requested_at__lt=request.requested_at)
        | Q(requested_at=request.requested_at, id__lt=request.pk)
    )
    ahead = same_group_earlier
    if not request.never_had_window:
        ahead |= Q(never_had_window=True)
    return queue(request.pool).filter(ahead).count() + 1


def pools_visible_to(access: Access) -> QuerySet[LicencePool]:
    """Pools the user may read: those they coordinate, and those of the network (or the
    library) they work in. Staff of a library that left the network still see the pool,
    so the page can tell them why they may no longer ask."""
    if access.is_site_admin:
        return LicencePool.objects.all()
    if not access.is_authenticated:
        return LicencePool.objects.none()
    networks = Membership.objects.filter(library_id__in=access.colleague_library_ids).values(
        "network_id"
    )
    return LicencePool.objects.filter(
        Q(network_id__in=access.coordinator_network_ids)
        | Q(library_id__in=access.admin_library_ids)
        | Q(network_id__in=networks)
        | Q(library_id__in=access.colleague_library_ids)
    )


def eligibility_problem(person: Person, pool: LicencePool, on: dt.date | None = None) -> str:
    """Why the person may not use the pool, or "" when they may.

    Eligible: a current employment at the pool's library, or at a library that is a current
    member of the pool's network.
    """
    on = on or _today()
    libraries = set(
        Employment.objects.current(on)
        .filter(person_id=person.pk)
        .values_list("library_id", flat=True)
    )
    if pool.library_id is not None:
        if pool.library_id in libraries:
            return ""
        return f"Only staff of {pool.library} may use this licence."
    members = set(
        Membership.objects.filter(network=pool.network, library_id__in=libraries)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=on), joined_on__lte=on)
        .values_list("library_id", flat=True)
    )
    if members:
        return ""
    if not libraries:
        return (
            f"Only staff with a current job at a member library of {pool.network} may use "
            "this licence."
        )
    names = ", ".join(str(lib) for lib in Library.objects.filter(pk__in=libraries))
    return (
        f"Only staff of {pool.network}'s current member libraries may use this licence; "
        f"{names} is not a current member."
    )


def next_request_on(person: Person, pool: LicencePool) -> dt.date | None:
    """The first day the person may ask again after their latest window, or None when they
    never had one (a window still open gives the day after it, as planned)."""
    last = (
        LicenceWindow.objects.filter(pool=pool, person_id=person.pk, status__in=USED)
        .order_by("-ends_on")
        .values_list("ends_on", flat=True)
        .first()
    )
    if last is None:
        return None
    return last + dt.timedelta(days=pool.cooldown_days)


@dataclass
class MyLicence:
    """What a person sees of a pool: their window, their place, when they may ask again."""

    window: LicenceWindow | None
    request: LicenceRequest | None
    position: int | None
    next_request_on: dt.date | None
    problem: str
    history: list[LicenceWindow] = field(default_factory=list)

    @property
    def may_request(self) -> bool:
        return not self.problem


def my_licence(person: Person, pool: LicencePool) -> MyLicence:
    history = list(
        LicenceWindow.objects.filter(pool=pool, person_id=person.pk).order_by("-starts_on", "-id")[
            :20
        ]
    )
    window = next((w for w in history if w.is_open), None)
    request = (
        LicenceRequest.objects.filter(pool=pool, person_id=person.pk, status=R.WAITING)
        .select_related("pool")
        .first()
    )
    again = next_request_on(person, pool)
    return MyLicence(
        window=window,
        request=request,
        position=queue_position(request) if request else None,
        next_request_on=again,
        problem=request_problem(person, pool, window=window, request=request, again=again),
        history=history,
    )


def request_problem(
    person: Person,
    pool: LicencePool,
    *,
    window: LicenceWindow | None,
    request: LicenceRequest | None,
    again: dt.date | None,
) -> str:
    """Why the person may not ask now (the first reason that applies), or ""."""
    if not pool.active:
        return "This licence is not taking requests at the moment."
    if window is not None:
        if window.status == W.SCHEDULED:
            return (
                f"You already have a window on {pool}, starting {day(window.starts_on)}; "
                "withdraw it first if you want another date."
            )
        return f"You already have a window on {pool}, until {day(window.ends_on)}."
    if request is not None:
        return (
            f"You are already in the queue for {pool}; you will get an e-mail when a seat is yours."
        )
    if again is not None and again > _today():
        return (
            f"Your last window on {pool} ended recently; so that everyone gets a turn you may ask "
            f"again from {day(again)}."
        )
    return eligibility_problem(person, pool)


def pools_for_list(access: Access) -> QuerySet[LicencePool]:
    """Visible pools with their seats in use and queue length, in one query."""
    taken = (
        LicenceWindow.objects.filter(pool=OuterRef("pk"), status__in=LicenceWindow.OPEN)
        .order_by()
        .values("pool")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waiting = (
        LicenceRequest.objects.filter(pool=OuterRef("pk"), status=R.WAITING)
        .order_by()
        .values("pool")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        pools_visible_to(access)
        .select_related("network", "library")
        .annotate(
            seats_in_use=Coalesce(Subquery(taken, output_field=IntegerField()), 0),
            waiting_count=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
        )
        .order_by("name", "pk")
    )


def my_status_by_pool(person: Person) -> dict[int, str]:
    """Pool id -> a short status of the person's own window or request, in two queries."""
    status: dict[int, str] = {}
    for request in LicenceRequest.objects.filter(person_id=person.pk, status=R.WAITING):
        status[request.pool_id] = "In the queue"
    windows = LicenceWindow.objects.filter(person_id=person.pk, status__in=LicenceWindow.OPEN)
    for window in windows:
        if window.status == W.ACTIVE:
            status[window.pool_id] = f"Your window: until {day(window.ends_on)}"
        else:
            status[window.pool_id] = f"Your window: from {day(window.starts_on)}"
    return status


@dataclass
class PoolReport:
    pool: LicencePool
    seats_in_use: int
    windows: list[LicenceWindow]
    queue: list[LicenceRequest]
    windows_last_year: int
    people_last_year: int
    average_wait_days: float | None
    longest_wait_days: int | None
    utilisation_percent: int


def pool_report(pool: LicencePool, now: dt.datetime | None = None) -> PoolReport:
    """Use and waiting times for the pool's coordinators, in a fixed number of queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    windows = list(open_windows(pool).select_related("person").order_by("ends_on", "id"))
    waiting = list(queue(pool).select_related("person"))
    year_ago = today - dt.timedelta(days=365)
    used = LicenceWindow.objects.filter(pool=pool, status__in=USED, starts_on__gte=year_ago)
    totals = used.aggregate(n=Count("pk"), people=Count("person", distinct=True))
    waits = [
        (decided - asked).total_seconds() / 86400
        for asked, decided in LicenceRequest.objects.filter(
            pool=pool, status=R.GRANTED, decided_at__date__gte=year_ago
        ).values_list("requested_at", "decided_at")
        if decided is not None
    ]
    # Seat-days used in the last 90 days, against the seat-days there were.
    period_start = today - dt.timedelta(days=89)
    seat_days = 0
    for starts_on, ends_on in LicenceWindow.objects.filter(
        pool=pool, status__in=USED, ends_on__gte=period_start, starts_on__lte=today
    ).values_list("starts_on", "ends_on"):
        first, last = max(starts_on, period_start), min(ends_on, today)
        seat_days += max((last - first).days + 1, 0)
    longest = max(((now - r.requested_at).days for r in waiting), default=None)
    return PoolReport(
        pool=pool,
        seats_in_use=len(windows),
        windows=windows,
        queue=waiting,
        windows_last_year=totals["n"],
        people_last_year=totals["people"],
        average_wait_days=round(sum(waits) / len(waits), 1) if waits else None,
        longest_wait_days=longest,
        utilisation_percent=round(100 * seat_days / (pool.seats * 90)),
    )


# --- the lock -----------------------------------------------------------------------------


def lock_pool(pool_id: int) -> LicencePool:
    """Take the pool's seat lock until the transaction ends, and return the pool fresh."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_pool() needs a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Constant, not user input: SET does not take parameters.
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'")
    try:
        return (
            LicencePool.objects.select_for_update(of=("self",))
            .select_related("network", "library")
            .get(pk=pool_id)
        )
    except OperationalError as exc:
        raise PoolBusy(
            {"pool": "Many people are asking for this licence right now; try again."}
        ) from exc


# --- e-mail -------------------------------------------------------------------------------


def _queue_granted_email(window: LicenceWindow) -> None:
    """Tell the person once the grant is committed; a mail server that is down must not undo
    the grant (the failed job is logged for the admin)."""
    window_id = window.pk

    def send() -> None:
        try:
            enqueue(GRANTED_EMAIL, window_id=window_id)
        except Exception:
            log.exception("could not send %s for window %s", GRANTED_EMAIL, window_id)

    transaction.on_commit(send)


def send_granted_email(window_id: int) -> bool:
    """E-mail the person that their window has started; False when it no longer holds."""
    window = LicenceWindow.objects.select_related("person", "pool").filter(pk=window_id).first()
    if window is None or not window.is_open:
        return False
    context: dict[str, Any] = {
        "person": window.person,
        "pool": window.pool,
        "window": window,
        "pool_url": absolute_url("shared_learning:pool_detail", window.pool_id),
    }
    send_templated(
        "shared_learning/email/licence_granted",
        context,
        subject=f"Your turn on {window.pool}: access until {day(window.ends_on)}",
        to=[window.person.email],
    )
    return True


# --- seats --------------------------------------------------------------------------------


def _grant(request: LicenceRequest, pool: LicencePool, today: dt.date) -> LicenceWindow:
    window = LicenceWindow.objects.create(
        pool=pool,
        person=request.person,
        starts_on=today,
        ends_on=today + dt.timedelta(days=pool.window_days - 1),
        status=W.ACTIVE,
    )
    request.status = R.GRANTED
    request.decided_at = timezone.now()
    request.window = window
    request.save(update_fields=["status", "decided_at", "window"])
    log_action(
        actor=None,
        action="shared_learning.licence.granted",
        obj=window,
        summary=f"A seat on {pool} freed for {request.person}, who waited in the queue",
        changes={"status": [R.WAITING, R.GRANTED]},
    )
    _queue_granted_email(window)
    return window


def _fill_free_seats(pool: LicencePool, today: dt.date) -> list[LicenceWindow]:
    """Give free seats to the queue in order (call under the pool's lock). Someone who is no
    longer eligible when their turn comes leaves the queue, and the seat goes to the next."""
    free = pool.seats - seats_taken(pool)
    granted: list[LicenceWindow] = []
    if free <= 0 or not pool.active:
        return granted
    while len(granted) < free:
        request = queue(pool).select_related("person").first()
        if request is None:
            break
        problem = eligibility_problem(request.person, pool, today)
        if problem:
            request.status = R.WITHDRAWN
            request.decided_at = timezone.now()
            request.save(update_fields=["status", "decided_at"])
            log_action(
                actor=None,
                action="shared_learning.licence.dropped",
                obj=request,
                summary=f"{request.person} left the queue for {pool}: {problem}",
                changes={"status": [R.WAITING, R.WITHDRAWN]},
            )
            continue
        granted.append(_grant(request, pool, today))
    return granted


# --- writing ------------------------------------------------------------------------------


def _check_start(pool: LicencePool, start_on: dt.date, today: dt.date) -> None:
    if start_on < today:
        raise ValidationError({"start_on": "Choose today or a later day to start."})
    latest = today + dt.timedelta(days=pool.max_start_delay_days)
    if start_on > latest:
        raise ValidationError(
            {
                "start_on": f"Choose a day no later than {day(latest)}: a window may start at "
                f"most {pool.max_start_delay_days} days ahead."
            }
        )


def licence_request(
    *, by: Person, pool: LicencePool, start_on: dt.date | None = None
) -> LicenceWindow | LicenceRequest:
    """Ask for a window: one starts (today or on start_on) when a seat is free, else the person
    joins the queue and is e-mailed when a seat is theirs.

    Refused with nothing changed: a second open window or waiting request, a request during
    the cooldown, a person not eligible, a start date in the past or beyond the pool's limit.
    """
    require(signed_in, access_for(by), message="Sign in to ask for a licence.")
    today = _today()
    start_on = start_on or today
    with transaction.atomic():
        locked = lock_pool(pool.pk)
        window = open_windows(locked).filter(person_id=by.pk).first()
        request = LicenceRequest.objects.filter(
            pool=locked, person_id=by.pk, status=R.WAITING
        ).first()
        again = next_request_on(by, locked)
        problem = request_problem(by, locked, window=window, request=request, again=again)
        if problem:
            raise ValidationError({"pool": problem})
        _check_start(locked, start_on, today)
        # Normally nothing: seats are handed on as they free. Seats added to the pool since
        # must still go to those who waited, not to the newcomer.
        _fill_free_seats(locked, today)
        if seats_taken(locked) < locked.seats:
            window = LicenceWindow.objects.create(
                pool=locked,
                person=by,
                starts_on=start_on,
                ends_on=start_on + dt.timedelta(days=locked.window_days - 1),
                status=W.ACTIVE if start_on <= today else W.SCHEDULED,
            )
            log_action(
                actor=by,
                action="shared_learning.licence.window_started",
                obj=window,
                summary=f"{by} has {locked} from {window.starts_on} to {window.ends_on}",
                changes={"status": [None, window.status]},
            )
            return window
        request = LicenceRequest.objects.create(
            pool=locked, person=by, never_had_window=again is None
        )
        log_action(
            actor=by,
            action="shared_learning.licence.queued",
            obj=request,
            summary=f"{by} joined the queue for {locked}",
            changes={"status": [None, R.WAITING]},
        )
        return request


def licence_withdraw(*, by: Person, pool: LicencePool) -> LicenceWindow | LicenceRequest:
    """Give up one's own place in the queue, a window not yet started, or the rest of an active
    window. A freed seat goes to the next person in the queue at once.

    A window given up before it started does not count for the cooldown; one given up while
    active counts as ended today.
    """
    require(signed_in, access_for(by), message="Sign in first.")
    today = _today()
    now = timezone.now()
    with transaction.atomic():
        locked = lock_pool(pool.pk)
        request = LicenceRequest.objects.filter(
            pool=locked, person_id=by.pk, status=R.WAITING
        ).first()
        if request is not None:
            request.status = R.WITHDRAWN
            request.decided_at = now
            request.save(update_fields=["status", "decided_at"])
            log_action(
                actor=by,
                action="shared_learning.licence.withdrawn",
                obj=request,
                summary=f"{by} left the queue for {locked}",
                changes={"status": [R.WAITING, R.WITHDRAWN]},
            )
            return request
        window = open_windows(locked).filter(person_id=by.pk).first()
        if window is None:
            raise ValidationError(
                {"pool": f"You have no window or place in the queue for {locked} to give up."}
            )
        old = window.status
        if old == W.SCHEDULED:
            window.status = W.CANCELLED
        else:
            window.status = W.ENDED
            window.ends_on = max(window.starts_on, min(window.ends_on, today))
        window.ended_at = now
        window.save(update_fields=["status", "ends_on", "ended_at"])
        log_action(
            actor=by,
            action="shared_learning.licence.window_given_up",
            obj=window,
            summary=f"{by} gave up their window on {locked}",
            changes={"status": [old, window.status]},
        )
        _fill_free_seats(locked, today)
        return window


def licence_windows_expire(*, today: dt.date | None = None) -> dict[str, int]:
    """The periodic job: start windows whose day came, end those whose last day passed, and
    give the freed seats to the queue in order. Safe to run often and twice at once (each pool
    is handled under its lock)."""
    today = today or _today()
    due = LicenceWindow.objects.filter(
        Q(status__in=LicenceWindow.OPEN, ends_on__lt=today)
        | Q(status=W.SCHEDULED, starts_on__lte=today)
    ).values_list("pool_id", flat=True)
    queued = LicenceRequest.objects.filter(status=R.WAITING).values_list("pool_id", flat=True)
    pool_ids = sorted(set(due) | set(queued))
    counts = {"ended": 0, "started": 0, "granted": 0}
    now = timezone.now()
    for pool_id in pool_ids:
        with transaction.atomic():
            pool = lock_pool(pool_id)
            for window in open_windows(pool).filter(ends_on__lt=today).select_related("person"):
                old = window.status
                window.status = W.ENDED
                window.ended_at = now
                window.save(update_fields=["status", "ended_at"])
                log_action(
                    actor=None,
                    action="shared_learning.licence.window_ended",
                    obj=window,
                    summary=f"{window.person}'s window on {pool} ended",
                    changes={"status": [old, W.ENDED]},
                )
                counts["ended"] += 1
            counts["started"] += (
                open_windows(pool)
                .filter(status=W.SCHEDULED, starts_on__lte=today)
                .update(status=W.ACTIVE)
            )
            counts["granted"] += len(_fill_free_seats(pool, today))
    return counts
