"""Corrections to records that must not change: a paid claim or an accepted promotion is
never edited; a correction is a new row that points at it (`corrects`), audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.policies import require
from ladder.people.models import Employment, Person
from ladder.tuition.models import Claim, Promotion
from ladder.tuition.policies import can_manage_claims
from ladder.tuition.programmes import require_claim_decider
from ladder.tuition.promotions import require_decider_of


def claim_correct(*, by: Person, original: Claim, amount: Any, reason: str) -> Claim:
    """An adjustment to a paid claim: `amount` (negative to recover an overpayment) is
    approved at once and paid through the usual claim_pay, so budgets and caps see it."""
    require(can_manage_claims, access_for(by), original.enrolment)
    # Separation of duties: an adjustment pays money, so the claimant never makes it.
    require_claim_decider(
        access_for(by), original.enrolment, action="correct your own tuition claim"
    )
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        delta = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        delta = Decimal("0")
        errors["amount"] = ["Enter the adjustment in dollars, e.g. -120.00 or 45.50."]
    if not errors and delta == 0:
        errors["amount"] = ["An adjustment of zero changes nothing."]
    if not reason:
        errors["reason"] = ["Say what the adjustment corrects."]
    if original.status != Claim.Status.PAID:
        errors["__all__"] = ["Only a paid claim is corrected by an adjustment; edit this one."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        adjustment = Claim.objects.create(
            enrolment=original.enrolment,
            term=original.term,
            term_ends_on=original.term_ends_on,
            courses=f"Adjustment: {reason}",
            credits=Decimal("0"),
            status=Claim.Status.APPROVED,
            submitted_by=by,
            approved_amount=delta,
            reimbursement=delta,
            fiscal_year=original.fiscal_year,
            approved_by=by,
            approved_at=timezone.now(),
            grade=original.grade,
            corrects=original,
        )
        log_action(
            actor=by,
            action="tuition.claim.corrected",
            obj=original,
            summary=f"Adjustment #{adjustment.pk} of ${delta:,.2f}: {reason}",
            changes={"corrected_by": [None, adjustment.pk], "amount": [None, delta]},
        )
    return adjustment


def promotion_correct(
    *, by: Person, original: Promotion, effective_date: dt.date | None = None, detail: str = ""
) -> Promotion:
    """A corrected promotion letter: a new accepted promotion pointing at the original, with
    the corrected effective date (the two job lines move with it) and wording."""
    require_decider_of(access_for(by), original, "correct")
    if original.status != Promotion.Status.ACCEPTED:
        raise ValidationError("Only an accepted promotion is corrected; decide this one instead.")
    if original.corrections.exists():
        raise ValidationError("This promotion was already corrected: correct the correction.")
    effective = effective_date or original.effective_date
    detail = (detail or "").strip() or original.detail
    if effective == original.effective_date and detail == original.detail:
        raise ValidationError({"detail": ["Change the effective date or the wording."]})
    with transaction.atomic():
        old = original.from_employment
        new = original.new_employment
        if effective != original.effective_date:
            if effective <= old.start_date:
                raise ValidationError(
                    {"effective_date": ["The effective date must be after the old line starts."]}
                )
            if new is not None and new.end_date is not None and new.end_date < effective:
                raise ValidationError({"effective_date": ["The new job line already ended."]})
            # The job lines are dated facts of the correction, not of the locked letter.
            Employment.objects.filter(pk=old.pk).update(end_date=effective - dt.timedelta(days=1))
            if new is not None:
                Employment.objects.filter(pk=new.pk).update(start_date=effective)
        correction = Promotion.objects.create(
            person=original.person,
            library=original.library,
            from_employment=old,
            to_job_class=original.to_job_class,
            effective_date=effective,
            reason=original.reason,
            detail=detail,
            enrolment=original.enrolment,
            status=Promotion.Status.ACCEPTED,
            proposed_by=by,
            decided_by=by,
            decided_at=timezone.now(),
            decision_note=f"Corrects promotion #{original.pk}.",
            new_employment=new,
            corrects=original,
        )
        log_action(
            actor=by,
            action="tuition.promotion.corrected",
            obj=original,
            summary=f"Corrected by promotion #{correction.pk}",
            changes={
                "corrected_by": [None, correction.pk],
                "effective_date": [original.effective_date, effective],
                "detail": [original.detail, detail],
            },
        )
    return correction
