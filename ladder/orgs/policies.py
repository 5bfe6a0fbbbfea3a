"""Who may change networks, regions, libraries, memberships and branches (each rule once).

Everything in orgs is readable by every signed-in user; services, pages, the API and
templates ask these rules before changing anything (see ladder.core.policies).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ladder.core.access import Access
from ladder.core.policies import policy
from ladder.orgs.selectors import current_membership_q

if TYPE_CHECKING:
    from ladder.orgs.models import Branch, Library, Membership, Network, Region


@policy("Only the network's coordinators manage its regions, members and libraries.")
def can_coordinate_network(access: Access, network: Network) -> bool:
    return access.can_coordinate(network.pk)


@policy("Only the network's coordinators edit its regions.")
def can_edit_region(access: Access, region: Region) -> bool:
    return access.can_coordinate(region.network_id)


@policy("Only the network's coordinators end its memberships.")
def can_end_membership(access: Access, membership: Membership) -> bool:
    return access.can_coordinate(membership.network_id)


@policy("Only the library's admins and its network's coordinators edit it and its branches.")
def can_edit_library(access: Access, library: Library) -> bool:
    return access.can_edit_library(library.pk)


@policy("Only the library's admins and its network's coordinators edit its branches.")
def can_edit_branch(access: Access, branch: Branch) -> bool:
    return access.can_edit_library(branch.library_id)


@policy("Only the library's admins set how it runs (approvals, fiscal year).")
def can_set_library_rules(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Only the network's coordinators change a library's region.")
def can_change_region(access: Access, library: Library, region: Region | None = None) -> bool:
    """Only coordinators of both the old and the new region's network move a library."""
    if access.is_site_admin:
        return True
    networks = {r.network_id for r in (library.region, region) if r is not None}
    if not networks:
        networks = set(
            library.memberships.filter(current_membership_q()).values_list("network_id", flat=True)
        )
    return bool(networks) and all(access.can_coordinate(n) for n in networks)
