"""`ladder expire_offers`: pass on held seats whose offer ran out to the next person waiting.

Run it periodically (cron, every few minutes).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ladder.learning.registrations import offers_expire


class Command(BaseCommand):
    help = "Pass on seat offers that were not accepted in time to the next person waiting."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = offers_expire()
        self.stdout.write(f"Passed on {expired} expired offer{'s' if expired != 1 else ''}.")
