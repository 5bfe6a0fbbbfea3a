"""iCalendar (RFC 5545) for sessions: one session's .ics, the public catalogue feed and a
person's private feed of their registrations, whose secret URL they can reset.

Each date of a session is one VEVENT, in the session's own time zone (with its VTIMEZONE),
so that a series shows as its separate meetings. A cancelled session stays in the feeds with
STATUS:CANCELLED: calendar programs then strike it out rather than silently drop it.
Online links go only to people registered: the public feed says "Online" instead.

Every event carries a SEQUENCE (RFC 5546), so a calendar replaces the event it holds instead of
keeping a stale copy: the session's ``ical_sequence`` (raised at each change people are told
of) plus, for a person, two for each of their registrations they cancelled. The CANCEL sent
when someone cancels (METHOD:CANCEL, the same UIDs) carries the number between the invitation
before it and any invitation after it, so it always outranks the one it withdraws and a new
registration outranks it in turn.
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.links import absolute_url
from ladder.core.policies import require
from ladder.learning.models import Registration, Session
from ladder.learning.policies import can_reset_feed

if TYPE_CHECKING:
    from ladder.people.models import Person

PRODID = "-//Ladder//Training catalogue//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Statuses a person's calendar shows as firm; the rest (requested, offered, waitlisted)
# are tentative.
FIRM = ("confirmed", "attended", "no_show")
WAITING_LABEL = {
    "requested": "Awaiting approval",
    "offered": "Seat offered",
    "waitlisted": "Waitlisted",
}


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "ladder.invalid"


def _zone(name: str) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def _location(session: Session, *, with_link: bool) -> str:
    parts = []
    if session.venue_branch is not None:
        branch = session.venue_branch
        place = f"{branch.name}, {branch.library.name}"
        street = ", ".join(p for p in (branch.address, branch.city) if p)
        parts.append(f"{place} ({street})" if street else place)
    elif session.venue_address:
        parts.append(session.venue_address)
    if session.online_url:
        parts.append(session.online_url if with_link else "Online")
    return " · ".join(parts)


def person_sequence(session: Session, person_id: int, cancelled: int | None = None) -> int:
    """The SEQUENCE of a person's invitation to the session (see the module's note)."""
    if cancelled is None:
        cancelled = Registration.objects.filter(
            session=session, person_id=person_id, status=Registration.Status.CANCELLED
        ).count()
    return session.ical_sequence + 2 * cancelled


def _events(
    session: Session,
    *,
    with_link: bool,
    registration: Registration | None = None,
    sequence: int | None = None,
    withdrawn: bool = False,
) -> list[icalendar.Event]:
    zone = _zone(session.timezone)
    dates = list(session.dates.all())
    cancelled = session.status == Session.Status.CANCELLED
    waiting = (
        WAITING_LABEL.get(registration.status, "")
        if registration is not None and registration.status not in FIRM
        else ""
    )
    if cancelled or withdrawn:
        status = "CANCELLED"
    elif registration is not None and waiting:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    description = [session.offering.description]
    if cancelled:
        description.insert(0, f"Cancelled: {session.cancel_reason}")
    elif waiting:
        description.insert(0, f"Your registration: {waiting}.")
    url = absolute_url(session.get_absolute_url())
    description.append(url)
    stamp = timezone.now()
    events = []
    for number, date in enumerate(dates, start=1):
        summary = str(session)
        if len(dates) > 1:
            summary += f" ({number} of {len(dates)})"
        if cancelled or withdrawn:
            summary = f"Cancelled: {summary}"
        elif waiting:
            summary = f"{waiting}: {summary}"
        event = icalendar.Event()
        event.add("uid", f"ladder-session-{session.pk}-date-{date.pk}@{_host()}")
        event.add("dtstamp", stamp)
        event.add("sequence", session.ical_sequence if sequence is None else sequence)
        event.add("dtstart", date.starts_at.astimezone(zone))
        event.add("dtend", date.ends_at.astimezone(zone))
        event.add("summary", summary)
        event.add("status", status)
        event.add("description", "\n\n".join(part for part in description if part))
        event.add("url", url)
        event.add("categories", [session.offering.get_kind_display()])
        location = _location(session, with_link=with_link)
        if location:
            event.add("location", location)
        events.append(event)
    return events


def _calendar(name: str, events: Iterable[icalendar.Event], method: str = "PUBLISH") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    starts = []
    for event in events:
        cal.add_component(event)
        starts.append(event.decoded("dtstart").date())
    if starts:
        # Transitions for the years the events span, not the default 1970-2038.
        cal.add_missing_timezones(
            first_date=min(starts) - dt.timedelta(days=366),
            last_date=max(starts) + dt.timedelta(days=366),
        )
    return cal.to_ical()


def session_ics(session: Session, *, for_person: Person | None = None) -> bytes:
    """A VCALENDAR with the session's dates; for a person, with their registration's status
    and the online link."""
    registration = None
    if for_person is not None:
        registration = (
            Registration.objects.filter(
                session=session, person_id=for_person.pk, status__in=Registration.ACTIVE
            )
            .order_by("-created_at")
            .first()
        )
    sequence = person_sequence(session, for_person.pk) if for_person is not None else None
    events = _events(
        session, with_link=for_person is not None, registration=registration, sequence=sequence
    )
    return _calendar(str(session), events)


def cancel_ics(session: Session, person: Person, cancelled: int | None = None) -> bytes:
    """METHOD:CANCEL for the person's calendar: the session's events (same UIDs) withdrawn,
    because they cancelled (a SEQUENCE just above their last invitation) or the organiser
    cancelled the session (the session's raised SEQUENCE). ``cancelled``: the person's
    cancelled registrations for the session, when the caller counted them for many people."""
    sequence = person_sequence(session, person.pk, cancelled)
    if session.status != Session.Status.CANCELLED:
        sequence -= 1  # their own cancellation: between the old invitation and any new one
    events = _events(session, with_link=False, sequence=sequence, withdrawn=True)
    return _calendar(str(session), events, method="CANCEL")


def calendar_bytes(sessions: Iterable[Session], name: str, *, with_links: bool = False) -> bytes:
    """A VCALENDAR of many sessions (prefetch their dates, offering and venue)."""
    events = [e for session in sessions for e in _events(session, with_link=with_links)]
    return _calendar(name, events)


def registrations_calendar(registrations: Iterable[Registration], name: str) -> bytes:
    """A person's feed: each registered session with their registration's status."""
    registrations = list(registrations)
    cancelled: dict[tuple[int, int], int] = {}
    if registrations:
        counted = (
            Registration.objects.filter(
                person_id__in={r.person_id for r in registrations},
                session_id__in={r.session_id for r in registrations},
                status=Registration.Status.CANCELLED,
            )
            .values("person_id", "session_id")
            .annotate(n=Count("id"))
            .values_list("person_id", "session_id", "n")
        )
        cancelled = {(person, session): n for person, session, n in counted}
    events = [
        e
        for registration in registrations
        for e in _events(
            registration.session,
            with_link=True,
            registration=registration,
            sequence=person_sequence(
                registration.session,
                registration.person_id,
                cancelled.get((registration.person_id, registration.session_id), 0),
            ),
        )
    ]
    return _calendar(name, events)


def feed_token_reset(*, by: Person, person: Person) -> str:
    """Give the person a new secret feed URL; the old one stops working at once."""
    require(can_reset_feed, access_for(by), person)
    with transaction.atomic():
        person.feed_token = secrets.token_urlsafe(32)
        person.save(update_fields=["feed_token"])
        log_action(
            actor=by,
            action="learning.feed_token.reset",
            obj=person,
            summary="Reset the private calendar feed address",
        )
    return person.feed_token
