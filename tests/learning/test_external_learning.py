"""Learning done elsewhere: reported with evidence, pending until the person's supervisor
chain or their library's admin verifies it; only then does it count and enter the skills log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.learning.models import TrainingRecord
from ladder.learning.transcript import (
    ReportedCompetency,
    external_learning_reject,
    external_learning_report,
    external_learning_verify,
    transcript_for,
)
from ladder.skills.models import Evidence, Rating
from tests.learning import test_transcript_records as shared
from tests.skills import conftest as skills_conftest

ils, ran, attend = shared.ils, shared.ran, shared.attend
riverside_admin = skills_conftest.riverside_admin

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
R = TrainingRecord.Status


def pdf(name: str = "certificate.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def report(person, competencies=(), **overrides) -> TrainingRecord:
    fields = {
        "title": "State conference 2025",
        "provider": "Ohio Library Council",
        "kind": "conference",
        "completed_on": timezone.localdate() - dt.timedelta(days=10),
        "hours": "12",
        "ce_credits": "1.2",
        "competencies": competencies,
        "upload": pdf(),
        **overrides,
    }
    return external_learning_report(by=person, **fields)


@pytest.fixture
def reported(world, ils) -> TrainingRecord:
    return report(world.bob, [ReportedCompetency(ils, 2)])


# --- reporting -------------------------------------------------------------------------------


def test_reported_learning_is_pending_with_its_evidence_and_does_not_count(world, reported, ils):
    assert reported.status == R.PENDING
    assert reported.person == world.bob
    assert reported.evidence_name == "certificate.pdf"
    assert reported.evidence.read() == PDF
    assert reported.above_and_beyond is True  # a page's job does not require ILS
    assert not Evidence.objects.filter(person=world.bob).exists()
    transcript = transcript_for(world.bob)
    assert transcript.records == [reported]
    assert transcript.total.hours == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"upload": SimpleUploadedFile("run.exe", b"MZ...")}, "file"),
        ({"upload": pdf(content=b"\x89PNG\r\n\x1a\n....")}, "file"),
        ({"upload": None}, "file"),
        ({"completed_on": timezone.localdate() + dt.timedelta(days=3)}, "completed_on"),
        ({"hours": "0"}, "hours"),
        ({"hours": "-2"}, "hours"),
        ({"ce_credits": "lots"}, "ce_credits"),
        ({"title": "  "}, "title"),
        ({"provider": ""}, "provider"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_bad_reports_are_refused_naming_the_field_and_nothing_is_saved(
    world, overrides, field, settings
):
    with pytest.raises(ValidationError) as exc:
        report(world.bob, **overrides)

    assert field in exc.value.message_dict
    assert not TrainingRecord.objects.exists()
    training_dir = settings.MEDIA_ROOT / "training"
    assert not training_dir.exists() or not any(training_dir.rglob("*.*"))


def test_a_level_off_the_scale_or_a_competency_twice_is_refused(world, ils):
    with pytest.raises(ValidationError) as exc:
        report(world.bob, [ReportedCompetency(ils, 7)])
    assert "ILS and systems" in exc.value.message_dict["competencies"][0]

    with pytest.raises(ValidationError) as exc:
        report(world.bob, [ReportedCompetency(ils, 2), ReportedCompetency(ils, 3)])
    assert "listed twice" in exc.value.message_dict["competencies"][0]
    assert not TrainingRecord.objects.exists()


# --- verification ----------------------------------------------------------------------------


def test_the_supervisor_verifies_and_the_learning_counts_and_enters_the_skills_log(
    world, reported, ils
):
    external_learning_verify(by=world.sam, record=reported)

    reported.refresh_from_db()
    assert reported.status == R.VERIFIED
    assert reported.verified_by == world.sam
    entry = Evidence.objects.get(person=world.bob)
    assert (entry.kind, entry.level) == ("training", 2)
    assert entry.source_ref == f"learning.trainingrecord:{reported.pk}"
    assert Rating.objects.get(person=world.bob, competency=ils).level == 2
    assert transcript_for(world.bob).total.hours == Decimal("12")
    assert AuditEntry.objects.filter(action="learning.trainingrecord.verified").exists()


def test_the_librarys_admin_outside_the_chain_verifies_too(world, reported, riverside_admin):
    external_learning_verify(by=riverside_admin, record=reported)

    reported.refresh_from_db()
    assert reported.status == R.VERIFIED


@pytest.mark.parametrize("who", ["bob", "carol", "dave", "nina"])
def test_people_outside_the_chain_and_the_library_cannot_verify(world, reported, who):
    with pytest.raises(PermissionDenied):
        external_learning_verify(by=getattr(world, who), record=reported)

    reported.refresh_from_db()
    assert reported.status == R.PENDING
    assert not Evidence.objects.exists()


def test_a_decided_record_cannot_be_decided_again(world, reported):
    external_learning_verify(by=world.sam, record=reported)

    with pytest.raises(ValidationError):
        external_learning_reject(by=world.alice, record=reported, reason="Changed my mind")
    with pytest.raises(ValidationError):
        external_learning_verify(by=world.alice, record=reported)

    reported.refresh_from_db()
    assert reported.status == R.VERIFIED
    assert Evidence.objects.filter(person=world.bob).count() == 1


def test_attendance_records_are_not_verified_through_the_queue(world, ran):
    record = attend(ran.bob, world.sam)

    with pytest.raises(ValidationError):
        external_learning_reject(by=world.alice, record=record)


def test_rejected_learning_stays_listed_but_never_counts(world, reported):
    external_learning_reject(by=world.sam, record=reported, reason="No certificate attached")

    reported.refresh_from_db()
    assert reported.status == R.REJECTED
    assert not Evidence.objects.exists()
    assert transcript_for(world.bob).total.count == 0
    entry = AuditEntry.objects.get(action="learning.trainingrecord.rejected")
    assert "No certificate attached" in entry.summary


# --- pages -----------------------------------------------------------------------------------


def test_the_report_page_saves_and_goes_back_to_the_transcript(world, ils, client_for):
    client = client_for(world.bob)
    assert client.get(reverse("learning:external_report")).status_code == 200

    response = client.post(
        reverse("learning:external_report"),
        {
            "title": "Copyright for reserves (webinar)",
            "kind": "webinar",
            "provider": "ALA",
            "completed_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
            "hours": "1.5",
            "ce_credits": "",
            "competency_1": ils.pk,
            "level_1": "2",
            "file": pdf(),
        },
    )

    assert response.status_code == 302
    record = TrainingRecord.objects.get(person=world.bob)
    assert (record.status, record.hours, record.kind) == (R.PENDING, Decimal("1.5"), "webinar")
    assert [(c.competency, c.level) for c in record.competencies.all()] == [(ils, 2)]


def test_the_report_page_shows_the_file_error_on_the_field(world, client_for):
    response = client_for(world.bob).post(
        reverse("learning:external_report"),
        {
            "title": "Weeding workshop",
            "kind": "workshop",
            "provider": "Regional library system",
            "completed_on": timezone.localdate().isoformat(),
            "hours": "3",
            "file": SimpleUploadedFile("notes.pdf", b"just some text"),
        },
    )

    assert response.status_code == 400
    assert "content is not a PDF file" in str(response.context["form"].errors["file"])
    assert not TrainingRecord.objects.exists()


def test_a_competency_without_a_level_is_refused_on_the_form(world, ils, client_for):
    response = client_for(world.bob).post(
        reverse("learning:external_report"),
        {
            "title": "Weeding workshop",
            "kind": "workshop",
            "provider": "Regional library system",
            "completed_on": timezone.localdate().isoformat(),
            "hours": "3",
            "competency_1": ils.pk,
            "file": pdf(),
        },
    )

    assert response.status_code == 400
    assert "level_1" in response.context["form"].errors
    assert not TrainingRecord.objects.exists()


def test_the_queue_lists_what_the_user_may_verify(world, reported, client_for):
    url = reverse("learning:verifications")

    assert list(client_for(world.sam).get(url).context["object_list"]) == [reported]
    assert list(client_for(world.alice).get(url).context["object_list"]) == [reported]
    assert list(client_for(world.carol).get(url).context["object_list"]) == []
    assert list(client_for(world.bob).get(url).context["object_list"]) == []


def test_verifying_on_the_page(world, reported, client_for):
    url = reverse("learning:verification_verify", args=[reported.pk])

    response = client_for(world.sam).post(url)

    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == R.VERIFIED


def test_the_person_themselves_gets_403_and_another_library_404(world, reported, client_for):
    verify = reverse("learning:verification_verify", args=[reported.pk])
    reject = reverse("learning:verification_reject", args=[reported.pk])

    assert client_for(world.bob).post(verify).status_code == 403
    assert client_for(world.bob).get(reject).status_code == 403
    assert client_for(world.carol).post(verify).status_code == 404
    assert client_for(world.carol).post(reject, {"reason": "x"}).status_code == 404
    assert client_for(world.dave).post(verify).status_code == 404

    reported.refresh_from_db()
    assert reported.status == R.PENDING


def test_rejecting_on_the_page_with_a_reason(world, reported, client_for):
    url = reverse("learning:verification_reject", args=[reported.pk])
    client = client_for(world.sam)
    assert client.get(url).status_code == 200

    response = client.post(url, {"reason": "The certificate is for someone else."})

    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == R.REJECTED


def test_the_evidence_file_is_for_the_transcripts_readers_only(world, reported, client_for):
    url = reverse("learning:record_evidence", args=[reported.pk])

    response = client_for(world.sam).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client_for(world.carol).get(url).status_code == 404


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("learning:verifications")).status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_runs_the_same_queries_for_5_and_50_reports(world, ils, client_for, settings):
    settings.PAGE_SIZE = 100
    client = client_for(world.sam)
    for _ in range(5):
        report(world.bob, [ReportedCompetency(ils, 2)])
    few = _queue_queries(client)
    for _ in range(45):
        report(world.bob, [ReportedCompetency(ils, 2)])
    many = _queue_queries(client)
    assert few == many
