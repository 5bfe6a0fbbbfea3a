"""Background tasks of the shared-learning app: licence e-mails and the periodic expiry."""

from __future__ import annotations

from typing import Any

from ladder.core.tasks import Progress, task
from ladder.shared_learning import licences

EXPIRE_WINDOWS = "shared_learning.licence_windows_expire"


@task(licences.GRANTED_EMAIL)
def licence_granted_email_task(*, progress: Progress, window_id: int) -> bool:
    return licences.send_granted_email(window_id)


@task(EXPIRE_WINDOWS)
def licence_windows_expire_task(*, progress: Progress) -> dict[str, Any]:
    """For a scheduler as well as `ladder expire_licences`."""
    return licences.licence_windows_expire()
