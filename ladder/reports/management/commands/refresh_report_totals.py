"""`ladder refresh_report_totals`: recompute each network's stored totals when they are due.

Safe to run any time (``run_periodic`` runs it every five minutes); a network's totals are
recomputed when older than an hour or when a new fiscal year has begun. ``--now`` recomputes
every network's totals in this process, whatever their age.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ladder.core.tasks import enqueue
from ladder.orgs.models import Network
from ladder.reports import snapshots


class Command(BaseCommand):
    help = "Recompute the network totals reports where they are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="recompute all, in this process")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        queued = 0
        for network in Network.objects.filter(memberships__isnull=False).distinct():
            if options["now"]:
                totals = snapshots.compute_network_totals(network, today)
                self.stdout.write(f"{network.name}: {totals.seconds:.2f} s")
                continue
            libraries = snapshots.member_libraries(network, None, today)
            start_month = snapshots.start_month_of(libraries)
            if snapshots.is_due(snapshots.stored_totals(network, start_month, today)):
                enqueue(snapshots.REFRESH_TASK, track=False, network_id=network.pk)
                queued += 1
        if not options["now"]:
            self.stdout.write(
                f"Network totals refreshed for {queued} network{'s' if queued != 1 else ''}."
            )
