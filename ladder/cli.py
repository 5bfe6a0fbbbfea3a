"""The `ladder` command: Django's management commands under the product's name
(`ladder demo`, `ladder import_staff`, `ladder migrate`, ...)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ladder.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ladder", *sys.argv[1:]])


if __name__ == "__main__":
    main()
