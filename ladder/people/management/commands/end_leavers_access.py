"""`ladder end_leavers_access`: sign out everywhere the people whose last job has ended."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ladder.people.account import end_leavers_access


class Command(BaseCommand):
    help = "End the sessions and API tokens of people whose last employment has ended."

    def handle(self, *args: Any, **options: Any) -> None:
        count = end_leavers_access()
        self.stdout.write(f"{count} leaver(s) signed out")
