"""API: openings and applications, candidate ranking, succession scenarios, workforce budget.

The rules live in ladder.openings (openings, ranking, scenarios, budgets). Applications and
scenarios are private to the library's admins and the applicant; pay and budgets to the
library's admins. What one may not see is a 404.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.openings import (
    ApplicationOut,
    ApplyIn,
    BudgetIn,
    BudgetOut,
    CloseIn,
    InviteIn,
    OpeningDetailOut,
    OpeningIn,
    OpeningOut,
    OpeningPatch,
    PayIn,
    PayOut,
    PublishIn,
    RankingOut,
    RankingQuery,
    ScenarioIn,
    ScenarioOut,
    WeightsIn,
    WeightsIO,
    WhatIfIn,
    WhatIfOut,
)
from ladder.core.access import get_visible_or_404
from ladder.core.policies import api_permission, signed_in
from ladder.openings import budgets, ranking, scenarios
from ladder.openings import openings as svc
from ladder.openings.models import Application, LibraryBudget, Opening, SuccessionScenario
from ladder.openings.policies import (
    can_apply_as,
    can_change_scenario,
    can_manage_budget,
    can_manage_opening,
    can_open_posts_at,
    can_plan_succession_at,
    can_set_pay,
    can_set_ranking_weights,
)
from ladder.orgs.models import Branch, Library
from ladder.people.models import Employment, JobClass, Person
from ladder.skills.models import Competency

router = Router(tags=["openings"])


def _opening(request: HttpRequest, opening_id: int) -> Opening:
    found: Opening = get_visible_or_404(svc.openings_visible_to(access(request)), pk=opening_id)
    return found


def _managed(request: HttpRequest, opening_id: int) -> Opening:
    found: Opening = get_visible_or_404(svc.managed_openings(access(request)), pk=opening_id)
    return found


def _admin_library(request: HttpRequest, library_id: int) -> Library:
    found: Library = get_visible_or_404(svc.manageable_libraries(access(request)), pk=library_id)
    return found


def _competencies(rows: list[Any]) -> list[tuple[Competency, str, int]]:
    found = Competency.objects.in_bulk([r.competency_id for r in rows])
    missing = [r.competency_id for r in rows if r.competency_id not in found]
    if missing:
        from django.core.exceptions import ValidationError

        raise ValidationError({"competencies": f"Unknown competency {missing[0]}."})
    return [(found[r.competency_id], r.kind, r.level) for r in rows]


def _detail(opening: Opening) -> Opening:
    return (
        Opening.objects.select_related("library", "branch", "job_class")
        .prefetch_related("competencies__competency")
        .get(pk=opening.pk)
    )


def _object(model: Any, pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({field: f"No such {field.removesuffix('_id').replace('_', ' ')}."})
    return found


# --- openings -------------------------------------------------------------------------------


@router.get(
    "/openings",
    response=list[OpeningOut],
    summary="Openings offered to your network's staff",
)
@paginate(LimitOffset)
@api_permission(signed_in)
def openings_list(request: HttpRequest) -> QuerySet[Opening]:
    return svc.open_openings_for_staff(access(request))


@router.get(
    "/openings/managed",
    response=list[OpeningOut],
    summary="Your libraries' openings, drafts included (library admins)",
)
@paginate(LimitOffset)
@api_permission(signed_in)
def openings_managed(request: HttpRequest) -> QuerySet[Opening]:
    return svc.managed_openings(access(request))


@router.post("/openings", response={201: OpeningDetailOut}, summary="Create a draft opening")
@api_permission(can_open_posts_at)
def openings_create(request: HttpRequest, payload: OpeningIn) -> Status[Any]:
    library = _admin_library(request, payload.library_id)
    created = svc.opening_create(
        by=person(request),
        library=library,
        job_class=_object(JobClass, payload.job_class_id, "job_class_id"),
        weekly_hours=payload.weekly_hours,
        branch=_object(Branch, payload.branch_id, "branch_id"),
        competencies=_competencies(payload.competencies),
        title=payload.title,
        description=payload.description,
        schedule=payload.schedule,
        benefits_eligible=payload.benefits_eligible,
        benefits=payload.benefits,
        reason=payload.reason,
        internal_until=payload.internal_until,
        external_from=payload.external_from,
    )
    return Status(201, _detail(created))


@router.get("/openings/{opening_id}", response=OpeningDetailOut, summary="One opening")
@api_permission(signed_in, scope=svc.openings_visible_to)
def openings_get(request: HttpRequest, opening_id: int) -> Opening:
    return _detail(_opening(request, opening_id))


@router.patch("/openings/{opening_id}", response=OpeningDetailOut, summary="Change an opening")
@api_permission(can_manage_opening)
def openings_update(request: HttpRequest, opening_id: int, payload: OpeningPatch) -> Opening:
    opening = _managed(request, opening_id)
    data = payload.model_dump(exclude_unset=True)
    fields: dict[str, Any] = {}
    competencies = None
    for name, value in data.items():
        if name == "competencies":
            competencies = _competencies(payload.competencies)
        elif name == "job_class_id":
            fields["job_class"] = _object(JobClass, value, name)
        elif name == "branch_id":
            fields["branch"] = _object(Branch, value, name)
        else:
            fields[name] = value
    updated = svc.opening_update(
        by=person(request), opening=opening, competencies=competencies, **fields
    )
    return _detail(updated)


@router.post(
    "/openings/{opening_id}/publish",
    response=OpeningDetailOut,
    summary="Open a draft to the network's staff, or advertise it externally",
    description="Opening it internally e-mails the staff whose stated interests match.",
)
@api_permission(can_manage_opening)
def openings_publish(request: HttpRequest, opening_id: int, payload: PublishIn) -> Opening:
    opening = _managed(request, opening_id)
    return _detail(
        svc.opening_publish(by=person(request), opening=opening, external=payload.external)
    )


@router.post("/openings/{opening_id}/close", response=OpeningDetailOut, summary="Close an opening")
@api_permission(can_manage_opening)
def openings_close(request: HttpRequest, opening_id: int, payload: CloseIn) -> Opening:
    opening = _managed(request, opening_id)
    return _detail(svc.opening_close(by=person(request), opening=opening, filled=payload.filled))


# --- applications ---------------------------------------------------------------------------


@router.post(
    "/openings/{opening_id}/applications",
    response={201: ApplicationOut},
    summary="Apply with a note",
    description="Refused when you already applied, outside the internal window before any "
    "external posting, or for an opening of another network.",
)
@api_permission(can_apply_as, scope=svc.openings_visible_to)
def openings_apply(request: HttpRequest, opening_id: int, payload: ApplyIn) -> Status[Any]:
    opening = _opening(request, opening_id)
    created = svc.application_create(by=person(request), opening=opening, note=payload.note)
    return Status(201, svc.applications_visible_to(access(request)).get(pk=created.pk))


@router.post(
    "/openings/{opening_id}/invitations",
    response={201: ApplicationOut},
    summary="Invite a member of the network's staff to apply (library admins)",
)
@api_permission(can_manage_opening)
def openings_invite(request: HttpRequest, opening_id: int, payload: InviteIn) -> Status[Any]:
    opening = _managed(request, opening_id)
    invitee = Person.objects.filter(pk=payload.person_id).first()
    if invitee is None:
        raise Http404("No such person")
    created = svc.application_invite(
        by=person(request), opening=opening, person=invitee, note=payload.note
    )
    return Status(201, svc.applications_visible_to(access(request)).get(pk=created.pk))


@router.get(
    "/openings/{opening_id}/applications",
    response=list[ApplicationOut],
    summary="Applications and invitations for an opening (library admins)",
)
@paginate(LimitOffset)
@api_permission(can_manage_opening)
def openings_applications(request: HttpRequest, opening_id: int) -> QuerySet[Application]:
    return svc.applications_for(_managed(request, opening_id)).select_related("opening")


@router.get(
    "/me/applications", response=list[ApplicationOut], summary="Your applications and invitations"
)
@paginate(LimitOffset)
@api_permission(signed_in)
def openings_my_applications(request: HttpRequest) -> QuerySet[Application]:
    return svc.my_applications(person(request)).select_related("person", "invited_by")


# --- ranking --------------------------------------------------------------------------------


@router.get(
    "/openings/{opening_id}/ranking",
    response=RankingOut,
    summary="Internal candidates ranked, each score explained line by line (library admins)",
    description="`scope=network` ranks the staff of every member of the library's networks.",
)
@api_permission(can_manage_opening)
def openings_ranking(
    request: HttpRequest, opening_id: int, filters: Query[RankingQuery]
) -> dict[str, Any]:
    opening = _managed(request, opening_id)
    result = ranking.rank_candidates(opening, whole_network=filters.scope == "network")
    rows = result.rows(filters.offset, filters.limit)
    return {
        "opening_id": opening.pk,
        "scope": filters.scope,
        "count": result.count,
        "limit": filters.limit,
        "offset": filters.offset,
        "weights": result.weights.__dict__,
        "items": [
            {
                "rank": row.rank,
                "person": row.person,
                "total": row.total,
                "application_status": row.application_status,
                "current_jobs": row.current_jobs,
                "parts": [part.__dict__ for part in row.parts],
            }
            for row in rows
        ],
    }


@router.get(
    "/libraries/{library_id}/ranking-weights",
    response=WeightsIO,
    summary="The library's ranking weights (library admins)",
)
@api_permission(can_set_ranking_weights)
def openings_weights_get(request: HttpRequest, library_id: int) -> dict[str, Any]:
    return ranking.weights_for(_admin_library(request, library_id).pk).__dict__


@router.put(
    "/libraries/{library_id}/ranking-weights",
    response=WeightsIO,
    summary="Adjust the library's ranking weights (library admins)",
)
@api_permission(can_set_ranking_weights)
def openings_weights_set(request: HttpRequest, library_id: int, payload: WeightsIn) -> Any:
    library = _admin_library(request, library_id)
    ranking.weights_set(by=person(request), library=library, **payload.model_dump())
    return ranking.weights_for(library.pk).__dict__


# --- succession -----------------------------------------------------------------------------


def _scenario(request: HttpRequest, scenario_id: int) -> SuccessionScenario:
    found: SuccessionScenario = get_visible_or_404(
        scenarios.scenarios_visible_to(access(request)), pk=scenario_id
    )
    return found


@router.get(
    "/succession-scenarios",
    response=list[ScenarioOut],
    summary="Your libraries' succession scenarios (library admins)",
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=scenarios.scenarios_visible_to)
def openings_scenarios(request: HttpRequest) -> QuerySet[SuccessionScenario]:
    return scenarios.scenarios_visible_to(access(request))


@router.post(
    "/succession-scenarios",
    response={201: ScenarioOut},
    summary="Create and run a succession scenario",
    description="Small libraries are solved at once; larger ones run as a job (`job_id`, "
    "progress at /jobs/{id}/); `status` says which. A library without hats is refused.",
)
@api_permission(can_plan_succession_at)
def openings_scenario_create(request: HttpRequest, payload: ScenarioIn) -> Status[Any]:
    library = _admin_library(request, payload.library_id)
    created = scenarios.scenario_create(
        by=person(request),
        library=library,
        kind=payload.kind,
        person=_object(Person, payload.person_id, "person_id"),
        employment=_object(Employment, payload.employment_id, "employment_id"),
        name=payload.name,
        hat_share=payload.hat_share,
    )
    return Status(201, _scenario(request, created.pk))


@router.get(
    "/succession-scenarios/{scenario_id}",
    response=ScenarioOut,
    summary="A scenario with each person's hats before and after",
)
@api_permission(signed_in, scope=scenarios.scenarios_visible_to)
def openings_scenario_get(request: HttpRequest, scenario_id: int) -> SuccessionScenario:
    return _scenario(request, scenario_id)


@router.post(
    "/succession-scenarios/{scenario_id}/draft-opening",
    response={201: OpeningDetailOut},
    summary="Draft an opening for the skill set the remaining staff lack",
)
@api_permission(can_change_scenario, scope=scenarios.scenarios_visible_to)
def openings_scenario_draft(request: HttpRequest, scenario_id: int) -> Status[Any]:
    scenario = _scenario(request, scenario_id)
    opening = scenarios.scenario_draft_opening(by=person(request), scenario=scenario)
    return Status(201, _detail(opening))


# --- budget ---------------------------------------------------------------------------------


def _budget(request: HttpRequest, library_id: int) -> LibraryBudget:
    library = _admin_library(request, library_id)
    budget = budgets.latest_budget(library)
    if budget is None:
        raise Http404("No budget recorded for this library")
    return budget


def _budget_out(budget: LibraryBudget) -> dict[str, Any]:
    figures, _ = budgets.evaluate(budget, [])
    return {
        "library": {"id": budget.library_id, "name": budget.library.name},
        "fiscal_year": budget.fiscal_year,
        "salaries": budget.salaries,
        "benefits": budget.benefits,
        "total_operating": budget.total_operating,
        "threshold_percent": budget.threshold_percent,
        "source": budget.source,
        "figures": figures.as_dict(),
    }


@router.get(
    "/libraries/{library_id}/budget",
    response=BudgetOut,
    summary="Personnel cost and its share of the latest budget (library admins)",
)
@api_permission(can_manage_budget)
def openings_budget(request: HttpRequest, library_id: int) -> dict[str, Any]:
    return _budget_out(_budget(request, library_id))


@router.put(
    "/libraries/{library_id}/budget",
    response=BudgetOut,
    summary="Record a fiscal year's budget (library admins)",
    description="Negative figures are refused and nothing is saved.",
)
@api_permission(can_manage_budget)
def openings_budget_set(request: HttpRequest, library_id: int, payload: BudgetIn) -> Any:
    library = _admin_library(request, library_id)
    data = payload.model_dump()
    year = data.pop("fiscal_year")
    saved = budgets.budget_set(by=person(request), library=library, fiscal_year=year, **data)
    return _budget_out(saved)


@router.post(
    "/libraries/{library_id}/budget/what-if",
    response=WhatIfOut,
    summary="Figures with changes: a post made full-time, added, removed, two part-time posts "
    "merged into one full-time post, income changing",
)
@api_permission(can_manage_budget)
def openings_budget_whatif(request: HttpRequest, library_id: int, payload: WhatIfIn) -> Any:
    budget = _budget(request, library_id)
    changes = [c.model_dump(exclude_none=True) for c in payload.changes]
    before, after = budgets.evaluate(budget, changes)
    saved = None
    if payload.save_as:
        saved = budgets.budget_scenario_save(
            by=person(request), budget=budget, name=payload.save_as, changes=changes
        ).pk
    return {"before": before.as_dict(), "after": after.as_dict(), "saved_id": saved}


@router.put(
    "/employments/{employment_id}/pay",
    response=PayOut,
    summary="Set a post's hourly wage and benefits cost (library admins)",
)
@api_permission(can_set_pay)
def openings_pay_set(request: HttpRequest, employment_id: int, payload: PayIn) -> Any:
    caller = access(request)
    jobs = Employment.objects.all()
    if not caller.is_site_admin:
        jobs = jobs.filter(library_id__in=caller.admin_library_ids)
    job: Employment = get_visible_or_404(jobs, pk=employment_id)
    pay = budgets.pay_set(
        by=person(request),
        employment=job,
        hourly_wage=payload.hourly_wage,
        annual_benefits=payload.annual_benefits,
    )
    return {
        "employment_id": job.pk,
        "hourly_wage": pay.hourly_wage,
        "annual_benefits": pay.annual_benefits,
    }
