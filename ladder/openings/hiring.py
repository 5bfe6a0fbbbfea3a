"""Hiring closes the loop (issue #16): deciding "hired" changes the job and tells everyone.

Deciding an application "hired" (application_decide):
- ends the person's current employment at the opening's library the day before the start
  date and starts the new one in the opening's job class, hours, branch and benefits — a
  part-time → full-time conversion is such a hire;
- where the new class is higher (further up the library's ladder, or without a ladder a more
  senior class), goes through the promotion service instead (ladder.tuition.promotions:
  proposed and accepted at once, reason "opening"), so the promotion, its letter and its
  history exist as for a degree, and then sets the opening's hours and branch on the new line;
- for staff of another library of the network (or someone with no current job), starts the new
  job beside their other jobs: another library's employment is that library's to end. Giving
  a job to someone who works elsewhere is the site admin's (people.policies.can_attach), so
  the hire is refused, saying so, rather than half done;
- marks every other open application "not selected", and the opening filled;
- e-mails each applicant once (hired, or not selected) with the library's own text
  (HiringSettings), after the transaction commits.

Deciding "not selected" on one application tells that applicant at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ladder.core.access import access_for
from ladder.core.audit import diff, log_action
from ladder.core.links import absolute_url
from ladder.core.mail import send_templated
from ladder.core.policies import allowed, require
from ladder.openings.models import Application, HiringSettings, Opening
from ladder.openings.policies import can_set_hiring_rules
from ladder.orgs.duties import require_decider
from ladder.orgs.models import Library
from ladder.people import services as people_services
from ladder.people.models import Employment, JobClass, LadderStep, Person
from ladder.people.policies import can_attach
from ladder.tuition import promotions
from ladder.tuition.models import Promotion

log = logging.getLogger(__name__)

A = Application.Status
S = Opening.Status
#: The library's rule for the internal window; shortening it below this needs a reason.
DEFAULT_WINDOW_DAYS = HiringSettings._meta.get_field("internal_window_days").default


# --- the library's rules ----------------------------------------------------------------------


def hiring_settings_set(
    *,
    by: Person,
    library: Library,
    internal_window_days: int,
    hired_text: str,
    not_selected_text: str,
    reason: str = "",
) -> HiringSettings:
    """Set the library's internal window and the texts applicants receive. A window shorter
    than the default needs a reason (recorded and audited)."""
    require(can_set_hiring_rules, access_for(by), library)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not isinstance(internal_window_days, int) or not 1 <= internal_window_days <= 60:
        errors["internal_window_days"] = "The internal window is 1 to 60 working days."
    elif internal_window_days < DEFAULT_WINDOW_DAYS and not reason:
        errors["reason"] = (
            f"Say why the internal window is shorter than {DEFAULT_WINDOW_DAYS} working days."
        )
    if not (hired_text or "").strip():
        errors["hired_text"] = "Write the message to the person hired."
    if not (not_selected_text or "").strip():
        errors["not_selected_text"] = "Write the message to those not selected."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current, _ = HiringSettings.objects.select_for_update().get_or_create(library=library)
        fields = ["internal_window_days", "hired_text", "not_selected_text", "changed_reason"]
        before = {name: getattr(current, name) for name in fields}
        current.internal_window_days = internal_window_days
        current.hired_text = hired_text.strip()
        current.not_selected_text = not_selected_text.strip()
        current.changed_reason = reason if internal_window_days < DEFAULT_WINDOW_DAYS else ""
        current.save()
        changes = diff(before, {name: getattr(current, name) for name in fields})
        if changes:
            log_action(
                actor=by,
                action="openings.hiring_settings.changed",
                obj=current,
                summary=f"{library}: internal window {internal_window_days} working days"
                + (f" ({reason})" if current.changed_reason else ""),
                changes=changes,
            )
    return current


# --- is it a promotion? -----------------------------------------------------------------------


def _seniority(job_class: JobClass) -> tuple[int, int, int]:
    return (int(job_class.is_management), int(job_class.is_professional), job_class.min_education)


def is_promotion(old: JobClass, new: JobClass, library: Library) -> bool:
    """Whether moving from ``old`` to ``new`` is a step up: higher on the library's ladder
    when both classes are on it, otherwise a more senior class (management, professional,
    education required, in that order)."""
    if old.pk == new.pk:
        return False
    if library.ladder_id is not None:
        positions = dict(
            LadderStep.objects.filter(
                ladder_id=library.ladder_id, job_class_id__in=[old.pk, new.pk]
            ).values_list("job_class_id", "position")
        )
        if old.pk in positions and new.pk in positions:
            return positions[new.pk] > positions[old.pk]
    return _seniority(new) > _seniority(old)


# --- deciding -------------------------------------------------------------------------------


def _current_job_at(person: Person, library: Library, on: dt.date) -> Employment | None:
    """The job the hire replaces: the person's current line at the library (the one with the
    most hours when they hold two there)."""
    return (
        Employment.objects.select_related("job_class", "library", "branch")
        .filter(person=person, library=library)
        .current(on)
        .order_by("-weekly_hours", "pk")
        .first()
    )


def _require_may_decide(by: Person, application: Application) -> None:
    opening = application.opening
    require_decider(
        access_for(by),
        subject_person_id=application.person_id,
        library_id=opening.library_id,
        library_name=opening.library.name,
        action="decide your own application",
        fallback_message="Only the library's admins manage its openings.",
        coordinator=False,
    )


def application_decide(
    *,
    by: Person,
    application: Application,
    status: str,
    start_date: dt.date | None = None,
) -> Application:
    """Mark an application hired or not selected (see the module docstring); never one's own
    (another admin of the library or the site admin decides it)."""
    _require_may_decide(by, application)
    if status not in (A.HIRED, A.DECLINED):
        raise ValidationError({"status": "Choose hired or not selected."})
    if status == A.DECLINED:
        return _decline(by=by, application=application)
    return _hire(by=by, application=application, start_date=start_date)


def _lock(application: Application) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("opening__library", "opening__job_class", "opening__branch", "person")
        .get(pk=application.pk)
    )
    if locked.status != A.APPLIED:
        raise ValidationError("Only a submitted application can be decided.")
    return locked


def _decline(*, by: Person, application: Application) -> Application:
    with transaction.atomic():
        locked = _lock(application)
        _mark(locked, by=by, status=A.DECLINED)
        transaction.on_commit(lambda: tell_applicants(locked.opening_id))
    return locked


def _mark(application: Application, *, by: Person, status: str, **extra: Any) -> None:
    old = application.status
    application.status = status
    application.decided_by = by
    application.decided_at = timezone.now()
    for name, value in extra.items():
        setattr(application, name, value)
    application.save()
    log_action(
        actor=by,
        action="application.decided",
        obj=application,
        summary=f"{application.person}: {application.get_status_display()} "
        f"for {application.opening}",
        changes={"status": [old, status], **{k: [None, _plain(v)] for k, v in extra.items()}},
    )


def _plain(value: Any) -> Any:
    return getattr(value, "pk", value)


def _hire(*, by: Person, application: Application, start_date: dt.date | None) -> Application:
    start = start_date or timezone.localdate()
    if not isinstance(start, dt.date):
        raise ValidationError({"start_date": "Give the first day of the new job."})
    with transaction.atomic():
        locked = _lock(application)
        Opening.objects.select_for_update().filter(pk=locked.opening_id).exists()  # the lock
        opening = locked.opening
        opening.refresh_from_db(fields=["status"])
        if opening.status not in (S.INTERNAL, S.EXTERNAL):
            raise ValidationError(
                f"This opening is {opening.get_status_display().lower()}: nobody more is hired."
            )
        person, library = locked.person, opening.library
        old = _current_job_at(person, library, timezone.localdate())
        if old is None and not allowed(can_attach, access_for(by), person, library):
            raise PermissionDenied(
                f"{person.display_name} works at another library: only the site admin gives "
                f"them a job at {library} (a job here lets {library}'s admins manage their "
                "account). Ask the site admin to record this hire."
            )
        if old is not None and start <= old.start_date:
            raise ValidationError(
                {
                    "start_date": f"The new job starts after the current one "
                    f"({old.job_class}, since {old.start_date.isoformat()})."
                }
            )
        promotion: Promotion | None = None
        if old is not None and is_promotion(old.job_class, opening.job_class, library):
            promotion, new = _promote(by=by, old=old, opening=opening, start=start)
        else:
            new = _move(by=by, person=person, old=old, opening=opening, start=start)
        _mark(locked, by=by, status=A.HIRED, start_date=start, employment=new, promotion=promotion)
        others = (
            Application.objects.select_for_update()
            .select_related("person", "opening")
            .filter(opening=opening, status__in=(A.APPLIED, A.INVITED))
            .exclude(pk=locked.pk)
        )
        for other in others:
            _mark(other, by=by, status=A.DECLINED)
        before = opening.status
        Opening.objects.filter(pk=opening.pk).update(status=S.FILLED)
        log_action(
            actor=by,
            action="opening.filled",
            obj=opening,
            summary=f"{opening}: {person} hired from {start.isoformat()}",
            changes={"status": [before, S.FILLED]},
        )
        opening_id = opening.pk
        transaction.on_commit(lambda: tell_applicants(opening_id))
    return locked


def _new_line_details(old: Employment | None, opening: Opening) -> dict[str, Any]:
    branch = opening.branch or (old.branch if old else None)
    same_branch = old is not None and old.branch_id == (branch.pk if branch else None)
    return {
        "branch": branch,
        "title": opening.title,
        "benefits_eligible": opening.benefits_eligible,
        "supervisor": old.supervisor if old is not None and same_branch else None,
    }


def _move(
    *, by: Person, person: Person, old: Employment | None, opening: Opening, start: dt.date
) -> Employment:
    """The same or another class (hours, branch): start the new line, end the old one (in
    that order: while the old line runs the person is on the library's staff, which is what
    lets its admin give them the new job — people.policies.can_attach)."""
    new = people_services.employment_create(
        by=by,
        person=person,
        library=opening.library,
        job_class=opening.job_class,
        weekly_hours=opening.weekly_hours,
        start_date=start,
        **_new_line_details(old, opening),
    )
    if old is not None:
        people_services.employment_end(by=by, employment=old, end_date=start - dt.timedelta(days=1))
    return new


def _promote(
    *, by: Person, old: Employment, opening: Opening, start: dt.date
) -> tuple[Promotion, Employment]:
    """Up a class: the promotion service (proposed and accepted at once: the hire is the
    decision), then the opening's hours, branch and benefits on the new line."""
    proposed = promotions.promotion_propose(
        by=by,
        employment=old,
        to_job_class=opening.job_class,
        effective_date=start,
        reason=Promotion.Reason.OPENING,
        detail=f"Appointed to the opening “{opening.display_title}”.",
    )
    accepted = promotions.promotion_accept(by=by, promotion=proposed)
    new = accepted.new_employment
    assert new is not None  # promotion_accept always starts the new line
    details = _new_line_details(old, opening)
    wanted: dict[str, Any] = {"weekly_hours": opening.weekly_hours, **details}
    changing = {name: value for name, value in wanted.items() if getattr(new, name) != value}
    if changing:
        new = people_services.employment_update(by=by, employment=new, **changing)
    return accepted, new


# --- telling the applicants -----------------------------------------------------------------


def tell_applicants(opening_id: int) -> int:
    """E-mail each decided applicant of the opening who has not been told yet: once each
    (the claim on ``notified_at`` comes before the send). Returns how many were sent."""
    pending = (
        Application.objects.select_related(
            "person", "opening__library", "opening__job_class", "opening__branch", "employment"
        )
        .filter(opening_id=opening_id, status__in=(A.HIRED, A.DECLINED), notified_at__isnull=True)
        .filter(~Q(applied_at=None))
        .order_by("pk")
    )
    sent = 0
    for application in pending:
        claimed = Application.objects.filter(pk=application.pk, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
        if not claimed:
            continue
        try:
            sent += _send_decision(application)
        except Exception:  # a mail server that is down must not undo the decision
            log.exception("Could not e-mail the decision on application %s", application.pk)
    return sent


def _send_decision(application: Application) -> int:
    opening = application.opening
    rules = HiringSettings.objects.filter(library_id=opening.library_id).first()
    rules = rules or HiringSettings(library=opening.library)
    hired = application.status == A.HIRED
    context = {
        "application": application,
        "opening": opening,
        "person": application.person,
        "library": opening.library,
        "message": rules.hired_text if hired else rules.not_selected_text,
        "employment": application.employment,
        "opening_url": absolute_url("openings:detail", opening.pk),
        "profile_url": absolute_url("people:me"),
        "openings_url": absolute_url("openings:list"),
        "promotion_url": absolute_url("tuition:promotion_detail", application.promotion_id)
        if application.promotion_id
        else "",
    }
    if hired:
        return send_templated(
            "openings/email/hired",
            context,
            subject=f"You are hired: {opening.display_title} at {opening.library}",
            to=[application.person.email],
        )
    return send_templated(
        "openings/email/not_selected",
        context,
        subject=f"Your application for {opening.display_title} at {opening.library}",
        to=[application.person.email],
    )
