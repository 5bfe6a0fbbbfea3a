"""`ladder import_staff FILE --library SLUG --as EMAIL [--commit]`: the page's import, scripted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ladder.orgs.models import Library
from ladder.people.imports import (
    ImportFileError,
    ImportRejected,
    staff_import_commit,
    staff_import_preview,
)
from ladder.people.models import Person


class Command(BaseCommand):
    help = (
        "Check a staff CSV/XLSX file for a library and print every bad row; with --commit, "
        "save it (all rows or none)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .csv or .xlsx file")
        parser.add_argument("--library", required=True, help="the library's slug")
        parser.add_argument(
            "--as", dest="as_email", required=True, help="e-mail of the admin importing"
        )
        parser.add_argument(
            "--commit", action="store_true", help="save the rows (default: only check them)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        by = Person.objects.filter(email__iexact=options["as_email"]).first()
        if by is None:
            raise CommandError(f"No person with the e-mail {options['as_email']}.")
        library = Library.objects.filter(slug=options["library"]).first()
        if library is None:
            raise CommandError(f"No library with the slug {options['library']!r}.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        try:
            preview = staff_import_preview(by=by, library=library, filename=path.name, data=data)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ImportFileError as exc:
            raise CommandError(f"{path.name}: {' '.join(exc.messages)}") from exc

        counts = preview.counts
        self.stdout.write(
            f"{path.name} into {library}: {len(preview.rows)} rows. "
            f"People: {counts.new_people} new, {counts.updated_people} updated, "
            f"{counts.unchanged_people} unchanged. "
            f"Employments: {counts.new_employments} new, {counts.updated_employments} updated, "
            f"{counts.unchanged_employments} unchanged."
        )
        if preview.ignored_columns:
            self.stdout.write(f"Ignored columns: {', '.join(preview.ignored_columns)}")
        for notice in preview.notices:
            self.stdout.write(f"note: {notice}")
        for error in preview.errors:
            self.stdout.write(f"error: {error}")
        if preview.errors:
            raise CommandError(
                f"{preview.bad_lines} rows with errors; nothing was saved. Fix them and run again."
            )
        if not options["commit"]:
            self.stdout.write("The file is good. Nothing was saved: run again with --commit.")
            return
        try:
            staff_import_commit(by=by, library=library, rows=preview.rows)
        except ImportRejected as exc:
            for error in exc.row_errors:
                self.stdout.write(f"error: {error}")
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS("Imported."))
