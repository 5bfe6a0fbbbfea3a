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
    # Everyone below the person in the supervisor chain.
    report_ids: frozenset[int] = field(default_factory=frozenset)

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


def _report_ids(person_id: int) -> frozenset[int]:
    """Everyone below person_id in the supervisor chain (a bounded breadth-first walk)."""
    from ladder.people.models import Employment

    today = timezone.localdate()
    current = Employment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today
    )
    found: set[int] = set()
    frontier = {person_id}
    # One query per level of the hierarchy, not per person; libraries are a few levels deep.
    for _ in range(12):
        below = set(current.filter(supervisor_id__in=frontier).values_list("person_id", flat=True))
        below -= found | {person_id}
        if not below:
            break
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
    return Access(
        person_id=person.pk,
        is_site_admin=bool(person.is_superuser),
        admin_library_ids=admin_libs,
        coordinator_network_ids=networks,
        network_library_ids=network_libs,
        colleague_library_ids=colleague_libs,
        report_ids=_report_ids(person.pk),
    )


def get_visible_or_404(queryset: Any, **lookup: Any) -> Any:
    """Fetch one object from an already-scoped queryset; what the user may not see is a 404."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404("Not found")
    return obj
