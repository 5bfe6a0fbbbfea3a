"""`ladder expire_licences`: end licence windows whose last day passed, start scheduled ones,
and give freed seats to the people waiting (who are e-mailed).

Run it periodically (cron, a few times a day; once after midnight is enough).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ladder.shared_learning.licences import licence_windows_expire


class Command(BaseCommand):
    help = "End licence windows that are over and hand their seats to the queue."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = licence_windows_expire()
        self.stdout.write(
            f"Ended {counts['ended']}, started {counts['started']}, "
            f"granted {counts['granted']} from the queue."
        )
