"""Who an offering is for, and who sees it in the catalogue.

DESIGN.md: training is open to everyone, pages included, unless there is a stated reason.
The audience of an offering is everyone with a current employment at its provider library,
or at a current member library of its provider network (an external provider's offering is
published by a library or a network, whose staff are its audience). A restriction to some
job classes or libraries narrows that, and people it excludes are shown its reason.

The catalogue shows an offering to its whole unrestricted audience — so those a restriction
excludes can read why — and to its owners; registration checks in_audience.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from ladder.learning.models import Offering, Session
from ladder.orgs.models import Membership
from ladder.orgs.selectors import current_membership_q
from ladder.people.models import Employment

if TYPE_CHECKING:
    from ladder.core.access import Access
    from ladder.people.models import Person


def provider_library_ids(offering: Offering) -> set[int] | None:
    """The libraries whose staff form the default audience; None means everyone's staff."""
    if offering.provider_library_id is not None:
        return {offering.provider_library_id}
    if offering.provider_network_id is not None:
        members = Membership.objects.filter(
            current_membership_q(), network_id=offering.provider_network_id
        )
        return set(members.values_list("library_id", flat=True))
    return None


def provider_label(offering: Offering) -> str:
    """Whose staff the default audience is, in words."""
    if offering.provider_library_id is not None:
        return f"the staff of {offering.provider_library}"
    if offering.provider_network_id is not None:
        return f"the staff of {offering.provider_network}'s member libraries"
    return "all library staff"


def in_audience(person: Person, offering: Offering) -> tuple[bool, str]:
    """(True, "") when the person may register for the offering, else (False, why not)."""
    jobs = list(
        Employment.objects.current()
        .filter(person_id=person.pk)
        .values_list("library_id", "job_class_id")
    )
    if not jobs:
        return False, f"This training is for {provider_label(offering)}; you have no current job."
    provider = provider_library_ids(offering)
    jobs = [(lib, jc) for lib, jc in jobs if provider is None or lib in provider]
    if not jobs:
        return False, f"This training is for {provider_label(offering)}."
    # .all() rather than values_list so that a prefetch on the offering is used.
    only_libraries = {lib.pk for lib in offering.audience_libraries.all()}
    only_classes = {jc.pk for jc in offering.audience_job_classes.all()}
    for library_id, job_class_id in jobs:
        if only_libraries and library_id not in only_libraries:
            continue
        if only_classes and job_class_id not in only_classes:
            continue
        return True, ""
    return False, offering.restriction_reason or "This training is restricted."


def owned_offerings_q(access: Access) -> Q:
    """Offerings the user may edit (and schedule sessions of): their library's or network's."""
    if access.is_site_admin:
        return Q()
    return Q(provider_library_id__in=access.admin_library_ids) | Q(
        provider_network_id__in=access.coordinator_network_ids
    )


def offerings_visible_to(access: Access) -> QuerySet[Offering]:
    """Published offerings whose unrestricted audience includes the user, their own offerings
    (published or not) and those they facilitate a session of."""
    if access.is_site_admin:
        return Offering.objects.all()
    if not access.is_authenticated:
        return Offering.objects.none()
    member_networks = Membership.objects.filter(
        current_membership_q(), library_id__in=access.colleague_library_ids
    ).values("network_id")
    facilitates = Session.objects.filter(offering=OuterRef("pk"), facilitators=access.person_id)
    audience = Q(provider_library_id__in=access.colleague_library_ids) | Q(
        provider_network_id__in=member_networks
    )
    if access.colleague_library_ids:
        audience |= Q(provider_library__isnull=True, provider_network__isnull=True)
    return Offering.objects.filter(
        (Q(is_published=True) & audience) | owned_offerings_q(access) | Exists(facilitates)
    )
