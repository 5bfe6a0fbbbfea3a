"""Who may see and change what: resolved once per request, used by pages and the API alike.
The resolver that reads it from the database lives in ladder.people.access.

Roles (DESIGN.md): staff are people with an employment; a supervisor is anyone named as
supervisor on a current employment (their reports are transitive: the supervisor chain);
library admins and network coordinators hold a Role; site admins are superusers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.module_loading import import_string


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


def access_for(user: Any) -> Access:
    """The Access of a user, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_ladder_access", None)
    if cached is not None:
        return cached
    access = _resolve_access(user)
    user._ladder_access = access
    return access


def forget_access(user: Any) -> None:
    """Drop the cached Access, e.g. after a write that changes the user's own roles."""
    user.__dict__.pop("_ladder_access", None)


def _resolve_access(user: Any) -> Access:
    """A user's Access, built by the resolver settings.ACCESS_RESOLVER names (people's, which
    reads roles, memberships and employments): core knows the shape, not the models."""
    resolver: Callable[[Any], Access] = import_string(settings.ACCESS_RESOLVER)
    return resolver(user)


def get_visible_or_404(queryset: Any, **lookup: Any) -> Any:
    """Fetch one object from an already-scoped queryset; what the user may not see is a 404."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404("Not found")
    return obj
