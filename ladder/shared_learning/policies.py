"""Who may do what with shared learning (licences, roundtables, one-on-one teaching): each rule
written once, asked by services, pages, the API and templates (see ladder.core.policies).

A rule reads the caller's Access and the object (and what hangs off it); it writes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from ladder.core.access import Access
from ladder.core.policies import policy
from ladder.orgs.models import Library, Membership, Network
from ladder.people.models import Employment
from ladder.shared_learning.models import CoachingRequest, LicencePool, Roundtable

NO_JOB = "One-on-one teaching is for library staff; you have no current job."

# --- licence pools -------------------------------------------------------------------------


@policy("Only the licence's coordinators see its use and queue.")
def can_coordinate_pool(access: Access, pool: LicencePool) -> bool:
    """The owning network's coordinators or the owning library's admins (and site admins)."""
    if pool.network_id is not None:
        return access.can_coordinate(pool.network_id)
    return access.can_admin_library(pool.library_id)


@policy("Only the owner's coordinators or admins add its licences.")
def can_own_pools(access: Access, owner: Network | Library) -> bool:
    """A network's coordinators add its licences; a library's admins add the library's."""
    if isinstance(owner, Network):
        return access.can_coordinate(owner.pk)
    return access.can_admin_library(owner.pk)


# --- roundtables ---------------------------------------------------------------------------


@policy("Only the network's coordinators manage its roundtables.")
def can_manage_roundtables(access: Access, network: Network) -> bool:
    return access.can_coordinate(network.pk)


@policy("Only the roundtable's conveners and coordinators schedule meetings.")
def can_run_roundtable(access: Access, roundtable: Roundtable) -> bool:
    """Conveners and the network's coordinators schedule meetings and write notes."""
    return access.can_coordinate(roundtable.network_id) or (
        access.person_id is not None and roundtable.conveners.filter(pk=access.person_id).exists()
    )


def is_member(person_id: int | None, roundtable: Roundtable) -> bool:
    if person_id is None:
        return False
    return roundtable.memberships.filter(person_id=person_id, left_on__isnull=True).exists()


@policy("Only the roundtable's members share resources.")
def can_share_in_roundtable(access: Access, roundtable: Roundtable) -> bool:
    return can_run_roundtable(access, roundtable) or is_member(access.person_id, roundtable)


def join_problem(person_id: int, roundtable: Roundtable, on: dt.date | None = None) -> str:
    """Why the person may not join, or "" when they may: staff of a current member library."""
    on = on or timezone.localdate()
    libraries = Employment.objects.current(on).filter(person_id=person_id).values("library_id")
    member = (
        Membership.objects.filter(
            network_id=roundtable.network_id, library_id__in=libraries, joined_on__lte=on
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
        .exists()
    )
    if member:
        return ""
    return f"Only staff of {roundtable.network}'s member libraries may join this roundtable."


@policy("Only staff of the network's member libraries may join this roundtable.")
def can_join_roundtable(access: Access, roundtable: Roundtable) -> bool:
    return access.person_id is not None and not join_problem(access.person_id, roundtable)


# --- one-on-one teaching -------------------------------------------------------------------


@policy(NO_JOB)
def can_ask_for_coaching(access: Access) -> bool:
    """Library staff (a current job) ask for one-on-one teaching."""
    return (
        access.person_id is not None
        and Employment.objects.current().filter(person_id=access.person_id).exists()
    )


@policy("Only the mentor the request was sent to may answer it.")
def is_mentor_of(access: Access, request: CoachingRequest) -> bool:
    """The mentor accepts, declines, logs sessions of and completes a request."""
    return access.person_id is not None and request.mentor_id == access.person_id


@policy("Only the person who asked may cancel the request.")
def is_learner_of(access: Access, request: CoachingRequest) -> bool:
    return access.person_id is not None and request.learner_id == access.person_id


@policy("Only the mentor and the learner schedule sessions.")
def can_schedule_coaching(access: Access, request: CoachingRequest) -> bool:
    return is_mentor_of(access, request) or is_learner_of(access, request)
