"""`ladder send_reminders`: e-mail everyone confirmed for a session that starts soon.

Run it periodically (cron, every hour or so); each person is reminded once per session.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ladder.learning.notify import send_reminders


class Command(BaseCommand):
    help = "Remind people of the sessions they are registered for that start soon."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=24,
            help="Remind of sessions starting within this many hours (default 24).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["hours"] < 1:
            self.stderr.write("--hours must be at least 1.")
            raise SystemExit(2)
        sent = send_reminders(within_hours=options["hours"])
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
