"""Certificates of completion, only for those who attended: a PDF, an Open Badges 3.0
credential, and a public verification page that shows nothing private."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from ladder.learning.models import Certificate, TrainingRecord
from ladder.learning.registrations import attendance_mark
from ladder.learning.transcript import training_record_from_attendance
from tests.learning import test_external_learning as external
from tests.learning import test_transcript_records as shared

ils, ran, attend = shared.ils, shared.ran, shared.attend


@pytest.fixture
def certificate(world, ran) -> Certificate:
    return attend(ran.bob, world.sam).certificate


def pdf_url(certificate):
    return reverse("learning:certificate_pdf", args=[certificate.pk])


def badge_url(certificate):
    return reverse("learning:certificate_badge", args=[certificate.pk])


def verify_url(certificate):
    return reverse("learning:certificate_verify", args=[certificate.pk])


# --- the PDF -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["bob", "sam", "alice"])
def test_the_holder_and_their_managers_download_the_pdf(world, certificate, who, client_for):
    response = client_for(getattr(world, who)).get(pdf_url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["carol", "dave"])
def test_someone_else_gets_404_for_the_pdf_and_the_badge(world, certificate, who, client_for):
    client = client_for(getattr(world, who))

    assert client.get(pdf_url(certificate)).status_code == 404
    assert client.get(badge_url(certificate)).status_code == 404


def test_a_no_show_has_no_certificate(world, ran):
    attendance_mark(by=world.sam, registration=ran.bob, attended=False)
    training_record_from_attendance(ran.bob, by=world.sam)

    assert not Certificate.objects.filter(record__person=world.bob).exists()


def test_a_certificate_revoked_by_a_correction_to_no_show_is_404(world, ran, client_for):
    certificate = attend(ran.bob, world.sam).certificate
    attendance_mark(by=world.sam, registration=ran.bob, attended=False)
    training_record_from_attendance(ran.bob, by=world.sam)
    client = client_for(world.bob)

    assert client.get(pdf_url(certificate)).status_code == 404
    assert client.get(badge_url(certificate)).status_code == 404


def test_an_attendance_corrected_without_the_transcript_still_refuses_the_certificate(
    world, ran, client_for
):
    # Even if only the registration changed, the certificate follows the attendance.
    certificate = attend(ran.bob, world.sam).certificate
    attendance_mark(by=world.sam, registration=ran.bob, attended=False)

    assert client_for(world.bob).get(pdf_url(certificate)).status_code == 404


def test_verified_external_learning_gets_no_certificate(world, ils):
    record = external.report(world.bob)
    external.external_learning_verify(by=world.sam, record=record)

    assert not Certificate.objects.filter(record=record).exists()


def test_an_unknown_certificate_is_404(world, client_for):
    missing = "/learning/certificates/00000000-0000-4000-8000-000000000000/"
    assert Client().get(missing).status_code == 404
    assert client_for(world.bob).get(missing + "certificate.pdf").status_code == 404


# --- the Open Badge ------------------------------------------------------------------------


def test_the_badge_is_an_open_badges_3_credential(world, certificate, client_for, settings):
    settings.SITE_URL = "https://ladder.example.org"

    response = client_for(world.bob).get(badge_url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    badge = json.loads(response.content)
    assert badge["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["id"] == f"https://ladder.example.org/learning/certificates/{certificate.pk}/"
    assert badge["issuer"]["type"] == ["Profile"]
    assert badge["issuer"]["name"] == "Buckeye Library Network"
    assert badge["issuer"]["id"].startswith("https://ladder.example.org/orgs/networks/")
    assert badge["validFrom"].endswith("Z")
    subject = badge["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == "Bob Page"
    assert subject["creditsEarned"] == 0.3
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "ILS workshop"
    assert achievement["description"]
    assert "Attended" in achievement["criteria"]["narrative"]
    assert achievement["id"].startswith("https://ladder.example.org/learning/offerings/")
    assert achievement["alignment"][0]["targetName"] == "ILS and systems"
    # Nothing private travels in the credential.
    assert "bob@riverside.example" not in response.content.decode()


# --- the public verification page ----------------------------------------------------------


def test_the_public_page_shows_name_achievement_date_and_validity(world, certificate):
    response = Client().get(verify_url(certificate))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Valid certificate" in page
    assert "Bob Page" in page
    assert "ILS workshop" in page
    assert "Buckeye Library Network" in page
    assert certificate.record.completed_on.strftime("%Y") in page
    assert response["X-Robots-Tag"] == "noindex"


def test_the_public_page_leaks_nothing_private(world, certificate):
    page = Client().get(verify_url(certificate)).content.decode()

    for private in ("bob@riverside.example", "Riverside", "Sam Super", "supervis", "15.0"):
        assert private not in page
    assert "above and beyond" not in page.lower()


def test_the_public_page_says_revoked_after_a_correction(world, ran):
    certificate = attend(ran.bob, world.sam).certificate
    attendance_mark(by=world.sam, registration=ran.bob, attended=False)
    training_record_from_attendance(ran.bob, by=world.sam)

    page = Client().get(verify_url(certificate)).content.decode()

    assert "Revoked certificate" in page
    assert "Valid certificate" not in page
    assert TrainingRecord.objects.get(pk=certificate.record_id).status == "rejected"


def test_the_transcript_links_the_certificate(world, certificate, client_for):
    page = client_for(world.bob).get(f"/learning/transcripts/{world.bob.pk}/").content.decode()

    assert pdf_url(certificate) in page
    assert badge_url(certificate) in page
    assert verify_url(certificate) in page
