"""Background tasks of the learning app: registration e-mails and the periodic jobs."""

from __future__ import annotations

from typing import Any

from ladder.core.tasks import Progress, task
from ladder.learning import notify
from ladder.learning.registrations import offers_expire

SEND_REMINDERS = "learning.send_reminders"
EXPIRE_OFFERS = "learning.offers_expire"


@task(notify.REGISTRATION_EMAIL)
def registration_email_task(*, progress: Progress, registration_id: int, kind: str) -> bool:
    return notify.send_registration_email(registration_id, kind)


@task(notify.APPROVAL_EMAIL)
def approval_email_task(*, progress: Progress, registration_id: int) -> int:
    return notify.send_approval_email(registration_id)


@task(notify.SESSION_CHANGED_EMAIL)
def session_changed_email_task(*, progress: Progress, session_id: int, cancelled: bool) -> int:
    return notify.send_session_changed(session_id, cancelled)


@task(SEND_REMINDERS)
def send_reminders_task(*, progress: Progress, within_hours: int = 24) -> dict[str, Any]:
    """For a scheduler (Celery beat) as well as `ladder send_reminders`."""
    return {"sent": notify.send_reminders(within_hours=within_hours)}


@task(EXPIRE_OFFERS)
def offers_expire_task(*, progress: Progress) -> dict[str, Any]:
    return {"expired": offers_expire()}
