"""Who may do what with careers: plans, evaluations and eligibility lists, each rule written once.

Services call ``require``, pages and the API name these with ``@permission`` /
``@api_permission``, templates ask ``{% allowed %}`` (see ladder.core.policies). Development
plans are private by default: the person, their supervisor chain and their library's admins
see and manage them; only the chain or an admin agrees to one (never the person). Evaluations
are written by the reviewer, commented and acknowledged by the person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ladder.core.access import Access
from ladder.core.policies import policy
from ladder.people.models import Employment, Person

if TYPE_CHECKING:
    from ladder.careers.models import Evaluation
    from ladder.orgs.models import Library


def _admins_library_of(access: Access, person: Person) -> bool:
    """Whether the caller administers a library where the person works today."""
    if not access.admin_library_ids:
        return False
    return (
        Employment.objects.filter(person=person, library_id__in=access.admin_library_ids)
        .current()
        .exists()
    )


# --- development plans ----------------------------------------------------------------------


@policy("You may not manage this person's development plan.")
def can_manage_plan(access: Access, person: Person) -> bool:
    """The person, their supervisor chain and their library's admins (site admins all)."""
    if access.is_site_admin or person.pk == access.person_id or person.pk in access.report_ids:
        return True
    return _admins_library_of(access, person)


@policy("Only the person's supervisor or library admin agrees to their plan.")
def can_agree_plan(access: Access, person: Person) -> bool:
    """The supervisor chain or the person's library admins; never the person themselves."""
    if person.pk == access.person_id and not access.is_site_admin:
        return False
    if access.is_site_admin or person.pk in access.report_ids:
        return True
    return _admins_library_of(access, person)


# --- evaluations ----------------------------------------------------------------------------


@policy("Evaluations are written by supervisors and library admins.")
def can_write_evaluations(access: Access) -> bool:
    return access.is_site_admin or access.is_supervisor or access.is_library_admin


@policy("Only the person's supervisor chain or their library's admins evaluate them.")
def can_evaluate(access: Access, person: Person, library: Library) -> bool:
    """The reviewer is in the person's supervisor chain (in that library) or its admin."""
    if access.person_id == person.pk:
        return False
    return access.supervises(person.pk, library_id=library.pk) or access.can_admin_library(
        library.pk
    )


@policy(
    "You cannot start your own evaluation: your supervisor or another admin of your "
    "library starts it."
)
def can_start_evaluation_of(access: Access, person: Person) -> bool:
    """Separation of duties: an admin does not pick the rater of their own evaluation."""
    return access.person_id != person.pk


@policy("Only a library admin starts an evaluation for another reviewer.")
def can_name_reviewer(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Only the reviewer writes this evaluation.")
def can_write_evaluation(access: Access, evaluation: Evaluation) -> bool:
    return access.person_id is not None and access.person_id == evaluation.reviewer_id


@policy("Only the person evaluated comments and acknowledges.")
def can_comment_evaluation(access: Access, evaluation: Evaluation) -> bool:
    return access.person_id is not None and access.person_id == evaluation.person_id


@policy("Only the reviewer and the person sign this evaluation.")
def can_sign_evaluation(access: Access, evaluation: Evaluation) -> bool:
    """The two parties: they sign, and they refresh the training section."""
    return access.person_id is not None and access.person_id in (
        evaluation.reviewer_id,
        evaluation.person_id,
    )


@policy("You may not add to this evaluation.")
def can_add_to_evaluation(access: Access, evaluation: Evaluation) -> bool:
    """The parties, the person's supervisor chain there and the library's admins."""
    return (
        can_sign_evaluation(access, evaluation)
        or access.supervises(evaluation.person_id, library_id=evaluation.library_id)
        or access.can_admin_library(evaluation.library_id)
    )


# --- eligibility lists ----------------------------------------------------------------------


@policy("For library admins and supervisors.")
def can_list_library_eligibility(access: Access) -> bool:
    return access.is_site_admin or access.is_library_admin or access.is_supervisor


@policy("For network coordinators.")
def can_list_network_eligibility(access: Access) -> bool:
    return access.is_site_admin or access.is_coordinator
