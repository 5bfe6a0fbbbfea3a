"""The Access resolver (settings.ACCESS_RESOLVER): a person's roles, memberships and
employments read once into ladder.core.access.Access, which knows no model."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from ladder.core.access import ANONYMOUS, Access
from ladder.orgs.models import Membership, Role
from ladder.people.models import Employment, Person


def _report_pairs(person_id: int) -> frozenset[tuple[int, int]]:
    """(person, library) pairs below person_id in a supervisor chain, one library at a time.

    A bounded breadth-first walk over current employments. Supervision ends with either job:
    the report's employment must be current, and so must the supervisor's own employment in
    that library (the walk starts from the libraries where person_id works today).
    """
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


def compute_access(person: Person) -> Access:
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
