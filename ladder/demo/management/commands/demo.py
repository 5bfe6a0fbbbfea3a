"""`ladder demo`: migrate, seed the demo network (or a statewide one), print the logins, serve."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from ladder.demo.catalogue import DEMO_PASSWORD
from ladder.demo.personas import seed_demo
from ladder.demo.pls import BUNDLED_DIR, PlsError
from ladder.demo.statewide import build_statewide
from ladder.people.models import Person


def default_pls_dir() -> Path:
    return Path(getattr(settings, "LADDER_PLS_DIR", BUNDLED_DIR))


class Command(BaseCommand):
    help = (
        "Seed the demo network and serve it. With --scale state --state OH, build a statewide "
        "network from the Public Libraries Survey instead. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on.")
        parser.add_argument(
            "--no-serve", action="store_true", help="Seed only, into whatever DATABASE_URL names."
        )
        parser.add_argument(
            "--scale",
            choices=["demo", "state"],
            default="demo",
            help="demo: the small named network; state: a statewide network for benchmarks.",
        )
        parser.add_argument("--state", help="Two-letter state code for --scale state, e.g. OH.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (--scale state).")
        parser.add_argument(
            "--limit", type=int, help="Build only the first N library systems (--scale state)."
        )
        parser.add_argument(
            "--regions", type=int, help="Number of regions (--scale state; default 1-8 by size)."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete and rebuild the state's network if it exists (--scale state).",
        )
        parser.add_argument(
            "--pls-dir",
            type=Path,
            default=None,
            help="Folder with the Public Libraries Survey CSV files "
            "(default: the copy shipped in ladder/demo/data/pls).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] == "state":
            self._check_state_options(options)
        if not options["no_serve"] and not os.environ.get("SITE_URL"):
            # Links in mail, badges and feeds (those made while seeding too) point at what is
            # served, unless SITE_URL says otherwise (a proxy in front).
            settings.SITE_URL = f"http://{options['host']}:{options['port']}"
        call_command("migrate", interactive=False, verbosity=0)
        if options["scale"] == "state":
            logins = self._statewide(options)
        else:
            # The stories' e-mails (answers, notices) are not news to anyone: don't print them.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                demo = seed_demo()
            self.stdout.write(self.style.SUCCESS(f"Seeded the demo network: {demo.network.name}."))
            logins = demo.logins
        self._print_logins(logins)
        if not options["no_serve"]:
            # WhiteNoise serves the collected files (USWDS, HTMX) when DEBUG is off.
            call_command("collectstatic", interactive=False, verbosity=0)
            address = f"{options['host']}:{options['port']}"
            self.stdout.write(f"Serving at http://{address}/ (Ctrl-C to stop)")
            _start_periodic_jobs()
            call_command("runserver", address, use_reloader=False)

    def _check_state_options(self, options: dict[str, Any]) -> None:
        state = (options["state"] or "").upper()
        if not re.fullmatch(r"[A-Z]{2}", state):
            raise CommandError(
                "--scale state needs --state with a two-letter code, e.g. --state OH"
            )
        options["state"] = state
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be at least 1")
        if options["regions"] is not None and not 1 <= options["regions"] <= 50:
            raise CommandError("--regions must be between 1 and 50")

    def _statewide(self, options: dict[str, Any]) -> list[tuple[str, Person]]:
        pls_dir = options["pls_dir"] or default_pls_dir()
        try:
            result = build_statewide(
                state=options["state"],
                pls_dir=pls_dir,
                seed=options["seed"],
                limit=options["limit"],
                regions=options["regions"],
                reset=options["reset"],
                log=self.stdout.write,
            )
        except PlsError as exc:
            raise CommandError(str(exc)) from exc
        if not result.built:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.network.name} already exists: left as it is "
                    "(pass --reset to rebuild it)."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Built {result.network.name}."))
        for name, value in result.counts.items():
            self.stdout.write(f"  {name}: {value}")
        if result.built:
            self.stdout.write(f"  elapsed: {result.seconds:.1f} s")
        return result.logins

    def _print_logins(self, logins: list[tuple[str, Person]]) -> None:
        if not logins:
            return
        self.stdout.write(f'Demo logins (password "{DEMO_PASSWORD}"):')
        width = max(len(role) for role, _ in logins)
        for role, person in logins:
            self.stdout.write(f"  {role:<{width}}  {person.email}  ({person.display_name})")


def _start_periodic_jobs(interval: int = 300) -> None:
    """The demo runs the periodic jobs in-process (a deployment runs `ladder run_periodic`)."""
    import io
    import threading
    import time

    from django.db import close_old_connections

    def loop() -> None:
        while True:
            time.sleep(interval)
            close_old_connections()
            try:
                call_command("run_periodic", stdout=io.StringIO())
            except Exception:
                logging.getLogger(__name__).exception("periodic jobs failed")

    threading.Thread(target=loop, name="ladder-periodic", daemon=True).start()
