"""Querysets the network's pages and rules share."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ladder.core.access import Access
from ladder.orgs.models import Library, Membership
from ladder.orgs.selectors import current_membership_q


def requestable_libraries(access: Access) -> QuerySet[Library]:
    """Libraries the person may ask a temp for: current members they administer (or, for
    coordinators, their networks' current members)."""
    members = Membership.objects.filter(current_membership_q())
    if not access.is_site_admin:
        members = members.filter(
            Q(library_id__in=access.admin_library_ids)
            | Q(network_id__in=access.coordinator_network_ids)
        )
    return Library.objects.filter(pk__in=members.values("library_id")).order_by("name")
