"""Who may do what with certifications: schemes, pursuits and the reports, each rule written once.

Services call ``require``, pages and the API name these rules, templates ask them with
``{% allowed %}`` (see ladder.core.policies).
"""

from __future__ import annotations

from ladder.certifications.models import Scheme
from ladder.core.access import Access
from ladder.core.policies import policy
from ladder.orgs.models import Network
from ladder.people.models import Person
from ladder.people.selectors import people_managed_by


@policy("Only network coordinators adopt schemes.")
def can_adopt_schemes(access: Access) -> bool:
    """Whether the adopt form is offered at all (the network is checked on adopting)."""
    return access.is_site_admin or access.is_coordinator


@policy("Only the network's coordinators adopt schemes.")
def can_adopt_into(access: Access, network: Network) -> bool:
    return access.can_coordinate(network.pk)


@policy(
    "Only the network's coordinators change its schemes; shipped templates are read-only "
    "(adopt one and adjust the copy)."
)
def can_change_scheme(access: Access, scheme: Scheme) -> bool:
    return not scheme.is_template and access.can_coordinate(scheme.network_id)


@policy("A supervisor or library admin of the person records this, not the candidate.")
def can_approve_pursuits(access: Access, person: Person) -> bool:
    """The approvers: the person's supervisor chain and library admins, never the person
    (separation of duties: nobody confirms their own certification)."""
    return access.person_id != person.pk and people_managed_by(access).filter(pk=person.pk).exists()


@policy("The report is for library admins and supervisors.")
def can_read_report(access: Access) -> bool:
    return access.is_site_admin or access.is_library_admin or access.is_supervisor


@policy("Not a library you report on.")
def can_report_on_library(access: Access, library_id: int) -> bool:
    """A library the caller administers or where one of their reports works now."""
    if access.is_site_admin or library_id in access.admin_library_ids:
        return True
    return Person.objects.filter(
        pk__in=access.report_ids,
        employments__library_id=library_id,
        employments__end_date__isnull=True,
    ).exists()


@policy("The network report is for network coordinators.")
def can_read_network_report(access: Access) -> bool:
    return access.is_site_admin or access.is_coordinator
