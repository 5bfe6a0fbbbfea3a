"""evidence_record: who may add what to the log, the scale check, and the rating it keeps."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ladder.core.models import AuditEntry
from ladder.skills.models import (
    AppendOnlyError,
    Area,
    Competency,
    Evidence,
    Framework,
    Level,
    Rating,
)
from ladder.skills.ratings import (
    EvidenceBatchError,
    EvidenceInput,
    evidence_record,
    evidence_record_many,
    rating_recompute,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def ils(framework):
    return framework.competencies.get(code="ils")


def rating_of(person, competency):
    return Rating.objects.get(person=person, competency=competency)


# --- the rule, through the service ---------------------------------------------------------


def test_self_assessment_sets_the_level_until_a_supervisor_assesses(world, ils):
    evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=3)
    rating = rating_of(world.bob, ils)
    assert (rating.level, rating.source, rating.self_level) == (3, "self", 3)


def test_supervisor_outranks_a_later_self_assessment(world, ils):
    evidence_record(by=world.sam, person=world.bob, competency=ils, kind="supervisor", level=2)
    evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=4)
    rating = rating_of(world.bob, ils)
    assert (rating.level, rating.source) == (2, "supervisor")
    assert (rating.self_level, rating.supervisor_level) == (4, 2)


def test_training_raises_the_level_but_never_lowers_it(world, ils):
    evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=1)
    evidence_record(by=world.alice, person=world.bob, competency=ils, kind="training", level=3)
    assert (rating_of(world.bob, ils).level, rating_of(world.bob, ils).source) == (3, "training")
    evidence_record(by=world.alice, person=world.bob, competency=ils, kind="training", level=2)
    assert rating_of(world.bob, ils).level == 3


def test_rating_recompute_agrees_with_the_log(world, ils):
    evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=2)
    Rating.objects.filter(person=world.bob).update(level=0)  # a stale cache
    assert rating_recompute(person=world.bob, competency=ils).level == 2


def test_no_log_means_no_rating(world, ils):
    assert rating_recompute(person=world.bob, competency=ils) is None


def test_recording_writes_the_entry_and_an_audit_entry_with_old_and_new_level(world, ils):
    evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=1)
    evidence = evidence_record(
        by=world.sam, person=world.bob, competency=ils, kind="supervisor", level=3, note=" Good "
    )
    assert (evidence.recorded_by, evidence.note) == (world.sam, "Good")
    entry = AuditEntry.objects.filter(action="skills.evidence.recorded").latest("id")
    assert entry.changes == {"level": [1, 3]}


# --- the scale -----------------------------------------------------------------------------


@pytest.mark.parametrize("level", [5, -1, "two", None, "", 2.5, True])
def test_a_level_outside_the_scale_is_refused_on_the_level_field(world, ils, level):
    with pytest.raises(ValidationError) as exc:
        evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=level)
    assert "Test framework scale: 0 None, 1 Aware" in exc.value.message_dict["level"][0]
    assert not Evidence.objects.exists()
    assert not Rating.objects.exists()


def test_a_level_of_another_framework_is_refused(world, ils, framework):
    small = Framework.objects.create(name="Small", slug="small")
    Level.objects.create(framework=small, value=0, name="No")
    Level.objects.create(framework=small, value=1, name="Yes")
    area = Area.objects.create(framework=small, code="a", name="A")
    yes_no = Competency.objects.create(framework=small, area=area, code="c", name="C")
    with pytest.raises(ValidationError) as exc:
        evidence_record(by=world.bob, person=world.bob, competency=yes_no, kind="self", level=3)
    assert exc.value.message_dict["level"] == ["Choose a level on the Small scale: 0 No, 1 Yes."]
    # The same level is fine on the framework that has it.
    evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=3)


def test_an_unknown_kind_is_refused(world, ils):
    with pytest.raises(ValidationError) as exc:
        evidence_record(by=world.root, person=world.bob, competency=ils, kind="rumour", level=1)
    assert "kind" in exc.value.message_dict


# --- who may record what -------------------------------------------------------------------


def test_bob_cannot_record_a_supervisor_assessment_about_himself(world, ils):
    with pytest.raises(PermissionDenied):
        evidence_record(by=world.bob, person=world.bob, competency=ils, kind="supervisor", level=4)
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("who", ["sam", "alice", "dave"])
def test_bob_cannot_record_a_supervisor_assessment_about_anyone(world, ils, who):
    with pytest.raises(PermissionDenied):
        evidence_record(
            by=world.bob, person=getattr(world, who), competency=ils, kind="supervisor", level=1
        )


@pytest.mark.parametrize("kind", ["self", "supervisor", "training", "coaching"])
def test_bob_records_nothing_about_others(world, ils, kind):
    with pytest.raises(PermissionDenied):
        evidence_record(by=world.bob, person=world.sam, competency=ils, kind=kind, level=1)


def test_sam_records_supervisor_evidence_for_bob_but_not_for_dave(world, ils):
    evidence_record(by=world.sam, person=world.bob, competency=ils, kind="supervisor", level=2)
    with pytest.raises(PermissionDenied):
        evidence_record(by=world.sam, person=world.dave, competency=ils, kind="supervisor", level=2)
    assert Evidence.objects.count() == 1


def test_a_supervisor_cannot_record_a_self_assessment_for_their_report(world, ils):
    with pytest.raises(PermissionDenied):
        evidence_record(by=world.sam, person=world.bob, competency=ils, kind="self", level=2)


def test_alice_in_bobs_chain_records_a_supervisor_assessment(world, ils):
    # alice supervises sam, who supervises bob.
    evidence_record(by=world.alice, person=world.bob, competency=ils, kind="supervisor", level=2)
    assert rating_of(world.bob, ils).supervisor_level == 2


def test_a_library_admin_outside_the_chain_cannot_record_a_supervisor_assessment(
    world, ils, riverside_admin
):
    with pytest.raises(PermissionDenied):
        evidence_record(
            by=riverside_admin, person=world.bob, competency=ils, kind="supervisor", level=2
        )


def test_a_library_admin_outside_the_chain_records_training_and_coaching(
    world, ils, riverside_admin
):
    evidence_record(by=riverside_admin, person=world.bob, competency=ils, kind="training", level=2)
    evidence_record(by=riverside_admin, person=world.bob, competency=ils, kind="coaching", level=3)
    assert rating_of(world.bob, ils).level == 3


def test_another_librarys_admin_records_nothing(world, ils):
    for kind in ["self", "supervisor", "training", "credential", "coaching"]:
        with pytest.raises(PermissionDenied):
            evidence_record(by=world.carol, person=world.bob, competency=ils, kind=kind, level=1)


def test_network_coordinator_records_nothing_about_staff(world, ils):
    with pytest.raises(PermissionDenied):
        evidence_record(by=world.nina, person=world.bob, competency=ils, kind="training", level=1)


def test_site_admin_records_a_supervisor_assessment_but_not_a_self_assessment(world, ils):
    evidence_record(by=world.root, person=world.bob, competency=ils, kind="supervisor", level=1)
    with pytest.raises(PermissionDenied):
        evidence_record(by=world.root, person=world.bob, competency=ils, kind="self", level=1)


# --- files ---------------------------------------------------------------------------------


def test_a_file_is_stored_privately_under_a_random_name(world, ils, settings):
    upload = SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf")
    evidence = evidence_record(
        by=world.bob, person=world.bob, competency=ils, kind="self", level=2, upload=upload
    )
    assert evidence.file_name == "certificate.pdf"
    assert "certificate" not in evidence.file.name
    assert (settings.MEDIA_ROOT / evidence.file.name).read_bytes() == PDF


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_saved(world, ils, settings):
    upload = SimpleUploadedFile("certificate.pdf", b"<html></html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        evidence_record(
            by=world.bob, person=world.bob, competency=ils, kind="self", level=2, upload=upload
        )
    assert exc.value.message_dict["file"] == ["The file's content is not a PDF file."]
    assert not Evidence.objects.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*.pdf"))


# --- batches (the rate page) ---------------------------------------------------------------


def test_a_batch_with_one_bad_level_saves_nothing_and_names_the_competency(world, framework):
    ils = framework.competencies.get(code="ils")
    circ = framework.competencies.get(code="circulation")
    with pytest.raises(EvidenceBatchError) as exc:
        evidence_record_many(
            by=world.bob,
            person=world.bob,
            kind="self",
            entries=[EvidenceInput(ils, 2), EvidenceInput(circ, 9)],
        )
    assert set(exc.value.by_competency) == {circ.pk}
    assert not Evidence.objects.exists()


def test_a_batch_records_every_entry(world, framework):
    ils = framework.competencies.get(code="ils")
    circ = framework.competencies.get(code="circulation")
    evidence_record_many(
        by=world.sam,
        person=world.bob,
        kind="supervisor",
        entries=[EvidenceInput(ils, "2", "steady"), EvidenceInput(circ, 3)],
    )
    assert {r.competency.code: r.level for r in Rating.objects.filter(person=world.bob)} == {
        "ils": 2,
        "circulation": 3,
    }


def test_an_empty_batch_asks_for_a_level(world):
    with pytest.raises(ValidationError, match="at least one competency"):
        evidence_record_many(by=world.bob, person=world.bob, kind="self", entries=[])


# --- the log is append-only ----------------------------------------------------------------


def test_the_model_refuses_to_change_or_delete_an_entry(world, ils):
    evidence = evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=2)
    evidence.level = 4
    with pytest.raises(AppendOnlyError):
        evidence.save()
    with pytest.raises(AppendOnlyError):
        evidence.delete()
    with pytest.raises(AppendOnlyError):
        Evidence.objects.filter(pk=evidence.pk).update(level=4)
    with pytest.raises(AppendOnlyError):
        Evidence.objects.filter(pk=evidence.pk).delete()
    assert Evidence.objects.get(pk=evidence.pk).level == 2
