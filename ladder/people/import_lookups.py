"""What a staff import's rows are checked against: `Lookups` loads the library's branches,
the job classes it may use, the people and employments the file names, and which of those
people the importing user may edit or attach, in a fixed number of queries.
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from ladder.core.access import Access, access_for
from ladder.orgs.models import Branch, Library, Role
from ladder.people.import_cells import ImportRow, parse_date
from ladder.people.models import Employment, JobClass, Person
from ladder.people.selectors import people_managed_by


def _not_ended() -> Q:
    today = timezone.localdate()
    return Q(end_date__isnull=True) | Q(end_date__gte=today)


class Lookups:
    """Everything rows are checked against, loaded in a fixed number of queries.

    The permission sets mirror the services' rules (person_update: a person with a job at a
    library the user administers; employment_create: nobody whose record is private to
    another library), so the preview reports what the commit would refuse.
    """

    def __init__(self, *, by: Person, library: Library, rows: list[ImportRow]) -> None:
        access = access_for(by)
        self.library = library
        self.branches = {b.name.lower(): b for b in Branch.objects.filter(library=library)}
        self.job_classes = self._job_classes(library)
        self.other_libraries = self._libraries(rows)
        emails = {r.values.get("email", "").lower() for r in rows} - {""}
        supervisors = {r.values.get("supervisor_email", "").lower() for r in rows} - {""}
        self.in_file = emails
        self.ended_in_file = self._ended_in_file(rows)
        self.people = {p.email: p for p in Person.objects.filter(email__in=emails)}
        self.editable_ids: set[int] = set()
        self.private_ids: set[int] = set()
        if access.is_site_admin:
            self.editable_ids = {p.pk for p in self.people.values()}
        elif self.people:
            self.editable_ids = {access.person_id or 0} | set(
                Employment.objects.filter(
                    _not_ended(),
                    library_id__in=access.admin_library_ids,
                    person__email__in=emails,
                ).values_list("person_id", flat=True)
            )
            self.private_ids = self._not_attachable(access, library, emails)
        self.employments: dict[int, list[Employment]] = {}
        for employment in (
            Employment.objects.filter(library=library, person__email__in=emails)
            .select_related("supervisor")
            .order_by("pk")
        ):
            self.employments.setdefault(employment.person_id, []).append(employment)
        self.staff = {
            e.person.email: e.person
            for e in Employment.objects.filter(
                _not_ended(), library=library, person__email__in=supervisors
            ).select_related("person")
        }

    @staticmethod
    def _not_attachable(access: Access, library: Library, emails: set[str]) -> set[int]:
        """The people in the file the user may not give a job here: employment_create's rule
        (people.policies.can_attach), answered for the whole file in a fixed number of queries."""
        people = Person.objects.filter(email__in=emails)
        here = set(
            Employment.objects.filter(_not_ended(), library=library, person__in=people).values_list(
                "person_id", flat=True
            )
        )
        barred = set(
            people.filter(Q(is_superuser=True) | Q(is_staff=True)).values_list("pk", flat=True)
        )
        barred |= set(
            Role.objects.filter(person__in=people)
            .exclude(kind=Role.Kind.LIBRARY_ADMIN, library_id__in=access.admin_library_ids)
            .values_list("person_id", flat=True)
        )
        barred |= set(
            Employment.objects.filter(_not_ended(), person__in=people)
            .exclude(library_id__in=access.admin_library_ids)
            .values_list("person_id", flat=True)
        )
        known = set(
            people.filter(added_by_library_id__in=access.admin_library_ids).values_list(
                "pk", flat=True
            )
        ) | set(people_managed_by(access).filter(email__in=emails).values_list("pk", flat=True))
        everyone = set(people.values_list("pk", flat=True))
        return (barred | (everyone - known)) - here

    @staticmethod
    def _job_classes(library: Library) -> dict[str, list[tuple[int, JobClass]]]:
        """Code and name -> classes, ranked: the library's own, its networks', any other."""
        networks = set(library.memberships.values_list("network_id", flat=True))
        found: dict[str, list[tuple[int, JobClass]]] = {}
        for job_class in JobClass.objects.available_to_library(library.pk):
            if job_class.library_id == library.pk:
                rank = 0
            elif job_class.network_id in networks:
                rank = 1
            else:
                rank = 2
            for key in {job_class.code.lower(), job_class.name.lower()}:
                found.setdefault(key, []).append((rank, job_class))
        return found

    @staticmethod
    def _libraries(rows: list[ImportRow]) -> dict[str, Library]:
        keys = {r.values.get("library", "").lower() for r in rows} - {""}
        if not keys:
            return {}
        found: dict[str, Library] = {}
        for library in Library.objects.annotate(lname=Lower("name")).filter(
            Q(slug__in=keys) | Q(lname__in=keys)
        ):
            found[library.slug.lower()] = library
            found[library.name.lower()] = library
        return found

    @staticmethod
    def _ended_in_file(rows: list[ImportRow]) -> set[str]:
        today = timezone.localdate()
        ended = set()
        for row in rows:
            end = parse_date(row.values.get("end_date", ""))
            if end is not None and end < today:
                ended.add(row.values.get("email", "").lower())
        return ended

    def supervisor_problem(self, email: str) -> str | None:
        """Why this person cannot supervise at the library, or None when they can."""
        if email in self.staff or (email in self.in_file and email not in self.ended_in_file):
            return None
        if email in self.in_file:
            return f"Supervisor {email}'s employment in this file has already ended."
        return (
            f"Unknown supervisor {email}: not in this file and not on the staff of "
            f"{self.library.name}."
        )

    def job_class(self, raw: str) -> JobClass | str:
        """The class a cell names, or the reason it names none."""
        candidates = self.job_classes.get(raw.lower(), [])
        if not candidates:
            return f"Unknown job class '{raw}' (use a job class code or name)."
        best = min(rank for rank, _ in candidates)
        matches = {jc.pk: jc for rank, jc in candidates if rank == best}
        if len(matches) > 1:
            return f"'{raw}' names more than one job class; use its code."
        return next(iter(matches.values()))
