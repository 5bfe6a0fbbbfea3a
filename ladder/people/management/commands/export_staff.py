"""`ladder export_staff --as EMAIL [--format csv|xlsx] [--output FILE] [filters]`.

Exports the staff directory exactly as that person sees it on the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ladder.core import tabular
from ladder.core.access import access_for
from ladder.orgs.models import Library
from ladder.people import exports
from ladder.people.models import Person


class Command(BaseCommand):
    help = "Export the staff directory as a person sees it, to CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as", dest="as_email", required=True, help="whose view of the directory"
        )
        parser.add_argument("--format", choices=exports.FORMATS, default="csv")
        parser.add_argument("--output", help="file to write (CSV goes to standard output if none)")
        parser.add_argument("--library", help="only this library (its slug)")
        parser.add_argument("--q", default="", help="name or e-mail contains")
        parser.add_argument("--hours", choices=["part", "full"], help="part-time or full-time")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(email__iexact=options["as_email"]).first()
        if person is None:
            raise CommandError(f"No person with the e-mail {options['as_email']}.")
        params = {"q": options["q"], "hours": options["hours"] or ""}
        if options["library"]:
            library = Library.objects.filter(slug=options["library"]).first()
            if library is None:
                raise CommandError(f"No library with the slug {options['library']!r}.")
            params["library"] = str(library.pk)
        access = access_for(person)
        filters = exports.ExportFilters(access, params)
        rows = exports.export_rows(access, **filters.as_kwargs())
        output = options["output"]
        if options["format"] == "xlsx":
            if not output:
                raise CommandError("An XLSX export needs --output FILE.")
            with Path(output).open("wb") as handle:
                tabular.write_xlsx({"Staff": rows}, handle)
        elif output:
            with Path(output).open("w", encoding="utf-8", newline="") as text:
                text.writelines(tabular.csv_chunks(rows))
        else:
            for chunk in tabular.csv_chunks(rows):
                self.stdout.write(chunk, ending="")
        if output:
            self.stderr.write(f"Wrote {output}")
