"""`ladder digest [--month YYYY-MM] [--dry-run]`: send the monthly digest of free training.

Without --month it sends next month's digest once it is due (from the 25th) and does nothing
otherwise, so `ladder run_periodic` may run it every five minutes. A person never gets a
month twice (see ladder.shared_learning.digest). --dry-run counts without sending or
recording anything.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ladder.core.tasks import enqueue
from ladder.shared_learning import digest


class Command(BaseCommand):
    help = "Send the monthly digest of free training (only when due, never twice a month)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="the month to send, YYYY-MM (default: when due)")
        parser.add_argument("--dry-run", action="store_true", help="count, send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["month"]:
            try:
                month = digest.parse_month(options["month"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        else:
            due = digest.due_month()
            if due is None:
                self.stdout.write(f"Not due: the digest goes out from day {digest.DUE_DAY}.")
                return
            month = due
        job = enqueue(digest.SEND_TASK, month=f"{month:%Y-%m}", dry_run=bool(options["dry_run"]))
        result = job.result if job is not None and job.result else {}
        if not result:
            self.stdout.write(f"Digest {month:%Y-%m} queued.")
            return
        verb = "would go to" if options["dry_run"] else "sent to"
        self.stdout.write(
            f"Digest {result['month']}: {result['sent']} {verb} people, "
            f"{result['nothing_to_send']} with nothing to send, of {result['people']} due."
        )
