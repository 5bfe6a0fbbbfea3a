"""Development plans: services (every write) and selectors, with progress from the data.

Who sees a plan: the person, their supervisor chain and their library's admins (site admins
all); the same people manage it. Only the supervisor chain or a library admin agrees to it.
Changing goals, dates or the target after the agreement marks the plan "changed since
agreed", so the supervisor sees what they agreed to is no longer what it says; planned
sessions and check-ins are the means of the plan and leave the agreement standing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ladder.careers import eligibility, policies
from ladder.careers.models import DevelopmentPlan, PlanCheckIn, PlanGoal, PlannedSession
from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.policies import require
from ladder.learning.models import Registration, Session, TrainingRecord
from ladder.people.models import Employment, JobClass, Person
from ladder.people.selectors import people_managed_by
from ladder.skills.models import Competency, Level, Rating

S = DevelopmentPlan.Status
OPEN = (S.DRAFT, S.AGREED, S.CHANGED)


# --- who ------------------------------------------------------------------------------------


def plan_people(access: Access) -> QuerySet[Person]:
    """Whose plans the user may see and manage (DESIGN.md: private by default)."""
    return people_managed_by(access)


def _require_manage(by: Person, person: Person) -> Access:
    access = access_for(by)
    require(
        policies.can_manage_plan,
        access,
        person,
        message=f"You may not manage {person}'s development plan.",
    )
    return access


# --- selectors ------------------------------------------------------------------------------


def plans_visible_to(access: Access) -> QuerySet[DevelopmentPlan]:
    qs = DevelopmentPlan.objects.select_related("person", "target_job_class", "agreed_by")
    if access.is_site_admin:
        return qs
    return qs.filter(person__in=plan_people(access).values("pk"))


def plan_with_details(plans: QuerySet[DevelopmentPlan]) -> QuerySet[DevelopmentPlan]:
    return plans.prefetch_related(
        Prefetch("goals", queryset=PlanGoal.objects.select_related("competency")),
        Prefetch(
            "planned_sessions",
            queryset=PlannedSession.objects.select_related(
                "session__offering", "session__venue_branch", "added_by"
            ),
        ),
        Prefetch("check_ins", queryset=PlanCheckIn.objects.select_related("author")),
    )


def current_plan(person: Person) -> DevelopmentPlan | None:
    """The person's latest plan that is not closed."""
    return (
        DevelopmentPlan.objects.filter(person=person, status__in=OPEN)
        .order_by("-starts_on", "-id")
        .first()
    )


def plans_of(person: Person) -> QuerySet[DevelopmentPlan]:
    return DevelopmentPlan.objects.filter(person=person).select_related(
        "target_job_class", "agreed_by"
    )


# --- progress -------------------------------------------------------------------------------


@dataclass
class GoalProgress:
    goal: PlanGoal
    current_level: int | None
    fraction: float
    met: bool

    @property
    def percent(self) -> int:
        return round(self.fraction * 100)


@dataclass
class SessionProgress:
    planned: PlannedSession
    status: str  # attended, registered, not registered, missed
    label: str


@dataclass
class Gap:
    kind: str
    label: str


@dataclass
class PlanProgress:
    goals: list[GoalProgress] = field(default_factory=list)
    sessions: list[SessionProgress] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    gaps_known: bool = False

    @property
    def goals_met(self) -> int:
        return sum(1 for g in self.goals if g.met)

    @property
    def sessions_attended(self) -> int:
        return sum(1 for s in self.sessions if s.status == "attended")

    @property
    def percent(self) -> int | None:
        """Goals (partly, by level reached) and planned sessions attended, as one share."""
        parts = len(self.goals) + len(self.sessions)
        if not parts:
            return None
        done = sum(g.fraction for g in self.goals) + self.sessions_attended
        return round(100 * done / parts)


def _gaps(person: Person, job_class: JobClass) -> tuple[list[Gap], bool]:
    """The target job class's remaining gaps, from ladder.careers.eligibility."""
    found = eligibility.gaps_for(person, job_class)
    return [Gap(kind=str(g.kind), label=str(g.label)) for g in found], True


def plan_progress(plan: DevelopmentPlan, *, with_gaps: bool = True) -> PlanProgress:
    """Each goal from the person's ratings, each planned session from registrations and the
    transcript, and the target job class's remaining gaps. A fixed number of queries."""
    goals = list(plan.goals.all())
    planned = list(plan.planned_sessions.all())
    competency_ids = [g.competency_id for g in goals if g.competency_id]
    levels = dict(
        Rating.objects.filter(person_id=plan.person_id, competency_id__in=competency_ids)
        .order_by()
        .values_list("competency_id", "level")
    )
    progress = PlanProgress()
    for goal in goals:
        current = levels.get(goal.competency_id) if goal.competency_id else None
        if goal.target_level:
            reached = current or 0
            fraction = min(1.0, reached / goal.target_level)
            met = reached >= goal.target_level
        elif goal.competency_id and goal.target_level == 0:
            fraction, met = 1.0, True
        else:
            met = goal.done_on is not None
            fraction = 1.0 if met else 0.0
        progress.goals.append(GoalProgress(goal, current, fraction, met))
    session_ids = [p.session_id for p in planned]
    attended = set(
        TrainingRecord.objects.filter(
            person_id=plan.person_id,
            registration__session_id__in=session_ids,
            status=TrainingRecord.Status.VERIFIED,
        ).values_list("registration__session_id", flat=True)
    )
    registrations = dict(
        Registration.objects.filter(person_id=plan.person_id, session_id__in=session_ids)
        .exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.DECLINED])
        .order_by()
        .values_list("session_id", "status")
    )
    now = timezone.now()
    for item in planned:
        status = registrations.get(item.session_id)
        if item.session_id in attended or status == Registration.Status.ATTENDED:
            progress.sessions.append(SessionProgress(item, "attended", "Attended"))
        elif status == Registration.Status.NO_SHOW or (
            status is None and item.session.ends_at < now
        ):
            progress.sessions.append(SessionProgress(item, "missed", "Missed"))
        elif status:
            label = Registration.Status(status).label
            progress.sessions.append(SessionProgress(item, "registered", label))
        else:
            progress.sessions.append(SessionProgress(item, "not_registered", "Not registered"))
    if with_gaps and plan.target_job_class_id:
        assert plan.target_job_class is not None
        progress.gaps, progress.gaps_known = _gaps(plan.person, plan.target_job_class)
    return progress


# --- helpers --------------------------------------------------------------------------------


def _require_open(plan: DevelopmentPlan) -> None:
    if plan.status == S.CLOSED:
        raise ValidationError("This plan is closed; start a new plan instead.")


def _mark_changed(plan: DevelopmentPlan, by: Person, what: str) -> None:
    """After agreement, a change to what was agreed asks for a new agreement."""
    if plan.status == S.AGREED:
        plan.status = S.CHANGED
        plan.save(update_fields=["status", "updated_at"])
        log_action(
            actor=by,
            action="careers.plan.changed_since_agreed",
            obj=plan,
            summary=f"{what}: the agreement must be renewed",
            changes={"status": [S.AGREED, S.CHANGED]},
        )


def _clean_dates(starts_on: dt.date | None, ends_on: dt.date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = "Give the date the plan starts."
    if ends_on is None:
        errors["ends_on"] = "Give the date the plan ends."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "The plan must end on or after the day it starts."
    return errors


def _lock_person(person: Person) -> None:
    # Serialises plan writes per person, so two clicks cannot create two draft plans.
    Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).first()


def _lock_plan(plan: DevelopmentPlan) -> DevelopmentPlan:
    locked = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    plan.status = locked.status
    return locked


# --- services: the plan ---------------------------------------------------------------------


def plan_create(
    *,
    by: Person,
    person: Person,
    title: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    target_job_class: JobClass | None = None,
) -> DevelopmentPlan:
    _require_manage(by, person)
    title = (title or "").strip()
    errors = _clean_dates(starts_on, ends_on)
    if not title:
        errors["title"] = "Give the plan a title."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_person(person)
        assert starts_on is not None and ends_on is not None
        plan = DevelopmentPlan.objects.create(
            person=person,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            target_job_class=target_job_class,
            created_by=by,
        )
        log_action(
            actor=by,
            action="careers.plan.created",
            obj=plan,
            summary=f"Plan {title!r} for {person}",
        )
    return plan


PLAN_FIELDS = ["title", "starts_on", "ends_on", "target_job_class"]


def plan_update(*, by: Person, plan: DevelopmentPlan, **values: Any) -> DevelopmentPlan:
    """Change title, dates or target; a change after agreement asks for a new agreement."""
    _require_manage(by, plan.person)
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown plan fields: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        _lock_plan(plan)
        _require_open(plan)
        before = {name: getattr(plan, name) for name in PLAN_FIELDS}
        for name, value in values.items():
            setattr(plan, name, value.strip() if isinstance(value, str) else value)
        errors = _clean_dates(plan.starts_on, plan.ends_on)
        if not plan.title:
            errors["title"] = "Give the plan a title."
        if errors:
            for name, value in before.items():
                setattr(plan, name, value)
            raise ValidationError(errors)
        changes = {
            name: [before[name], getattr(plan, name)]
            for name in values
            if before[name] != getattr(plan, name)
        }
        if not changes:
            return plan
        plan.save(update_fields=[*values, "updated_at"])
        log_action(
            actor=by,
            action="careers.plan.updated",
            obj=plan,
            summary="Plan edited",
            changes=changes,
        )
        _mark_changed(plan, by, "Plan edited")
    return plan


def plan_agree(*, by: Person, plan: DevelopmentPlan) -> DevelopmentPlan:
    """The supervisor (chain) or a library admin agrees to the plan as it stands."""
    access = access_for(by)
    own = plan.person_id == access.person_id
    require(
        policies.can_agree_plan,
        access,
        plan.person,
        message="Your supervisor agrees to your plan; you cannot agree to it."
        if own
        else f"Only {plan.person}'s supervisor or library admin agrees.",
    )
    with transaction.atomic():
        _lock_plan(plan)
        _require_open(plan)
        if plan.status == S.AGREED:
            raise ValidationError("This plan is already agreed.")
        if not plan.goals.exists():
            raise ValidationError("Add at least one goal before agreeing to the plan.")
        before = plan.status
        plan.status = S.AGREED
        plan.agreed_by = by
        plan.agreed_at = timezone.now()
        plan.save(update_fields=["status", "agreed_by", "agreed_at", "updated_at"])
        log_action(
            actor=by,
            action="careers.plan.agreed",
            obj=plan,
            summary=f"{by} agreed to {plan.title!r}",
            changes={"status": [before, S.AGREED]},
        )
    return plan


def plan_close(*, by: Person, plan: DevelopmentPlan) -> DevelopmentPlan:
    _require_manage(by, plan.person)
    with transaction.atomic():
        _lock_plan(plan)
        _require_open(plan)
        before = plan.status
        plan.status = S.CLOSED
        plan.save(update_fields=["status", "updated_at"])
        log_action(
            actor=by,
            action="careers.plan.closed",
            obj=plan,
            summary=f"Closed {plan.title!r}",
            changes={"status": [before, S.CLOSED]},
        )
    return plan


# --- services: goals ------------------------------------------------------------------------


def _clean_goal(
    plan: DevelopmentPlan,
    description: str,
    competency: Competency | None,
    target_level: int | None,
    due_on: dt.date | None,
) -> str:
    errors: dict[str, str] = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = "Describe the goal."
    if target_level is not None:
        if competency is None:
            errors["target_level"] = "Choose the competency the level is for."
        else:
            values = list(
                Level.objects.filter(framework_id=competency.framework_id).values_list(
                    "value", flat=True
                )
            )
            if values and target_level not in values:
                errors["target_level"] = (
                    f"{competency} is rated {min(values)} to {max(values)}; "
                    f"{target_level} is not on its scale."
                )
    if due_on and not (plan.starts_on <= due_on <= plan.ends_on):
        errors["due_on"] = (
            "The goal is due within the plan, "
            f"{plan.starts_on:%Y-%m-%d} to {plan.ends_on:%Y-%m-%d}."
        )
    if errors:
        raise ValidationError(errors)
    return description


def goal_add(
    *,
    by: Person,
    plan: DevelopmentPlan,
    description: str,
    competency: Competency | None = None,
    target_level: int | None = None,
    due_on: dt.date | None = None,
) -> PlanGoal:
    _require_manage(by, plan.person)
    with transaction.atomic():
        _lock_plan(plan)
        _require_open(plan)
        text = _clean_goal(plan, description, competency, target_level, due_on)
        position = plan.goals.count()
        goal = PlanGoal.objects.create(
            plan=plan,
            description=text,
            competency=competency,
            target_level=target_level,
            due_on=due_on,
            position=position,
        )
        log_action(
            actor=by, action="careers.plan.goal_added", obj=plan, summary=f"Goal: {text}"[:255]
        )
        _mark_changed(plan, by, "Goal added")
    return goal


GOAL_FIELDS = ["description", "competency", "target_level", "due_on", "done_on"]


def goal_update(*, by: Person, goal: PlanGoal, **values: Any) -> PlanGoal:
    plan = goal.plan
    _require_manage(by, plan.person)
    unknown = set(values) - set(GOAL_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown goal fields: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        _lock_plan(plan)
        _require_open(plan)
        before = {name: getattr(goal, name) for name in GOAL_FIELDS}
        merged = {**before, **values}
        text = _clean_goal(
            plan,
            merged["description"],
            merged["competency"],
            merged["target_level"],
            merged["due_on"],
        )
        merged["description"] = text
        changes = {
            name: [before[name], merged[name]] for name in values if before[name] != merged[name]
        }
        if not changes:
            return goal
        for name in values:
            setattr(goal, name, merged[name])
        goal.save(update_fields=list(values))
        log_action(
            actor=by,
            action="careers.plan.goal_updated",
            obj=plan,
            summary=f"Goal edited: {text}"[:255],
            changes=changes,
        )
        # Marking a goal done is progress, not a change to what was agreed.
        if set(changes) - {"done_on"}:
            _mark_changed(plan, by, "Goal edited")
    return goal


def goal_delete(*, by: Person, goal: PlanGoal) -> None:
    plan = goal.plan
    _require_manage(by, plan.person)
    with transaction.atomic():
        _lock_plan(plan)
        _require_open(plan)
        text = goal.description
        goal.delete()
        log_action(
            actor=by,
            action="careers.plan.goal_removed",
            obj=plan,
            summary=f"Goal removed: {text}"[:255],
        )
        _mark_changed(plan, by, "Goal removed")


# --- services: planned sessions and check-ins ------------------------------------------------


def session_add(
    *,
    by: Person,
    plan: DevelopmentPlan,
    session: Session,
    reason: str = "",
) -> tuple[PlannedSession, bool]:
    """Plan a session; adding one already planned changes nothing (returns created=False)."""
    _require_manage(by, plan.person)
    if session.status == Session.Status.CANCELLED:
        raise ValidationError({"session": "This session is cancelled."})
    with transaction.atomic():
        _lock_plan(plan)
        _require_open(plan)
        item, created = PlannedSession.objects.get_or_create(
            plan=plan,
            session=session,
            defaults={"reason": (reason or "").strip()[:255], "added_by": by},
        )
        if created:
            log_action(
                actor=by,
                action="careers.plan.session_added",
                obj=plan,
                summary=f"Planned: {session}"[:255],
            )
    return item, created


def session_add_to_current(
    *, by: Person, person: Person, session: Session, reason: str = ""
) -> tuple[PlannedSession, bool]:
    """The one-click add from a recommendation: into the person's current plan, creating a
    draft plan (a year from today) when they have none."""
    _require_manage(by, person)
    with transaction.atomic():
        _lock_person(person)
        plan = current_plan(person)
        if plan is None:
            today = timezone.localdate()
            plan = plan_create(
                by=by,
                person=person,
                title=f"Development plan {today.year}",
                starts_on=today,
                ends_on=today.replace(year=today.year + 1) - dt.timedelta(days=1)
                if not (today.month == 2 and today.day == 29)
                else today + dt.timedelta(days=364),
            )
        return session_add(by=by, plan=plan, session=session, reason=reason)


def session_remove(*, by: Person, planned: PlannedSession) -> None:
    plan = planned.plan
    _require_manage(by, plan.person)
    with transaction.atomic():
        _lock_plan(plan)
        _require_open(plan)
        label = str(planned.session)
        planned.delete()
        log_action(
            actor=by,
            action="careers.plan.session_removed",
            obj=plan,
            summary=f"No longer planned: {label}"[:255],
        )


def check_in_add(*, by: Person, plan: DevelopmentPlan, note: str) -> PlanCheckIn:
    _require_manage(by, plan.person)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Write the check-in note."})
    with transaction.atomic():
        entry = PlanCheckIn.objects.create(plan=plan, author=by, note=note)
        log_action(
            actor=by,
            action="careers.plan.check_in",
            obj=plan,
            summary=f"Check-in by {by}",
        )
    return entry


def manageable_people(access: Access) -> QuerySet[Person]:
    """People whose plans the user may manage, for pickers (self, reports, library staff)."""
    if access.is_site_admin:
        return Person.objects.all()
    current = Employment.objects.current().filter(library_id__in=access.admin_library_ids)
    return Person.objects.filter(
        Q(pk=access.person_id) | Q(pk__in=access.report_ids) | Q(pk__in=current.values("person_id"))
    )
