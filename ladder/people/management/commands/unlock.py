"""`ladder unlock EMAIL [--ip ADDRESS]`: lift a sign-in lock-out before it runs out."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ladder.core.throttle import login_unlock


class Command(BaseCommand):
    help = (
        "Unlock an account locked out after too many wrong passwords (and, with --ip, an address)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the account's e-mail address")
        parser.add_argument("--ip", default="", help="also unlock this client address")

    def handle(self, *args: Any, **options: Any) -> None:
        removed = login_unlock(email=options["email"], ip=options["ip"], by=None)
        self.stdout.write(
            f"Unlocked {options['email']} ({removed} failed attempt record(s) removed)."
        )
