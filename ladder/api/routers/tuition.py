"""API: grow your own (issue #6). The rules live in ladder.tuition; privacy as on the pages:
enrolments, claims and promotions are seen by the person, their supervisor chain, their
library's admins and the programme sponsor's admins; anyone else gets a 404."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.tuition import (
    AcceptIn,
    BudgetIn,
    BudgetOut,
    ClaimCorrectIn,
    ClaimIn,
    ClaimOut,
    CompleteIn,
    CompleteOut,
    DashboardOut,
    EnrolmentIn,
    EnrolmentOut,
    GradeIn,
    NoteIn,
    PayIn,
    ProgrammeOut,
    PromotionCorrectIn,
    PromotionOut,
    PromotionProposeIn,
    RefuseIn,
)
from ladder.core.access import get_visible_or_404
from ladder.core.links import absolute_url
from ladder.core.policies import api_permission, require, signed_in
from ladder.people.models import Employment, JobClass
from ladder.tuition import claims as claim_svc
from ladder.tuition import corrections
from ladder.tuition import enrolments as enrol_svc
from ladder.tuition import promotions as promo_svc
from ladder.tuition.dashboard import programme_dashboard
from ladder.tuition.models import Claim, Enrolment, Programme, ProgrammeBudget, Promotion
from ladder.tuition.policies import (
    can_apply_to,
    can_change_programme,
    can_claim_for,
    can_decide_enrolment,
    can_decide_promotion,
    can_list_promotions,
    can_manage_claims,
    can_propose_promotion,
)
from ladder.tuition.programmes import (
    budget_set,
    enrolments_visible_to,
    managed_programmes,
    programmes_visible_to,
)

router = Router(tags=["tuition"])


def _enrolment(request: HttpRequest, pk: int) -> Enrolment:
    found: Enrolment = get_visible_or_404(enrolments_visible_to(access(request)), pk=pk)
    return found


def _claim(request: HttpRequest, pk: int) -> Claim:
    found: Claim = get_visible_or_404(claim_svc.claims_visible_to(access(request)), pk=pk)
    return found


def _promotion(request: HttpRequest, pk: int) -> Promotion:
    found: Promotion = get_visible_or_404(promo_svc.promotions_visible_to(access(request)), pk=pk)
    return found


def _enrolment_out(enrolment: Enrolment) -> dict[str, Any]:
    commitment = enrol_svc.commitment_for(enrolment)
    out = EnrolmentOut.from_orm(enrolment).dict()
    out["repayment_owed"] = commitment.owed if commitment else None
    return out


@router.get(
    "/tuition/programmes",
    response=list[ProgrammeOut],
    summary="Tuition programmes you may apply to or approve for",
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=programmes_visible_to)
def tuition_programme_list(request: HttpRequest) -> Any:
    return programmes_visible_to(access(request)).order_by("name", "pk")


@router.get(
    "/tuition/programmes/{programme_id}/dashboard",
    response=DashboardOut,
    summary="Participants by stage, spending against budget, graduates, retention",
)
@api_permission(signed_in)
def tuition_programme_dashboard(request: HttpRequest, programme_id: int) -> Any:
    caller = access(request)
    programme: Programme = get_visible_or_404(managed_programmes(caller), pk=programme_id)
    board = programme_dashboard(programme, enrolments_visible_to(caller))
    return {
        "stages": [{"status": s, "label": label, "count": n} for s, label, n in board.stages],
        "years": [
            {
                "fiscal_year": y.fiscal_year,
                "label": y.label,
                "budget": y.budget,
                "approved": y.approved,
                "paid": y.paid,
                "remaining": y.remaining,
            }
            for y in board.years
        ],
        "graduates": board.graduates,
        "promotions": board.promotions,
        "commitments_ended": board.commitments_ended,
        "retained": board.retained,
        "median_months_to_degree": board.median_months_to_degree,
    }


@router.put(
    "/tuition/programmes/{programme_id}/budget",
    response=BudgetOut,
    summary="Set a fiscal year's budget (the sponsor's admins)",
)
@api_permission(can_change_programme)
def tuition_budget_set(request: HttpRequest, programme_id: int, body: BudgetIn) -> ProgrammeBudget:
    programme: Programme = get_visible_or_404(managed_programmes(access(request)), pk=programme_id)
    return budget_set(
        by=person(request), programme=programme, fiscal_year=body.fiscal_year, amount=body.amount
    )


@router.get("/tuition/enrolments", response=list[EnrolmentOut], summary="Enrolments you may see")
@paginate(LimitOffset)
@api_permission(signed_in, scope=enrolments_visible_to)
def tuition_enrolment_list(request: HttpRequest) -> Any:
    return enrolments_visible_to(access(request)).order_by("-applied_at", "-pk")


@router.post("/tuition/enrolments", response={201: EnrolmentOut}, summary="Apply to a programme")
@api_permission(can_apply_to, scope=programmes_visible_to)
def tuition_enrolment_apply(request: HttpRequest, body: EnrolmentIn) -> Any:
    programme: Programme = get_visible_or_404(
        programmes_visible_to(access(request)), pk=body.programme_id
    )
    data = body.dict(exclude={"programme_id"})
    enrolment = enrol_svc.enrolment_apply(by=person(request), programme=programme, **data)
    return Status(201, _enrolment_out(enrolment))


@router.get("/tuition/enrolments/{enrolment_id}", response=EnrolmentOut, summary="One enrolment")
@api_permission(signed_in, scope=enrolments_visible_to)
def tuition_enrolment_get(request: HttpRequest, enrolment_id: int) -> Any:
    return _enrolment_out(_enrolment(request, enrolment_id))


@router.post(
    "/tuition/enrolments/{enrolment_id}/approve",
    response=EnrolmentOut,
    summary="Approve: the library's admins, then the sponsor's",
)
@api_permission(can_decide_enrolment, scope=enrolments_visible_to)
def tuition_enrolment_approve(request: HttpRequest, enrolment_id: int, body: NoteIn) -> Any:
    enrolment = enrol_svc.enrolment_approve(
        by=person(request), enrolment=_enrolment(request, enrolment_id), note=body.note
    )
    return _enrolment_out(enrolment)


@router.post("/tuition/enrolments/{enrolment_id}/refuse", response=EnrolmentOut, summary="Refuse")
@api_permission(can_decide_enrolment, scope=enrolments_visible_to)
def tuition_enrolment_refuse(request: HttpRequest, enrolment_id: int, body: NoteIn) -> Any:
    enrolment = enrol_svc.enrolment_refuse(
        by=person(request), enrolment=_enrolment(request, enrolment_id), note=body.note
    )
    return _enrolment_out(enrolment)


@router.post(
    "/tuition/enrolments/{enrolment_id}/complete",
    response=CompleteOut,
    summary="Record the degree: award, start the commitment, maybe propose a promotion",
)
@api_permission(can_decide_enrolment, scope=enrolments_visible_to)
def tuition_enrolment_complete(request: HttpRequest, enrolment_id: int, body: CompleteIn) -> Any:
    enrolment, promotion = enrol_svc.enrolment_complete(
        by=person(request), enrolment=_enrolment(request, enrolment_id), awarded_on=body.awarded_on
    )
    check = promo_svc.degree_check(enrolment) if promotion is None else None
    return {
        "enrolment": _enrolment_out(enrolment),
        "promotion_id": promotion.pk if promotion else None,
        "no_promotion_reason": check.why_not if check else None,
        "gap_url": absolute_url(check.gap_path) if check and check.gap_path else None,
    }


@router.get("/tuition/claims", response=list[ClaimOut], summary="Claims you may see")
@paginate(LimitOffset)
@api_permission(signed_in, scope=claim_svc.claims_visible_to)
def tuition_claim_list(request: HttpRequest) -> Any:
    return claim_svc.claims_visible_to(access(request)).order_by("-term_ends_on", "-pk")


@router.post(
    "/tuition/enrolments/{enrolment_id}/claims",
    response={201: ClaimOut},
    summary="Claim a term's costs",
)
@api_permission(can_claim_for, scope=enrolments_visible_to)
def tuition_claim_submit(request: HttpRequest, enrolment_id: int, body: ClaimIn) -> Any:
    claim = claim_svc.claim_submit(
        by=person(request), enrolment=_enrolment(request, enrolment_id), **body.dict()
    )
    return Status(201, claim)


@router.post(
    "/tuition/claims/{claim_id}/approve",
    response=ClaimOut,
    summary="Approve against the caps and the remaining budget",
)
@api_permission(can_manage_claims, scope=claim_svc.claims_visible_to)
def tuition_claim_approve(request: HttpRequest, claim_id: int) -> Claim:
    return claim_svc.claim_approve(by=person(request), claim=_claim(request, claim_id))


@router.post("/tuition/claims/{claim_id}/grade", response=ClaimOut, summary="Record the grade")
@api_permission(can_manage_claims, scope=claim_svc.claims_visible_to)
def tuition_claim_grade(request: HttpRequest, claim_id: int, body: GradeIn) -> Claim:
    return claim_svc.claim_grade(
        by=person(request), claim=_claim(request, claim_id), grade=body.grade
    )


@router.post("/tuition/claims/{claim_id}/pay", response=ClaimOut, summary="Record the payment")
@api_permission(can_manage_claims, scope=claim_svc.claims_visible_to)
def tuition_claim_pay(request: HttpRequest, claim_id: int, body: PayIn) -> Claim:
    return claim_svc.claim_pay(
        by=person(request),
        claim=_claim(request, claim_id),
        paid_on=body.paid_on,
        reference=body.reference,
    )


@router.post("/tuition/claims/{claim_id}/refuse", response=ClaimOut, summary="Refuse a claim")
@api_permission(can_manage_claims, scope=claim_svc.claims_visible_to)
def tuition_claim_refuse(request: HttpRequest, claim_id: int, body: RefuseIn) -> Claim:
    return claim_svc.claim_refuse(
        by=person(request), claim=_claim(request, claim_id), reason=body.reason
    )


@router.post(
    "/tuition/claims/{claim_id}/correct",
    response={201: ClaimOut},
    summary="Correct a paid claim with an adjustment claim (the paid claim never changes)",
)
@api_permission(can_manage_claims, scope=claim_svc.claims_visible_to)
def tuition_claim_correct(request: HttpRequest, claim_id: int, body: ClaimCorrectIn) -> Any:
    adjustment = corrections.claim_correct(
        by=person(request),
        original=_claim(request, claim_id),
        amount=body.amount,
        reason=body.reason,
    )
    return Status(201, adjustment)


@router.get("/tuition/promotions", response=list[PromotionOut], summary="Promotions you may see")
@paginate(LimitOffset)
@api_permission(signed_in, scope=promo_svc.promotions_visible_to)
def tuition_promotion_list(request: HttpRequest) -> Any:
    return promo_svc.promotions_visible_to(access(request)).order_by("-proposed_at", "-pk")


@router.post(
    "/tuition/promotions",
    response={201: PromotionOut},
    summary="Propose a promotion for someone on your library's staff (library admins)",
    description="Refused with the reasons when the person does not meet the job class on the "
    "effective date. Accepting it (another admin, or you unless it is your own) starts the "
    "new job line and issues the letter.",
)
@api_permission(can_list_promotions)
def tuition_promotion_propose(request: HttpRequest, body: PromotionProposeIn) -> Any:
    caller = access(request)
    jobs = Employment.objects.current().select_related("person", "library", "job_class")
    if not caller.is_site_admin:
        jobs = jobs.filter(library_id__in=caller.admin_library_ids)
    job: Employment = get_visible_or_404(jobs, pk=body.employment_id)
    require(can_propose_promotion, caller, job)
    target = JobClass.objects.available_to_library(job.library_id).filter(pk=body.to_job_class_id)
    job_class = target.first()
    if job_class is None:
        raise ValidationError({"to_job_class_id": ["No such job class at this library."]})
    proposed = promo_svc.promotion_propose(
        by=person(request),
        employment=job,
        to_job_class=job_class,
        effective_date=body.effective_date,
        reason=body.reason,
        detail=body.detail,
    )
    return Status(201, proposed)


@router.post(
    "/tuition/promotions/{promotion_id}/accept",
    response=PromotionOut,
    summary="Accept: end the old job line, start the new class on the effective date",
)
@api_permission(can_decide_promotion, scope=promo_svc.promotions_visible_to)
def tuition_promotion_accept(request: HttpRequest, promotion_id: int, body: AcceptIn) -> Promotion:
    return promo_svc.promotion_accept(
        by=person(request),
        promotion=_promotion(request, promotion_id),
        effective_date=body.effective_date,
    )


@router.post("/tuition/promotions/{promotion_id}/decline", response=PromotionOut, summary="Decline")
@api_permission(can_decide_promotion, scope=promo_svc.promotions_visible_to)
def tuition_promotion_decline(request: HttpRequest, promotion_id: int, body: NoteIn) -> Promotion:
    return promo_svc.promotion_decline(
        by=person(request), promotion=_promotion(request, promotion_id), note=body.note
    )


@router.post(
    "/tuition/promotions/{promotion_id}/correct",
    response={201: PromotionOut},
    summary="Correct an accepted promotion with a new one pointing at it",
)
@api_permission(can_decide_promotion, scope=promo_svc.promotions_visible_to)
def tuition_promotion_correct(
    request: HttpRequest, promotion_id: int, body: PromotionCorrectIn
) -> Any:
    correction = corrections.promotion_correct(
        by=person(request),
        original=_promotion(request, promotion_id),
        effective_date=body.effective_date,
        detail=body.detail,
    )
    return Status(201, correction)
