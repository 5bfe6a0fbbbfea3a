"""Tuition pages: mine, apply, programmes (admins), the dashboard, an enrolment, a claim,
receipts, promotions and the promotion letter. 404 for what one may not see, 403 for what
one sees but may not change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.files import serve_stored
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import allowed, permission, require, signed_in
from ladder.core.submission import saved
from ladder.orgs.duties import decision_for, fallback_q, waiting_for
from ladder.orgs.forms import show_errors
from ladder.people.models import Employment, JobClass
from ladder.tuition import claims as claim_svc
from ladder.tuition import corrections
from ladder.tuition import enrolments as enrol_svc
from ladder.tuition import forms as f
from ladder.tuition import promotions as promo_svc
from ladder.tuition.dashboard import programme_dashboard
from ladder.tuition.models import Claim, ClaimReceipt, Enrolment, Promotion
from ladder.tuition.pdf import promotion_letter_pdf
from ladder.tuition.policies import (
    can_approve_as_library,
    can_approve_as_sponsor,
    can_change_programme,
    can_claim_for,
    can_create_programmes,
    can_decide_promotion,
    can_list_promotions,
    can_manage_claims,
    can_open_tuition_admin,
)
from ladder.tuition.programmes import (
    enrolments_visible_to,
    managed_programmes,
    programmes_visible_to,
    require_claim_decider,
)

E = Enrolment.Status


def _with_claims(qs: Any) -> Any:
    return qs.prefetch_related(
        Prefetch("claims", queryset=Claim.objects.order_by("-term_ends_on", "-pk"))
    )


@permission(signed_in)
def mine(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    mine_qs = _with_claims(
        Enrolment.objects.filter(person=request.user).select_related(
            "programme", "programme__sponsor", "library"
        )
    )
    items = list(mine_qs)
    rows = [(e, enrol_svc.commitment_for(e)) for e in items]
    programmes = (
        programmes_visible_to(access)
        .filter(is_active=True, libraries__in=access.colleague_library_ids)
        .distinct()
    )
    return render(request, "tuition/mine.html", {"rows": rows, "programmes": programmes})


@permission(signed_in, scope=programmes_visible_to)
@require_http_methods(["GET", "POST"])
def apply(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    programmes = (
        programmes_visible_to(access)
        .filter(is_active=True, libraries__in=access.colleague_library_ids)
        .distinct()
    )
    initial = {"programme": request.GET.get("programme")}
    form = f.ApplyForm(request.POST or None, initial=initial, programmes=programmes)
    enrolment: Enrolment | None = None

    def save() -> str:
        nonlocal enrolment
        enrolment = enrol_svc.enrolment_apply(by=request.user, **form.cleaned_data)
        return "Application sent to your library's admins."

    if saved(request, form, save, show_errors=show_errors) and enrolment is not None:
        return redirect(enrolment)
    return render(request, "tuition/apply.html", {"form": form})


@permission(can_open_tuition_admin)
def programme_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    programmes = managed_programmes(access).annotate(
        participants=Count("enrolments", distinct=True)
    )
    visible = enrolments_visible_to(access)
    pending = visible.filter(
        Q(status=E.APPLIED, library_id__in=access.admin_library_ids)
        | Q(status=E.LIBRARY_APPROVED, programme__sponsor_id__in=access.admin_library_ids)
        | Q(status=E.APPLIED)
        & fallback_q(access, person_field="person_id", library_field="library_id")
        | Q(status=E.LIBRARY_APPROVED)
        & fallback_q(access, person_field="person_id", library_field="programme__sponsor_id")
        if not access.is_site_admin
        else Q(status__in=(E.APPLIED, E.LIBRARY_APPROVED))
    ).exclude(person_id=access.person_id or 0)  # one's own waits for someone else
    pending = pending.order_by("applied_at")
    claims_waiting = (
        claim_svc.claims_visible_to(access)
        .filter(status__in=(Claim.Status.SUBMITTED, Claim.Status.APPROVED))
        .order_by("submitted_at")
    )
    context = {
        "programmes": programmes,
        "pending": pending,
        "claims_waiting": [c for c in claims_waiting if can_manage_claims(access, c.enrolment)],
        "can_create": allowed(can_create_programmes, access),
    }
    return render(request, "tuition/programme_list.html", context)


@permission(signed_in)
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    programme = get_visible_or_404(managed_programmes(access), pk=pk)
    scope = enrolments_visible_to(access).filter(programme=programme)
    board = programme_dashboard(programme, scope)
    context = paginate(request, scope.order_by("person__last_name", "pk"))
    context.update(
        programme=programme,
        board=board,
        can_edit=allowed(can_change_programme, access, programme),
    )
    return render(request, "tuition/programme_detail.html", context)


@permission(signed_in, scope=enrolments_visible_to)
@require_http_methods(["GET", "POST"])
def enrolment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    enrolment = get_visible_or_404(enrolments_visible_to(access), pk=pk)
    as_library = can_approve_as_library(access, enrolment)
    as_sponsor = can_approve_as_sponsor(access, enrolment)
    note_form, complete_form, stop_form = f.NoteForm(), f.CompleteForm(), f.StopForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "approve":
                enrol_svc.enrolment_approve(by=request.user, enrolment=enrolment)
                messages.success(request, "Approved.")
            elif action == "refuse":
                note_form = f.NoteForm(request.POST)
                note = note_form.data.get("note", "")
                enrol_svc.enrolment_refuse(by=request.user, enrolment=enrolment, note=note)
                messages.success(request, "Refused.")
            elif action == "stop":
                stop_form = f.StopForm(request.POST)
                if not stop_form.is_valid():
                    raise ValidationError({"status": ["Choose how the enrolment stops."]})
                enrol_svc.enrolment_stop(
                    by=request.user, enrolment=enrolment, status=stop_form.cleaned_data["status"]
                )
                messages.success(request, "Enrolment stopped.")
            elif action == "complete":
                complete_form = f.CompleteForm(request.POST)
                if not complete_form.is_valid():
                    raise ValidationError({"awarded_on": ["Enter the award date."]})
                _, promotion = enrol_svc.enrolment_complete(
                    by=request.user,
                    enrolment=enrolment,
                    awarded_on=complete_form.cleaned_data["awarded_on"],
                )
                if promotion:
                    messages.success(
                        request,
                        "Degree recorded; the commitment starts. A promotion to "
                        f"{promotion.to_job_class} is proposed.",
                    )
                else:
                    messages.success(request, "Degree recorded; the commitment starts.")
                    messages.warning(request, promo_svc.degree_check(enrolment).why_not)
            else:
                raise BadRequest("Unknown action.")
        except ValidationError as exc:
            target = {"refuse": note_form, "stop": stop_form, "complete": complete_form}.get(
                action, note_form
            )
            show_errors(target, exc)
            if not target.errors:
                messages.error(request, "; ".join(exc.messages))
        else:
            return redirect(enrolment)
    context = {
        "enrolment": enrolment,
        "claims": enrolment.claims.all(),
        "commitment": enrol_svc.commitment_for(enrolment),
        "as_library": as_library,
        "as_sponsor": as_sponsor,
        "can_claim": enrolment.status == E.ENROLLED and allowed(can_claim_for, access, enrolment),
        "note_form": note_form,
        "complete_form": complete_form,
        "stop_form": stop_form,
        "is_self": enrolment.person_id == access.person_id,
        "decision": _own_decision(access, enrolment),
        "degree_check": _degree_check(enrolment) if as_library or as_sponsor else None,
        "may_propose": access.can_admin_library(enrolment.library_id),
    }
    return render(request, "tuition/enrolment_detail.html", context)


def _degree_check(enrolment: Enrolment) -> promo_svc.DegreeCheck | None:
    """Why a completed degree proposed no promotion (shown until one is proposed)."""
    if enrolment.status != Enrolment.Status.COMPLETED or enrolment.promotions.exists():
        return None
    return promo_svc.degree_check(enrolment)


@permission(can_list_promotions)
@require_http_methods(["GET", "POST"])
def promotion_propose(request: AuthedRequest, person_pk: int) -> HttpResponse:
    """A library admin proposes a promotion for someone on their staff, at any time."""
    access = access_for(request.user)
    jobs = (
        Employment.objects.current()
        .filter(person_id=person_pk)
        .select_related("person", "library", "job_class")
        .order_by("library__name", "-weekly_hours")
    )
    if not access.is_site_admin:
        jobs = jobs.filter(library_id__in=access.admin_library_ids)
    first = jobs.first()
    if first is None:
        raise Http404("No current job of this person at a library you manage.")
    person = first.person
    chosen = jobs.filter(pk=request.POST.get("employment") or request.GET.get("employment") or 0)
    start = chosen.first() or first
    library_id = start.library_id
    form = f.ProposePromotionForm(
        request.POST or None,
        jobs=jobs,
        job_classes=JobClass.objects.available_to_library(library_id).order_by("name"),
        initial={
            "employment": start.pk,
            "effective_date": promo_svc.first_of_next_month(timezone.localdate()),
            "reason": request.GET.get("reason") or Promotion.Reason.OTHER,
            "to_job_class": request.GET.get("to_job_class") or None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposed = promo_svc.promotion_propose(
                by=request.user,
                employment=data["employment"],
                to_job_class=data["to_job_class"],
                effective_date=data["effective_date"],
                reason=data["reason"],
                detail=data["detail"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request,
                f"Promotion to {proposed.to_job_class} proposed; another admin or you accept "
                "it to issue the letter.",
            )
            return redirect(proposed)
    return render(request, "tuition/promotion_propose.html", {"form": form, "person": person})


def _own_decision(access: Any, enrolment: Enrolment) -> Any:
    """Whom one's own pending application waits for (separation of duties), or None."""
    if enrolment.person_id != access.person_id:
        return None
    if enrolment.status == E.APPLIED:
        library = enrolment.library
    elif enrolment.status == E.LIBRARY_APPROVED:
        library = enrolment.programme.sponsor
    else:
        return None
    return decision_for(
        access,
        subject_person_id=enrolment.person_id,
        library_id=library.pk,
        library_name=library.name,
    )


@permission(can_claim_for, scope=enrolments_visible_to)
@require_http_methods(["GET", "POST"])
def claim_new(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    enrolment = get_visible_or_404(enrolments_visible_to(access), pk=pk)
    form = f.ClaimForm(request.POST or None)
    claim: Claim | None = None

    def save() -> str:
        nonlocal claim
        claim = claim_svc.claim_submit(by=request.user, enrolment=enrolment, **form.cleaned_data)
        return "Claim submitted. Add the receipts below."

    if saved(request, form, save, show_errors=show_errors) and claim is not None:
        return redirect(claim)
    return render(request, "tuition/claim_new.html", {"form": form, "enrolment": enrolment})


@permission(signed_in, scope=claim_svc.claims_visible_to)
@require_http_methods(["GET", "POST"])
def claim_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    claim = get_visible_or_404(claim_svc.claims_visible_to(access), pk=pk)
    manager = can_manage_claims(access, claim.enrolment)
    forms_: dict[str, Any] = {
        "receipt": f.ReceiptForm(),
        "grade": f.GradeForm(),
        "pay": f.PayForm(initial={"paid_on": timezone.localdate()}),
        "refuse": f.RefuseForm(),
        "correct": f.ClaimCorrectForm(),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("approve", "grade", "pay", "refuse", "correct"):
            require_claim_decider(
                access, claim.enrolment, action=f"{action} your own tuition claim"
            )
        try:
            if action == "receipt":
                forms_["receipt"] = form = f.ReceiptForm(request.POST, request.FILES)
                if form.is_valid():
                    claim_svc.receipt_add(
                        by=request.user, claim=claim, upload=form.cleaned_data["file"]
                    )
                    return redirect(claim)
            elif action == "approve":
                claim_svc.claim_approve(by=request.user, claim=claim)
                return redirect(claim)
            elif action == "correct":
                forms_["correct"] = correct = f.ClaimCorrectForm(request.POST)
                if correct.is_valid():
                    adjustment = corrections.claim_correct(
                        by=request.user, original=claim, **correct.cleaned_data
                    )
                    messages.success(request, "Adjustment recorded; pay it as any approved claim.")
                    return redirect(adjustment)
            elif action in ("grade", "pay", "refuse"):
                forms_[action] = form = getattr(f, f"{action.title()}Form")(request.POST)
                if form.is_valid():
                    data = form.cleaned_data
                    if action == "grade":
                        claim_svc.claim_grade(by=request.user, claim=claim, grade=data["grade"])
                    elif action == "pay":
                        claim_svc.claim_pay(by=request.user, claim=claim, **data)
                    else:
                        claim_svc.claim_refuse(by=request.user, claim=claim, reason=data["reason"])
                    return redirect(claim)
            else:
                raise BadRequest("Unknown action.")
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            if action in forms_:
                show_errors(forms_[action], exc)
    sponsor = claim.enrolment.programme.sponsor
    decision = decision_for(
        access,
        subject_person_id=claim.enrolment.person_id,
        library_id=sponsor.pk,
        library_name=sponsor.name,
    )
    context = {
        "claim": claim,
        "manager": manager,
        "decision": decision if decision.own else None,
        "receipts": claim.receipts.all(),
        "corrections": claim.corrections.all(),
        **forms_,
    }
    return render(request, "tuition/claim_detail.html", context)


@permission(signed_in, scope=claim_svc.claims_visible_to)
def receipt_download(request: AuthedRequest, pk: int) -> FileResponse:
    access = access_for(request.user)
    receipt = get_visible_or_404(
        ClaimReceipt.objects.filter(claim__in=claim_svc.claims_visible_to(access).values("pk")),
        pk=pk,
    )
    return serve_stored(
        receipt.file, filename=receipt.original_name, content_type=receipt.content_type
    )


@permission(can_list_promotions, scope=promo_svc.promotions_visible_to)
def promotion_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    qs = promo_svc.promotions_visible_to(access)
    if not access.is_site_admin:
        qs = qs.filter(library_id__in=access.admin_library_ids)
    status = request.GET.get("status", "")
    if status in Promotion.Status.values:
        qs = qs.filter(status=status)
    context = paginate(request, qs)
    context["status"] = status
    context["statuses"] = Promotion.Status.choices
    return render(request, "tuition/promotion_list.html", context)


@permission(can_decide_promotion, scope=promo_svc.promotions_visible_to)
@require_http_methods(["GET", "POST"])
def promotion_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    promotion = get_visible_or_404(promo_svc.promotions_visible_to(access), pk=pk)
    can_decide = allowed(can_decide_promotion, access, promotion)
    own = promotion.person_id == access.person_id
    accept_form = f.AcceptForm(initial={"effective_date": promotion.effective_date})
    note_form = f.NoteForm()
    correct_form = f.PromotionCorrectForm(
        initial={"effective_date": promotion.effective_date, "detail": promotion.detail}
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not can_decide:
            verb = action if action in ("accept", "decline") else "decide"
            promo_svc.require_decider_of(access, promotion, verb)  # says who decides instead
            require(can_decide_promotion, access, promotion)
        try:
            if action == "accept":
                accept_form = f.AcceptForm(request.POST)
                if accept_form.is_valid():
                    promo_svc.promotion_accept(
                        by=request.user,
                        promotion=promotion,
                        effective_date=accept_form.cleaned_data["effective_date"],
                    )
                    messages.success(request, "Promotion accepted; the new job line starts.")
                    return redirect(promotion)
            elif action == "decline":
                note_form = f.NoteForm(request.POST)
                promo_svc.promotion_decline(
                    by=request.user, promotion=promotion, note=note_form.data.get("note", "")
                )
                messages.success(request, "Promotion declined.")
                return redirect(promotion)
            elif action == "correct":
                correct_form = f.PromotionCorrectForm(request.POST)
                if correct_form.is_valid():
                    correction = corrections.promotion_correct(
                        by=request.user, original=promotion, **correct_form.cleaned_data
                    )
                    messages.success(request, "Correction recorded; print its letter.")
                    return redirect(correction)
            else:
                raise BadRequest("Unknown action.")
        except ValidationError as exc:
            target = {"accept": accept_form, "correct": correct_form}.get(action, note_form)
            show_errors(target, exc)
    context = {
        "promotion": promotion,
        "can_decide": can_decide,
        "waiting": waiting_for(
            subject_person_id=promotion.person_id,
            library_id=promotion.library_id,
            library_name=promotion.library.name,
            coordinator=False,
        )
        if own and promotion.status == Promotion.Status.PROPOSED
        else "",
        "accept_form": accept_form,
        "note_form": note_form,
        "correct_form": correct_form,
        "corrections": promotion.corrections.all(),
    }
    return render(request, "tuition/promotion_detail.html", context)


@permission(signed_in, scope=promo_svc.promotions_visible_to)
def promotion_letter(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    promotion = get_visible_or_404(
        promo_svc.promotions_visible_to(access).select_related(
            "from_employment__supervisor", "enrolment__programme", "new_employment"
        ),
        pk=pk,
        status=Promotion.Status.ACCEPTED,
    )
    response = HttpResponse(promotion_letter_pdf(promotion), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="promotion-{promotion.pk}.pdf"'
    return response
