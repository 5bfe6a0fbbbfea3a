"""Who may see and change what: resolved once per request, used by pages and the API alike.

Roles (DESIGN.md): staff are people with an employment; a supervisor is anyone named as
supervisor on a current employment (their reports are transitive: the supervisor chain);
library admins and network coordinators hold a Role; site admins are superusers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

if TYPE_CHECKING:
    from ladder.people.models import Person


@dataclass(frozen=True)
class Access:
    person_id: int | None
    is_site_admin: bool = False
    admin_library_ids: frozenset[int] = field(default_factory=frozenset)
    coordinator_network_ids: frozenset[int] = field(default_factory=frozenset)
    # Libraries the network coordinator's networks have as members (current or past).
    network_library_ids: frozenset[int] = field(default_factory=frozenset)
    # Libraries where the person holds a current employment.
    colleague_library_ids: frozenset[int] = field(default_factory=frozenset)
    # Everyone below the person in the supervisor chain (in any library).
    report_ids: frozenset[int] = field(default_factory=frozenset)
    # (person, library) pairs: supervision is per employment, so a supervisor in library A
    # reaches what concerns the report's job in A, not their job (or file) in library B.
    report_pairs: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.person_id is not None

    @property
    def is_library_admin(self) -> bool:
        return bool(self.admin_library_ids)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.coordinator_network_ids)

    @property
    def is_supervisor(self) -> bool:
        return bool(self.report_ids)

    @property
    def is_staff_member(self) -> bool:
        return bool(self.colleague_library_ids)

    # --- checks used by services, views and the API -------------------------------------

    def can_admin_library(self, library_id: int | None) -> bool:
        return self.is_site_admin or (
            library_id is not None and library_id in self.admin_library_ids
        )

    def can_edit_library(self, library_id: int | None) -> bool:
        return self.can_admin_library(library_id) or (
            library_id is not None and library_id in self.network_library_ids
        )

    def supervises(self, person_id: int | None, *, library_id: int | None = None) -> bool:
        """True when person_id is below the user in a supervisor chain (in library_id if given)."""
        if person_id is None or person_id not in self.report_ids:
            return False
        return library_id is None or (person_id, library_id) in self.report_pairs

    def supervised_libraries(self) -> dict[int, set[int]]:
        """library id -> the people the user supervises there."""
        by_library: dict[int, set[int]] = {}
        for person_id, library_id in self.report_pairs:
            by_library.setdefault(library_id, set()).add(person_id)
        return by_library

    def supervised_q(self, person: str = "person_id", library: str = "library_id") -> Q:
        """A filter for rows about a report's job in a library where the user supervises them."""
        q = Q(pk__in=[])
        for library_id, people in sorted(self.supervised_libraries().items()):
            q |= Q(**{library: library_id, f"{person}__in": sorted(people)})
        return q

    def can_coordinate(self, network_id: int | None) -> bool:
        return self.is_site_admin or (
            network_id is not None and network_id in self.coordinator_network_ids
        )

    def role_names(self) -> list[str]:
        names = []
        if self.is_site_admin:
            names.append("site admin")
        if self.is_coordinator:
            names.append("network coordinator")
        if self.is_library_admin:
            names.append("library admin")
        if self.is_supervisor:
            names.append("supervisor")
        if self.is_staff_member:
            names.append("staff")
        return names


ANONYMOUS = Access(person_id=None)


def _report_pairs(person_id: int) -> frozenset[tuple[int, int]]:
    """(person, library) pairs below person_id in a supervisor chain, one library at a time.

    A bounded breadth-first walk over current employments. Supervision ends with either job:
    the report's employment must be current, and so must the supervisor's own employment in
    that library (the walk starts from the libraries where person_id works today).
    """
    from ladder.people.models import Employment

    today = timezone.localdate()
    current = Employment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today
    )
    frontier = {
        (person_id, library_id)
        for library_id in current.filter(person_id=person_id).values_list("library_id", flat=True)
    }
    found: set[tuple[int, int]] = set()
    # One query per level of the hierarchy, not per person; libraries are a few levels deep.
    for _ in range(12):
        if not frontier:
            break
        rows = current.filter(
            supervisor_id__in={p for p, _ in frontier}, library_id__in={lib for _, lib in frontier}
        ).values_list("person_id", "library_id", "supervisor_id")
        below = {
            (person, library)
            for person, library, supervisor in rows
            if (supervisor, library) in frontier and person != person_id
        }
        below -= found
        found |= below
        frontier = below
    return frozenset(found)


def access_for(user: Any) -> Access:
    """The Access of a user, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_ladder_access", None)
    if cached is not None:
        return cached
    access = compute_access(user)
    user._ladder_access = access
    return access


def forget_access(user: Any) -> None:
    """Drop the cached Access, e.g. after a write that changes the user's own roles."""
    user.__dict__.pop("_ladder_access", None)


def compute_access(person: Person) -> Access:
    from ladder.orgs.models import Membership, Role
    from ladder.people.models import Employment

    if not person.is_active:
        return ANONYMOUS
    roles = list(Role.objects.filter(person=person).values_list("kind", "library_id", "network_id"))
    admin_libs = frozenset(lib for kind, lib, _ in roles if kind == Role.Kind.LIBRARY_ADMIN and lib)
    networks = frozenset(
        net for kind, _, net in roles if kind == Role.Kind.NETWORK_COORDINATOR and net
    )
    network_libs = (
        frozenset(
            Membership.objects.filter(network_id__in=networks).values_list("library_id", flat=True)
        )
        if networks
        else frozenset()
    )
    colleague_libs = frozenset(
        Employment.objects.filter(person=person).current().values_list("library_id", flat=True)
    )
    pairs = _report_pairs(person.pk)
    return Access(
        person_id=person.pk,
        is_site_admin=bool(person.is_superuser),
        admin_library_ids=admin_libs,
        coordinator_network_ids=networks,
        network_library_ids=network_libs,
        colleague_library_ids=colleague_libs,
        report_ids=frozenset(p for p, _ in pairs),
        report_pairs=pairs,
    )


def get_visible_or_404(queryset: Any, **lookup: Any) -> Any:
    """Fetch one object from an already-scoped queryset; what the user may not see is a 404."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404("Not found")
    return obj
