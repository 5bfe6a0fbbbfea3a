"""Who may read which report.

Library-wide figures are for the library's admins (and the site admin); supervisors and staff
get 403. A network's totals are for its coordinators, and name no staff member: they are sums
per library and region, with small cells shown as "<5" (see ladder.reports.privacy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ladder.core.access import Access
from ladder.core.policies import policy

if TYPE_CHECKING:
    from ladder.orgs.models import Library, Network


@policy("Only library admins read their library's reports.")
def can_read_library_reports(access: Access) -> bool:
    return access.is_site_admin or access.is_library_admin


@policy("Only the library's admins read its reports.")
def can_read_library_report(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Only network coordinators read network reports.")
def can_read_network_reports(access: Access) -> bool:
    return access.is_site_admin or access.is_coordinator


@policy("Only the network's coordinators read its totals.")
def can_read_network_report(access: Access, network: Network) -> bool:
    return access.can_coordinate(network.pk)
