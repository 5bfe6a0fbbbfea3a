"""Claims per term: submit (with receipts), approve (caps and budget), grade, pay, refuse.

Concurrency: approving locks the programme row (SELECT … FOR UPDATE) and only then sums what
the fiscal year has committed, in the same transaction; two approvals for the same programme
therefore run one after the other and the second sees the first's amount, so neither a cap
nor the budget is ever exceeded. (On SQLite every transaction begins IMMEDIATE: the same
serialisation.)

Amounts: approved = covered expenses times the programme's percentage, rounded to the cent. The
grade decides: at or above the minimum, the reimbursement is the approved amount; below it,
the claim is refused and its amount goes back to the budget. A claim is paid once.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.files import attach_upload
from ladder.core.policies import require
from ladder.core.records import audits_refusals
from ladder.people.models import Person
from ladder.tuition.models import ZERO, Claim, ClaimReceipt, Enrolment, Programme, grade_rank
from ladder.tuition.policies import can_claim_for
from ladder.tuition.programmes import (
    budget_for,
    committed_in_year,
    enrolment_scope,
    label_year,
    require_claim_decider,
)
from ladder.tuition.repayment import fiscal_year_of

C = Claim.Status
E = Enrolment.Status
CENT = Decimal("0.01")


def claims_visible_to(access: Access) -> QuerySet[Claim]:
    enrolments = Enrolment.objects.filter(enrolment_scope(access)).values("pk")
    return Claim.objects.filter(enrolment_id__in=enrolments).select_related(
        "enrolment", "enrolment__person", "enrolment__programme", "enrolment__library"
    )


def covered_amount(claim: Claim, programme: Programme) -> Decimal:
    covered = ZERO
    if programme.covers_tuition:
        covered += claim.tuition_cost
    if programme.covers_fees:
        covered += claim.fees_cost
    if programme.covers_books:
        covered += claim.books_cost
    return (covered * programme.reimbursement_percent / Decimal("100")).quantize(
        CENT, ROUND_HALF_UP
    )


def _money(value: Any, name: str, errors: dict[str, list[str]]) -> Decimal:
    try:
        amount = Decimal(value if value not in (None, "") else "0")
    except (ArithmeticError, ValueError, TypeError):
        errors.setdefault(name, []).append("Enter an amount.")
        return ZERO
    if amount < 0:
        errors.setdefault(name, []).append("An amount cannot be negative.")
    return amount.quantize(CENT, ROUND_HALF_UP)


def _enrolment_open_for_claims(enrolment: Enrolment, *, approving: bool = False) -> None:
    allowed = (E.ENROLLED, E.COMPLETED) if approving else (E.ENROLLED,)
    if enrolment.status in (E.APPLIED, E.LIBRARY_APPROVED, E.REFUSED):
        raise ValidationError(
            {
                "enrolment": [
                    "Approved enrolment rule: claims are accepted only once the enrolment is "
                    f"approved; this one is {enrolment.get_status_display().lower()}."
                ]
            }
        )
    if enrolment.status not in allowed:
        raise ValidationError(
            {
                "enrolment": [
                    "Open enrolment rule: this enrolment is "
                    f"{enrolment.get_status_display().lower()}; it takes no more claims."
                ]
            }
        )


def claim_submit(
    *,
    by: Person,
    enrolment: Enrolment,
    term: str,
    term_ends_on: dt.date,
    courses: str,
    credits: Any,
    tuition_cost: Any = "0",
    fees_cost: Any = "0",
    books_cost: Any = "0",
) -> Claim:
    """The enrolled person (or their library's admin for them) claims a term's costs."""
    access = access_for(by)
    require(can_claim_for, access, enrolment)
    _enrolment_open_for_claims(enrolment)
    errors: dict[str, list[str]] = {}
    term = (term or "").strip()
    if not term:
        errors["term"] = ["Name the term, e.g. Fall 2025."]
    if not isinstance(term_ends_on, dt.date):
        errors["term_ends_on"] = ["Enter the last day of the term."]
    if not (courses or "").strip():
        errors["courses"] = ["List the courses."]
    credit_value = _money(credits, "credits", errors)
    costs = {
        "tuition_cost": _money(tuition_cost, "tuition_cost", errors),
        "fees_cost": _money(fees_cost, "fees_cost", errors),
        "books_cost": _money(books_cost, "books_cost", errors),
    }
    if not errors and sum(costs.values()) <= 0:
        errors["tuition_cost"] = ["Enter the costs of the term."]
    if term and Claim.objects.filter(enrolment=enrolment, term__iexact=term).exists():
        errors.setdefault("term", []).append(
            f"One claim per term rule: a claim for {term} already exists."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = Claim.objects.create(
            enrolment=enrolment,
            term=term,
            term_ends_on=term_ends_on,
            courses=courses.strip(),
            credits=credit_value,
            submitted_by=by,
            **costs,
        )
        log_action(
            actor=by,
            action="tuition.claim.submitted",
            obj=claim,
            summary=f"{enrolment.person}: {term} claim ${claim.total_cost:,.2f}",
        )
    return claim


@audits_refusals("claim")
def receipt_add(*, by: Person, claim: Claim, upload: UploadedFile[bytes]) -> ClaimReceipt:
    """A receipt (PDF, PNG or JPEG, checked by content) while the claim is undecided."""
    access = access_for(by)
    enrolment = claim.enrolment
    require(can_claim_for, access, enrolment)
    if claim.status != C.SUBMITTED:
        raise ValidationError({"file": ["Receipts are added before the claim is decided."]})
    receipt = ClaimReceipt(claim=claim)
    with attach_upload(stored=receipt, upload=upload, by=by, fallback_stem="receipt"):
        log_action(
            actor=by,
            action="tuition.receipt.added",
            obj=receipt,
            summary=f"{claim}: {receipt.original_name}",
        )
    return receipt


def _locked_claim(claim: Claim) -> Claim:
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("enrolment", "enrolment__programme", "enrolment__programme__sponsor")
        .get(pk=claim.pk)
    )


def _require_manager(by: Person, claim: Claim, verb: str) -> None:
    require_claim_decider(access_for(by), claim.enrolment, action=f"{verb} your own tuition claim")


def _person_committed(programme: Programme, person_id: int, fiscal_year: int | None) -> Decimal:
    qs = Claim.objects.filter(
        enrolment__programme=programme,
        enrolment__person_id=person_id,
        status__in=Claim.COMMITTED,
    )
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.aggregate(t=Sum("approved_amount"))["t"] or ZERO


@audits_refusals("claim")
def claim_approve(*, by: Person, claim: Claim, on: dt.date | None = None) -> Claim:
    """Approve the covered amount against the caps and the fiscal year's remaining budget."""
    _require_manager(by, claim, "approve")
    on = on or timezone.localdate()
    with transaction.atomic():
        # The programme row first: every approval of this programme queues here.
        programme = (
            Programme.objects.select_for_update(of=("self",))
            .select_related("sponsor")
            .get(pk=claim.enrolment.programme_id)
        )
        claim = _locked_claim(claim)
        if claim.status in (C.APPROVED, C.PAID):
            raise ValidationError(
                {"status": ["Reimbursed once rule: this claim is already approved."]}
            )
        if claim.status != C.SUBMITTED:
            raise ValidationError({"status": ["This claim was refused."]})
        _enrolment_open_for_claims(claim.enrolment, approving=True)
        amount = covered_amount(claim, programme)
        if amount <= 0:
            raise ValidationError(
                {"status": ["Covered expenses rule: nothing in this claim is covered."]}
            )
        year = fiscal_year_of(on, programme.sponsor.fiscal_year_start_month)
        label = label_year(programme, year)
        person_id = claim.enrolment.person_id
        if programme.cap_per_term is not None and amount > programme.cap_per_term:
            raise ValidationError(
                {
                    "status": [
                        f"Cap per term rule: this claim's covered ${amount:,.2f} is "
                        f"${amount - programme.cap_per_term:,.2f} over the programme's "
                        f"${programme.cap_per_term:,.2f} cap per term."
                    ]
                }
            )
        this_year = _person_committed(programme, person_id, year)
        if this_year + amount > programme.cap_per_year:
            over = this_year + amount - programme.cap_per_year
            raise ValidationError(
                {
                    "status": [
                        f"Cap per fiscal year rule: ${amount:,.2f} would bring {label} to "
                        f"${this_year + amount:,.2f}, ${over:,.2f} over the "
                        f"${programme.cap_per_year:,.2f} cap "
                        f"(${max(programme.cap_per_year - this_year, ZERO):,.2f} left)."
                    ]
                }
            )
        lifetime = _person_committed(programme, person_id, None)
        if lifetime + amount > programme.cap_lifetime:
            over = lifetime + amount - programme.cap_lifetime
            raise ValidationError(
                {
                    "status": [
                        f"Lifetime cap rule: ${amount:,.2f} would bring the total to "
                        f"${lifetime + amount:,.2f}, ${over:,.2f} over the "
                        f"${programme.cap_lifetime:,.2f} cap "
                        f"(${max(programme.cap_lifetime - lifetime, ZERO):,.2f} left)."
                    ]
                }
            )
        budget = budget_for(programme, year)
        if budget is None:
            raise ValidationError(
                {"status": [f"Budget rule: the programme has no budget for {label}."]}
            )
        committed = committed_in_year(programme, year)
        if committed + amount > budget:
            raise ValidationError(
                {
                    "status": [
                        f"Budget rule: ${amount:,.2f} is more than the "
                        f"${max(budget - committed, ZERO):,.2f} left of {label}'s "
                        f"${budget:,.2f} budget."
                    ]
                }
            )
        claim.status = C.APPROVED
        claim.approved_amount = amount
        claim.fiscal_year = year
        claim.approved_by = by
        claim.approved_at = timezone.now()
        claim.save(
            update_fields=["status", "approved_amount", "fiscal_year", "approved_by", "approved_at"]
        )
        log_action(
            actor=by,
            action="tuition.claim.approved",
            obj=claim,
            summary=f"{claim}: ${amount:,.2f} approved ({label})",
            changes={"status": [C.SUBMITTED, C.APPROVED], "approved_amount": [None, amount]},
        )
    return claim


@audits_refusals("claim")
def claim_refuse(*, by: Person, claim: Claim, reason: str) -> Claim:
    _require_manager(by, claim, "refuse")
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the claim is refused."]})
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status == C.PAID:
            raise ValidationError({"status": ["A paid claim cannot be refused."]})
        if claim.status == C.REFUSED:
            raise ValidationError({"status": ["This claim is already refused."]})
        before = claim.status
        claim.status, claim.refusal_reason = C.REFUSED, reason.strip()
        claim.save(update_fields=["status", "refusal_reason"])
        log_action(
            actor=by,
            action="tuition.claim.refused",
            obj=claim,
            summary=f"{claim}: refused",
            changes={"status": [before, C.REFUSED]},
        )
    return claim


@audits_refusals("claim")
def claim_grade(*, by: Person, claim: Claim, grade: str) -> Claim:
    """Record the term's grade: at or above the minimum the reimbursement is the approved
    amount; below it the claim is refused and its amount returns to the budget."""
    _require_manager(by, claim, "grade")
    valid = [g for g, _ in Claim._meta.get_field("grade").choices or []]
    if grade not in valid:
        raise ValidationError({"grade": ["Choose a grade."]})
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status != C.APPROVED:
            raise ValidationError(
                {"grade": [f"Grades are recorded on approved claims; this one is {claim.status}."]}
            )
        programme = claim.enrolment.programme
        before = {"grade": claim.grade, "reimbursement": claim.reimbursement}
        claim.grade = grade
        if grade_rank(grade) <= grade_rank(programme.min_grade):
            claim.reimbursement = claim.approved_amount
        else:
            claim.reimbursement = ZERO
            claim.status = C.REFUSED
            claim.refusal_reason = (
                f"Minimum grade rule: {grade} is below the programme's minimum of "
                f"{programme.min_grade}."
            )
        claim.save(update_fields=["grade", "reimbursement", "status", "refusal_reason"])
        log_action(
            actor=by,
            action="tuition.claim.graded",
            obj=claim,
            summary=f"{claim}: grade {grade}, reimbursement ${claim.reimbursement:,.2f}",
            changes={
                "grade": [before["grade"], grade],
                "reimbursement": [before["reimbursement"], claim.reimbursement],
            },
        )
    return claim


@audits_refusals("claim")
def claim_pay(
    *, by: Person, claim: Claim, paid_on: dt.date | None = None, reference: str = ""
) -> Claim:
    """Record the payment of the reimbursement, once."""
    _require_manager(by, claim, "pay")
    paid_on = paid_on or timezone.localdate()
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status == C.PAID:
            raise ValidationError(
                {
                    "status": [
                        "Reimbursed once rule: this claim was already paid on "
                        f"{claim.paid_on.isoformat() if claim.paid_on else '?'}."
                    ]
                }
            )
        if claim.status != C.APPROVED:
            raise ValidationError(
                {
                    "status": [
                        f"Only an approved claim is paid; this one is "
                        f"{claim.get_status_display().lower()}."
                    ]
                }
            )
        if not claim.grade or claim.reimbursement is None:
            raise ValidationError(
                {"status": ["Grade rule: record the term's grade before paying."]}
            )
        claim.status = C.PAID
        claim.paid_on = paid_on
        claim.paid_by = by
        claim.payment_reference = (reference or "").strip()[:100]
        claim.save(update_fields=["status", "paid_on", "paid_by", "payment_reference"])
        log_action(
            actor=by,
            action="tuition.claim.paid",
            obj=claim,
            summary=f"{claim}: ${claim.reimbursement:,.2f} paid {paid_on.isoformat()}",
            changes={"status": [C.APPROVED, C.PAID], "paid_on": [None, paid_on]},
        )
    return claim
