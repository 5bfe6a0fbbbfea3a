"""Who may do what with training: the rules of the learning app, each written once.

Services, pages, the API and templates all ask these (see ladder.core.policies). A rule reads
the caller's Access and the object (and what hangs off it); it writes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ladder.core.access import Access
from ladder.core.policies import policy
from ladder.people.models import Employment, Person

if TYPE_CHECKING:
    from ladder.learning.models import Offering, Registration, Session, TrainingRecord

#: Separation of duties, said to the one refused (the rules below return False for it).
OWN_DECISION = (
    "You cannot decide on your own registration: your supervisor, another admin of your "
    "library or the site admin decides it."
)
NOT_ATTENDEE = "Only people who attended this session can give feedback on it."
OWN_ATTENDANCE = (
    "You cannot mark your own attendance: another facilitator or organiser of the session, "
    "or the site admin, marks it."
)


# --- offerings and sessions ----------------------------------------------------------------


@policy("Only the offering's provider may change it.")
def can_manage_offering(access: Access, offering: Offering) -> bool:
    """The provider library's admins or the provider network's coordinators (and site admins)
    edit an offering and schedule, edit and cancel its sessions."""
    if access.is_site_admin:
        return True
    if offering.provider_library_id is not None:
        return offering.provider_library_id in access.admin_library_ids
    if offering.provider_network_id is not None:
        return offering.provider_network_id in access.coordinator_network_ids
    return False


@policy("Only the session's facilitators and organisers see its roster.")
def can_run_session(access: Access, session: Session) -> bool:
    """Facilitators of the session and the offering's owners see its roster and mark it."""
    if can_manage_offering(access, session.offering):
        return True
    return (
        access.person_id is not None and session.facilitators.filter(pk=access.person_id).exists()
    )


@policy("Only the session's facilitators and organisers see its feedback.")
def can_see_feedback(access: Access, session: Session) -> bool:
    return access.is_authenticated and can_run_session(access, session)


@policy(NOT_ATTENDEE)
def can_give_feedback(access: Access, registration: Registration | None) -> bool:
    """Attendees, and only attendees, rate a session: the rule is asked of the caller's
    attended registration for it (None when they have none)."""
    return (
        registration is not None
        and registration.person_id == access.person_id
        and registration.status == registration.Status.ATTENDED
    )


@policy("Only you can reset your calendar feed.")
def can_reset_feed(access: Access, person: Person) -> bool:
    return access.is_site_admin or (access.person_id is not None and access.person_id == person.pk)


# --- registrations -------------------------------------------------------------------------


@policy("Only supervisors and library admins approve registrations.")
def can_approve_registrations(access: Access) -> bool:
    return access.is_site_admin or access.is_supervisor or access.is_library_admin


@policy("This is someone else's registration.")
def owns_registration(access: Access, registration: Registration) -> bool:
    """Cancelling and answering offers is for the registered person alone."""
    return access.person_id is not None and registration.person_id == access.person_id


@policy("Only the person's supervisors and their library's admins decide on this request.")
def can_decide_registration(access: Access, registration: Registration) -> bool:
    """Supervision is per job: the decision belongs to the libraries whose rule asks for it
    (any of the person's libraries when none does any more). Nobody, a site admin included,
    decides on their own request."""
    if access.person_id is None or registration.person_id == access.person_id:
        return False
    if access.is_site_admin:
        return True
    jobs = list(
        Employment.objects.current()
        .filter(person_id=registration.person_id)
        .values_list("library_id", "library__registration_needs_approval")
    )
    deciding = {lib for lib, needs in jobs if needs} or {lib for lib, _ in jobs}
    return any(
        lib in access.admin_library_ids or access.supervises(registration.person_id, library_id=lib)
        for lib in deciding
    )


@policy("Only the session's facilitators and the offering's organisers mark attendance.")
def can_mark_attendance(access: Access, registration: Registration) -> bool:
    """Those who run the session, except on their own registration: attendance earns CE
    hours on one's own transcript."""
    return registration.person_id != access.person_id and can_run_session(
        access, registration.session
    )


# --- the transcript ------------------------------------------------------------------------


@policy("Only supervisors and library admins verify learning.")
def can_verify_learning(access: Access) -> bool:
    """Whether the caller verifies anyone's reported learning (has a queue to look at)."""
    return access.is_site_admin or access.is_supervisor or access.is_library_admin


@policy("You do not verify this person's learning.")
def can_verify_record(access: Access, record: TrainingRecord) -> bool:
    """Someone in the person's supervisor chain or an admin of their library, never the
    person themselves."""
    if access.person_id is None or record.person_id == access.person_id:
        return False
    if access.is_site_admin or record.person_id in access.report_ids:
        return True
    return (
        Employment.objects.current()
        .filter(person_id=record.person_id, library_id__in=access.admin_library_ids)
        .exists()
    )
