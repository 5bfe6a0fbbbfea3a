import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ladder.core.models import AuditEntry
from ladder.people.models import EvidenceFile
from ladder.people.services import evidence_add, evidence_delete
from tests import factories as f

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def bobs_degree(world):
    return f.CredentialFactory(person=world.bob)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("diploma.pdf", PDF, "application/pdf"),
        ("Diploma.PNG", PNG, "image/png"),
        ("scan.jpeg", JPEG, "image/jpeg"),
        ("scan.jpg", JPEG, "image/jpeg"),
    ],
)
def test_allowed_files_are_stored_outside_the_web_root(
    world, bobs_degree, settings, name, content, content_type
):
    # The browser's claimed type is ignored; the stored type comes from the checked content.
    evidence = evidence_add(by=world.bob, credential=bobs_degree, upload=upload(name, content))
    assert evidence.content_type == content_type
    assert evidence.original_name == name
    assert evidence.size == len(content)
    stored = settings.MEDIA_ROOT / evidence.file.name
    assert stored.read_bytes() == content
    # A random stored name: the original name never becomes a path.
    assert name not in evidence.file.name
    assert AuditEntry.objects.filter(action="people.evidence.added").count() == 1


def test_disallowed_extension_is_refused_on_the_file_field(world, bobs_degree):
    with pytest.raises(ValidationError) as exc:
        evidence_add(by=world.bob, credential=bobs_degree, upload=upload("macro.docm", PDF))
    assert "file" in exc.value.message_dict
    assert not EvidenceFile.objects.exists()


def test_content_not_matching_the_extension_is_refused(world, bobs_degree):
    html = b"<html><script>alert(1)</script></html>"
    with pytest.raises(ValidationError) as exc:
        evidence_add(
            by=world.bob,
            credential=bobs_degree,
            upload=upload("diploma.pdf", html, "application/pdf"),
        )
    assert exc.value.message_dict["file"] == ["The file's content is not a PDF file."]


def test_png_renamed_to_jpg_is_refused(world, bobs_degree):
    with pytest.raises(ValidationError):
        evidence_add(by=world.bob, credential=bobs_degree, upload=upload("photo.jpg", PNG))


def test_file_over_the_size_limit_is_refused(world, bobs_degree, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        evidence_add(
            by=world.bob, credential=bobs_degree, upload=upload("big.pdf", PDF + b"0" * 2000)
        )
    assert "too large" in exc.value.message_dict["file"][0]
    assert not any(settings.MEDIA_ROOT.rglob("*.pdf"))


def test_empty_file_is_refused(world, bobs_degree):
    with pytest.raises(ValidationError):
        evidence_add(by=world.bob, credential=bobs_degree, upload=upload("empty.pdf", b""))


def test_other_librarys_admin_cannot_upload_to_riverside_credentials(world, bobs_degree):
    with pytest.raises(PermissionDenied):
        evidence_add(by=world.carol, credential=bobs_degree, upload=upload("x.pdf", PDF))


def test_evidence_delete_removes_the_row_and_the_file(
    world, bobs_degree, settings, django_capture_on_commit_callbacks
):
    evidence = evidence_add(by=world.bob, credential=bobs_degree, upload=upload("d.pdf", PDF))
    stored = settings.MEDIA_ROOT / evidence.file.name
    with pytest.raises(PermissionDenied):
        evidence_delete(by=world.sam, evidence=evidence)
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(by=world.alice, evidence=evidence)
    assert not EvidenceFile.objects.exists()
    assert not stored.exists()


# --- the download page ---------------------------------------------------------------------


@pytest.fixture
def bobs_evidence(world, bobs_degree):
    return evidence_add(by=world.bob, credential=bobs_degree, upload=upload("diploma.pdf", PDF))


@pytest.mark.parametrize("who", ["bob", "sam", "alice", "root"])
def test_managers_download_evidence_as_an_attachment(world, client_for, bobs_evidence, who):
    response = client_for(getattr(world, who)).get(f"/people/evidence/{bobs_evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="diploma.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_strangers_get_404_for_evidence(world, client_for, bobs_evidence, who):
    response = client_for(getattr(world, who)).get(f"/people/evidence/{bobs_evidence.pk}/")
    assert response.status_code == 404


def test_colleague_cannot_download_a_colleagues_evidence(world, client_for, bobs_evidence):
    # sam's evidence is private to sam, alice (his admin and supervisor) and root; not bob.
    sams = evidence_add(
        by=world.sam,
        credential=f.CredentialFactory(person=world.sam),
        upload=upload("mls.pdf", PDF),
    )
    assert client_for(world.bob).get(f"/people/evidence/{sams.pk}/").status_code == 404


def test_anonymous_download_redirects_to_login(client, bobs_evidence):
    response = client.get(f"/people/evidence/{bobs_evidence.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_upload_page_shows_a_bad_type_on_the_file_field(world, client_for, bobs_degree):
    response = client_for(world.bob).post(
        f"/people/credentials/{bobs_degree.pk}/evidence/add/",
        {"file": upload("notes.txt", b"hello")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Upload a file of one of these types: JPEG, JPG, PDF, PNG."
    ]
    assert not EvidenceFile.objects.exists()


def test_upload_page_shows_a_too_large_file_on_the_file_field(
    world, client_for, bobs_degree, settings
):
    settings.EVIDENCE_MAX_BYTES = 10
    response = client_for(world.bob).post(
        f"/people/credentials/{bobs_degree.pk}/evidence/add/", {"file": upload("d.pdf", PDF)}
    )
    assert "too large" in response.context["form"].errors["file"][0]


def test_upload_page_stores_a_good_file(world, client_for, bobs_degree):
    response = client_for(world.alice).post(
        f"/people/credentials/{bobs_degree.pk}/evidence/add/", {"file": upload("d.pdf", PDF)}
    )
    assert response.status_code == 302
    assert bobs_degree.evidence.get().uploaded_by == world.alice


def test_upload_page_is_404_for_strangers_and_403_for_supervisors(world, client_for, bobs_degree):
    url = f"/people/credentials/{bobs_degree.pk}/evidence/add/"
    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(world.sam).get(url).status_code == 403


def test_evidence_delete_page_needs_post_and_permission(world, client_for, bobs_evidence):
    url = f"/people/evidence/{bobs_evidence.pk}/delete/"
    assert client_for(world.carol).post(url).status_code == 404
    assert client_for(world.sam).post(url).status_code == 403
    assert client_for(world.bob).get(url).status_code == 200
    assert EvidenceFile.objects.filter(pk=bobs_evidence.pk).exists()
    assert client_for(world.bob).post(url).status_code == 302
    assert not EvidenceFile.objects.filter(pk=bobs_evidence.pk).exists()


def test_original_name_loses_paths_and_control_characters(world, bobs_degree):
    evidence = evidence_add(
        by=world.bob,
        credential=bobs_degree,
        upload=upload("../../etc/dip\r\nloma.pdf", PDF),
    )
    assert evidence.original_name == "diploma.pdf"
