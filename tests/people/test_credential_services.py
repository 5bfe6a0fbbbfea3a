import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.people.models import CertificationType, Credential, EducationLevel, EvidenceFile
from ladder.people.services import (
    credential_create,
    credential_delete,
    credential_update,
    evidence_add,
)
from tests import factories as f

PDF = b"%PDF-1.7\n%fake but well-formed enough\n"


def test_person_records_an_accredited_mls(world):
    credential = credential_create(
        by=world.bob,
        person=world.bob,
        kind="degree",
        degree_level=EducationLevel.MLS,
        field="Library and information science",
        institution="Kent State University",
        accredited=True,
        status="awarded",
        awarded_on=dt.date(2022, 5, 1),
    )
    assert credential.accredited
    assert AuditEntry.objects.filter(action="people.credential.created").count() == 1


def test_in_progress_degree_needs_no_award_date(world):
    credential = credential_create(
        by=world.bob,
        person=world.bob,
        kind="degree",
        degree_level=EducationLevel.BACHELOR,
        status="in_progress",
        started_on=dt.date(2024, 1, 8),
    )
    assert credential.awarded_on is None


def test_degree_needs_a_level(world):
    with pytest.raises(ValidationError) as exc:
        credential_create(by=world.bob, person=world.bob, kind="degree", status="in_progress")
    assert "degree_level" in exc.value.message_dict
    assert not Credential.objects.exists()


def test_awarded_needs_a_date(world):
    with pytest.raises(ValidationError) as exc:
        credential_create(
            by=world.bob,
            person=world.bob,
            kind="degree",
            degree_level=EducationLevel.ASSOCIATE,
            status="awarded",
        )
    assert "awarded_on" in exc.value.message_dict


def test_award_date_cannot_be_in_the_future(world):
    with pytest.raises(ValidationError) as exc:
        credential_create(
            by=world.bob,
            person=world.bob,
            kind="degree",
            degree_level=EducationLevel.ASSOCIATE,
            status="awarded",
            awarded_on=timezone.localdate() + dt.timedelta(days=30),
        )
    assert "awarded_on" in exc.value.message_dict


def test_only_an_mls_can_be_accredited(world):
    with pytest.raises(ValidationError) as exc:
        credential_create(
            by=world.bob,
            person=world.bob,
            kind="degree",
            degree_level=EducationLevel.BACHELOR,
            accredited=True,
            status="in_progress",
        )
    assert "accredited" in exc.value.message_dict


def test_certification_needs_a_type_or_an_issuer(world):
    with pytest.raises(ValidationError) as exc:
        credential_create(
            by=world.bob, person=world.bob, kind="certification", status="in_progress"
        )
    assert "certification_type" in exc.value.message_dict


def test_certification_with_an_issuer_drops_degree_fields(world):
    credential = credential_create(
        by=world.bob,
        person=world.bob,
        kind="certification",
        issuer="ALA-APA",
        degree_level=EducationLevel.MLS,
        accredited=True,
        status="awarded",
        awarded_on=dt.date(2023, 3, 1),
        expires_on=dt.date(2027, 3, 1),
        renewal_hours=30,
    )
    assert credential.degree_level is None
    assert credential.accredited is False


def test_expiry_cannot_precede_the_award(world):
    lssc = CertificationType.objects.create(name="LSSC", issuer="ALA-APA")
    with pytest.raises(ValidationError) as exc:
        credential_create(
            by=world.bob,
            person=world.bob,
            kind="certification",
            certification_type=lssc,
            status="awarded",
            awarded_on=dt.date(2023, 3, 1),
            expires_on=dt.date(2022, 3, 1),
        )
    assert "expires_on" in exc.value.message_dict


def test_bad_kind_is_refused_on_the_kind_field(world):
    with pytest.raises(ValidationError) as exc:
        credential_create(by=world.bob, person=world.bob, kind="diploma", status="in_progress")
    assert "kind" in exc.value.message_dict


def test_admin_of_the_persons_library_manages_their_credentials(world):
    credential = f.CredentialFactory(person=world.bob)
    credential_update(by=world.alice, credential=credential, field="Film and media studies")
    credential.refresh_from_db()
    assert credential.field == "Film and media studies"
    entry = AuditEntry.objects.get(action="people.credential.updated")
    assert entry.changes == {"field": ["Film studies", "Film and media studies"]}


def test_other_librarys_admin_cannot_touch_riverside_credentials(world):
    credential = f.CredentialFactory(person=world.bob)
    with pytest.raises(PermissionDenied):
        credential_create(by=world.carol, person=world.bob, kind="certification", issuer="X")
    with pytest.raises(PermissionDenied):
        credential_update(by=world.carol, credential=credential, field="x")
    with pytest.raises(PermissionDenied):
        credential_delete(by=world.carol, credential=credential)
    assert Credential.objects.filter(pk=credential.pk).exists()


def test_supervisor_sees_but_cannot_change_a_reports_credentials(world):
    credential = f.CredentialFactory(person=world.bob)
    with pytest.raises(PermissionDenied):
        credential_update(by=world.sam, credential=credential, field="x")


def test_colleague_cannot_add_credentials_for_someone_else(world):
    with pytest.raises(PermissionDenied):
        credential_create(by=world.bob, person=world.sam, kind="certification", issuer="X")


def test_failed_update_leaves_the_credential_as_it_was(world):
    credential = f.CredentialFactory(person=world.bob)
    with pytest.raises(ValidationError):
        credential_update(by=world.bob, credential=credential, status="awarded", awarded_on=None)
    assert credential.awarded_on == dt.date(2016, 5, 15)
    credential.refresh_from_db()
    assert credential.awarded_on == dt.date(2016, 5, 15)


def test_deleting_a_credential_removes_its_evidence_files(
    world, settings, django_capture_on_commit_callbacks
):
    credential = f.CredentialFactory(person=world.bob)
    evidence = evidence_add(
        by=world.bob,
        credential=credential,
        upload=SimpleUploadedFile("diploma.pdf", PDF, content_type="application/pdf"),
    )
    stored = settings.MEDIA_ROOT / evidence.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        credential_delete(by=world.bob, credential=credential)
    assert not Credential.objects.filter(pk=credential.pk).exists()
    assert not EvidenceFile.objects.exists()
    assert not stored.exists()
    assert AuditEntry.objects.filter(action="people.credential.deleted").exists()
