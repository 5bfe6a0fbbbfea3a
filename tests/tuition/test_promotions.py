"""Completion → award → proposal → acceptance (employment lines, audit, letter); repayment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.core.links import absolute_url
from ladder.core.models import AuditEntry
from ladder.people.models import Employment
from ladder.tuition import claims, enrolments, promotions
from ladder.tuition.models import Promotion
from ladder.tuition.pdf import promotion_letter_pdf
from tests.tuition.conftest import enrolled, submit

AWARDED = dt.date(2025, 5, 15)


def complete(world, grow, django_capture_on_commit_callbacks):
    enrolment = enrolled(world, grow)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment, promotion = enrolments.enrolment_complete(
            by=world.alice, enrolment=enrolment, awarded_on=AWARDED
        )
    return enrolment, promotion


def test_the_mls_awards_the_credential_and_proposes_librarian_ii(
    world, grow, django_capture_on_commit_callbacks
):
    enrolment, promotion = complete(world, grow, django_capture_on_commit_callbacks)
    assert enrolment.credential.status == "awarded"
    assert enrolment.credential.awarded_on == AWARDED
    assert enrolment.commitment_starts_on == AWARDED and enrolment.commitment_months == 24
    assert promotion is not None
    assert promotion.to_job_class == world.librarian2
    assert promotion.status == Promotion.Status.PROPOSED
    assert promotion.reason == Promotion.Reason.DEGREE
    # the library's admins hear of it, and the person
    assert [m.to for m in mail.outbox] == [["alice@riverside.example"], [grow.tina.email]]
    assert "Librarian II" in mail.outbox[0].body
    assert mail.outbox[1].subject == "Your promotion to Librarian II is proposed"


def test_the_person_hears_when_the_promotion_is_confirmed(
    world, grow, django_capture_on_commit_callbacks
):
    _, promotion = complete(world, grow, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promotions.promotion_accept(by=world.alice, promotion=promotion)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([grow.tina.email], "Your promotion to Librarian II is confirmed")
    ]


def test_a_bachelors_degree_proposes_librarian_i(world, grow, django_capture_on_commit_callbacks):
    from ladder.people.models import Credential, EducationLevel

    Credential.objects.filter(person=grow.tina).delete()
    grow.programme.degree_levels = f"{EducationLevel.BACHELOR}"
    grow.programme.save()
    from tests.tuition.conftest import apply

    enrolment = apply(grow, degree_level=EducationLevel.BACHELOR, accredited=False)
    enrolments.enrolment_approve(by=world.alice, enrolment=enrolment)
    enrolments.enrolment_approve(by=grow.stella, enrolment=enrolment)
    _, promotion = enrolments.enrolment_complete(
        by=world.alice, enrolment=enrolment, awarded_on=AWARDED
    )
    assert promotion is not None and promotion.to_job_class == grow.librarian1


def test_accepting_ends_the_old_line_and_starts_the_new_one(
    world, grow, django_capture_on_commit_callbacks
):
    _, promotion = complete(world, grow, django_capture_on_commit_callbacks)
    old = promotion.from_employment
    effective = timezone.localdate() + dt.timedelta(days=10)
    promotions.promotion_accept(by=world.alice, promotion=promotion, effective_date=effective)
    promotion.refresh_from_db()
    old.refresh_from_db()
    new = promotion.new_employment
    assert promotion.status == Promotion.Status.ACCEPTED and promotion.decided_by == world.alice
    assert old.end_date == effective - dt.timedelta(days=1)
    assert new.job_class == world.librarian2 and new.start_date == effective
    assert (new.library, new.branch, new.weekly_hours, new.supervisor) == (
        old.library,
        old.branch,
        old.weekly_hours,
        old.supervisor,
    )
    entry = AuditEntry.objects.get(action="tuition.promotion.accepted")
    assert entry.actor == world.alice
    assert entry.changes["job_class"] == ["Library Assistant", "Librarian II"]
    assert entry.changes["employment"] == [old.pk, new.pk]
    assert AuditEntry.objects.filter(action="people.employment.ended").exists()
    pdf = promotion_letter_pdf(promotion)
    assert pdf.startswith(b"%PDF-")


def test_a_promotion_is_decided_once(world, grow, django_capture_on_commit_callbacks):
    _, promotion = complete(world, grow, django_capture_on_commit_callbacks)
    promotions.promotion_decline(by=world.alice, promotion=promotion, note="Not this year")
    with pytest.raises(ValidationError, match="already declined"):
        promotions.promotion_accept(by=world.alice, promotion=promotion)
    assert Employment.objects.filter(person=grow.tina).count() == 1


def test_another_librarys_admin_and_the_sponsor_cannot_accept(
    world, grow, django_capture_on_commit_callbacks
):
    _, promotion = complete(world, grow, django_capture_on_commit_callbacks)
    for outsider in (world.carol, grow.stella, grow.tina):
        with pytest.raises(PermissionDenied):
            promotions.promotion_accept(by=outsider, promotion=promotion)


def test_a_promotion_the_person_is_not_eligible_for_is_refused(world, grow):
    employment = Employment.objects.get(person=grow.tina)
    # tina has a bachelor's: Librarian II needs an accredited MLS
    with pytest.raises(ValidationError, match=r"Eligibility rule: .*accredited MLS"):
        promotions.promotion_propose(
            by=world.alice,
            employment=employment,
            to_job_class=world.librarian2,
            effective_date=dt.date(2026, 1, 1),
        )
    assert not Promotion.objects.exists()


def test_accepting_rechecks_eligibility_and_saves_nothing_when_refused(world, grow):
    employment = Employment.objects.get(person=grow.tina)
    promotion = promotions.promotion_propose(
        by=world.alice,
        employment=employment,
        to_job_class=grow.librarian1,
        effective_date=dt.date(2026, 1, 1),
        reason=Promotion.Reason.RECLASSIFICATION,
    )
    grow.tina.credentials.all().delete()
    with pytest.raises(ValidationError, match="Eligibility rule"):
        promotions.promotion_accept(by=world.alice, promotion=promotion)
    employment.refresh_from_db()
    assert employment.end_date is None
    assert Employment.objects.filter(person=grow.tina).count() == 1
    promotion.refresh_from_db()
    assert promotion.status == Promotion.Status.PROPOSED


def test_leaving_early_owes_a_pro_rata_repayment(world, grow, django_capture_on_commit_callbacks):
    enrolment = enrolled(world, grow)
    claim = submit(enrolment, tuition="5000")
    claims.claim_approve(by=grow.stella, claim=claim)
    claims.claim_grade(by=grow.stella, claim=claim, grade="A")
    claims.claim_pay(by=grow.stella, claim=claim)
    enrolment, _ = enrolments.enrolment_complete(
        by=world.alice, enrolment=enrolment, awarded_on=AWARDED
    )
    commitment = enrolments.commitment_for(enrolment)
    assert commitment.owed == 0 and commitment.reimbursed == Decimal("4000.00")
    # she leaves a year into the two-year commitment: about half is owed
    Employment.objects.filter(person=grow.tina).update(end_date=dt.date(2026, 5, 14))
    commitment = enrolments.commitment_for(enrolment)
    assert commitment.left_on == dt.date(2026, 5, 14)
    assert Decimal("1990") < commitment.owed < Decimal("2010")


def test_the_proposal_mail_has_text_and_html_with_the_link_and_the_name(
    world, grow, django_capture_on_commit_callbacks
):
    _enrolment, promotion = complete(world, grow, django_capture_on_commit_callbacks)

    link = absolute_url("tuition:promotion_detail", promotion.pk)
    [message] = [m for m in mail.outbox if m.to == [world.alice.email]]
    [(html, _kind)] = message.alternatives
    for part in (message.body, html):
        assert link in part
        assert str(promotion.person) in part
