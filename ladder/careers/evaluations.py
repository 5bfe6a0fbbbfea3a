"""Yearly evaluations: services (every write), selectors and the data-filled section.

The reviewer (someone in the person's supervisor chain, or an admin of the person's library)
writes the narrative and goals and signs; the person comments and acknowledges (signs)
after the reviewer. The professional-development section is built from the data and
refreshed until the first signature, then frozen. Once both have signed the evaluation is
read-only; corrections are addenda.

Who sees an evaluation: the person, their supervisor chain and the admins of the
evaluation's library (site admins all); a coordinator or another library's admin gets a 404.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ladder.careers import plans as plan_svc
from ladder.careers import policies
from ladder.careers.models import DevelopmentPlan, Evaluation, EvaluationAddendum
from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.policies import require
from ladder.core.records import audits_refusals
from ladder.learning.models import Offering, TrainingRecord
from ladder.orgs.models import Library
from ladder.people.models import Employment, Person
from ladder.shared_learning.models import CoachingRequest, CoachingSession, RoundtableMembership
from ladder.skills import rules
from ladder.skills.models import Evidence

SIGNED_MESSAGE = "This evaluation is signed; add an addendum instead."


# --- selectors ------------------------------------------------------------------------------


def _base() -> QuerySet[Evaluation]:
    return Evaluation.objects.select_related("person", "library", "reviewer")


def evaluations_visible_to(access: Access) -> QuerySet[Evaluation]:
    if access.is_site_admin:
        return _base()
    return _base().filter(
        Q(person_id=access.person_id or 0)
        | access.supervised_q()
        | Q(library_id__in=access.admin_library_ids)
    )


def evaluations_managed_by(access: Access) -> QuerySet[Evaluation]:
    """Evaluations of the people the user reviews: reports' and their libraries' staff."""
    if access.is_site_admin:
        return _base()
    return (
        _base()
        .filter(
            access.supervised_q()
            | Q(library_id__in=access.admin_library_ids)
            | Q(reviewer_id=access.person_id or 0)
        )
        .exclude(person_id=access.person_id or 0)
    )


def my_evaluations(person: Person) -> QuerySet[Evaluation]:
    return _base().filter(person=person)


def evaluation_with_addenda(qs: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    return qs.prefetch_related("addenda__author")


def reviewable_people(access: Access) -> QuerySet[Person]:
    """Whom the user may evaluate: their reports and their libraries' current staff."""
    if access.is_site_admin:
        return Person.objects.filter(employments__in=Employment.objects.current()).distinct()
    current = Employment.objects.current().filter(library_id__in=access.admin_library_ids)
    return (
        Person.objects.filter(Q(pk__in=access.report_ids) | Q(pk__in=current.values("person_id")))
        .exclude(pk=access.person_id)
        .distinct()
    )


# --- rules ----------------------------------------------------------------------------------


def _library_for(person: Person, reviewer: Person, library: Library | None) -> Library:
    employments = list(Employment.objects.filter(person=person).current().select_related("library"))
    libraries = {e.library_id: e.library for e in employments}
    if library is not None:
        if library.pk not in libraries:
            raise ValidationError({"library": f"{person} does not work at {library}."})
        return library
    if not libraries:
        raise ValidationError({"person": f"{person} has no current employment to evaluate."})
    access = access_for(reviewer)
    for employment in employments:
        if access.can_admin_library(employment.library_id):
            return employment.library
    # Prefer the employment whose supervisor is the reviewer or in the reviewer's chain.
    for employment in employments:
        if access.supervises(employment.person_id, library_id=employment.library_id):
            return employment.library
    return employments[0].library


def _require_reviewer(by: Person, evaluation: Evaluation) -> None:
    message = (
        "The reviewer writes this part; you comment below."
        if by.pk == evaluation.person_id
        else f"Only the reviewer, {evaluation.reviewer}, writes this evaluation."
    )
    require(policies.can_write_evaluation, access_for(by), evaluation, message=message)


def _require_person(by: Person, evaluation: Evaluation) -> None:
    require(
        policies.can_comment_evaluation,
        access_for(by),
        evaluation,
        message=f"Only {evaluation.person} comments and acknowledges.",
    )


def _lock(evaluation: Evaluation) -> Evaluation:
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    for name in ("reviewer_signed_at", "person_signed_at", "pd_section", "pd_refreshed_at"):
        setattr(evaluation, name, getattr(locked, name))
    return locked


# --- the professional-development section ---------------------------------------------------


def _num(value: Decimal) -> str:
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _competencies_gained(person: Person, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Competencies whose level (by the rating rules) is higher at the end of the period than
    before it, with the evidence of the period that raised it."""
    entries = list(
        Evidence.objects.filter(person=person, recorded_at__lt=_day_start(end + dt.timedelta(1)))
        .select_related("competency")
        .order_by("recorded_at", "id")
    )
    by_competency: dict[int, list[Evidence]] = defaultdict(list)
    for entry in entries:
        by_competency[entry.competency_id].append(entry)
    start_at = _day_start(start)
    gained = []
    for items in by_competency.values():
        during = [e for e in items if e.recorded_at >= start_at]
        if not during:
            continue
        earlier = [e for e in items if e.recorded_at < start_at]
        before = rules.current_level(rules.Entry(e.kind, e.level) for e in earlier)
        after = rules.current_level(rules.Entry(e.kind, e.level) for e in items)
        old = before.level if before else 0
        if after is None or after.level <= old:
            continue
        gained.append(
            {
                "competency": items[0].competency.name,
                "from_level": old,
                "to_level": after.level,
                "how": sorted({e.get_kind_display() for e in during if e.kind != rules.SELF})
                or ["Self-assessment"],
                "on": during[-1].recorded_at.date().isoformat(),
            }
        )
    return sorted(gained, key=lambda g: g["competency"])


def _mentoring(
    person: Person, start: dt.date, end: dt.date
) -> tuple[list[dict[str, Any]], Decimal]:
    requests = list(
        CoachingRequest.objects.filter(
            mentor=person,
            status=CoachingRequest.Status.COMPLETED,
            completed_at__gte=_day_start(start),
            completed_at__lt=_day_start(end + dt.timedelta(1)),
        )
        .select_related("learner", "competency")
        .order_by("completed_at", "id")
    )
    minutes: dict[int, int] = defaultdict(int)
    for request_id, held_minutes in CoachingSession.objects.filter(
        request__in=requests, held=True
    ).values_list("request_id", "minutes"):
        minutes[request_id] += held_minutes
    items = []
    total = Decimal("0")
    for request in requests:
        hours = Decimal(minutes[request.pk]) / 60
        total += hours
        assert request.completed_at is not None
        items.append(
            {
                "topic": request.topic,
                "learner": request.learner.display_name,
                "completed_on": request.completed_at.date().isoformat(),
                "hours": _num(hours),
            }
        )
    return items, total


def _roundtables(
    person: Person, start: dt.date, end: dt.date, meetings: list[TrainingRecord]
) -> list[dict[str, Any]]:
    memberships = (
        RoundtableMembership.objects.filter(person=person, joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .select_related("roundtable__offering")
        .order_by("roundtable__name", "joined_on")
    )
    attended: dict[int, int] = defaultdict(int)
    for record in meetings:
        if record.offering_id:
            attended[record.offering_id] += 1
    items: dict[int, dict[str, Any]] = {}
    for membership in memberships:
        rt = membership.roundtable
        items[rt.pk] = {
            "name": rt.name,
            "member_since": membership.joined_on.isoformat(),
            "left_on": membership.left_on.isoformat() if membership.left_on else None,
            "meetings_attended": attended.pop(rt.offering_id, 0),
        }
    # Meetings attended without (or before) membership still count.
    for record in meetings:
        if record.offering_id in attended:
            items[-record.offering_id] = {
                "name": record.title,
                "member_since": None,
                "left_on": None,
                "meetings_attended": attended.pop(record.offering_id),
            }
    return list(items.values())


def _plan_progress(person: Person, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    plans = plan_svc.plan_with_details(
        DevelopmentPlan.objects.filter(person=person, starts_on__lte=end, ends_on__gte=start)
        .select_related("target_job_class", "person")
        .order_by("starts_on", "id")
    )
    items = []
    for plan in plans:
        progress = plan_svc.plan_progress(plan, with_gaps=False)
        items.append(
            {
                "title": plan.title,
                "status": plan.get_status_display(),
                "target": str(plan.target_job_class) if plan.target_job_class else None,
                "percent": progress.percent,
                "goals_met": progress.goals_met,
                "goals": len(progress.goals),
                "sessions_attended": progress.sessions_attended,
                "sessions_planned": len(progress.sessions),
            }
        )
    return items


def pd_section_build(person: Person, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The professional-development section of an evaluation, from the data of the period."""
    records = list(
        TrainingRecord.objects.filter(
            person=person,
            completed_on__gte=start,
            completed_on__lte=end,
            status=TrainingRecord.Status.VERIFIED,
        ).order_by("completed_on", "id")
    )
    hours = sum((r.hours for r in records), Decimal("0"))
    credits = sum((r.ce_credits for r in records), Decimal("0"))
    mentoring, mentoring_hours = _mentoring(person, start, end)
    meetings = [r for r in records if r.kind == Offering.Kind.ROUNDTABLE]
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "hours": _num(hours),
        "ce_credits": _num(credits),
        "records": len(records),
        "offerings": [
            {
                "title": r.title,
                "kind": r.get_kind_display(),
                "provider": r.provider,
                "completed_on": r.completed_on.isoformat(),
                "hours": _num(r.hours),
                "ce_credits": _num(r.ce_credits),
                "above_and_beyond": r.above_and_beyond,
            }
            for r in records
        ],
        "above_and_beyond": [
            {
                "title": r.title,
                "completed_on": r.completed_on.isoformat(),
                "hours": _num(r.hours),
                "reason": r.above_and_beyond_reason,
            }
            for r in records
            if r.above_and_beyond
        ],
        "competencies_gained": _competencies_gained(person, start, end),
        "roundtables": _roundtables(person, start, end, meetings),
        "mentoring": mentoring,
        "mentoring_hours": _num(mentoring_hours),
        "plans": _plan_progress(person, start, end),
    }


def _refresh(evaluation: Evaluation) -> None:
    evaluation.pd_section = pd_section_build(
        evaluation.person, evaluation.period_start, evaluation.period_end
    )
    evaluation.pd_refreshed_at = timezone.now()


def pd_section_refresh(*, evaluation: Evaluation) -> Evaluation:
    """Rebuild the section from the data, unless someone has signed (then it is frozen)."""
    with transaction.atomic():
        _lock(evaluation)
        if evaluation.is_frozen:
            return evaluation
        _refresh(evaluation)
        evaluation.save(update_fields=["pd_section", "pd_refreshed_at", "updated_at"])
    return evaluation


# --- services -------------------------------------------------------------------------------


def evaluation_create(
    *,
    by: Person,
    person: Person,
    period_start: dt.date | None,
    period_end: dt.date | None,
    reviewer: Person | None = None,
    library: Library | None = None,
) -> Evaluation:
    """Start an evaluation. The reviewer (by default the one creating it) must be in the
    person's supervisor chain or an admin of the person's library."""
    reviewer = reviewer or by
    errors: dict[str, str] = {}
    if period_start is None:
        errors["period_start"] = "Give the first day of the period."
    if period_end is None:
        errors["period_end"] = "Give the last day of the period."
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = "The period must end on or after the day it starts."
    if errors:
        raise ValidationError(errors)
    assert period_start is not None and period_end is not None
    reviewer_access = access_for(reviewer)
    require(
        policies.can_start_evaluation_of,
        reviewer_access,
        person,
        message="Nobody evaluates themselves: choose another reviewer.",
    )
    require(policies.can_start_evaluation_of, access_for(by), person)
    lib = _library_for(person, reviewer, library)
    if by.pk != reviewer.pk:
        require(policies.can_name_reviewer, access_for(by), lib)
    who = "You are" if reviewer.pk == by.pk else f"{reviewer} is"
    require(
        policies.can_evaluate,
        reviewer_access,
        person,
        lib,
        message=f"{who} not {person}'s supervisor (or above) nor an admin of {lib}: "
        "only their supervisor chain or their library's admins evaluate them.",
    )
    overlap = Evaluation.objects.filter(
        person=person, library=lib, period_start__lte=period_end, period_end__gte=period_start
    ).first()
    if overlap is not None:
        raise ValidationError(
            {
                "period_start": (
                    f"{person} already has an evaluation at {lib} for "
                    f"{overlap.period_start:%Y-%m-%d} to {overlap.period_end:%Y-%m-%d}."
                )
            }
        )
    try:
        with transaction.atomic():
            evaluation = Evaluation(
                person=person,
                library=lib,
                reviewer=reviewer,
                period_start=period_start,
                period_end=period_end,
                created_by=by,
            )
            _refresh(evaluation)
            evaluation.save()
            log_action(
                actor=by,
                action="careers.evaluation.created",
                obj=evaluation,
                summary=f"Evaluation of {person} by {reviewer}, {period_start}–{period_end}",
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"period_start": f"{person} already has an evaluation starting {period_start}."}
        ) from exc
    return evaluation


@audits_refusals("evaluation")
def evaluation_update(
    *,
    by: Person,
    evaluation: Evaluation,
    narrative: str | None = None,
    goals: str | None = None,
) -> Evaluation:
    """The reviewer writes the narrative and the goals, until they sign."""
    _require_reviewer(by, evaluation)
    with transaction.atomic():
        _lock(evaluation)
        if evaluation.reviewer_signed_at is not None:
            raise ValidationError(SIGNED_MESSAGE)
        before = {"narrative": evaluation.narrative, "goals": evaluation.goals}
        if narrative is not None:
            evaluation.narrative = narrative.strip()
        if goals is not None:
            evaluation.goals = goals.strip()
        after = {"narrative": evaluation.narrative, "goals": evaluation.goals}
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        _refresh(evaluation)
        evaluation.save(
            update_fields=["narrative", "goals", "pd_section", "pd_refreshed_at", "updated_at"]
        )
        if changes:
            log_action(
                actor=by,
                action="careers.evaluation.updated",
                obj=evaluation,
                summary="Narrative and goals edited",
                changes=changes,
            )
    return evaluation


@audits_refusals("evaluation")
def evaluation_comment(*, by: Person, evaluation: Evaluation, comment: str) -> Evaluation:
    """The person's comment, until they acknowledge."""
    _require_person(by, evaluation)
    with transaction.atomic():
        _lock(evaluation)
        if evaluation.person_signed_at is not None:
            raise ValidationError(SIGNED_MESSAGE)
        before = evaluation.person_comment
        evaluation.person_comment = (comment or "").strip()
        evaluation.save(update_fields=["person_comment", "updated_at"])
        log_action(
            actor=by,
            action="careers.evaluation.commented",
            obj=evaluation,
            summary=f"{by} commented",
            changes={"person_comment": [before, evaluation.person_comment]},
        )
    return evaluation


@audits_refusals("evaluation")
def evaluation_sign(*, by: Person, evaluation: Evaluation) -> Evaluation:
    """The reviewer signs first (freezing the data section); then the person acknowledges."""
    require(policies.can_sign_evaluation, access_for(by), evaluation)
    with transaction.atomic():
        _lock(evaluation)
        now = timezone.now()
        if by.pk == evaluation.reviewer_id:
            if evaluation.reviewer_signed_at is not None:
                raise ValidationError(
                    "You already signed this evaluation on "
                    f"{evaluation.reviewer_signed_at:%Y-%m-%d}."
                )
            if not evaluation.narrative.strip():
                raise ValidationError({"narrative": "Write the narrative before signing."})
            # The section freezes at the first signature: it is what the reviewer signed.
            _refresh(evaluation)
            evaluation.reviewer_signed_at = now
            fields = ["reviewer_signed_at", "pd_section", "pd_refreshed_at"]
            role = "reviewer"
        else:
            if evaluation.person_signed_at is not None:
                raise ValidationError(
                    "You already acknowledged this evaluation on "
                    f"{evaluation.person_signed_at:%Y-%m-%d}."
                )
            if evaluation.reviewer_signed_at is None:
                raise ValidationError(
                    "Your reviewer signs first; you acknowledge the evaluation they signed."
                )
            evaluation.person_signed_at = now
            fields = ["person_signed_at"]
            role = "person"
        evaluation.save(update_fields=[*fields, "updated_at"])
        log_action(
            actor=by,
            action=f"careers.evaluation.signed_by_{role}",
            obj=evaluation,
            summary=f"Signed by {by} ({role})",
        )
    return evaluation


def addendum_add(*, by: Person, evaluation: Evaluation, body: str) -> EvaluationAddendum:
    """A correction or note on a signed evaluation, by the person, the reviewer, the
    supervisor chain or the library's admins."""
    require(policies.can_add_to_evaluation, access_for(by), evaluation)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write the addendum."})
    if not evaluation.is_frozen:
        raise ValidationError(
            "Nobody has signed yet: edit the evaluation itself; addenda are for signed ones."
        )
    with transaction.atomic():
        addendum = EvaluationAddendum.objects.create(evaluation=evaluation, author=by, body=body)
        log_action(
            actor=by,
            action="careers.evaluation.addendum",
            obj=evaluation,
            summary=f"Addendum by {by}",
        )
    return addendum
