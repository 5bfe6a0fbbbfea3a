"""E-mail about registrations, sent through the task interface (in-process by default).

Services call the small queue functions below inside their transaction; the e-mail is queued
once the transaction commits, so a rolled-back registration never sends anything. The tasks
(ladder.learning.jobs) call the send_* functions, which read the registration afresh and
skip an e-mail its status no longer calls for (a seat offer already declined, say).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ladder.core.links import absolute_url
from ladder.core.mail import templated_message
from ladder.core.tasks import enqueue
from ladder.learning import ical
from ladder.learning.models import Registration, Session
from ladder.orgs.models import Role
from ladder.people.models import Employment, Person

log = logging.getLogger(__name__)

S = Registration.Status
REGISTRATION_EMAIL = "learning.registration_email"
APPROVAL_EMAIL = "learning.approval_email"
SESSION_CHANGED_EMAIL = "learning.session_changed_email"

# kind -> (subject, template, statuses the e-mail still makes sense for, attach the .ics)
KINDS: dict[str, tuple[str, str, tuple[str, ...], bool]] = {
    "confirmed": ("You are registered: {session}", "confirmed", (S.CONFIRMED,), True),
    "offered": (
        "A seat opened up and is held for you: {session}",
        "offered",
        (S.OFFERED,),
        False,
    ),
    "requested": (
        "Waiting for approval: {session}",
        "requested",
        (S.REQUESTED,),
        False,
    ),
    "declined": ("Not approved: {session}", "declined", (S.DECLINED,), False),
    "seat_opened": (
        "A seat opened up: you are registered for {session}",
        "confirmed",
        (S.CONFIRMED,),
        True,
    ),
    "cancelled": ("Cancelled: your registration for {session}", "cancelled", (S.CANCELLED,), True),
    "reminder": ("Reminder: {session}", "reminder", (S.CONFIRMED,), True),
}


# --- queueing -----------------------------------------------------------------------------


def _queue(name: str, **kwargs: Any) -> None:
    """Enqueue the task after the current transaction commits (at once outside one)."""

    def send() -> None:
        # Tracked (a Job row per e-mail): a failed send shows as a failed job.
        try:
            enqueue(name, **kwargs)
        except Exception:
            # The registration is saved either way; a mail server that is down must not turn
            # it into an error page. The failure is logged for the admin.
            log.exception("could not send %s %s", name, kwargs)

    transaction.on_commit(send)


def registration_confirmed(registration: Registration) -> None:
    _queue(REGISTRATION_EMAIL, registration_id=registration.pk, kind="confirmed")


def seat_opened(registration: Registration) -> None:
    """Moved off the waitlist straight into a seat."""
    _queue(REGISTRATION_EMAIL, registration_id=registration.pk, kind="seat_opened")


def registration_cancelled(registration: Registration) -> None:
    """The person cancelled: an e-mail with a CANCEL that takes it out of their calendar."""
    _queue(REGISTRATION_EMAIL, registration_id=registration.pk, kind="cancelled")


def seat_offered(registration: Registration) -> None:
    _queue(REGISTRATION_EMAIL, registration_id=registration.pk, kind="offered")


def approval_requested(registration: Registration) -> None:
    """Tell the person their seat is held, and their approvers that a request waits."""
    _queue(REGISTRATION_EMAIL, registration_id=registration.pk, kind="requested")
    _queue(APPROVAL_EMAIL, registration_id=registration.pk)


def registration_declined(registration: Registration) -> None:
    _queue(REGISTRATION_EMAIL, registration_id=registration.pk, kind="declined")


def session_changed(session: Session, cancelled: bool) -> None:
    """The organiser changed when or where the session is, or cancelled it."""
    _queue(SESSION_CHANGED_EMAIL, session_id=session.pk, cancelled=cancelled)


# --- building and sending -----------------------------------------------------------------


def session_url(session: Session) -> str:
    return absolute_url("learning:session_detail", session.pk)


def _message(
    *, subject: str, template: str, context: dict[str, Any], to: list[str]
) -> EmailMessage:
    return templated_message(f"learning/email/{template}", context, subject=subject, to=to)


def _attach_ics(message: EmailMessage, session: Session, person: Person | None) -> None:
    data = ical.session_ics(session, for_person=person)
    if data:
        message.attach("session.ics", data, "text/calendar; charset=utf-8; method=PUBLISH")


def _attach_cancel(
    message: EmailMessage, session: Session, person: Person, cancelled: int | None = None
) -> None:
    data = ical.cancel_ics(session, person, cancelled)
    if data:
        message.attach("cancel.ics", data, "text/calendar; charset=utf-8; method=CANCEL")


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related(
            "person", "session__offering", "session__venue_branch", "session__region"
        )
        .filter(pk=registration_id)
        .first()
    )


def _context(registration: Registration) -> dict[str, Any]:
    session = registration.session
    return {
        "registration": registration,
        "person": registration.person,
        "session": session,
        "offering": session.offering,
        "dates": list(session.dates.all()),
        "session_url": session_url(session),
        "my_registrations_url": absolute_url("learning:my_registrations"),
        "accept_url": absolute_url("learning:offer_accept", registration.pk),
        "decline_url": absolute_url("learning:offer_decline", registration.pk),
        "cancel_url": absolute_url("learning:registration_cancel", registration.pk),
    }


def send_registration_email(registration_id: int, kind: str) -> bool:
    """Send one person the e-mail of `kind`; False when its moment has passed."""
    subject, template, statuses, with_ics = KINDS[kind]
    registration = _registration(registration_id)
    if registration is None or registration.status not in statuses:
        return False
    session = registration.session
    message = _message(
        subject=subject.format(session=session),
        template=template,
        context={**_context(registration), "kind": kind},
        to=[registration.person.email],
    )
    if with_ics and kind == "cancelled":
        _attach_cancel(message, session, registration.person)
    elif with_ics:
        _attach_ics(message, session, registration.person)
    message.send()
    return True


def approvers_of(person_id: int) -> list[str]:
    """E-mail addresses of those who decide on the person's requests: their supervisors at
    libraries that require approval, else those libraries' admins."""
    jobs = Employment.objects.current().filter(
        person_id=person_id, library__registration_needs_approval=True
    )
    supervisors = list(
        Person.objects.filter(
            pk__in=jobs.filter(supervisor__isnull=False).values("supervisor_id"), is_active=True
        ).values_list("email", flat=True)
    )
    if supervisors:
        return supervisors
    return list(
        Person.objects.filter(
            is_active=True,
            roles__kind=Role.Kind.LIBRARY_ADMIN,
            roles__library_id__in=jobs.values("library_id"),
        )
        .exclude(pk=person_id)
        .values_list("email", flat=True)
        .distinct()
    )


def send_approval_email(registration_id: int) -> int:
    """Ask the person's approvers to decide; returns how many were told."""
    registration = _registration(registration_id)
    if registration is None or registration.status != S.REQUESTED:
        return 0
    to = approvers_of(registration.person_id)
    if not to:
        return 0
    context = {**_context(registration), "approvals_url": absolute_url("learning:approvals")}
    message = _message(
        subject=f"Approval needed: {registration.person} for {registration.session}",
        template="approval_needed",
        context=context,
        to=to,
    )
    message.send()
    return len(to)


def send_session_changed(session_id: int, cancelled: bool) -> int:
    """Tell everyone holding or waiting for a seat; returns how many e-mails were sent."""
    session = (
        Session.objects.select_related("offering", "venue_branch", "region")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        return 0
    registrations = list(
        Registration.objects.filter(
            session=session, status__in=(S.REQUESTED, S.CONFIRMED, S.OFFERED, S.WAITLISTED)
        ).select_related("person")
    )
    dates = list(session.dates.all())
    ics = None if cancelled else ical.session_ics(session)
    # Each person's earlier cancellations set their SEQUENCE: counted once for everyone.
    withdrawn = dict(
        Registration.objects.filter(session=session, status=S.CANCELLED)
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    template = "session_cancelled" if cancelled else "session_changed"
    subject = ("Cancelled: {session}" if cancelled else "Changed: {session}").format(
        session=session
    )
    messages = []
    for registration in registrations:
        context = {
            "registration": registration,
            "person": registration.person,
            "session": session,
            "offering": session.offering,
            "dates": dates,
            "session_url": session_url(session),
            "my_registrations_url": absolute_url("learning:my_registrations"),
        }
        message = _message(
            subject=subject, template=template, context=context, to=[registration.person.email]
        )
        if cancelled and registration.status in (S.CONFIRMED, S.REQUESTED):
            _attach_cancel(
                message, session, registration.person, withdrawn.get(registration.person_id, 0)
            )
        elif ics and registration.status in (S.CONFIRMED, S.REQUESTED):
            message.attach("session.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
        messages.append(message)
    if not messages:
        return 0
    with get_connection() as mail:
        return mail.send_messages(messages) or 0


# --- reminders ----------------------------------------------------------------------------


def send_reminders(*, within_hours: int = 24, now: dt.datetime | None = None) -> int:
    """Remind everyone confirmed for a session starting within the next hours, once each.

    Each reminder is claimed by setting reminded_at with a conditional UPDATE before it is
    queued, so two runs at the same time (or a run repeated) never send one twice. A send
    that fails in-process gives the claim back, and the next run tries again.
    """
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=S.CONFIRMED,
        reminded_at__isnull=True,
        session__status=Session.Status.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + dt.timedelta(hours=within_hours),
    ).order_by("session__starts_at", "id")
    sent = 0
    for registration_id in list(due.values_list("pk", flat=True)):
        claimed = Registration.objects.filter(pk=registration_id, reminded_at__isnull=True)
        if not claimed.update(reminded_at=now):
            continue
        try:
            enqueue(REGISTRATION_EMAIL, registration_id=registration_id, kind="reminder")
        except Exception:
            log.exception("reminder for registration %s failed", registration_id)
            Registration.objects.filter(pk=registration_id).update(reminded_at=None)
            continue
        sent += 1
    return sent
