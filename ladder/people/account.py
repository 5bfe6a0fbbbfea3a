"""Account safety: ending sessions and tokens, confirmed e-mail changes, leavers' access.

A sign-in e-mail is the key to an account (password resets go there), so a change of it is
told to the old address with a link to undo it for EmailChange.UNDO_DAYS days, and every
session and API token of the person ends. So do they after a password reset, and once the
person's last job has ended.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from ladder.core.audit import log_action
from ladder.core.links import absolute_url
from ladder.core.mail import send_templated
from ladder.orgs.models import Role
from ladder.people.models import ApiToken, EmailChange, Employment, Person


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def person_sessions_end(*, person: Person, reason: str, by: Person | None = None) -> int:
    """End every session of the person (on any device), revoke their API tokens and replace
    their calendar feed link.

    Returns the number of tokens revoked. The caller's own session, if it is the person's,
    ends too; views that must keep it call update_session_auth_hash afterwards.
    """
    now = timezone.now()
    with transaction.atomic():
        person.session_salt = secrets.token_hex(16)
        # The private calendar feed's link is a credential too: a new one replaces it.
        person.feed_token = secrets.token_urlsafe(32)
        Person.objects.filter(pk=person.pk).update(
            session_salt=person.session_salt, feed_token=person.feed_token
        )
        revoked = ApiToken.objects.filter(person=person, revoked_at__isnull=True).update(
            revoked_at=now
        )
        log_action(
            actor=by,
            action="people.person.sessions_ended",
            obj=person,
            summary=f"Signed out everywhere ({reason}); {revoked} API token(s) revoked",
        )
    return revoked


# --- e-mail changes ---------------------------------------------------------------------------


def email_change_record(*, person: Person, old_email: str, by: Person) -> EmailChange:
    """Record a change that has just been saved; tell both addresses once it is committed."""
    raw = secrets.token_urlsafe(32)
    change = EmailChange.objects.create(
        person=person,
        old_email=old_email,
        new_email=person.email,
        changed_by=by,
        undo_token_hash=_hash(raw),
    )
    person_sessions_end(person=person, reason="sign-in e-mail changed", by=by)
    transaction.on_commit(lambda: _send_change_notices(change, raw))
    return change


def _send_change_notices(change: EmailChange, raw: str) -> None:
    context = {
        "change": change,
        "person": change.person,
        "changed_by": change.changed_by.display_name if change.changed_by else "Ladder",
        "undo_url": absolute_url("people:email_change_undo", raw),
        "undo_until": change.undo_until,
        "login_url": absolute_url("login"),
    }
    send_templated(
        "people/email/email_changed_old",
        context,
        subject="Your Ladder sign-in address was changed",
        to=[change.old_email],
    )
    send_templated(
        "people/email/email_changed_new",
        context,
        subject="Ladder now signs you in with this address",
        to=[change.new_email],
    )


def email_change_for_token(raw: str) -> EmailChange | None:
    if not raw:
        return None
    return (
        EmailChange.objects.select_related("person", "changed_by")
        .filter(undo_token_hash=_hash(raw))
        .first()
    )


def email_change_undo(*, change: EmailChange) -> Person:
    """The old address takes the account back: the e-mail is restored, every session and
    token ends and the password is cleared (it may have been reset through the new address):
    the person sets a new one with 'Forgot password'."""
    with transaction.atomic():
        change = EmailChange.objects.select_for_update().select_related("person").get(pk=change.pk)
        if not change.may_be_undone:
            raise ValidationError(
                "This link has expired or was already used. Ask your library's admin or the "
                "site admin for help."
            )
        person = Person.objects.select_for_update().get(pk=change.person_id)
        if Person.objects.filter(email__iexact=change.old_email).exclude(pk=person.pk).exists():
            raise ValidationError(
                f"{change.old_email} now belongs to another account: ask the site admin."
            )
        current = person.email
        person.email = change.old_email
        person.set_unusable_password()
        person.save(update_fields=["email", "password"])
        change.undone_at = timezone.now()
        change.save(update_fields=["undone_at"])
        log_action(
            actor=None,
            action="people.person.email_change_undone",
            obj=person,
            summary=f"The old address undid the change of sign-in e-mail of {person.display_name}",
            changes={"email": [current, person.email]},
        )
        person_sessions_end(person=person, reason="e-mail change undone")
    return person


# --- leavers ----------------------------------------------------------------------------------


def has_job_now_or_later(person_id: int) -> bool:
    today = timezone.localdate()
    return Employment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today), person_id=person_id
    ).exists()


def end_access_if_left(*, person: Person, by: Person | None = None) -> bool:
    """After a job ends: an admin who no longer works at that library stops being its
    admin; a person with no job today or later is signed out everywhere."""
    end_admin_roles_of_leavers(person_id=person.pk, by=by)
    if has_job_now_or_later(person.pk):
        return False
    person_sessions_end(person=person, reason="last employment ended", by=by)
    Person.objects.filter(pk=person.pk).update(access_ended_at=timezone.now())
    return True


def end_admin_roles_of_leavers(*, person_id: int | None = None, by: Person | None = None) -> int:
    """A library admin whose jobs at that library have all ended is no longer its admin.

    Only admins who worked there are concerned: an admin who never held a job at the
    library (an HR contractor, the state's tuition sponsor) keeps the role until the site
    admin removes it.
    """
    today = timezone.localdate()
    jobs_there = Employment.objects.filter(
        person_id=OuterRef("person_id"), library_id=OuterRef("library_id")
    )
    roles = (
        Role.objects.filter(kind=Role.Kind.LIBRARY_ADMIN)
        .filter(Exists(jobs_there))
        .exclude(Exists(jobs_there.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))))
        .select_related("person", "library")
    )
    if person_id is not None:
        roles = roles.filter(person_id=person_id)
    count = 0
    for role in roles:
        with transaction.atomic():
            log_action(
                actor=by,
                action="orgs.role.ended_with_job",
                obj=role.person,
                summary=f"{role.person.display_name} is no longer an admin of {role.library}: "
                "their job there ended",
                changes={"role": [f"library admin of {role.library}", None]},
            )
            role.delete()
        count += 1
    return count


def end_leavers_access() -> int:
    """The periodic job: admins who left their library lose the role there; people whose
    last job ended since their access was last ended are signed out everywhere."""
    end_admin_roles_of_leavers()
    today = timezone.localdate()
    ended_jobs = Employment.objects.filter(end_date__lt=today)
    later_jobs = Employment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    leavers = (
        Person.objects.filter(pk__in=ended_jobs.values("person_id"))
        .exclude(pk__in=later_jobs.values("person_id"))
        .annotate(last_end=Max("employments__end_date"))
        .only("pk", "access_ended_at", "session_salt")
    )
    count = 0
    for person in leavers.iterator():
        last_end = person.last_end  # type: ignore[attr-defined]
        if (
            person.access_ended_at is not None
            and timezone.localdate(person.access_ended_at) > last_end
        ):
            continue
        end_access_if_left(person=person)
        count += 1
    return count
