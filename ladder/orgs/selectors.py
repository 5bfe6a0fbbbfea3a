"""Reads of networks, regions, libraries, memberships and branches, shaped for the pages.

Counts are correlated subqueries rather than JOIN + COUNT: a library with many branches and
many employments would otherwise multiply rows, and every list stays one query per page.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ladder.orgs.models import Branch, Library, Membership, Network, Region
from ladder.people.models import Employment

if TYPE_CHECKING:
    from ladder.core.access import Access

MEMBERSHIP_CURRENT = "current"
MEMBERSHIP_PAST = "past"


def current_membership_q(on: dt.date | None = None, prefix: str = "") -> Q:
    """Memberships running on the given day (today by default)."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}joined_on__lte": on}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": on})
    )


def _count(queryset: QuerySet[Any], group_by: str, distinct_field: str = "pk") -> Coalesce:
    """A correlated COUNT over queryset, grouped on the outer row (0 when there are none)."""
    counted = (
        queryset.order_by()
        .values(group_by)
        .annotate(n=Count(distinct_field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _staff_count(of: str) -> Coalesce:
    """How many people hold a current employment at the outer "library" or "branch"."""
    employments = Employment.objects.current().filter(**{of: OuterRef("pk")})
    return _count(employments, of, "person")


def _current_memberships() -> Prefetch[str, QuerySet[Any]]:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(current_membership_q()).select_related("network"),
        to_attr="current_memberships",
    )


def library_list(
    *,
    q: str = "",
    kind: str = "",
    region: Region | None = None,
    network: Network | None = None,
    membership: str = "",
) -> QuerySet[Library]:
    """Libraries matching the search and filters, with branch and current staff counts.

    membership is "current" (a member now) or "past" (was a member and is no longer); with a
    network it means membership of that network, without one of any network.
    """
    libraries = Library.objects.select_related("region__network").prefetch_related(
        _current_memberships()
    )
    if q:
        libraries = libraries.filter(Q(name__icontains=q) | Q(city__icontains=q))
    if kind:
        libraries = libraries.filter(kind=kind)
    if region is not None:
        libraries = libraries.filter(region=region)
    of_network = Q(network=network) if network is not None else Q()
    memberships = Membership.objects.filter(of_network, library=OuterRef("pk"))
    current = Exists(memberships.filter(current_membership_q()))
    if membership == MEMBERSHIP_CURRENT:
        libraries = libraries.filter(current)
    elif membership == MEMBERSHIP_PAST:
        ended = Exists(memberships.filter(left_on__lt=timezone.localdate()))
        libraries = libraries.filter(ended).exclude(current)
    elif network is not None:
        libraries = libraries.filter(Exists(memberships))
    return libraries.annotate(
        branch_count=_count(Branch.objects.filter(library=OuterRef("pk")), "library"),
        staff_count=_staff_count("library"),
    ).order_by("name", "pk")


def branch_list(*, q: str = "", kind: str = "", region: Region | None = None) -> QuerySet[Branch]:
    """Branches of every library matching the search (branch, library, city, address)."""
    branches = Branch.objects.select_related("library__region")
    if q:
        branches = branches.filter(
            Q(name__icontains=q)
            | Q(library__name__icontains=q)
            | Q(city__icontains=q)
            | Q(address__icontains=q)
        )
    if kind:
        branches = branches.filter(kind=kind)
    if region is not None:
        branches = branches.filter(library__region=region)
    return branches.annotate(staff_count=_staff_count("branch")).order_by(
        "library__name", "name", "pk"
    )


def library_detail(pk: int) -> Library | None:
    return (
        Library.objects.select_related("region__network", "ladder")
        .annotate(staff_count=_staff_count("library"))
        .filter(pk=pk)
        .first()
    )


def library_memberships(library: Library) -> list[Membership]:
    return list(library.memberships.select_related("network").order_by("-joined_on", "pk"))


def library_branches(library: Library) -> list[Branch]:
    return list(library.branches.annotate(staff_count=_staff_count("branch")).order_by("name"))


def branch_detail(pk: int) -> Branch | None:
    return (
        Branch.objects.select_related("library__region__network")
        .annotate(staff_count=_staff_count("branch"))
        .filter(pk=pk)
        .first()
    )


def network_list() -> QuerySet[Network]:
    return Network.objects.annotate(
        region_count=_count(Region.objects.filter(network=OuterRef("pk")), "network"),
        member_count=_count(
            Membership.objects.filter(current_membership_q(), network=OuterRef("pk")),
            "network",
            "library",
        ),
    ).order_by("name")


def network_regions(network: Network) -> list[Region]:
    return list(
        network.regions.annotate(
            library_count=_count(Library.objects.filter(region=OuterRef("pk")), "region")
        ).order_by("name")
    )


def network_memberships(network: Network) -> tuple[list[Membership], list[Membership]]:
    """The network's (current and upcoming, past) memberships, each with its library."""
    today = timezone.localdate()
    memberships = list(
        network.memberships.select_related("library__region").order_by(
            "library__name", "-joined_on"
        )
    )
    current = [m for m in memberships if m.left_on is None or m.left_on >= today]
    past = [m for m in memberships if m.left_on is not None and m.left_on < today]
    past.sort(key=lambda m: m.left_on or today, reverse=True)
    return current, past


def coordinated_networks(network_ids: frozenset[int], *, all_networks: bool) -> QuerySet[Network]:
    networks = Network.objects.order_by("name")
    return networks if all_networks else networks.filter(pk__in=network_ids)


def regions_with_network() -> QuerySet[Region]:
    return Region.objects.select_related("network").order_by("network__name", "name")


def regions_for_library(library: Library, access: Access) -> QuerySet[Region]:
    """Regions the user may place the library in: of its current networks they coordinate.

    The library's present region stays a choice so that saving other fields never moves it.
    """
    member_of = library.memberships.filter(current_membership_q()).values("network_id")
    allowed = Q(network_id__in=member_of)
    if not access.is_site_admin:
        allowed &= Q(network_id__in=access.coordinator_network_ids)
    return regions_with_network().filter(allowed | Q(pk=library.region_id))
