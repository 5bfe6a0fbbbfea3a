"""Who may do what with openings, applications, ranking, succession and budgets: each rule once.

Services call ``require``, pages and the API name these rules, templates ask them (see
ladder.core.policies). Deciding an application and setting pay follow the separation of
duties of ladder.orgs.duties: nobody decides their own.
"""

from __future__ import annotations

from ladder.core.access import Access
from ladder.core.policies import policy
from ladder.openings.models import Application, Opening, SuccessionScenario
from ladder.orgs.duties import may_decide
from ladder.orgs.models import Library
from ladder.people.models import Employment, Person


@policy("Openings are managed by the library's admins.")
def can_manage_openings(access: Access) -> bool:
    """Whether the caller manages any library's openings (the manage page, the admin links)."""
    return access.is_site_admin or access.is_library_admin


@policy("Only the library's admins manage its openings.")
def can_open_posts_at(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Only the library's admins manage its openings.")
def can_manage_opening(access: Access, opening: Opening) -> bool:
    return access.can_admin_library(opening.library_id)


@policy("People apply for themselves; admins invite.")
def can_apply_as(access: Access, applicant: Person) -> bool:
    return access.person_id == applicant.pk


@policy("Only the applicant withdraws an application.")
def can_withdraw(access: Access, application: Application) -> bool:
    return access.person_id == application.person_id


@policy("Only the library's admins manage its openings, and never decide their own application.")
def can_decide_application(access: Access, application: Application) -> bool:
    """Separation of duties: another admin of the library or the site admin decides an
    admin's own application (no coordinator fallback: hiring is the library's)."""
    return may_decide(
        access,
        subject_person_id=application.person_id,
        library_id=application.opening.library_id,
        coordinator=False,
    )


@policy("Only the library's admins set its hiring rules and the texts applicants receive.")
def can_set_hiring_rules(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Only the library's admins adjust the ranking weights.")
def can_set_ranking_weights(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Succession planning is for the library's admins.")
def can_plan_succession(access: Access) -> bool:
    return access.is_site_admin or access.is_library_admin


@policy("Only the library's admins plan succession.")
def can_plan_succession_at(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Only the library's admins plan succession.")
def can_change_scenario(access: Access, scenario: SuccessionScenario) -> bool:
    return access.can_admin_library(scenario.library_id)


@policy("Budgets are seen by the library's admins.")
def can_see_budgets(access: Access) -> bool:
    return access.is_site_admin or access.is_library_admin


@policy("Only the library's admins see and change pay and budgets.")
def can_manage_budget(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Only the library's admins set pay, and never their own.")
def can_set_pay(access: Access, employment: Employment) -> bool:
    """Separation of duties: another admin of the library or the site admin sets an admin's
    own pay; not the network coordinator (salaries are private to the library)."""
    return may_decide(
        access,
        subject_person_id=employment.person_id,
        library_id=employment.library_id,
        coordinator=False,
    )
