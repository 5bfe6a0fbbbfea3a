"""Claims: caps, budget, the enrolment's state, grades and paying once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ladder.core.models import AuditEntry
from ladder.tuition import claims, enrolments
from ladder.tuition.models import Claim, Enrolment, ProgrammeBudget
from tests.tuition.conftest import apply, enrolled, submit

C = Claim.Status


def test_approve_grade_pay_computes_the_reimbursement(world, grow):
    claim = submit(enrolled(world, grow), tuition="2000", fees_cost="150", books_cost="300")
    claims.claim_approve(by=grow.stella, claim=claim)
    claim.refresh_from_db()
    # tuition and fees covered (books not), at 80 %
    assert claim.status == C.APPROVED and claim.approved_amount == Decimal("1720.00")
    assert claim.fiscal_year == grow.fiscal_year and claim.approved_by == grow.stella
    claims.claim_grade(by=grow.stella, claim=claim, grade="A-")
    claims.claim_pay(by=grow.stella, claim=claim, paid_on=dt.date(2025, 1, 10), reference="CHK 88")
    claim.refresh_from_db()
    assert claim.status == C.PAID and claim.reimbursement == Decimal("1720.00")
    assert claim.paid_on == dt.date(2025, 1, 10)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"tuition.claim.approved", "tuition.claim.graded", "tuition.claim.paid"} <= actions


def test_a_grade_below_the_minimum_refuses_and_frees_the_budget(world, grow):
    claim = submit(enrolled(world, grow))
    claims.claim_approve(by=grow.stella, claim=claim)
    claims.claim_grade(by=grow.stella, claim=claim, grade="C")
    claim.refresh_from_db()
    assert claim.status == C.REFUSED and claim.reimbursement == 0
    assert "Minimum grade rule" in claim.refusal_reason
    from ladder.tuition.programmes import committed_in_year

    assert committed_in_year(grow.programme, grow.fiscal_year) == 0


def test_over_the_cap_per_fiscal_year_is_refused(world, grow):
    enrolment = enrolled(world, grow)
    first = submit(enrolment, "Fall 2024", tuition="5000")  # 4000 approved
    claims.claim_approve(by=grow.stella, claim=first)
    second = submit(enrolment, "Spring 2025", tuition="1500")  # 1200 > 1000 left
    with pytest.raises(ValidationError, match=r"Cap per fiscal year rule: .*\$200.00 over"):
        claims.claim_approve(by=grow.stella, claim=second)
    second.refresh_from_db()
    assert second.status == C.SUBMITTED and second.approved_amount is None


def test_over_the_cap_per_term_says_by_how_much(world, grow):
    grow.programme.cap_per_term = Decimal("1500")
    grow.programme.save()
    enrolment = enrolled(world, grow)
    claim = submit(enrolment, "Fall 2024", tuition="2000")  # 1600 covered
    with pytest.raises(ValidationError) as refused:
        claims.claim_approve(by=grow.stella, claim=claim)
    assert refused.value.message_dict["status"] == [
        "Cap per term rule: this claim's covered $1,600.00 is $100.00 over the programme's "
        "$1,500.00 cap per term."
    ]
    claim.refresh_from_db()
    assert claim.status == C.SUBMITTED
    within = submit(enrolment, "Spring 2025", tuition="1875")  # 1500 covered: at the cap
    claims.claim_approve(by=grow.stella, claim=within)
    within.refresh_from_db()
    assert within.approved_amount == Decimal("1500")


def test_over_the_lifetime_cap_is_refused(world, grow):
    enrolment = enrolled(world, grow)
    grow.programme.cap_lifetime = Decimal("5000")
    grow.programme.cap_per_year = Decimal("5000")
    grow.programme.save()
    last_year = grow.fiscal_year - 1
    ProgrammeBudget.objects.create(
        programme=grow.programme, fiscal_year=last_year, amount=Decimal("9000")
    )
    old = submit(enrolment, "Fall 2023", tuition="5000")
    claims.claim_approve(by=grow.stella, claim=old, on=dt.date(last_year, 9, 1))
    new = submit(enrolment, "Fall 2024", tuition="2000")
    with pytest.raises(ValidationError, match="Lifetime cap rule"):
        claims.claim_approve(by=grow.stella, claim=new)


def test_over_the_remaining_budget_is_refused(world, grow):
    ProgrammeBudget.objects.filter(programme=grow.programme).update(amount=Decimal("1000"))
    claim = submit(enrolled(world, grow), tuition="2000")
    with pytest.raises(ValidationError, match=r"Budget rule: \$1,600.00 is more than the"):
        claims.claim_approve(by=grow.stella, claim=claim)


def test_no_budget_for_the_fiscal_year_is_refused(world, grow):
    claim = submit(enrolled(world, grow))
    with pytest.raises(ValidationError, match="no budget for FY"):
        claims.claim_approve(by=grow.stella, claim=claim, on=dt.date(grow.fiscal_year + 3, 8, 1))


def test_the_fiscal_year_turns_on_the_sponsors_start_month(world, grow):
    # July start: June 30 is the last day of the year before.
    year = grow.fiscal_year
    ProgrammeBudget.objects.create(programme=grow.programme, fiscal_year=year + 1, amount=1)
    enrolment = enrolled(world, grow)
    june = submit(enrolment, "Spring", tuition="100")
    claims.claim_approve(by=grow.stella, claim=june, on=dt.date(year + 1, 6, 30))
    june.refresh_from_db()
    assert june.fiscal_year == year
    july = submit(enrolment, "Summer", tuition="100")
    with pytest.raises(ValidationError, match="Budget rule"):
        claims.claim_approve(by=grow.stella, claim=july, on=dt.date(year + 1, 7, 1))


def test_claims_for_an_unapproved_enrolment_are_refused(world, grow):
    enrolment = apply(grow)
    with pytest.raises(ValidationError, match="Approved enrolment rule"):
        submit(enrolment)
    assert not Claim.objects.exists()


def test_claims_for_an_ended_enrolment_are_refused(world, grow):
    enrolment = enrolled(world, grow)
    pending = submit(enrolment, "Fall 2024")
    enrolments.enrolment_stop(by=world.alice, enrolment=enrolment, status=Enrolment.Status.ENDED)
    enrolment.refresh_from_db()
    with pytest.raises(ValidationError, match="Open enrolment rule"):
        submit(enrolment, "Spring 2025")
    with pytest.raises(ValidationError, match="Open enrolment rule"):
        claims.claim_approve(by=grow.stella, claim=pending)


def test_a_claim_is_reimbursed_once(world, grow):
    claim = submit(enrolled(world, grow))
    claims.claim_approve(by=grow.stella, claim=claim)
    with pytest.raises(ValidationError, match="Reimbursed once rule"):
        claims.claim_approve(by=grow.stella, claim=claim)
    claims.claim_grade(by=grow.stella, claim=claim, grade="A")
    claims.claim_pay(by=grow.stella, claim=claim)
    with pytest.raises(ValidationError, match="Reimbursed once rule: this claim was already paid"):
        claims.claim_pay(by=grow.stella, claim=claim)
    assert AuditEntry.objects.filter(action="tuition.claim.paid").count() == 1


def test_the_same_term_cannot_be_claimed_twice(world, grow):
    enrolment = enrolled(world, grow)
    submit(enrolment, "Fall 2024")
    with pytest.raises(ValidationError, match="One claim per term rule"):
        submit(enrolment, "fall 2024")


def test_paying_needs_the_grade(world, grow):
    claim = submit(enrolled(world, grow))
    claims.claim_approve(by=grow.stella, claim=claim)
    with pytest.raises(ValidationError, match="Grade rule"):
        claims.claim_pay(by=grow.stella, claim=claim)


def test_only_the_sponsor_decides_claims_of_a_sponsored_programme(world, grow):
    claim = submit(enrolled(world, grow))
    for outsider in (world.alice, world.carol, grow.tina):
        with pytest.raises(PermissionDenied):
            claims.claim_approve(by=outsider, claim=claim)


def test_only_the_person_or_their_admin_submits(world, grow):
    enrolment = enrolled(world, grow)
    with pytest.raises(PermissionDenied):
        claims.claim_submit(
            by=world.carol,
            enrolment=enrolment,
            term="X",
            term_ends_on=dt.date(2024, 1, 1),
            courses="x",
            credits=3,
            tuition_cost=1,
        )


def test_receipts_are_type_checked(world, grow):
    claim = submit(enrolled(world, grow))
    good = SimpleUploadedFile("bill.pdf", b"%PDF-1.4 receipt", content_type="application/pdf")
    receipt = claims.receipt_add(by=grow.tina, claim=claim, upload=good)
    assert receipt.content_type == "application/pdf"
    fake = SimpleUploadedFile("bill.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        claims.receipt_add(by=grow.tina, claim=claim, upload=fake)
    assert claim.receipts.count() == 1
