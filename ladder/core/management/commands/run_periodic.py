"""`ladder run_periodic`: the one scheduler command for Ladder's periodic jobs.

Run it from cron every five minutes (`ladder run_periodic`), or leave it running with
`--loop`; each job decides for itself what is due, so running it often is harmless.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

# Each job is a management command that is safe to run at any time and never acts twice.
JOBS = [
    "expire_offers",
    "send_reminders",
    "expire_licences",
    "digest",
    "certification_reminders",
    "end_leavers_access",
    "refresh_report_totals",
]


class Command(BaseCommand):
    help = "Run every periodic job once (or every --interval seconds with --loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=int, default=300, help="seconds between runs")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for job in JOBS:
                self.stdout.write(f"{job}: ", ending="")
                call_command(job, stdout=self.stdout, stderr=self.stderr)
            if not options["loop"]:
                return
            time.sleep(max(10, options["interval"]))
