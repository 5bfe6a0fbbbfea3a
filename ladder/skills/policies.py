"""Who may do what with skills: ratings, hats, interests and frameworks, each rule written once.

Services call ``require``, pages and the API name these with ``@permission`` /
``@api_permission``, templates read flags computed from them (see ladder.core.policies).
Ratings and interests are private to the person, their supervisor chain and their library's
admins; hats belong to a library's admins; frameworks to their network's coordinators (site
admins for the shared ones).
"""

from __future__ import annotations

from ladder.core.access import Access
from ladder.core.policies import policy
from ladder.orgs.models import Network
from ladder.people.models import Employment, Person
from ladder.skills.models import EvidenceKind, Framework

SELF = EvidenceKind.SELF.value
SUPERVISOR = EvidenceKind.SUPERVISOR.value


def _administers_library_of(access: Access, person: Person) -> bool:
    if not access.admin_library_ids:
        return False
    return (
        Employment.objects.current()
        .filter(person_id=person.pk, library_id__in=access.admin_library_ids)
        .exists()
    )


# --- ratings and the evidence log -----------------------------------------------------------


@policy("You may not add this kind of evidence to this person's log.")
def can_record_evidence(access: Access, person: Person, kind: str) -> bool:
    """The person rates themselves; a supervisor's assessment comes from above them (the
    chain, or a site admin); other evidence from the chain, the library's admins or site
    admins."""
    if access.person_id is None:
        return False
    is_self = access.person_id == person.pk
    if kind == SELF:
        return is_self
    in_chain = person.pk in access.report_ids or (access.is_site_admin and not is_self)
    if kind == SUPERVISOR:
        return in_chain
    if kind in EvidenceKind.values:
        return in_chain or access.is_site_admin or _administers_library_of(access, person)
    return False


@policy("Only the person and their supervisor chain rate their skills.")
def can_rate(access: Access, person: Person) -> bool:
    """The rate page: the person's own assessment, or a supervisor's."""
    return can_record_evidence(access, person, SELF) or can_record_evidence(
        access, person, SUPERVISOR
    )


# --- hats -----------------------------------------------------------------------------------


@policy("Only the library's colleagues, admins and their staff's supervisors see its hats.")
def can_view_hat_board(access: Access, library_id: int) -> bool:
    """Colleagues, admins and site admins see a library's hats; so do supervisors of its staff."""
    if (
        access.is_site_admin
        or library_id in access.admin_library_ids
        or library_id in access.colleague_library_ids
    ):
        return True
    if not access.report_ids:
        return False
    # A supervisor whose own job is elsewhere (or ended) still looks after reports here.
    return (
        Employment.objects.current()
        .filter(library_id=library_id, person_id__in=access.report_ids)
        .exists()
    )


@policy("Only the library's admins change its hats.")
def can_edit_hats(access: Access, library_id: int) -> bool:
    return access.can_admin_library(library_id)


# --- interests ------------------------------------------------------------------------------


@policy("Only the person themselves states their interests.")
def can_edit_interests(access: Access, person: Person) -> bool:
    return access.person_id is not None and access.person_id == person.pk


@policy("Only supervisors and library admins list their people's interests.")
def can_list_interests(access: Access) -> bool:
    return access.is_site_admin or access.is_library_admin or access.is_supervisor


# --- frameworks and the levels a job class requires ------------------------------------------


@policy("Only network coordinators and site admins add frameworks.")
def can_create_framework(access: Access) -> bool:
    return access.is_site_admin or access.is_coordinator


@policy("Only site admins add a framework shared by every network.")
def can_add_framework_to(access: Access, network: Network | None) -> bool:
    """A network's coordinators add to it; only site admins add a shared framework."""
    if network is None:
        return access.is_site_admin
    return access.can_coordinate(network.pk)


@policy("Only the framework's network coordinators (site admins for a shared one) change it.")
def can_edit_framework(access: Access, framework: Framework) -> bool:
    if framework.network_id is None:
        return access.is_site_admin
    return access.can_coordinate(framework.network_id)


@policy("Only site admins choose the default framework.")
def can_choose_default_framework(access: Access) -> bool:
    return access.is_site_admin
