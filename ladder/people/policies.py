"""Who may see and change people's records, jobs, job classes, ladders and tokens.

Each rule is written once; services, pages, the API and templates ask it (see
ladder.core.policies). Which records a user sees at all is people.selectors
(``people_visible_to``, ``people_managed_by``, ``employments_visible_to``, ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from ladder.core.access import Access
from ladder.core.policies import policy
from ladder.orgs.models import Role
from ladder.people.models import Employment, Person
from ladder.people.selectors import ladder_adopting_libraries, people_managed_by

if TYPE_CHECKING:
    from ladder.orgs.models import Library, Network
    from ladder.people.models import ApiToken, JobClass, Ladder


def _not_ended() -> Q:
    today = timezone.localdate()
    return Q(end_date__isnull=True) | Q(end_date__gte=today)


# --- people ----------------------------------------------------------------------------------


@policy("You may not change this person's record.")
def can_edit_person(access: Access, person: Person) -> bool:
    """Self, site admins, and admins of a library where the person works (or is about to)."""
    if access.is_site_admin or (access.person_id is not None and access.person_id == person.pk):
        return True
    if not access.admin_library_ids:
        return False
    return Employment.objects.filter(
        _not_ended(), person_id=person.pk, library_id__in=access.admin_library_ids
    ).exists()


@policy("Only the site admin changes this person's sign-in e-mail address.")
def can_change_sign_in_email(access: Access, person: Person) -> bool:
    """Nobody changes their own sign-in address (their library's admin does), and a
    role-holder's address, the key to their role, is changed by the site admin only."""
    if access.is_site_admin:
        return True
    return access.person_id != person.pk and not person.holds_a_role


@policy("You may add people only through a library you administer.")
def can_add_staff_to(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Name the library the person is added through.")
def can_add_staff_without_library(access: Access) -> bool:
    """Only the site admin, or an admin of exactly one library (which is then meant)."""
    return access.is_site_admin or len(access.admin_library_ids) == 1


@policy("Only this library's admins manage its employments.")
def can_manage_employments(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Only this library's admins manage its employments.")
def can_edit_employment(access: Access, employment: Employment) -> bool:
    return access.can_admin_library(employment.library_id)


@policy(
    "You cannot change your own job class, hours or benefits: another admin of the library "
    "or the site admin does it."
)
def can_set_pay(access: Access, employment: Employment) -> bool:
    """Separation of duties: no one sets their own job class, hours or benefits."""
    return access.is_site_admin or employment.person_id != access.person_id


@policy("You may not add a job at this library for this person. Ask the site admin.")
def can_attach(access: Access, person: Person, library: Library) -> bool:
    """May the user give the person a job at the library? (employment_create's rule)

    Only the site admin attaches anyone. A library admin adds a job for someone already on
    their library's staff (a second line, a promotion), or gives a first job there to a person
    they may manage or whom their library added (add staff, import) and who works nowhere
    else. A person holding a role elsewhere (site admin, Django admin user, network
    coordinator, another library's admin) is attached only by the site admin: attaching
    someone is what lets an admin change their sign-in e-mail and so take over the account.
    """
    if access.is_site_admin:
        return True
    if not access.can_admin_library(library.pk):
        return False
    if person.pk is None:
        return True
    jobs = Employment.objects.filter(_not_ended(), person=person)
    if jobs.filter(library=library).exists():
        return True
    if person.is_superuser or person.is_staff:
        return False
    other_roles = person.roles.exclude(
        kind=Role.Kind.LIBRARY_ADMIN, library_id__in=access.admin_library_ids
    )
    if other_roles.exists():
        return False
    if jobs.exclude(library_id__in=access.admin_library_ids).exists():
        return False
    return (
        person.added_by_library_id in access.admin_library_ids
        or people_managed_by(access).filter(pk=person.pk).exists()
    )


@policy("Only this library's admins can import its staff.")
def can_import_staff(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


# --- privacy ---------------------------------------------------------------------------------


@policy("Only the person themselves and the site admin export this.")
def can_export(access: Access, person: Person) -> bool:
    return access.person_id == person.pk or access.is_site_admin


@policy("Only the site admin erases a person.")
def can_erase(access: Access) -> bool:
    return access.is_site_admin


# --- API tokens ------------------------------------------------------------------------------


@policy("You can revoke only your own API tokens.")
def can_revoke_token(access: Access, token: ApiToken) -> bool:
    return access.is_authenticated and (token.person_id == access.person_id or access.is_site_admin)


# --- job classes and ladders -----------------------------------------------------------------


def _may_manage_owned(access: Access, *, network_id: int | None, library_id: int | None) -> bool:
    """Who edits a job class or ladder: its library's admins, or its network's coordinators."""
    if library_id is not None:
        return access.can_admin_library(library_id)
    if network_id is not None:
        return access.can_coordinate(network_id)
    # A template without a network belongs to nobody but the site.
    return access.is_site_admin


@policy("Only the owner's library admins or network coordinators add job classes and ladders.")
def can_add_owned(access: Access, network: Network | None, library: Library | None) -> bool:
    """A new job class or ladder belongs to a network (a template) or to a library."""
    return _may_manage_owned(
        access,
        network_id=network.pk if network else None,
        library_id=library.pk if library else None,
    )


@policy("This job class belongs to someone else.")
def can_edit_job_class(access: Access, job_class: JobClass) -> bool:
    return _may_manage_owned(
        access, network_id=job_class.network_id, library_id=job_class.library_id
    )


@policy("This ladder belongs to someone else.")
def can_edit_ladder(access: Access, ladder: Ladder) -> bool:
    return _may_manage_owned(access, network_id=ladder.network_id, library_id=ladder.library_id)


@policy("Only the library's admins choose its ladder.")
def can_choose_ladder(access: Access, library: Library) -> bool:
    return access.can_admin_library(library.pk)


@policy("Only the admin of a library that may use this ladder copies it.")
def can_copy_ladder(access: Access, ladder: Ladder) -> bool:
    return bool(ladder_adopting_libraries(access, ladder))
