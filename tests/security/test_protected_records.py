"""Records that must not change, don't: a signed evaluation, an accepted promotion, a paid
claim and an issued certificate refuse every edit and delete — service, model, queryset,
Django admin and API — and each refusal is in the audit log. Corrections are new rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django.utils import timezone

from ladder.careers import evaluations as evals
from ladder.careers.models import Evaluation, EvaluationAddendum
from ladder.core.models import AuditEntry
from ladder.core.records import ProtectedRecordError
from ladder.learning.models import Certificate, TrainingRecord
from ladder.tuition import claims, corrections, promotions
from ladder.tuition.models import Claim, Promotion
from tests.tuition.conftest import enrolled, submit

NOW = timezone.now()


def refusals(obj, verb: str = "change") -> int:
    return AuditEntry.objects.filter(
        action=f"{obj._meta.label_lower}.{verb}_refused", object_id=str(obj.pk)
    ).count()


@pytest.fixture
def evaluation(world) -> Evaluation:
    return Evaluation.objects.create(
        person=world.bob,
        library=world.riverside,
        reviewer=world.sam,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        narrative="A good year.",
        reviewer_signed_at=NOW,
        person_signed_at=NOW,
    )


@pytest.fixture
def paid_claim(world, grow) -> Claim:
    claim = submit(enrolled(world, grow))
    claims.claim_approve(by=grow.stella, claim=claim)
    claims.claim_grade(by=grow.stella, claim=claim, grade="A")
    claims.claim_pay(by=grow.stella, claim=claim, paid_on=dt.date(2025, 1, 10))
    claim.refresh_from_db()
    return claim


@pytest.fixture
def promotion(world) -> Promotion:
    return Promotion.objects.create(
        person=world.bob,
        library=world.riverside,
        from_employment=world.bob.employments.get(),
        to_job_class=world.assistant,
        effective_date=dt.date(2025, 3, 1),
        status=Promotion.Status.ACCEPTED,
        decided_by=world.alice,
        decided_at=NOW,
        detail="Promoted for the bachelor's degree.",
    )


@pytest.fixture
def certificate(world) -> Certificate:
    record = TrainingRecord.objects.create(
        person=world.bob,
        title="Readers' advisory",
        kind="workshop",
        completed_on=dt.date(2025, 2, 1),
        hours=Decimal("3"),
    )
    return Certificate.objects.create(record=record)


KINDS = ["evaluation", "paid_claim", "promotion", "certificate"]
# A field each kind refuses to change, and a value to try.
EDITS = {
    "evaluation": ("narrative", "Rewritten."),
    "paid_claim": ("reimbursement", Decimal("1.00")),
    "promotion": ("effective_date", dt.date(2025, 4, 1)),
    "certificate": ("issued_at", NOW - dt.timedelta(days=400)),
}


@pytest.fixture(params=KINDS)
def locked(request):
    return request.getfixturevalue(request.param), request.param


def test_model_save_of_a_changed_locked_record_is_refused_and_audited(locked):
    obj, kind = locked
    name, value = EDITS[kind]
    setattr(obj, name, value)
    with pytest.raises(ProtectedRecordError):
        obj.save()
    assert refusals(obj) == 1
    obj.refresh_from_db()
    assert getattr(obj, name) != value


def test_model_delete_is_refused_and_audited(locked):
    obj, _ = locked
    with pytest.raises(ProtectedRecordError):
        obj.delete()
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert refusals(obj, "delete") == 1


def test_queryset_update_and_delete_are_refused_and_audited(locked):
    obj, kind = locked
    name, value = EDITS[kind]
    qs = type(obj).objects.filter(pk=obj.pk)
    with pytest.raises(ProtectedRecordError):
        qs.update(**{name: value})
    with pytest.raises(ProtectedRecordError):
        qs.delete()
    with pytest.raises(ProtectedRecordError):
        type(obj).objects.bulk_update([obj], [name])
    assert refusals(obj) == 2 and refusals(obj, "delete") == 1
    assert qs.exists()


def test_saving_an_unchanged_locked_record_is_harmless(locked):
    obj, _ = locked
    obj.save()
    assert refusals(obj) == 0


def test_a_certificate_is_still_revoked_and_reinstated(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=NOW)
    certificate.refresh_from_db()
    certificate.revoked_at = None
    certificate.save()
    assert refusals(certificate) == 0


def _admin_urls(obj):
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    return (
        reverse(f"{name}_change", args=[obj.pk]),
        reverse(f"{name}_delete", args=[obj.pk]),
        reverse(f"{name}_changelist"),
    )


def test_django_admin_refuses_to_delete_a_locked_record(world, client, locked):
    obj, _ = locked
    client.force_login(world.root)
    _, delete, changelist = _admin_urls(obj)
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert refusals(obj, "delete") == 3


def test_django_admin_shows_a_locked_record_read_only(world, client, locked):
    obj, kind = locked
    client.force_login(world.root)
    change, delete, _ = _admin_urls(obj)
    page = client.get(change)
    assert page.status_code == 200
    assert delete.encode() not in page.content
    name, value = EDITS[kind]
    # Whatever is posted, the locked fields stay as they were.
    client.post(change, {name: str(value), "_save": "Save"})
    before = getattr(obj, name)
    obj.refresh_from_db()
    assert getattr(obj, name) == before


def test_django_admin_change_post_of_a_signed_evaluation_is_refused_and_audited(
    world, client, evaluation
):
    client.force_login(world.root)
    change, _, _ = _admin_urls(evaluation)
    assert client.post(change, {"narrative": "Rewritten."}).status_code == 403
    assert refusals(evaluation) == 1


def test_services_refuse_a_signed_evaluation_and_audit_it(world, evaluation):
    with pytest.raises(ValidationError):
        evals.evaluation_update(by=world.sam, evaluation=evaluation, narrative="Rewritten.")
    with pytest.raises(ValidationError):
        evals.evaluation_comment(by=world.bob, evaluation=evaluation, comment="Actually…")
    assert refusals(evaluation) == 2


def test_services_refuse_a_paid_claim_and_an_accepted_promotion(world, grow, paid_claim, promotion):
    with pytest.raises(ValidationError):
        claims.claim_refuse(by=grow.stella, claim=paid_claim, reason="Changed our mind")
    with pytest.raises(ValidationError):
        claims.claim_pay(by=grow.stella, claim=paid_claim)
    with pytest.raises(ValidationError):
        promotions.promotion_decline(by=world.alice, promotion=promotion, note="no")
    assert refusals(paid_claim) == 2 and refusals(promotion) == 1


def test_the_api_refuses_to_edit_a_signed_evaluation_and_audits_it(world, evaluation, api_for):
    response = api_for(world.sam).patch(f"evaluations/{evaluation.pk}", {"narrative": "New"})
    assert response.status_code == 422
    evaluation.refresh_from_db()
    assert evaluation.narrative == "A good year."
    entry = AuditEntry.objects.get(action="careers.evaluation.change_refused")
    assert entry.actor == world.sam


def test_the_api_refuses_to_pay_a_paid_claim_again(world, grow, paid_claim, api_for):
    response = api_for(grow.stella).post(f"tuition/claims/{paid_claim.pk}/pay", {})
    assert response.status_code == 422
    assert refusals(paid_claim) == 1


def test_deleting_the_person_or_library_does_not_take_locked_records_along(world, evaluation):
    with pytest.raises(ProtectedError):
        world.bob.delete()
    with pytest.raises(ProtectedError):
        world.riverside.delete()
    assert Evaluation.objects.filter(pk=evaluation.pk).exists()


def test_an_unsigned_evaluation_is_still_edited_and_deleted(world):
    draft = evals.evaluation_create(
        by=world.sam,
        person=world.bob,
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 12, 31),
    )
    evals.evaluation_update(by=world.sam, evaluation=draft, narrative="Draft")
    draft.delete()
    assert not AuditEntry.objects.filter(action__endswith="_refused").exists()


# --- corrections -------------------------------------------------------------------------


def test_a_signed_evaluation_is_corrected_by_an_addendum_that_is_itself_append_only(
    world, evaluation
):
    addendum = evals.addendum_add(by=world.sam, evaluation=evaluation, body="Dates corrected.")
    assert addendum.evaluation == evaluation
    addendum.body = "Rewritten"
    with pytest.raises(ProtectedRecordError):
        addendum.save()
    with pytest.raises(ProtectedRecordError):
        EvaluationAddendum.objects.filter(pk=addendum.pk).delete()


def test_a_paid_claim_is_corrected_by_an_adjustment_claim(world, grow, paid_claim):
    adjustment = corrections.claim_correct(
        by=grow.stella, original=paid_claim, amount="-100.00", reason="Overpaid fees"
    )
    assert adjustment.corrects == paid_claim and adjustment.term == paid_claim.term
    assert adjustment.reimbursement == Decimal("-100.00")
    assert list(paid_claim.corrections.all()) == [adjustment]
    claims.claim_pay(by=grow.stella, claim=adjustment, paid_on=dt.date(2025, 2, 1))
    adjustment.refresh_from_db()
    assert adjustment.status == Claim.Status.PAID
    with pytest.raises(PermissionDenied):
        corrections.claim_correct(by=world.alice, original=paid_claim, amount="5", reason="x")
    assert AuditEntry.objects.filter(action="tuition.claim.corrected").count() == 1


def test_an_accepted_promotion_is_corrected_by_a_new_promotion(world, promotion):
    correction = corrections.promotion_correct(
        by=world.alice, original=promotion, effective_date=dt.date(2025, 3, 15)
    )
    assert correction.corrects == promotion and correction.status == Promotion.Status.ACCEPTED
    promotion.refresh_from_db()
    assert promotion.effective_date == dt.date(2025, 3, 1)
    assert promotion.from_employment.end_date == dt.date(2025, 3, 14)
    with pytest.raises(PermissionDenied):
        corrections.promotion_correct(by=world.carol, original=correction, detail="x")


def test_the_claim_page_records_an_adjustment_and_shows_corrected_by(
    world, grow, paid_claim, client
):
    client.force_login(grow.stella)
    response = client.post(
        paid_claim.get_absolute_url(),
        {"action": "correct", "amount": "25.00", "reason": "Books receipt found"},
    )
    adjustment = Claim.objects.get(corrects=paid_claim)
    assert response.status_code == 302 and response.url == adjustment.get_absolute_url()
    page = client.get(paid_claim.get_absolute_url()).content.decode()
    assert f"adjustment #{adjustment.pk}" in page


def test_the_promotion_page_records_a_correction(world, promotion, client):
    client.force_login(world.alice)
    response = client.post(
        promotion.get_absolute_url(),
        {"action": "correct", "effective_date": "2025-03-15", "detail": "Corrected date"},
    )
    correction = Promotion.objects.get(corrects=promotion)
    assert response.status_code == 302
    page = client.get(promotion.get_absolute_url()).content.decode()
    assert f"promotion #{correction.pk}" in page


# --- the audit log itself ----------------------------------------------------------------


def test_the_audit_log_is_append_only(world, client, evaluation):
    entry = AuditEntry.objects.create(action="x.y", object_type="x.y", object_id="1")
    entry.summary = "rewritten"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="rewritten")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(action="core.auditentry.change_refused").count() == 2
    client.force_login(world.root)
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:core_auditentry_delete", args=[entry.pk])).status_code == 403
    assert (
        client.post(
            reverse("admin:core_auditentry_change", args=[entry.pk]), {"summary": "x"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk, summary="").exists()


def test_the_api_corrects_a_paid_claim_and_an_accepted_promotion(
    world, grow, paid_claim, promotion, api_for
):
    response = api_for(grow.stella).post(
        f"tuition/claims/{paid_claim.pk}/correct", {"amount": "-50.00", "reason": "Fees refunded"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["corrects_id"] == paid_claim.pk
    response = api_for(world.carol).post(
        f"tuition/promotions/{promotion.pk}/correct", {"detail": "x"}
    )
    assert response.status_code in (403, 404)
    response = api_for(world.alice).post(
        f"tuition/promotions/{promotion.pk}/correct", {"effective_date": "2025-03-15"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["corrects_id"] == promotion.pk
