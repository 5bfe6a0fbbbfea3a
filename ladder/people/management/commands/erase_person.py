"""`ladder erase_person --id N --as EMAIL`: erase a person who has left (site admin only).

The same rules as the page (ladder.people.privacy.person_erase): never someone still employed
or holding a role; the training history stays, anonymously.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ladder.people.models import Person
from ladder.people.privacy import person_erase


class Command(BaseCommand):
    help = "Erase a person who has left: personal data removed, training history kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--id", dest="person_id", type=int, required=True)
        parser.add_argument("--as", dest="as_email", required=True, help="the site admin")

    def handle(self, *args: Any, **options: Any) -> None:
        by = Person.objects.filter(email__iexact=options["as_email"]).first()
        if by is None:
            raise CommandError(f"No person with the e-mail {options['as_email']}.")
        person = Person.objects.filter(pk=options["person_id"]).first()
        if person is None:
            raise CommandError(f"No person #{options['person_id']}.")
        try:
            person_erase(by=by, person=person)
        except (PermissionDenied, ValidationError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from exc
        self.stdout.write(f"Person #{person.pk} erased.")
