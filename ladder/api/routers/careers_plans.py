"""API: development plans (goals, planned sessions, agreement, check-ins) and yearly
evaluations (write, comment, sign, addenda, PDF link). The rules live in
ladder.careers.plans and ladder.careers.evaluations; what the caller may not see is a 404."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.lookups import one, optional
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.careers_plans import (
    AddendumIn,
    AddendumOut,
    CheckInIn,
    CheckInOut,
    CommentIn,
    EvaluationDetailOut,
    EvaluationFilter,
    EvaluationIn,
    EvaluationOut,
    EvaluationPatch,
    GoalIn,
    GoalPatch,
    PlanDetailOut,
    PlanFilter,
    PlanIn,
    PlannedSessionAdded,
    PlannedSessionIn,
    PlanOut,
    PlanPatch,
)
from ladder.careers import evaluations as evals
from ladder.careers import plans as svc
from ladder.careers import policies
from ladder.careers.models import DevelopmentPlan, Evaluation, PlanGoal, PlannedSession
from ladder.core.access import get_visible_or_404
from ladder.core.policies import api_permission, require, signed_in
from ladder.learning.models import Session
from ladder.people.models import JobClass, Person
from ladder.people.selectors import people_managed_by
from ladder.skills.models import Competency

router = Router(tags=["careers"])


# --- plans ----------------------------------------------------------------------------------


def _plan(request: HttpRequest, plan_id: int) -> DevelopmentPlan:
    plan: DevelopmentPlan = get_visible_or_404(
        svc.plan_with_details(svc.plans_visible_to(access(request))), pk=plan_id
    )
    return plan


def _detail(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = _plan(request, plan_id)
    progress = svc.plan_progress(plan)
    return {
        "id": plan.pk,
        "person": plan.person,
        "title": plan.title,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "target_job_class": plan.target_job_class,
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "agreed_by": plan.agreed_by,
        "agreed_at": plan.agreed_at,
        "url": plan.get_absolute_url(),
        "progress_percent": progress.percent,
        "goals": [
            {
                "id": g.goal.pk,
                "description": g.goal.description,
                "competency": g.goal.competency,
                "target_level": g.goal.target_level,
                "due_on": g.goal.due_on,
                "done_on": g.goal.done_on,
                "current_level": g.current_level,
                "progress_percent": g.percent,
                "met": g.met,
            }
            for g in progress.goals
        ],
        "planned_sessions": [
            {
                "id": s.planned.pk,
                "session_id": s.planned.session_id,
                "session_title": str(s.planned.session),
                "starts_at": s.planned.session.starts_at,
                "reason": s.planned.reason,
                "added_at": s.planned.added_at,
                "status": s.status,
                "status_label": s.label,
            }
            for s in progress.sessions
        ],
        "check_ins": list(plan.check_ins.all()),
        "gaps": [{"kind": g.kind, "label": g.label} for g in progress.gaps],
    }


def _job_class(pk: int | None) -> JobClass | None:
    return optional(JobClass.objects.all(), pk, "target_job_class_id")


def _competency(pk: int | None) -> Competency | None:
    return optional(Competency.objects.all(), pk, "competency_id")


def _session(pk: int) -> Session:
    return one(Session.objects.select_related("offering"), pk, "session_id")


@router.get("/plans", response=list[PlanOut], summary="Development plans you may see")
@paginate(LimitOffset)
@api_permission(signed_in, scope=svc.plans_visible_to)
def careers_list_plans(request: HttpRequest, filters: Query[PlanFilter]) -> QuerySet[Any]:
    plans = svc.plans_visible_to(access(request))
    if filters.person_id:
        plans = plans.filter(person_id=filters.person_id)
    if filters.status:
        plans = plans.filter(status=filters.status)
    return plans.order_by("person__last_name", "-starts_on", "-id")


@router.post("/plans", response={201: PlanDetailOut}, summary="Start a development plan")
@api_permission(policies.can_manage_plan)
def careers_create_plan(request: HttpRequest, payload: PlanIn) -> Status[Any]:
    subject = one(svc.plan_people(access(request)), payload.person_id, "person_id")
    plan = svc.plan_create(
        by=person(request),
        person=subject,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        target_job_class=_job_class(payload.target_job_class_id),
    )
    return Status(201, _detail(request, plan.pk))


@router.get(
    "/plans/{plan_id}",
    response=PlanDetailOut,
    summary="A plan with its goals, sessions, check-ins and progress",
)
@api_permission(signed_in, scope=svc.plans_visible_to)
def careers_get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return _detail(request, plan_id)


@router.patch(
    "/plans/{plan_id}",
    response=PlanDetailOut,
    summary="Change a plan (after agreement it becomes 'changed since agreed')",
)
@api_permission(policies.can_manage_plan, scope=svc.plans_visible_to)
def careers_update_plan(request: HttpRequest, plan_id: int, payload: PlanPatch) -> dict[str, Any]:
    plan = _plan(request, plan_id)
    data = payload.model_dump(exclude_unset=True)
    if "target_job_class_id" in data:
        data["target_job_class"] = _job_class(data.pop("target_job_class_id"))
    svc.plan_update(by=person(request), plan=plan, **data)
    return _detail(request, plan_id)


@router.post(
    "/plans/{plan_id}/agree",
    response=PlanDetailOut,
    summary="Agree to a plan (the person's supervisor chain or library admin)",
)
@api_permission(policies.can_agree_plan, scope=svc.plans_visible_to)
def careers_agree_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    svc.plan_agree(by=person(request), plan=_plan(request, plan_id))
    return _detail(request, plan_id)


@router.post("/plans/{plan_id}/close", response=PlanDetailOut, summary="Close a plan")
@api_permission(policies.can_manage_plan, scope=svc.plans_visible_to)
def careers_close_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    svc.plan_close(by=person(request), plan=_plan(request, plan_id))
    return _detail(request, plan_id)


@router.post("/plans/{plan_id}/goals", response={201: PlanDetailOut}, summary="Add a goal")
@api_permission(policies.can_manage_plan, scope=svc.plans_visible_to)
def careers_add_goal(request: HttpRequest, plan_id: int, payload: GoalIn) -> Status[Any]:
    svc.goal_add(
        by=person(request),
        plan=_plan(request, plan_id),
        description=payload.description,
        competency=_competency(payload.competency_id),
        target_level=payload.target_level,
        due_on=payload.due_on,
    )
    return Status(201, _detail(request, plan_id))


def _goal(request: HttpRequest, plan_id: int, goal_id: int) -> PlanGoal:
    plan = _plan(request, plan_id)
    goal: PlanGoal = get_visible_or_404(PlanGoal.objects.filter(plan=plan), pk=goal_id)
    goal.plan = plan
    return goal


@router.patch(
    "/plans/{plan_id}/goals/{goal_id}",
    response=PlanDetailOut,
    summary="Change a goal, or mark it done (done_on)",
)
@api_permission(policies.can_manage_plan, scope=svc.plans_visible_to)
def careers_update_goal(
    request: HttpRequest, plan_id: int, goal_id: int, payload: GoalPatch
) -> dict[str, Any]:
    goal = _goal(request, plan_id, goal_id)
    data = payload.model_dump(exclude_unset=True)
    if "competency_id" in data:
        data["competency"] = _competency(data.pop("competency_id"))
    svc.goal_update(by=person(request), goal=goal, **data)
    return _detail(request, plan_id)


@router.delete("/plans/{plan_id}/goals/{goal_id}", response={204: None}, summary="Remove a goal")
@api_permission(policies.can_manage_plan, scope=svc.plans_visible_to)
def careers_delete_goal(request: HttpRequest, plan_id: int, goal_id: int) -> Status[Any]:
    svc.goal_delete(by=person(request), goal=_goal(request, plan_id, goal_id))
    return Status(204, None)


@router.post(
    "/plans/{plan_id}/sessions",
    response={200: PlannedSessionAdded, 201: PlannedSessionAdded},
    summary="Plan a session (adding one already planned changes nothing: 200)",
)
@api_permission(policies.can_manage_plan, scope=svc.plans_visible_to)
def careers_add_planned_session(
    request: HttpRequest, plan_id: int, payload: PlannedSessionIn
) -> Status[Any]:
    item, created = svc.session_add(
        by=person(request),
        plan=_plan(request, plan_id),
        session=_session(payload.session_id),
        reason=payload.reason,
    )
    body = {"plan_id": item.plan_id, "planned_session_id": item.pk, "created": created}
    return Status(201 if created else 200, body)


@router.post(
    "/people/{person_id}/current-plan/sessions",
    response={200: PlannedSessionAdded, 201: PlannedSessionAdded},
    summary="Add a session to a person's current plan (one click from a recommendation)",
    description="A draft plan is started when the person has no open plan. Idempotent.",
)
@api_permission(policies.can_manage_plan)
def careers_add_session_to_current_plan(
    request: HttpRequest, person_id: int, payload: PlannedSessionIn
) -> Status[Any]:
    subject: Person = get_visible_or_404(svc.plan_people(access(request)), pk=person_id)
    item, created = svc.session_add_to_current(
        by=person(request),
        person=subject,
        session=_session(payload.session_id),
        reason=payload.reason,
    )
    body = {"plan_id": item.plan_id, "planned_session_id": item.pk, "created": created}
    return Status(201 if created else 200, body)


@router.delete(
    "/plans/{plan_id}/sessions/{planned_session_id}",
    response={204: None},
    summary="Take a session out of the plan",
)
@api_permission(policies.can_manage_plan, scope=svc.plans_visible_to)
def careers_delete_planned_session(
    request: HttpRequest, plan_id: int, planned_session_id: int
) -> Status[Any]:
    plan = _plan(request, plan_id)
    planned: PlannedSession = get_visible_or_404(
        PlannedSession.objects.filter(plan=plan).select_related("session__offering"),
        pk=planned_session_id,
    )
    planned.plan = plan
    svc.session_remove(by=person(request), planned=planned)
    return Status(204, None)


@router.post(
    "/plans/{plan_id}/check-ins", response={201: CheckInOut}, summary="Add a check-in note"
)
@api_permission(policies.can_manage_plan, scope=svc.plans_visible_to)
def careers_add_check_in(request: HttpRequest, plan_id: int, payload: CheckInIn) -> Status[Any]:
    entry = svc.check_in_add(by=person(request), plan=_plan(request, plan_id), note=payload.note)
    return Status(201, entry)


# --- evaluations ----------------------------------------------------------------------------


def _evaluation(request: HttpRequest, evaluation_id: int) -> Evaluation:
    evaluation: Evaluation = get_visible_or_404(
        evals.evaluation_with_addenda(evals.evaluations_visible_to(access(request))),
        pk=evaluation_id,
    )
    return evaluation


@router.get(
    "/evaluations",
    response=list[EvaluationOut],
    summary="Evaluations you may see (yours, your reports', your library's)",
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=evals.evaluations_visible_to)
def careers_list_evaluations(
    request: HttpRequest, filters: Query[EvaluationFilter]
) -> QuerySet[Evaluation]:
    caller = access(request)
    evaluations = (
        evals.my_evaluations(person(request))
        if filters.mine
        else evals.evaluations_visible_to(caller)
    )
    if filters.person_id:
        evaluations = evaluations.filter(person_id=filters.person_id)
    return evaluations.order_by("-period_end", "person__last_name", "-id")


@router.post(
    "/evaluations",
    response={201: EvaluationDetailOut},
    summary="Start an evaluation (the reviewer must be in the person's chain or a library admin)",
)
@api_permission(policies.can_write_evaluations)
def careers_create_evaluation(request: HttpRequest, payload: EvaluationIn) -> Status[Any]:
    caller = access(request)
    subject = one(people_managed_by(caller), payload.person_id, "person_id")
    reviewer = optional(Person.objects.filter(is_active=True), payload.reviewer_id, "reviewer_id")
    created = evals.evaluation_create(
        by=person(request),
        person=subject,
        period_start=payload.period_start,
        period_end=payload.period_end,
        reviewer=reviewer,
    )
    return Status(201, _evaluation(request, created.pk))


@router.get("/evaluations/{evaluation_id}", response=EvaluationDetailOut)
@api_permission(signed_in, scope=evals.evaluations_visible_to)
def careers_get_evaluation(request: HttpRequest, evaluation_id: int) -> Evaluation:
    return _evaluation(request, evaluation_id)


@router.patch(
    "/evaluations/{evaluation_id}",
    response=EvaluationDetailOut,
    summary="The reviewer writes the narrative and goals (refused once signed)",
)
@api_permission(policies.can_write_evaluation, scope=evals.evaluations_visible_to)
def careers_update_evaluation(
    request: HttpRequest, evaluation_id: int, payload: EvaluationPatch
) -> Evaluation:
    evaluation = _evaluation(request, evaluation_id)
    evals.evaluation_update(
        by=person(request), evaluation=evaluation, **payload.model_dump(exclude_unset=True)
    )
    return _evaluation(request, evaluation_id)


@router.post(
    "/evaluations/{evaluation_id}/comment",
    response=EvaluationDetailOut,
    summary="The person's comment (until they sign)",
)
@api_permission(policies.can_comment_evaluation, scope=evals.evaluations_visible_to)
def careers_comment_evaluation(
    request: HttpRequest, evaluation_id: int, payload: CommentIn
) -> Evaluation:
    evaluation = _evaluation(request, evaluation_id)
    evals.evaluation_comment(by=person(request), evaluation=evaluation, comment=payload.comment)
    return _evaluation(request, evaluation_id)


@router.post(
    "/evaluations/{evaluation_id}/sign",
    response=EvaluationDetailOut,
    summary="Sign: the reviewer first (freezes the data section), then the person",
)
@api_permission(policies.can_sign_evaluation, scope=evals.evaluations_visible_to)
def careers_sign_evaluation(request: HttpRequest, evaluation_id: int) -> Evaluation:
    evals.evaluation_sign(by=person(request), evaluation=_evaluation(request, evaluation_id))
    return _evaluation(request, evaluation_id)


@router.post(
    "/evaluations/{evaluation_id}/refresh",
    response=EvaluationDetailOut,
    summary="Refill the data section from the data (no change once someone has signed)",
)
@api_permission(policies.can_sign_evaluation, scope=evals.evaluations_visible_to)
def careers_refresh_evaluation(request: HttpRequest, evaluation_id: int) -> Evaluation:
    evaluation = _evaluation(request, evaluation_id)
    require(
        policies.can_sign_evaluation,
        access(request),
        evaluation,
        message="Only the reviewer and the person refresh it.",
    )
    evals.pd_section_refresh(evaluation=evaluation)
    return _evaluation(request, evaluation_id)


@router.post(
    "/evaluations/{evaluation_id}/addenda",
    response={201: AddendumOut},
    summary="Add an addendum to a signed evaluation",
)
@api_permission(policies.can_add_to_evaluation, scope=evals.evaluations_visible_to)
def careers_add_addendum(
    request: HttpRequest, evaluation_id: int, payload: AddendumIn
) -> Status[Any]:
    addendum = evals.addendum_add(
        by=person(request), evaluation=_evaluation(request, evaluation_id), body=payload.body
    )
    return Status(201, addendum)
