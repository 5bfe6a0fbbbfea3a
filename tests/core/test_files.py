"""core/files.py: one stored-file model, one way in (attach_upload), one way out (serve_stored)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from ladder.core.files import attach_upload, removed_on_failure, serve_stored
from ladder.people.models import EvidenceFile
from tests import factories as f

PDF = b"%PDF-1.4 a small file"


def pdf(name="diploma.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def stored_pdf(world, credential):
    with attach_upload(
        stored=EvidenceFile(credential=credential), upload=pdf(), by=world.sam
    ) as ev:
        return ev


@pytest.fixture
def credential(world):
    return f.CredentialFactory(person=world.bob)


def test_attach_upload_stores_the_file_with_its_facts(world, credential):
    with attach_upload(
        stored=EvidenceFile(credential=credential), upload=pdf(), by=world.sam
    ) as ev:
        pass

    ev.refresh_from_db()
    assert ev.original_name == "diploma.pdf"
    assert ev.content_type == "application/pdf"
    assert ev.size == len(PDF)
    assert ev.sha256 == hashlib.sha256(PDF).hexdigest()
    assert ev.uploaded_by == world.sam and ev.uploaded_at is not None
    assert ev.file.name.startswith(f"evidence/{world.bob.pk}/")
    assert ev.file.name != "evidence/diploma.pdf"  # a random name, not the one given
    assert default_storage.open(ev.file.name).read() == PDF


def test_a_failing_block_removes_the_stored_file_and_the_row(world, credential):
    evidence = EvidenceFile(credential=credential)
    with (
        pytest.raises(RuntimeError),
        attach_upload(stored=evidence, upload=pdf(), by=world.sam),
    ):
        raise RuntimeError("the audit entry failed")

    assert evidence.file.name
    assert not default_storage.exists(evidence.file.name)
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf("notes.exe"), "types"),
        (pdf(data=b""), "empty"),
        (pdf(data=b"not a pdf at all"), "content"),
    ],
)
def test_a_refused_upload_stores_nothing(world, credential, upload, message):
    with (
        pytest.raises(ValidationError) as caught,
        attach_upload(stored=EvidenceFile(credential=credential), upload=upload, by=world.sam),
    ):
        pass

    assert message in caught.value.message_dict["file"][0]
    assert not EvidenceFile.objects.exists()


def test_a_size_limit_is_kept(world, credential):
    with pytest.raises(ValidationError) as caught:  # noqa: SIM117 - the block must not run
        with attach_upload(
            stored=EvidenceFile(credential=credential), upload=pdf(), by=world.sam, max_bytes=5
        ):
            pass
    assert "too large" in caught.value.message_dict["file"][0]


def test_removed_on_failure_removes_every_file_of_the_block(world, credential):
    first, second = EvidenceFile(credential=credential), EvidenceFile(credential=credential)
    with pytest.raises(ValueError), removed_on_failure() as uploads:
        uploads.store(first.file, pdf("a.pdf"), "a.pdf")
        uploads.store(second.file, pdf("b.pdf"), "b.pdf")
        raise ValueError

    assert len(uploads.names) == 2
    assert not any(default_storage.exists(name) for name in uploads.names)


def test_serve_stored_sends_the_file_under_its_shown_name(world, credential):
    with attach_upload(
        stored=EvidenceFile(credential=credential), upload=pdf(), by=world.sam
    ) as ev:
        pass

    response = serve_stored(ev.file, filename="Bob's diploma.pdf")

    assert response["Content-Type"] == "application/pdf"  # from the suffix
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_serve_stored_is_a_404_without_a_file_or_when_it_is_gone(world, credential):
    with attach_upload(
        stored=EvidenceFile(credential=credential), upload=pdf(), by=world.sam
    ) as ev:
        pass
    default_storage.delete(ev.file.name)

    with pytest.raises(Http404):
        serve_stored(ev.file, filename="x.pdf")
    with pytest.raises(Http404):
        serve_stored(EvidenceFile().file, filename="x.pdf")
