"""Who may do what with tuition: programmes, enrolments, claims and promotions, each rule once.

Services call ``require``, pages and the API name these rules, templates get flags computed
from them (see ladder.core.policies). Every decision about someone's money or job class
follows the separation of duties of ladder.orgs.duties: nobody decides their own — the
services' ``require_*decider`` calls add whom the request waits for to the refusal.
"""

from __future__ import annotations

from ladder.core.access import Access
from ladder.core.policies import policy
from ladder.orgs.duties import may_decide
from ladder.orgs.models import Library
from ladder.people.models import Employment
from ladder.tuition.models import Enrolment, Programme, Promotion

# --- programmes -----------------------------------------------------------------------------


@policy("A library's admins create its programmes.")
def can_create_programmes(access: Access) -> bool:
    return access.is_site_admin or access.is_library_admin


@policy("Only the sponsor library's admins manage its programmes.")
def can_sponsor_at(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Only the sponsor library's admins change this programme.")
def can_change_programme(access: Access, programme: Programme) -> bool:
    return access.can_admin_library(programme.sponsor_id)


@policy("For library admins and the network coordinators who decide for a sole admin.")
def can_open_tuition_admin(access: Access) -> bool:
    """Coordinators too: a sole admin's own application or claim waits for them there."""
    return access.is_site_admin or access.is_library_admin or access.is_coordinator


# --- enrolments -----------------------------------------------------------------------------


@policy("Only staff of the programme's libraries may apply.")
def can_apply_to(access: Access, programme: Programme) -> bool:
    libraries = set(programme.libraries.values_list("pk", flat=True))
    return bool(access.colleague_library_ids & libraries)


@policy("Only the library's admins approve, and never their own application.")
def can_approve_as_library(access: Access, enrolment: Enrolment) -> bool:
    """The library's admins, never for their own application (ladder.orgs.duties)."""
    return may_decide(
        access, subject_person_id=enrolment.person_id, library_id=enrolment.library_id
    )


@policy("Only the programme sponsor's admins approve, and never their own application.")
def can_approve_as_sponsor(access: Access, enrolment: Enrolment) -> bool:
    return may_decide(
        access, subject_person_id=enrolment.person_id, library_id=enrolment.programme.sponsor_id
    )


@policy("Only the programme's admins withdraw someone else's enrolment.")
def can_withdraw_enrolment(access: Access, enrolment: Enrolment) -> bool:
    return enrolment.person_id == access.person_id or can_end_enrolment(access, enrolment)


@policy(
    "Separation of duties: nobody ends their own enrolment (withdraw instead, or another "
    "admin ends it); only the programme's admins end one."
)
def can_end_enrolment(access: Access, enrolment: Enrolment) -> bool:
    return can_decide_enrolment(access, enrolment)


@policy("Only the programme's admins decide an enrolment, and never their own.")
def can_decide_enrolment(access: Access, enrolment: Enrolment) -> bool:
    """Either stage's deciders (the library's, then the sponsor's admins); the service checks
    the stage, and says whom one's own application waits for."""
    return can_approve_as_library(access, enrolment) or can_approve_as_sponsor(access, enrolment)


# --- claims ---------------------------------------------------------------------------------


@policy("Only the enrolled person or their library's admins claim and add receipts.")
def can_claim_for(access: Access, enrolment: Enrolment) -> bool:
    return enrolment.person_id == access.person_id or access.can_admin_library(enrolment.library_id)


@policy("Only the programme sponsor's admins decide and correct claims, never their own.")
def can_manage_claims(access: Access, enrolment: Enrolment) -> bool:
    """Separation of duties: the sponsor (who pays) decides, the library's admins too for its
    own programme; the claimant never approves, pays or corrects their own claim."""
    return can_approve_as_sponsor(access, enrolment) or (
        not enrolment.needs_sponsor and can_approve_as_library(access, enrolment)
    )


# --- promotions -----------------------------------------------------------------------------


@policy("For library admins.")
def can_list_promotions(access: Access) -> bool:
    return access.is_site_admin or access.is_library_admin


@policy("Only the library's admins propose promotions.")
def can_propose_promotion(access: Access, employment: Employment) -> bool:
    return access.can_admin_library(employment.library_id)


@policy("Only the library's admins decide promotions, and never their own.")
def can_decide_promotion(access: Access, promotion: Promotion) -> bool:
    """Another admin of the library, or the site admin; never the person promoted. Not the
    coordinator: accepting changes the employment, which only the library's admins do."""
    return may_decide(
        access,
        subject_person_id=promotion.person_id,
        library_id=promotion.library_id,
        coordinator=False,
    )
