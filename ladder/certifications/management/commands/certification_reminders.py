"""`ladder certification_reminders`: e-mail holders before renewal opens and before expiry.

Safe to run any time (daily is enough); each reminder is sent once per expiry date.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ladder.certifications.reminders import send_certification_reminders


class Command(BaseCommand):
    help = "Remind certification holders before the renewal window opens and before expiry."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_certification_reminders()
        self.stdout.write(f"Sent {sent} certification reminder{'s' if sent != 1 else ''}.")
