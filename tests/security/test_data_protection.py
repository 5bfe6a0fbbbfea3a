"""Data protection: a person downloads everything Ladder holds about them; the site admin
erases a person who has left, keeping the training history anonymously."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from ladder.careers.models import DevelopmentPlan, Evaluation
from ladder.certifications.models import Pursuit, Scheme
from ladder.core.models import AuditEntry, Notice
from ladder.learning.models import Certificate, Offering, Registration, Session, TrainingRecord
from ladder.network.models import AdvisoryRequest, TempWorker
from ladder.openings.models import Application, Opening
from ladder.orgs.models import Role
from ladder.people.models import CertificationType, EvidenceFile, Person
from ladder.people.privacy import (
    EXCLUDED,
    SECTIONS,
    person_erase,
    person_export_data,
    person_relations,
)
from ladder.people.tokens import api_token_create
from ladder.shared_learning.models import (
    CoachingRequest,
    LicencePool,
    LicenceWindow,
    Roundtable,
    RoundtableMembership,
)
from ladder.skills.models import Competency, Evidence, Interest, Rating
from ladder.tuition.models import Claim, Enrolment, Programme
from tests import factories as f

FIRST, LAST, EMAIL, PHONE = "Lenora", "Leaverton", "lenora.leaverton@riverside.example", "555-0199"


@pytest.fixture
def lena(world, framework, settings, tmp_path) -> Person:
    """Lenora left Riverside last year; Ladder holds something about her in every app."""
    settings.MEDIA_ROOT = tmp_path
    lena = f.PersonFactory(
        email=EMAIL, first_name=FIRST, last_name=LAST, phone=PHONE, bio=f"I am {FIRST}."
    )
    f.EmploymentFactory(
        person=lena,
        library=world.riverside,
        job_class=world.page,
        start_date=dt.date(2019, 1, 7),
        end_date=dt.date(2025, 6, 30),
        supervisor=world.sam,
    )
    credential = f.CredentialFactory(person=lena)
    EvidenceFile.objects.create(
        credential=credential,
        file=ContentFile(b"%PDF-1.4 diploma", name="diploma.pdf"),
        original_name=f"{LAST} diploma.pdf",
        content_type="application/pdf",
        size=16,
    )
    f.PriorExperienceFactory(person=lena, employer=f"{LAST} Family Bookshop")
    competency = Competency.objects.filter(area__framework=framework).first()
    Rating.objects.create(person=lena, competency=competency, level=2, source="self")
    Evidence.objects.create(
        person=lena, competency=competency, kind="self", level=2, note=f"{FIRST} says so"
    )
    Interest.objects.create(person=lena)
    offering = Offering.objects.create(
        title="Weeding workshop",
        kind="workshop",
        provider_kind="library",
        provider_library=world.riverside,
    )
    now = timezone.now()
    session = Session.objects.create(
        offering=offering, starts_at=now - dt.timedelta(days=400), ends_at=now, capacity=10
    )
    registration = Registration.objects.create(session=session, person=lena, status="attended")
    record = TrainingRecord.objects.create(
        person=lena,
        registration=registration,
        title="Weeding workshop",
        kind="workshop",
        completed_on=dt.date(2024, 5, 1),
        hours=Decimal("3.5"),
        evidence=ContentFile(b"x", name="notes.txt"),
        evidence_name="notes.txt",
    )
    Certificate.objects.create(record=record)
    pool = LicencePool.objects.create(
        name="LinkedIn Learning", platform="LinkedIn", network=world.network
    )
    LicenceWindow.objects.create(
        pool=pool,
        person=lena,
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 1, 14),
        status="ended",
    )
    roundtable = Roundtable.objects.create(
        network=world.network, name="Pages", slug="pages", offering=offering
    )
    RoundtableMembership.objects.create(roundtable=roundtable, person=lena)
    CoachingRequest.objects.create(learner=lena, library=world.riverside, topic="Cataloguing")
    AdvisoryRequest.objects.create(
        network=world.network,
        library=world.riverside,
        asked_by=lena,
        topic="Volunteers",
        question=f"Call me on {PHONE} or {EMAIL}",
    )
    TempWorker.objects.create(
        network=world.network,
        person=lena,
        level="non_professional",
        available_from=dt.date(2025, 7, 1),
    )
    DevelopmentPlan.objects.create(
        person=lena,
        title="Become an assistant",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 12, 31),
    )
    Evaluation.objects.create(
        person=lena,
        library=world.riverside,
        reviewer=world.sam,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        narrative=f"{FIRST} {LAST} ran the weeding project.",
        person_comment=f"Thanks — {FIRST}",
        reviewer_signed_at=now,
        person_signed_at=now,
    )
    programme = Programme.objects.create(
        name="GYO",
        sponsor=world.riverside,
        cap_per_year=Decimal("1000"),
        cap_lifetime=Decimal("5000"),
    )
    enrolment = Enrolment.objects.create(
        programme=programme,
        person=lena,
        library=world.riverside,
        institution="Kent State",
        degree_level=30,
        expected_start=dt.date(2023, 8, 1),
        expected_end=dt.date(2025, 5, 1),
    )
    Claim.objects.create(
        enrolment=enrolment,
        term="Fall 2024",
        term_ends_on=dt.date(2024, 12, 15),
        courses=f"LIS 600 ({LAST})",
        credits=Decimal("3"),
        status="paid",
        paid_on=dt.date(2025, 1, 10),
        reimbursement=Decimal("800"),
    )
    scheme = Scheme.objects.create(
        name="Ohio certification",
        slug="ohio",
        certification_type=CertificationType.objects.create(name="Ohio Library Certificate"),
    )
    Pursuit.objects.create(person=lena, scheme=scheme, started_on=dt.date(2024, 1, 1))
    opening = Opening.objects.create(
        library=world.riverside, job_class=world.assistant, weekly_hours=Decimal("20")
    )
    Application.objects.create(opening=opening, person=lena)
    api_token_create(by=lena, name="my script")
    AuditEntry.objects.create(
        action="people.person.updated",
        object_type="people.person",
        object_id=str(lena.pk),
        summary=f"{FIRST} {LAST} changed their phone to {PHONE}",
        changes={"email": [EMAIL, EMAIL]},
    )
    return lena


# --- the export covers every relation --------------------------------------------------


def test_every_relation_to_person_is_exported_or_excluded_with_a_reason():
    relations = set(person_relations())
    covered = set(SECTIONS) | set(EXCLUDED)
    assert relations - covered == set(), "add these to SECTIONS or EXCLUDED (with a reason)"
    assert covered - relations == set(), "these no longer exist"
    assert not set(SECTIONS) & set(EXCLUDED)
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_the_export_holds_data_from_every_app(lena):
    data = person_export_data(by=lena, person=lena)
    assert data["profile"]["email"] == EMAIL
    assert "password" not in data["profile"] and "feed_token" not in data["profile"]
    for section in (
        "employments",
        "credentials",
        "prior_experience",
        "skill_ratings",
        "skill_evidence_log",
        "interests",
        "registrations",
        "training_records",
        "licence_loans",
        "roundtable_memberships",
        "coaching_requested",
        "advisory_requests",
        "temp_agency",
        "development_plans",
        "evaluations",
        "certification_pursuits",
        "tuition_enrolments",
        "applications",
        "api_tokens",
        "audit_log_about_me",
    ):
        assert data[section], section
    assert data["credentials"][0]["evidence"][0]["original_name"] == f"{LAST} diploma.pdf"
    assert data["tuition_enrolments"][0]["claims"][0]["reimbursement"] == "800.00"
    assert data["training_records"][0]["certificate"]["issued_at"]
    token = data["api_tokens"][0]
    assert token["name"] == "my script" and "token_hash" not in token
    json.dumps(data)  # plain JSON throughout


def test_the_person_downloads_json_and_pdf_from_their_profile(lena, client):
    client.force_login(lena)
    profile = client.get(reverse("people:profile", args=[lena.pk])).content.decode()
    assert "Download my data" in profile
    response = client.get(reverse("people:export_json", args=[lena.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["profile"]["last_name"] == LAST
    pdf = client.get(reverse("people:export_pdf", args=[lena.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert f"{FIRST} {LAST}" in text
    for heading in ("Employments", "Training records", "Evaluations", "Tuition enrolments"):
        assert heading in text


def test_the_api_exports_my_data(lena, api_for):
    response = api_for(lena).get("me/export")
    assert response.status_code == 200
    assert response.json()["profile"]["email"] == EMAIL


@pytest.mark.parametrize("who", ["bob", "carol", "alice", "nina"])
def test_others_cannot_export_a_persons_data(world, lena, client, who):
    # bob a stranger, carol another library's admin — and not even Riverside's own admin.
    with pytest.raises(PermissionDenied):
        person_export_data(by=getattr(world, who), person=lena)
    client.force_login(getattr(world, who))
    assert client.get(reverse("people:export_json", args=[lena.pk])).status_code == 403


def test_the_site_admin_may_export(world, lena):
    assert person_export_data(by=world.root, person=lena)["profile"]["email"] == EMAIL


# --- erase -----------------------------------------------------------------------------


def test_only_the_site_admin_erases(world, lena):
    for who in (world.alice, world.carol, world.nina, lena):
        with pytest.raises(PermissionDenied):
            person_erase(by=who, person=lena)


def test_current_staff_and_role_holders_are_not_erased(world):
    with pytest.raises(ValidationError, match="still employed"):
        person_erase(by=world.root, person=world.bob)
    assert Role.objects.filter(person=world.nina).exists()
    with pytest.raises(ValidationError, match="role"):
        person_erase(by=world.root, person=world.nina)


def _text_values(obj: models.Model) -> list[str]:
    values = []
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.JSONField):
            values.append(json.dumps(value))
        elif isinstance(field, (models.CharField, models.TextField, models.FileField)):
            values.append(str(value or ""))
    return values


def _all_rows_about(person: Person) -> list[models.Model]:
    rows: list[models.Model] = [person]
    for key in [*SECTIONS]:
        name = key.rsplit(".", 1)[1]
        field = person_relations()[key]
        rows += list(field.model._base_manager.filter(**{name: person}))
    # The rows that belong to them: evidence files, claims, addenda, placements…
    extra: list[models.Model] = []
    for row in rows:
        for rel in row._meta.related_objects:
            if rel.one_to_many:
                extra += list(getattr(row, rel.get_accessor_name()).all()[:50])
    return rows + extra


def test_after_erasure_no_personal_field_survives(
    world, lena, client, django_capture_on_commit_callbacks
):
    hours_before = TrainingRecord.objects.filter(
        registration__session__offering__title="Weeding workshop"
    ).aggregate(h=Sum("hours"))["h"]
    records_before = TrainingRecord.objects.count()
    told = Notice.objects.create(
        recipient=world.alice,
        kind="tuition.application_submitted",
        subject=f"Tuition application to decide: {FIRST} {LAST} — Grow your own",
    )
    client.force_login(lena)
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(by=world.root, person=lena)
    told.refresh_from_db()
    assert LAST.lower() not in told.subject.lower() and "[erased]" in told.subject
    lena.refresh_from_db()
    assert not lena.has_usable_password() and not lena.is_active
    assert lena.email == f"erased-{lena.pk}@invalid"
    needles = [FIRST.lower(), LAST.lower(), EMAIL.lower(), PHONE]
    for row in _all_rows_about(lena):
        for value in _text_values(row):
            for needle in needles:
                assert needle not in value.lower(), (row._meta.label, value)
    for entry in AuditEntry.objects.all():
        text = (entry.summary + json.dumps(entry.changes)).lower()
        assert f"{FIRST} {LAST}".lower() not in text and EMAIL not in text and PHONE not in text
    # The training history stays, anonymously: the library's figures do not change.
    assert TrainingRecord.objects.count() == records_before
    assert TrainingRecord.objects.filter(person=lena).aggregate(h=Sum("hours"))["h"] == hours_before
    assert Certificate.objects.filter(record__person=lena).exists()
    evaluation = Evaluation.objects.get(person=lena)  # locked: kept, its text scrubbed
    assert evaluation.narrative == "[erased] ran the weeding project."
    assert evaluation.is_signed
    assert Claim.objects.get(enrolment__person=lena).courses == "LIS 600 ([erased])"
    assert not EvidenceFile.objects.filter(credential__person=lena).exists()
    assert not Interest.objects.filter(person=lena).exists()
    assert not lena.api_tokens.exists()
    # Her session ended with the password.
    assert client.get(reverse("people:me")).status_code == 302
    entry = AuditEntry.objects.get(action="people.person.erased")
    assert entry.actor == world.root and FIRST not in entry.summary


def test_the_erase_page_and_command(world, lena, client):
    client.force_login(world.root)
    page = client.get(reverse("people:erase", args=[lena.pk]))
    assert page.status_code == 200 and b"training history" in page.content
    client.force_login(world.alice)
    assert client.post(reverse("people:erase", args=[lena.pk])).status_code == 403
    with pytest.raises(Exception, match="still employed"):
        call_command("erase_person", "--id", str(world.bob.pk), "--as", world.root.email)
    call_command("erase_person", "--id", str(lena.pk), "--as", world.root.email)
    lena.refresh_from_db()
    assert lena.first_name == "Erased"
