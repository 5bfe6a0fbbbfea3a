"""E-mail reminders before the renewal window opens and before expiry.

Safe to run any time: each reminder is claimed by inserting a `ReminderSent` row, unique per
pursuit, kind and expiry date, before the e-mail goes out, so a repeated or concurrent run
never sends one twice (a renewal moves the expiry, and the next cycle gets its own reminders).
A send that fails gives the claim back so the next run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from ladder.certifications.models import Pursuit, ReminderSent
from ladder.certifications.progress import Progress, progress_for, pursuit_queryset
from ladder.core.dates import add_months
from ladder.core.links import absolute_url
from ladder.core.mail import send_templated

log = logging.getLogger(__name__)

WINDOW_LEAD_DAYS = 30  # remind this long before the renewal window opens
EXPIRY_LEAD_DAYS = 60  # and this long before expiry


def due_reminders(today: dt.date) -> list[tuple[Pursuit, str]]:
    """(pursuit, kind) pairs due today and not yet sent for the pursuit's current expiry."""
    candidates = (
        pursuit_queryset()
        .filter(
            earned_on__isnull=False,
            expires_on__gte=today - dt.timedelta(days=31 * 24),
            expires_on__lte=today + dt.timedelta(days=31 * 24 + WINDOW_LEAD_DAYS),
        )
        .prefetch_related("reminders")
        .order_by("expires_on", "pk")
    )
    due: list[tuple[Pursuit, str]] = []
    for pursuit in candidates:
        assert pursuit.expires_on is not None
        scheme = pursuit.scheme
        sent = {(r.kind, r.expires_on) for r in pursuit.reminders.all()}
        window_opens = add_months(pursuit.expires_on, -scheme.renewal_window_months)
        grace_ends = add_months(pursuit.expires_on, scheme.grace_months)
        if today > grace_ends:
            continue
        kinds = []
        if window_opens - dt.timedelta(days=WINDOW_LEAD_DAYS) <= today <= pursuit.expires_on:
            kinds.append(ReminderSent.Kind.WINDOW)
        if pursuit.expires_on - dt.timedelta(days=EXPIRY_LEAD_DAYS) <= today:
            kinds.append(ReminderSent.Kind.EXPIRY)
        due += [(pursuit, k) for k in kinds if (k, pursuit.expires_on) not in sent]
    return due


def _subject(progress: Progress, kind: str, today: dt.date) -> str:
    pursuit, scheme = progress.pursuit, progress.pursuit.scheme
    assert pursuit.expires_on is not None and progress.window_opens is not None
    if kind == ReminderSent.Kind.WINDOW:
        if progress.window_opens > today:
            return f"Renewal of your {scheme.name} opens on {progress.window_opens:%-d %B %Y}"
        return f"Renewal of your {scheme.name} is open until {pursuit.expires_on:%-d %B %Y}"
    return f"Your {scheme.name} expires on {pursuit.expires_on:%-d %B %Y}"


def _send(progress: Progress, kind: str, today: dt.date) -> None:
    pursuit = progress.pursuit
    assert pursuit.expires_on is not None
    send_templated(
        "certifications/email/renewal_reminder",
        {
            "kind": "window" if kind == ReminderSent.Kind.WINDOW else "expiry",
            "person": pursuit.person,
            "scheme": pursuit.scheme,
            "expires_on": pursuit.expires_on,
            "window_opens": progress.window_opens,
            "window_open": progress.window_opens is not None and progress.window_opens <= today,
            "grace_ends": progress.grace_ends,
            "shortfalls": progress.shortfalls,
            "url": absolute_url("certifications:mine"),
        },
        subject=_subject(progress, kind, today),
        to=[pursuit.person.email],
    )


def send_certification_reminders(today: dt.date | None = None) -> int:
    """Send the reminders due today; returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    due = due_reminders(today)
    progress = {p.pursuit.pk: p for p in progress_for({p for p, _ in due}, today)}
    for pursuit, kind in due:
        assert pursuit.expires_on is not None
        try:
            with transaction.atomic():
                claim = ReminderSent.objects.create(
                    pursuit=pursuit, kind=kind, expires_on=pursuit.expires_on
                )
        except IntegrityError:
            continue  # another run claimed it
        try:
            _send(progress[pursuit.pk], kind, today)
        except Exception:
            log.exception("certification reminder %s for pursuit %s failed", kind, pursuit.pk)
            claim.delete()
            continue
        sent += 1
    return sent
