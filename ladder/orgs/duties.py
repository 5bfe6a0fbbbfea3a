"""Separation of duties: nobody approves, pays or signs off anything for themselves.

One rule for every decision about a person's money, pay, job class or evaluation (tuition
applications and claims, promotions, pay, hiring, learning approvals):

- the person themselves never decides it, whatever their roles (a site admin included);
- the library's other admins decide it, and the site admins;
- when the person is the library's only admin, the coordinators of the networks the library
  currently belongs to decide it too: they gain that right only then.

Services call `require_decider` (PermissionDenied with a message saying who decides
instead); pages ask `may_decide` before offering a button and `waiting_for` to say whom the
request waits for.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ladder.core.access import Access
from ladder.orgs.models import Membership, Role


def other_admin_ids(library_id: int | None, subject_person_id: int | None) -> frozenset[int]:
    """The library's admins other than the person concerned."""
    if library_id is None:
        return frozenset()
    return frozenset(
        Role.objects.filter(kind=Role.Kind.LIBRARY_ADMIN, library_id=library_id)
        .exclude(person_id=subject_person_id or 0)
        .filter(person__is_active=True)
        .values_list("person_id", flat=True)
    )


def is_admin_of(person_id: int | None, library_id: int | None) -> bool:
    return (
        person_id is not None
        and library_id is not None
        and Role.objects.filter(
            kind=Role.Kind.LIBRARY_ADMIN, library_id=library_id, person_id=person_id
        ).exists()
    )


def _current_network_library(access: Access, library_id: int) -> bool:
    if library_id not in access.network_library_ids:
        return False
    today = timezone.localdate()
    return (
        Membership.objects.filter(
            network_id__in=access.coordinator_network_ids,
            library_id=library_id,
            joined_on__lte=today,
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .exists()
    )


def coordinator_fallback(access: Access, *, subject_person_id: int, library_id: int) -> bool:
    """The coordinator decides only for the library's sole admin's own request."""
    return (
        access.is_coordinator
        and _current_network_library(access, library_id)
        and is_admin_of(subject_person_id, library_id)
        and not other_admin_ids(library_id, subject_person_id)
    )


def may_decide(
    access: Access,
    *,
    subject_person_id: int,
    library_id: int | None,
    coordinator: bool = True,
) -> bool:
    """May this user decide a matter of `subject_person_id` that `library_id`'s admins decide?
    `coordinator=False` where the coordinator cannot do the write (a change of employment)."""
    if access.person_id is None or access.person_id == subject_person_id:
        return False
    if access.can_admin_library(library_id):
        return True
    return (
        coordinator
        and library_id is not None
        and coordinator_fallback(access, subject_person_id=subject_person_id, library_id=library_id)
    )


def waiting_for(
    *,
    subject_person_id: int,
    library_id: int | None,
    library_name: str,
    coordinator: bool = True,
) -> str:
    """Whom a person's own request waits for, said plainly (for pages and messages)."""
    if library_id is not None and other_admin_ids(library_id, subject_person_id):
        return f"Waiting for another admin of {library_name} (or the site admin)."
    if not coordinator:
        return f"No second admin at {library_name}: waiting for the site admin."
    return (
        f"No second admin at {library_name}: waiting for the network coordinator or the site admin."
    )


def require_decider(
    access: Access,
    *,
    subject_person_id: int,
    library_id: int | None,
    library_name: str,
    action: str,
    fallback_message: str,
    coordinator: bool = True,
) -> None:
    """Raise PermissionDenied unless the user may decide; `action` reads "approve your own
    tuition claim"; `fallback_message` is the domain's usual refusal."""
    if access.person_id is not None and access.person_id == subject_person_id:
        if access.is_site_admin and not access.can_admin_library(library_id):
            instead = "Another site admin decides it."
        else:
            instead = waiting_for(
                subject_person_id=subject_person_id,
                library_id=library_id,
                library_name=library_name,
                coordinator=coordinator,
            )
        raise PermissionDenied(f"Separation of duties: you cannot {action}. {instead}")
    if not may_decide(
        access,
        subject_person_id=subject_person_id,
        library_id=library_id,
        coordinator=coordinator,
    ):
        raise PermissionDenied(fallback_message)


def fallback_q(access: Access, *, person_field: str, library_field: str) -> Q:
    """Rows a coordinator may see because they decide them: the sole admin's own requests in
    the coordinator's current member libraries. An empty Q-match for anyone else."""
    if not access.is_coordinator:
        return Q(pk__in=[])
    today = timezone.localdate()
    libraries = (
        Membership.objects.filter(
            network_id__in=access.coordinator_network_ids, joined_on__lte=today
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .values("library_id")
    )
    admins = Role.objects.filter(kind=Role.Kind.LIBRARY_ADMIN, library_id=OuterRef(library_field))
    subject_is_admin = Exists(admins.filter(person_id=OuterRef(person_field)))
    someone_else = Exists(
        admins.exclude(person_id=OuterRef(person_field)).filter(person__is_active=True)
    )
    return Q(**{f"{library_field}__in": libraries}) & Q(subject_is_admin) & ~Q(someone_else)


@dataclass(frozen=True)
class Decision:
    """What a page shows about a decision: may the user decide, and if it is their own,
    whom it waits for."""

    may: bool
    own: bool
    waiting: str = ""


def decision_for(
    access: Access,
    *,
    subject_person_id: int,
    library_id: int | None,
    library_name: str,
    coordinator: bool = True,
) -> Decision:
    own = access.person_id == subject_person_id
    return Decision(
        may=may_decide(
            access,
            subject_person_id=subject_person_id,
            library_id=library_id,
            coordinator=coordinator,
        ),
        own=own,
        waiting=waiting_for(
            subject_person_id=subject_person_id,
            library_id=library_id,
            library_name=library_name,
            coordinator=coordinator,
        )
        if own
        else "",
    )
