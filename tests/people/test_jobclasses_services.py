"""Job class and certification type services: who may create and change them, and the rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.people import ladders
from ladder.people.access import compute_access
from ladder.people.models import CertificationType, EducationLevel, JobClass
from ladder.people.requirements import requirements_in_words
from tests import factories as f


@pytest.fixture
def riverside_own(world):
    return f.JobClassFactory(
        name="Outreach Specialist", code="outreach", library=world.riverside, network=None
    )


def template_fields(**extra):
    return {"name": "Librarian I", "code": "librarian-i", **extra}


# --- creating -------------------------------------------------------------------------------


def test_coordinator_creates_a_network_template_and_it_is_audited(world):
    lssc = CertificationType.objects.create(name="LSSC")
    job_class = ladders.jobclass_create(
        by=world.nina,
        network=world.network,
        is_professional=True,
        min_education=EducationLevel.BACHELOR,
        min_years_experience=Decimal("1"),
        required_certifications=[lssc],
        **template_fields(),
    )
    assert job_class.network == world.network
    assert job_class.library is None
    assert list(job_class.required_certifications.all()) == [lssc]
    entry = AuditEntry.objects.get(action="people.jobclass.created", object_id=str(job_class.pk))
    assert entry.actor == world.nina
    assert entry.changes["code"] == [None, "librarian-i"]
    assert entry.changes["required_certifications"] == [None, ["LSSC"]]


def test_library_admin_creates_a_class_of_their_own_library(world):
    job_class = ladders.jobclass_create(
        by=world.alice, library=world.riverside, name="Outreach", code="outreach"
    )
    assert job_class.library == world.riverside
    assert job_class.network is None


def test_staff_member_cannot_create_a_job_class(world):
    with pytest.raises(PermissionDenied):
        ladders.jobclass_create(by=world.bob, library=world.riverside, **template_fields())
    with pytest.raises(PermissionDenied):
        ladders.jobclass_create(by=world.bob, network=world.network, **template_fields())
    assert not JobClass.objects.filter(code="librarian-i").exists()


def test_other_library_admin_cannot_create_a_class_for_riverside(world):
    with pytest.raises(PermissionDenied):
        ladders.jobclass_create(by=world.carol, library=world.riverside, **template_fields())


def test_library_admin_cannot_create_a_network_template(world):
    with pytest.raises(PermissionDenied):
        ladders.jobclass_create(by=world.alice, network=world.network, **template_fields())


def test_coordinator_of_another_network_cannot_create_templates_here(world):
    other = f.PersonFactory()
    f.RoleFactory(person=other, kind="network_coordinator", network=f.NetworkFactory())
    with pytest.raises(PermissionDenied):
        ladders.jobclass_create(by=other, network=world.network, **template_fields())


def test_owner_must_be_a_network_or_a_library_not_both(world):
    with pytest.raises(ValidationError) as exc:
        ladders.jobclass_create(
            by=world.root, network=world.network, library=world.riverside, **template_fields()
        )
    assert "owner" in exc.value.message_dict
    with pytest.raises(ValidationError):
        ladders.jobclass_create(by=world.root, **template_fields())


def test_duplicate_code_for_the_same_owner_is_rejected_on_the_code_field(world):
    with pytest.raises(ValidationError) as exc:
        ladders.jobclass_create(by=world.nina, network=world.network, name="Pager", code="page")
    assert "already used" in exc.value.message_dict["code"][0]
    assert JobClass.objects.filter(code="page").count() == 1


def test_same_code_is_allowed_for_a_different_owner(world):
    own = ladders.jobclass_create(by=world.alice, library=world.riverside, name="Page", code="page")
    assert own.pk
    with pytest.raises(ValidationError):
        ladders.jobclass_create(by=world.alice, library=world.riverside, name="Page 2", code="page")


def test_code_must_be_a_slug(world):
    with pytest.raises(ValidationError) as exc:
        ladders.jobclass_create(
            by=world.nina, network=world.network, name="Librarian I", code="librarian one!"
        )
    assert "code" in exc.value.message_dict


def test_accredited_degree_requires_mls_level(world):
    with pytest.raises(ValidationError) as exc:
        ladders.jobclass_create(
            by=world.nina,
            network=world.network,
            min_education=EducationLevel.BACHELOR,
            requires_accredited=True,
            **template_fields(),
        )
    assert "requires_accredited" in exc.value.message_dict


def test_negative_years_of_experience_are_rejected(world):
    with pytest.raises(ValidationError) as exc:
        ladders.jobclass_create(
            by=world.nina,
            network=world.network,
            min_years_experience=Decimal("-1"),
            **template_fields(),
        )
    assert "min_years_experience" in exc.value.message_dict


# --- updating -------------------------------------------------------------------------------


def test_coordinator_edits_a_template_and_the_audit_keeps_old_and_new(world):
    lssc = CertificationType.objects.create(name="LSSC")
    ladders.jobclass_update(
        by=world.nina,
        job_class=world.assistant,
        min_years_experience=Decimal("2"),
        required_certifications=[lssc],
    )
    world.assistant.refresh_from_db()
    assert world.assistant.min_years_experience == Decimal("2")
    entry = AuditEntry.objects.get(action="people.jobclass.updated")
    old, new = entry.changes["min_years_experience"]
    assert (Decimal(old), Decimal(new)) == (Decimal("0"), Decimal("2"))
    assert entry.changes["required_certifications"] == [[], ["LSSC"]]


def test_other_library_admin_cannot_edit_riversides_own_class(world, riverside_own):
    with pytest.raises(PermissionDenied):
        ladders.jobclass_update(by=world.carol, job_class=riverside_own, name="Hijacked")
    riverside_own.refresh_from_db()
    assert riverside_own.name == "Outreach Specialist"


def test_coordinator_cannot_edit_a_librarys_own_class(world, riverside_own):
    with pytest.raises(PermissionDenied):
        ladders.jobclass_update(by=world.nina, job_class=riverside_own, name="Changed")


def test_library_admin_edits_their_own_class_but_not_a_template(world, riverside_own):
    ladders.jobclass_update(by=world.alice, job_class=riverside_own, is_professional=True)
    riverside_own.refresh_from_db()
    assert riverside_own.is_professional
    with pytest.raises(PermissionDenied):
        ladders.jobclass_update(by=world.alice, job_class=world.page, name="Shelver")


def test_bob_cannot_edit_anything(world, riverside_own):
    with pytest.raises(PermissionDenied):
        ladders.jobclass_update(by=world.bob, job_class=world.page, name="Shelver")


def test_failed_update_saves_nothing(world):
    with pytest.raises(ValidationError):
        ladders.jobclass_update(
            by=world.nina, job_class=world.assistant, name="Assistant!", code="page"
        )
    world.assistant.refresh_from_db()
    assert world.assistant.name == "Library Assistant"
    assert world.assistant.code == "library-assistant"
    assert not AuditEntry.objects.filter(action="people.jobclass.updated").exists()


def test_update_without_change_writes_no_audit_entry(world):
    ladders.jobclass_update(by=world.nina, job_class=world.page, name="Page")
    assert not AuditEntry.objects.filter(action="people.jobclass.updated").exists()


def test_unknown_field_is_a_programming_error(world):
    with pytest.raises(TypeError):
        ladders.jobclass_update(by=world.nina, job_class=world.page, library=world.riverside)


# --- certification types --------------------------------------------------------------------


def test_library_admin_adds_a_certification_type(world):
    cert = ladders.certificationtype_create(by=world.alice, name=" LSSC ", issuer="ALA-APA")
    assert cert.name == "LSSC"
    assert AuditEntry.objects.filter(action="people.certificationtype.created").exists()


def test_staff_cannot_add_a_certification_type(world):
    with pytest.raises(PermissionDenied):
        ladders.certificationtype_create(by=world.bob, name="LSSC")


def test_duplicate_certification_name_is_rejected_whatever_the_case(world):
    ladders.certificationtype_create(by=world.nina, name="LSSC")
    with pytest.raises(ValidationError) as exc:
        ladders.certificationtype_create(by=world.alice, name="lssc")
    assert "name" in exc.value.message_dict


# --- reading --------------------------------------------------------------------------------


def test_requirements_read_as_plain_words(world):
    lssc = CertificationType.objects.create(name="LSSC")
    world.assistant.required_certifications.add(lssc)
    assert requirements_in_words(world.librarian2) == ["MLS/MLIS from an ALA-accredited programme"]
    assert requirements_in_words(world.manager) == ["MLS/MLIS", "3 years of experience"]
    assert requirements_in_words(world.assistant) == [
        "Secondary (high school) diploma or higher",
        "Certification: LSSC",
    ]
    assert requirements_in_words(world.page) == ["No formal requirements"]
    bachelor = f.JobClassFactory(
        min_education=EducationLevel.BACHELOR, min_years_experience=Decimal("1")
    )
    assert requirements_in_words(bachelor) == [
        "Bachelor's degree or higher",
        "1 year of experience",
    ]
    half = f.JobClassFactory(min_years_experience=Decimal("1.5"))
    assert requirements_in_words(half) == ["1.5 years of experience"]


def test_current_employment_count_is_only_for_admins(world):
    # Riverside: bob is a page; Hillcrest has no pages.
    assert ladders.current_employment_count(compute_access(world.alice), world.page) == 1
    assert ladders.current_employment_count(compute_access(world.carol), world.page) == 0
    assert ladders.current_employment_count(compute_access(world.nina), world.librarian2) == 2
    assert ladders.current_employment_count(compute_access(world.bob), world.page) is None
    assert ladders.current_employment_count(compute_access(world.root), world.librarian2) == 2
