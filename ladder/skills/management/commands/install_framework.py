"""`ladder install_framework`: install or update Ladder's framework for library work and the
ALA-APA LSSC scheme its competencies map to. Safe to run again: it changes only what differs
from the shipped version and never removes anything added locally."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ladder.skills.framework_install import default_framework_sync


class Command(BaseCommand):
    help = "Install or update the shipped competency framework for library work (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        framework, counts = default_framework_sync()
        competencies = framework.competencies.count()
        if counts.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Installed {framework.name}: {counts.created} records added, "
                    f"{counts.updated} updated, {counts.unchanged} already up to date "
                    f"({competencies} competencies)."
                )
            )
        else:
            self.stdout.write(
                f"{framework.name} is already up to date ({competencies} competencies)."
            )
