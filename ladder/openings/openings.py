"""Openings and applications: services (every write) and selectors.

Who may apply, and when (decided for issue #7, "internal first"):
- An opening is offered to the staff of its library's networks: anyone with a current
  employment at the library itself or at a current member of a network the library currently
  belongs to. Ladder handles these internal applications only; outside candidates answer the
  external advertisement through the library's own hiring, so staff of another network are
  refused (and do not see the opening).
- While the opening is ``internal`` they apply until ``internal_until`` (inclusive). Once that
  day has passed, applications are refused until the library advertises externally
  (``external``); network staff may then still apply, alongside the outside candidates.
- Internal first, enforced (issue #16): a draft is first opened to the network's staff; it is
  advertised externally only once its internal window has ended. The window is the library's
  rule (HiringSettings.internal_window_days, 10 working days unless the library set
  otherwise); a library admin may end it earlier only with a recorded reason (audited).
  Publishing e-mails the staff whose stated interests match, and again when the opening is
  advertised externally.
- Drafts, closed and filled openings take no applications. One application per person per
  opening: applying twice is refused; an invited person applies once, which answers the
  invitation; someone who withdrew may apply again while the opening is open.

Privacy: applications are seen by the library's admins (and site admins) and the applicant;
coordinators and other staff see none.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from typing_extensions import Unpack

from ladder.core.access import Access, access_for
from ladder.core.audit import diff, log_action
from ladder.core.dates import add_working_days
from ladder.core.links import absolute_url
from ladder.core.mail import send_templated, templated_message
from ladder.core.notices import notify
from ladder.core.policies import require
from ladder.core.tasks import Progress, enqueue, task
from ladder.openings.models import Application, HiringSettings, Opening, OpeningCompetency
from ladder.openings.policies import (
    can_apply_as,
    can_manage_opening,
    can_open_posts_at,
    can_withdraw,
)
from ladder.orgs.models import Branch, Library, Membership, Role
from ladder.people.models import Employment, JobClass, Person
from ladder.skills.models import Competency, Interest

log = logging.getLogger(__name__)

S = Opening.Status
A = Application.Status
OPEN_STATUSES = (S.INTERNAL, S.EXTERNAL)
NOTIFY_TASK = "openings.notify_interested"
INVITE_TASK = "openings.invitation_email"


class OpeningDetails(TypedDict, total=False):
    """An opening's details besides its job class, branch and hours (opening_create)."""

    title: str
    description: str
    schedule: str
    benefits_eligible: bool
    benefits: str
    reason: str
    internal_until: dt.date | None
    external_from: dt.date | None


class OpeningFields(OpeningDetails, total=False):
    """What opening_update may change."""

    job_class: JobClass | None
    branch: Branch | None
    weekly_hours: Decimal


EDITABLE_FIELDS = [
    "job_class",
    "branch",
    "title",
    "description",
    "weekly_hours",
    "schedule",
    "benefits_eligible",
    "benefits",
    "reason",
    "internal_until",
    "external_from",
]


# --- scope ----------------------------------------------------------------------------------


def _current_memberships() -> QuerySet[Membership]:
    today = timezone.localdate()
    return Membership.objects.filter(joined_on__lte=today).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=today)
    )


def network_library_ids(library_ids: Iterable[int]) -> set[int]:
    """The libraries themselves and every current member of their current networks."""
    ids = set(library_ids)
    if not ids:
        return set()
    networks = _current_memberships().filter(library_id__in=ids).values("network_id")
    members = _current_memberships().filter(network_id__in=networks)
    return ids | set(members.values_list("library_id", flat=True))


def staff_library_scope(access: Access) -> set[int]:
    """Libraries whose openings the person may see and apply to as staff."""
    return network_library_ids(access.colleague_library_ids)


def manageable_libraries(access: Access) -> QuerySet[Library]:
    if access.is_site_admin:
        return Library.objects.all()
    return Library.objects.filter(pk__in=access.admin_library_ids)


# --- selectors ------------------------------------------------------------------------------


def _openings() -> QuerySet[Opening]:
    return Opening.objects.select_related("library", "branch", "job_class")


def open_openings_for_staff(access: Access) -> QuerySet[Opening]:
    """Published openings of the person's networks, newest first."""
    scope = staff_library_scope(access)
    return _openings().filter(status__in=OPEN_STATUSES, library_id__in=scope)


def openings_visible_to(access: Access) -> QuerySet[Opening]:
    """What the person may open: their admin libraries' openings (drafts too), published
    openings of their networks, and openings they applied to or were invited to."""
    qs = _openings()
    if access.is_site_admin:
        return qs
    return qs.filter(
        Q(library_id__in=access.admin_library_ids)
        | Q(status__in=OPEN_STATUSES, library_id__in=staff_library_scope(access))
        | Q(applications__person_id=access.person_id)
    ).distinct()


def managed_openings(access: Access, library_id: int | None = None) -> QuerySet[Opening]:
    qs = _openings()
    if not access.is_site_admin:
        qs = qs.filter(library_id__in=access.admin_library_ids)
    if library_id:
        qs = qs.filter(library_id=library_id)
    return qs


def my_applications(person: Person) -> QuerySet[Application]:
    return Application.objects.filter(person=person).select_related(
        "opening__library", "opening__job_class", "opening__branch"
    )


def applications_for(opening: Opening) -> QuerySet[Application]:
    return (
        Application.objects.filter(opening=opening)
        .select_related("opening", "person", "invited_by")
        .order_by("status", "created_at", "pk")
    )


def applications_visible_to(access: Access) -> QuerySet[Application]:
    qs = Application.objects.select_related("opening__library", "opening__job_class", "person")
    if access.is_site_admin:
        return qs
    return qs.filter(
        Q(person_id=access.person_id) | Q(opening__library_id__in=access.admin_library_ids)
    )


def competencies_of(opening: Opening) -> list[OpeningCompetency]:
    return list(opening.competencies.select_related("competency").order_by("kind", "pk"))


def is_full_time(opening: Opening) -> bool:
    return Decimal(opening.weekly_hours) >= opening.library.full_time_threshold


def taking_applications(opening: Opening, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    if opening.status == S.EXTERNAL:
        return True
    return opening.status == S.INTERNAL and (
        opening.internal_until is None or on <= opening.internal_until
    )


def hiring_settings_for(library: Library) -> HiringSettings:
    """The library's hiring rules; the defaults (unsaved) when it has set none."""
    found = HiringSettings.objects.filter(library=library).first()
    return found or HiringSettings(library=library)


def earliest_internal_end(library: Library, published_on: dt.date) -> dt.date:
    """The last day of the internal window by the library's rule, for a publication that day."""
    days = hiring_settings_for(library).internal_window_days
    return add_working_days(published_on, days)


def external_allowed_from(opening: Opening) -> dt.date | None:
    """The first day the opening may be advertised externally (None while it is a draft)."""
    if opening.status == S.DRAFT or opening.internal_until is None:
        return None
    return opening.internal_until + dt.timedelta(days=1)


def _published_on(opening: Opening) -> dt.date:
    if opening.published_at is None:
        return timezone.localdate()
    return timezone.localdate(opening.published_at)


# --- validation -----------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None and value != "" else None
    except (InvalidOperation, ValueError):
        return None


def _validate(opening: Opening) -> None:
    errors: dict[str, str] = {}
    job_class = opening.job_class if opening.job_class_id else None
    if job_class is None:
        errors["job_class"] = "Choose the job class."
    elif (
        not JobClass.objects.available_to_library(opening.library_id)
        .filter(pk=job_class.pk)
        .exists()
    ):
        errors["job_class"] = f"{job_class} is not a job class {opening.library} uses."
    if opening.branch_id and opening.branch.library_id != opening.library_id:  # type: ignore[union-attr]
        errors["branch"] = f"{opening.branch} is not a branch of {opening.library}."
    hours = _decimal(opening.weekly_hours)
    if hours is None:
        errors["weekly_hours"] = "Give the weekly hours."
    elif not Decimal("1") <= hours <= Decimal("60"):
        errors["weekly_hours"] = "Weekly hours are between 1 and 60."
    else:
        opening.weekly_hours = hours
    if opening.reason not in Opening.Reason.values:
        errors["reason"] = "Choose a reason."
    if (
        opening.internal_until
        and opening.external_from
        and opening.external_from <= opening.internal_until
    ):
        errors["external_from"] = "External posting starts after the internal window ends."
    if errors:
        raise ValidationError(errors)


def _set_competencies(
    opening: Opening, competencies: Iterable[tuple[Competency, str, int]]
) -> None:
    seen: set[int] = set()
    rows = []
    for competency, kind, level in competencies:
        if competency.pk in seen:
            raise ValidationError({"competencies": f"{competency} is listed twice."})
        if kind not in OpeningCompetency.Kind.values:
            raise ValidationError({"competencies": f"{competency}: required or preferred?"})
        if not 0 < int(level) <= 10:
            raise ValidationError({"competencies": f"{competency}: a level from 1 to 10."})
        seen.add(competency.pk)
        rows.append(
            OpeningCompetency(opening=opening, competency=competency, kind=kind, level=int(level))
        )
    OpeningCompetency.objects.filter(opening=opening).delete()
    OpeningCompetency.objects.bulk_create(rows)


# --- services: openings ---------------------------------------------------------------------


def opening_create(
    *,
    by: Person,
    library: Library,
    job_class: JobClass | None,
    weekly_hours: Any,
    competencies: Iterable[tuple[Competency, str, int]] = (),
    branch: Branch | None = None,
    from_scenario: Any = None,
    **fields: Unpack[OpeningDetails],
) -> Opening:
    """A draft opening of the library."""
    require(can_open_posts_at, access_for(by), library)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected opening fields: {sorted(unknown)}")
    opening = Opening(
        library=library,
        branch=branch,
        job_class=job_class,  # type: ignore[misc]
        weekly_hours=weekly_hours,
        created_by=by,
        from_scenario=from_scenario,
        status=S.DRAFT,
        **fields,
    )
    _validate(opening)
    with transaction.atomic():
        opening.save()
        _set_competencies(opening, competencies)
        log_action(actor=by, action="opening.created", obj=opening, summary=str(opening))
    return opening


def opening_update(
    *,
    by: Person,
    opening: Opening,
    competencies: Iterable[tuple[Competency, str, int]] | None = None,
    **fields: Unpack[OpeningFields],
) -> Opening:
    require(can_manage_opening, access_for(by), opening)
    if opening.status in (S.CLOSED, S.FILLED):
        raise ValidationError("A closed or filled opening cannot be changed.")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected opening fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Opening.objects.select_for_update().get(pk=opening.pk)
        before = {name: getattr(locked, name) for name in EDITABLE_FIELDS}
        if locked.status != S.DRAFT:
            _refuse_window_edits(locked, fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        _validate(locked)
        locked.save()
        if competencies is not None:
            _set_competencies(locked, competencies)
        after = {name: getattr(locked, name) for name in EDITABLE_FIELDS}
        log_action(
            actor=by,
            action="opening.updated",
            obj=locked,
            summary=str(locked),
            changes=diff(before, after),
        )
    return locked


def _refuse_window_edits(opening: Opening, fields: OpeningFields) -> None:
    """Published: the window is ended early only with a reason (opening_shorten_window)."""
    new_end = fields.get("internal_until", opening.internal_until)
    if opening.internal_until and (new_end is None or new_end < opening.internal_until):
        raise ValidationError(
            {
                "internal_until": "To end the internal window earlier, use “End the internal "
                "window early” and give a reason."
            }
        )
    new_external = fields.get("external_from", opening.external_from)
    if (
        opening.status == S.INTERNAL
        and new_external != opening.external_from
        and new_external is not None
        and new_end is not None
        and new_external <= new_end
    ):
        raise ValidationError(
            {"external_from": "External posting starts after the internal window ends."}
        )


def opening_publish(
    *, by: Person, opening: Opening, external: bool = False, shorten_reason: str = ""
) -> Opening:
    """Open a draft to the network's staff (``internal``), or advertise an internal opening
    whose window has ended (``external``).

    Internal first: a draft cannot go straight to external, nor an internal opening before its
    window ends. The window runs the library's number of working days from publication; a
    draft whose ``internal_until`` is earlier than that is published only with
    ``shorten_reason`` (recorded and audited). Both steps e-mail the staff whose stated
    interests match (via the task interface, after the transaction commits)."""
    require(can_manage_opening, access_for(by), opening)
    today = timezone.localdate()
    shorten_reason = (shorten_reason or "").strip()
    with transaction.atomic():
        locked = Opening.objects.select_for_update().select_related("library").get(pk=opening.pk)
        if locked.status in (S.CLOSED, S.FILLED):
            raise ValidationError("A closed or filled opening cannot be published again.")
        old = locked.status
        changes: dict[str, Any] = {"status": [old, None]}
        if external:
            if locked.status == S.EXTERNAL:
                raise ValidationError("The opening is already advertised externally.")
            if locked.status == S.DRAFT:
                raise ValidationError(
                    "Internal first: open the draft to the network's staff before advertising "
                    "it externally."
                )
            start = external_allowed_from(locked)
            if start is not None and today < start:
                raise ValidationError(
                    f"Internal first: the opening is offered to the network's staff until "
                    f"{locked.internal_until.isoformat()}; it can be advertised externally "  # type: ignore[union-attr]
                    f"from {start.isoformat()}. A library admin may end the internal window "
                    "earlier, giving a reason."
                )
            locked.status = S.EXTERNAL
            if locked.external_from is None or locked.external_from > today:
                locked.external_from = today
        else:
            if locked.status != S.DRAFT:
                raise ValidationError("Only a draft is opened to the network's staff.")
            rule_end = earliest_internal_end(locked.library, today)
            if locked.internal_until is None:
                locked.internal_until = rule_end
            if locked.internal_until < today:
                raise ValidationError(
                    {"internal_until": "The internal window cannot end before today."}
                )
            if locked.internal_until < rule_end:
                if not shorten_reason:
                    raise ValidationError(
                        {
                            "internal_until": f"{locked.library}'s rule offers an opening to the "
                            f"network's staff for {_window_days(locked.library)} working days, "
                            f"until {rule_end.isoformat()}. Give a reason to end it earlier "
                            f"({locked.internal_until.isoformat()})."
                        }
                    )
                locked.window_shortened_reason = shorten_reason
                changes["internal_until"] = [rule_end, locked.internal_until]
                changes["window_shortened_reason"] = ["", shorten_reason]
            if locked.external_from and locked.external_from <= locked.internal_until:
                locked.external_from = None
            locked.status = S.INTERNAL
        locked.published_at = locked.published_at or timezone.now()
        locked.save()
        changes["status"][1] = locked.status
        log_action(
            actor=by,
            action="opening.published",
            obj=locked,
            summary=f"{locked}: {locked.get_status_display()}",
            changes=changes,
        )
        if locked.status == S.INTERNAL and locked.notified_at is None:
            _on_commit(NOTIFY_TASK, opening_id=locked.pk)
        if locked.status == S.EXTERNAL and locked.notified_external_at is None:
            _on_commit(NOTIFY_TASK, opening_id=locked.pk, stage="external")
    return locked


def _window_days(library: Library) -> int:
    return hiring_settings_for(library).internal_window_days


def opening_shorten_window(
    *, by: Person, opening: Opening, internal_until: dt.date, reason: str
) -> Opening:
    """End an internal opening's window earlier than the library's rule, with a reason that is
    recorded on the opening and in the audit log. The window keeps at least its first day."""
    require(can_manage_opening, access_for(by), opening)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the internal window ends early."})
    if not isinstance(internal_until, dt.date):
        raise ValidationError({"internal_until": "Give the new last day of the internal window."})
    with transaction.atomic():
        locked = Opening.objects.select_for_update().select_related("library").get(pk=opening.pk)
        if locked.status != S.INTERNAL:
            raise ValidationError("Only an opening offered to the network's staff has a window.")
        published_on = _published_on(locked)
        if internal_until < published_on:
            raise ValidationError(
                {
                    "internal_until": f"The window cannot end before the opening was published "
                    f"({published_on.isoformat()})."
                }
            )
        if locked.internal_until is not None and internal_until >= locked.internal_until:
            raise ValidationError(
                {
                    "internal_until": f"The window already ends on "
                    f"{locked.internal_until.isoformat()}; choose an earlier day."
                }
            )
        before = locked.internal_until
        locked.internal_until = internal_until
        locked.window_shortened_reason = reason
        if locked.external_from and locked.external_from <= internal_until:
            locked.external_from = None
        locked.save(update_fields=["internal_until", "window_shortened_reason", "external_from"])
        log_action(
            actor=by,
            action="opening.window_shortened",
            obj=locked,
            summary=f"{locked}: internal window ends {internal_until.isoformat()} ({reason})",
            changes={"internal_until": [before, internal_until], "reason": ["", reason]},
        )
    return locked


def opening_close(*, by: Person, opening: Opening, filled: bool = False) -> Opening:
    require(can_manage_opening, access_for(by), opening)
    with transaction.atomic():
        locked = Opening.objects.select_for_update().get(pk=opening.pk)
        if locked.status in (S.CLOSED, S.FILLED):
            raise ValidationError("The opening is already closed.")
        old = locked.status
        locked.status = S.FILLED if filled else S.CLOSED
        locked.save(update_fields=["status"])
        log_action(
            actor=by,
            action="opening.closed",
            obj=locked,
            summary=str(locked),
            changes={"status": [old, locked.status]},
        )
    return locked


# --- services: applications ---------------------------------------------------------------


def _eligibility_error(opening: Opening, person: Person, on: dt.date) -> str | None:
    staff_libraries = set(
        Employment.objects.filter(person=person).current(on).values_list("library_id", flat=True)
    )
    if not staff_libraries & network_library_ids([opening.library_id]):
        return (
            f"This opening is offered to the staff of {opening.library}'s network; "
            "outside candidates answer the library's external advertisement."
        )
    return None


def _window_error(opening: Opening, on: dt.date) -> str | None:
    if opening.status not in OPEN_STATUSES:
        return f"This opening is not taking applications ({opening.get_status_display()})."
    if opening.status == S.INTERNAL and opening.internal_until and on > opening.internal_until:
        return f"The internal application window closed on {opening.internal_until.isoformat()}."
    return None


def application_create(
    *, by: Person, opening: Opening, note: str = "", person: Person | None = None
) -> Application:
    """The person applies with a note. Applying twice, outside the window or to an opening
    of another network is refused (see the module docstring)."""
    applicant = person or by
    require(can_apply_as, access_for(by), applicant)
    note = (note or "").strip()
    today = timezone.localdate()
    with transaction.atomic():
        locked = Opening.objects.select_for_update().select_related("library").get(pk=opening.pk)
        problem = _eligibility_error(locked, applicant, today) or _window_error(locked, today)
        if problem:
            raise ValidationError(problem)
        existing = (
            Application.objects.select_for_update().filter(opening=locked, person=applicant).first()
        )
        if existing is not None and existing.status not in (A.INVITED, A.WITHDRAWN):
            raise ValidationError(
                f"You have already applied for this opening ({existing.get_status_display()})."
            )
        try:
            with transaction.atomic():
                if existing is None:
                    application = Application.objects.create(
                        opening=locked,
                        person=applicant,
                        note=note,
                        status=A.APPLIED,
                        applied_at=timezone.now(),
                    )
                else:
                    application = existing
                    application.note = note
                    application.status = A.APPLIED
                    application.applied_at = timezone.now()
                    application.save(update_fields=["note", "status", "applied_at"])
        except IntegrityError:
            raise ValidationError("You have already applied for this opening.") from None
        log_action(
            actor=by,
            action="application.created",
            obj=application,
            summary=f"{applicant} applied for {locked}",
        )
        notify(
            Person.objects.filter(
                roles__kind=Role.Kind.LIBRARY_ADMIN, roles__library_id=locked.library_id
            )
            .exclude(pk=applicant.pk)
            .distinct(),
            "openings.application_received",
            subject=f"Application received: {applicant} for {locked}",
            template="openings/email/application_received",
            context={"opening": locked, "applicant": applicant},
            url=absolute_url("openings:detail", locked.pk),
        )
    return application


def application_withdraw(*, by: Person, application: Application) -> Application:
    require(can_withdraw, access_for(by), application)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status not in (A.APPLIED, A.INVITED):
            raise ValidationError("This application can no longer be withdrawn.")
        old = locked.status
        locked.status = A.WITHDRAWN
        locked.save(update_fields=["status"])
        log_action(
            actor=by,
            action="application.withdrawn",
            obj=locked,
            changes={"status": [old, locked.status]},
        )
    return locked


def application_decide(
    *, by: Person, application: Application, status: str, start_date: dt.date | None = None
) -> Application:
    """Hired or not selected: see ladder.openings.hiring (a hire changes the job)."""
    from ladder.openings import hiring

    return hiring.application_decide(
        by=by, application=application, status=status, start_date=start_date
    )


def application_invite(
    *, by: Person, opening: Opening, person: Person, note: str = ""
) -> Application:
    """An admin invites a member of the network's staff to apply; they are e-mailed."""
    require(can_manage_opening, access_for(by), opening)
    today = timezone.localdate()
    with transaction.atomic():
        locked = Opening.objects.select_for_update().select_related("library").get(pk=opening.pk)
        problem = _window_error(locked, today) or _eligibility_error(locked, person, today)
        if problem:
            raise ValidationError(problem)
        existing = Application.objects.filter(opening=locked, person=person).first()
        if existing is not None and existing.status != A.WITHDRAWN:
            raise ValidationError(
                f"{person} already has an application here ({existing.get_status_display()})."
            )
        if existing is None:
            application = Application.objects.create(
                opening=locked,
                person=person,
                note=(note or "").strip(),
                status=A.INVITED,
                invited_by=by,
            )
        else:
            application = existing
            application.status = A.INVITED
            application.invited_by = by
            application.save(update_fields=["status", "invited_by"])
        log_action(
            actor=by,
            action="application.invited",
            obj=application,
            summary=f"{person} invited to apply for {locked}",
        )
        _on_commit(INVITE_TASK, application_id=application.pk)
    return application


# --- notification ---------------------------------------------------------------------------


def _on_commit(name: str, **kwargs: Any) -> None:
    def send() -> None:
        try:
            enqueue(name, **kwargs)
        except Exception:
            log.exception("could not run %s %s", name, kwargs)

    transaction.on_commit(send)


def interested_people(opening: Opening) -> QuerySet[Person]:
    """Current staff of the opening's networks whose stated interests match it: the job class
    is one they aim for, or they want full-time work and it is full-time, or they are
    interested in management and it is a management class."""
    match = Q(target_job_classes=opening.job_class_id)
    if is_full_time(opening):
        match |= Q(wants_full_time=True)
    if opening.job_class.is_management:
        match |= Q(wants_management=True)
    staff = Employment.objects.current().filter(
        library_id__in=network_library_ids([opening.library_id])
    )
    interests = Interest.objects.filter(match).values("person_id")
    return (
        Person.objects.filter(is_active=True, pk__in=interests)
        .filter(pk__in=staff.values("person_id"))
        .order_by("pk")
    )


@task(NOTIFY_TASK)
def notify_interested(
    *, progress: Progress, opening_id: int, stage: str = "internal"
) -> dict[str, Any]:
    """E-mail the staff whose interests match, once when the opening is offered to the
    network's staff and once more when it is advertised externally."""
    external = stage == "external"
    stamp = "notified_external_at" if external else "notified_at"
    opening = _openings().filter(pk=opening_id).first()
    if opening is None or opening.status not in OPEN_STATUSES or getattr(opening, stamp):
        return {"sent": 0}
    if external and opening.status != S.EXTERNAL:
        return {"sent": 0}
    # Claim the stage first, so a task run twice never mails twice.
    if not Opening.objects.filter(pk=opening.pk, **{f"{stamp}__isnull": True}).update(
        **{stamp: timezone.now()}
    ):
        return {"sent": 0}
    people = list(interested_people(opening))
    subject = (
        f"Now advertised externally, still open to you: {opening.display_title}"
        if external
        else f"An opening that matches your interests: {opening.display_title}"
    )
    messages = [
        templated_message(
            "openings/email/interested",
            {
                "opening": opening,
                "person": p,
                "external": external,
                "url": absolute_url("openings:detail", opening.pk),
            },
            subject=subject,
            to=[p.email],
        )
        for p in people
    ]
    if messages:
        get_connection().send_messages(messages)
    progress(len(messages), len(messages), f"{len(messages)} people e-mailed")
    return {"sent": len(messages)}


@task(INVITE_TASK)
def invitation_email(*, progress: Progress, application_id: int) -> dict[str, Any]:
    application = (
        Application.objects.select_related("opening__library", "opening__job_class", "person")
        .filter(pk=application_id, status=A.INVITED)
        .first()
    )
    if application is None:
        return {"sent": 0}
    opening = application.opening
    send_templated(
        "openings/email/invited",
        {
            "opening": opening,
            "application": application,
            "url": absolute_url("openings:detail", opening.pk),
        },
        subject=f"You are invited to apply: {opening.display_title}",
        to=[application.person.email],
    )
    return {"sent": 1}
