"""Transcripts, reported learning, feedback and certificates through the API: a transcript is
seen only by the person, their supervisor chain and their library's admins."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ladder.learning.models import Feedback, Registration, TrainingRecord
from ladder.learning.registrations import attendance_mark
from tests.api import test_learning_catalogue as shared
from tests.api.conftest import API, assert_error, ids
from tests.learning.conftest import register

training = shared.training
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def attended(world, training) -> Registration:
    """bob attended yesterday's in-house training (marked by its facilitator, sam)."""
    registration = Registration.objects.get(session=training.past, person=world.bob)
    attendance_mark(by=world.sam, registration=registration, attended=True)
    return registration


def _report(api, **overrides):
    """POST /me/external-learning as multipart, the way a browser form or a script sends it."""
    fields = {
        "title": "State conference",
        "provider": "Ohio Library Council",
        "kind": "conference",
        "completed_on": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
        "hours": "12",
        "ce_credits": "1.2",
        "file": _pdf(),
        **overrides,
    }
    fields = {k: v for k, v in fields.items() if v is not None}
    return api.client.post(f"{API}/me/external-learning", fields, headers=api.headers)


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf")


# --- the transcript -------------------------------------------------------------------------


def test_attendance_puts_a_line_on_the_transcript_with_totals(world, api_for, attended):
    body = api_for(world.bob).get(f"people/{world.bob.pk}/transcript").json()

    assert [r["title"] for r in body["records"]] == ["Circulation desk essentials"]
    record = body["records"][0]
    assert (record["hours"], record["status"], record["registration_id"]) == (
        4.0,
        "verified",
        attended.pk,
    )
    assert record["competencies"][0]["competency"]["code"] == "circulation"
    assert record["certificate"]["valid"] is True
    assert body["total"]["hours"] == 4.0 and body["total"]["count"] == 1
    assert body["by_period"] == [
        {"label": str(record_year(record)), "hours": 4.0, "credits": 0.0, "count": 1}
    ]
    assert body["by_competency"][0]["label"] == "Circulation"


def record_year(record: dict) -> int:
    return dt.date.fromisoformat(record["completed_on"]).year


def test_the_transcript_is_seen_by_the_person_their_supervisor_and_admin(world, api_for, attended):
    path = f"people/{world.bob.pk}/transcript"

    for reader in (world.bob, world.sam, world.alice, world.root):
        assert api_for(reader).get(path).json()["total"]["count"] == 1, reader
    for outsider in (world.carol, world.dave, world.nina):
        assert_error(api_for(outsider).get(path), 404, "not_found")


def test_my_transcript_and_its_date_range(world, api_for, attended):
    api = api_for(world.bob)
    later = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    assert api.get("me/transcript").json()["total"]["count"] == 1
    assert api.get("me/transcript", date_from=later).json()["records"] == []
    assert api.get("me/transcript", group="quarter").json()["group"] == "quarter"
    assert "group" in assert_error(api.get("me/transcript", group="decade"), 422)["fields"]


def test_the_transcript_needs_authentication(anonymous_api, world):
    assert_error(anonymous_api.get(f"people/{world.bob.pk}/transcript"), 401)


# --- reported learning ----------------------------------------------------------------------


def test_staff_report_learning_which_stays_pending(world, api_for, framework):
    ils = framework.competencies.get(code="ils")

    response = _report(api_for(world.bob), competency=[ils.pk], level=["2"])

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["registration_id"], body["certificate"]) == (
        "pending",
        None,
        None,
    )
    assert body["evidence_name"] == "certificate.pdf" and body["evidence_url"]
    assert [(c["competency"]["code"], c["level"]) for c in body["competencies"]] == [("ils", 2)]
    transcript = api_for(world.bob).get("me/transcript").json()
    assert transcript["total"]["count"] == 0 and len(transcript["records"]) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"file": None}, "file"),
        ({"completed_on": "2999-01-01"}, "completed_on"),
        ({"hours": "0"}, "hours"),
        ({"kind": "party"}, "kind"),
        ({"title": ""}, "title"),
        ({"competency": ["1"], "level": []}, "level"),
        ({"competency": ["999999"], "level": ["1"]}, "competency"),
    ],
)
def test_bad_reported_learning_is_refused_on_its_field(world, api_for, overrides, field):
    response = _report(api_for(world.bob), **overrides)

    assert field in assert_error(response, 422)["fields"]
    assert not TrainingRecord.objects.exists()


def test_the_supervisor_verifies_reported_learning(world, api_for):
    record_id = _report(api_for(world.bob)).json()["id"]

    queue = api_for(world.sam).get("verifications").json()["items"]
    assert [(r["id"], r["person"]["id"]) for r in queue] == [(record_id, world.bob.pk)]
    response = api_for(world.sam).post(f"training-records/{record_id}/verify")

    assert response.json()["status"] == "verified"
    assert response.json()["verified_by"]["id"] == world.sam.pk
    assert api_for(world.bob).get("me/transcript").json()["total"]["hours"] == 12.0


def test_only_the_supervisor_chain_or_admin_verifies(world, api_for):
    record_id = _report(api_for(world.bob)).json()["id"]
    path = f"training-records/{record_id}"

    assert_error(api_for(world.bob).post(f"{path}/verify"), 403, "permission_denied")
    assert ids(api_for(world.bob).get("verifications")) == []
    assert_error(api_for(world.carol).post(f"{path}/verify"), 404)
    assert_error(api_for(world.carol).post(f"{path}/reject", {}), 404)
    assert ids(api_for(world.carol).get("verifications")) == []
    assert TrainingRecord.objects.get(pk=record_id).status == "pending"


def test_the_admin_rejects_reported_learning(world, api_for):
    record_id = _report(api_for(world.bob)).json()["id"]

    response = api_for(world.alice).post(
        f"training-records/{record_id}/reject", {"reason": "No certificate attached."}
    )

    assert response.json()["status"] == "rejected"
    again = api_for(world.alice).post(f"training-records/{record_id}/verify")
    assert "status" in assert_error(again, 422)["fields"]


# --- feedback -------------------------------------------------------------------------------


def test_an_attendee_gives_feedback_once(world, api_for, attended):
    path = f"sessions/{attended.session_id}/feedback"

    response = api_for(world.bob).post(path, {"rating": 5, "comment": "Clear and practical."})

    assert response.status_code == 201, response.content
    assert (response.json()["rating"], response.json()["session_id"]) == (5, attended.session_id)
    again = api_for(world.bob).post(path, {"rating": 1})
    assert "once" in assert_error(again, 422)["message"]
    assert Feedback.objects.get().rating == 5


def test_feedback_from_someone_who_did_not_attend_is_refused(world, api_for, training, attended):
    register(world.alice, training.past, status="no_show")
    path = f"sessions/{training.past.pk}/feedback"

    for refused in (world.alice, world.sam):
        error = assert_error(api_for(refused).post(path, {"rating": 4}), 403, "permission_denied")
        assert "Only people who attended" in error["message"]
    assert_error(api_for(world.carol).post(path, {"rating": 4}), 404)
    assert not Feedback.objects.exists()


def test_a_bad_rating_is_refused(world, api_for, attended):
    response = api_for(world.bob).post(f"sessions/{attended.session_id}/feedback", {"rating": 6})

    assert "rating" in assert_error(response, 422)["fields"]
    assert not Feedback.objects.exists()


def test_organisers_see_a_summary_without_names(world, api_for, attended):
    api_for(world.bob).post(
        f"sessions/{attended.session_id}/feedback", {"rating": 4, "comment": "Good pace."}
    )
    path = f"sessions/{attended.session_id}/feedback-summary"

    body = api_for(world.sam).get(path).json()

    assert (body["count"], body["average"], body["attended"]) == (1, 4.0, 1)
    assert [d["count"] for d in body["distribution"]] == [0, 0, 0, 1, 0]
    assert [c["comment"] for c in body["comments"]] == ["Good pace."]
    assert "person" not in body["comments"][0]
    assert_error(api_for(world.bob).get(path), 403)
    assert_error(api_for(world.carol).get(path), 404)


# --- certificates ---------------------------------------------------------------------------


def test_an_attendee_downloads_the_open_badge(world, api_for, attended):
    certificate = TrainingRecord.objects.get(registration=attended).certificate
    badge_url = (
        api_for(world.bob).get("me/transcript").json()["records"][0]["certificate"]["badge_url"]
    )

    body = api_for(world.bob).get(f"certificates/{certificate.pk}").json()

    assert badge_url == f"{API}/certificates/{certificate.pk}"
    assert body["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert body["credentialSubject"]["achievement"]["name"] == "Circulation desk essentials"
    assert api_for(world.sam).get(f"certificates/{certificate.pk}").status_code == 200
    assert_error(api_for(world.carol).get(f"certificates/{certificate.pk}"), 404)


def test_a_certificate_corrected_to_no_show_is_gone(world, api_for, attended):
    certificate = TrainingRecord.objects.get(registration=attended).certificate
    attendance_mark(by=world.sam, registration=attended, attended=False)

    assert_error(api_for(world.bob).get(f"certificates/{certificate.pk}"), 404)
    assert_error(api_for(world.bob).get("certificates/not-a-uuid"), 422)
