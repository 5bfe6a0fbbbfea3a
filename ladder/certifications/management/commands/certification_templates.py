"""`ladder certification_templates`: install or update the shipped certification schemes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ladder.certifications.scheme_templates import install_templates


class Command(BaseCommand):
    help = "Install or bring up to date the shipped certification scheme templates."

    def handle(self, *args: Any, **options: Any) -> None:
        schemes = install_templates()
        for scheme in schemes:
            self.stdout.write(f"{scheme.name}: {scheme.parts.count()} parts")
