"""Credentials through the API: private to the person's managers, edited by self and admins."""

from django.core.files.uploadedfile import SimpleUploadedFile

from ladder.people.models import CertificationType, Credential, EvidenceFile
from tests import factories as f
from tests.api.conftest import API, assert_error, ids

MLS = {
    "kind": "degree",
    "status": "awarded",
    "degree_level": 50,
    "field": "Library and Information Science",
    "institution": "Kent State University",
    "accredited": True,
    "awarded_on": "2021-05-15",
}


def test_managers_list_a_persons_credentials(world, api_for):
    credential = f.CredentialFactory(person=world.bob)
    for reader in (world.bob, world.sam, world.alice, world.root):
        assert ids(api_for(reader).get(f"people/{world.bob.pk}/credentials")) == [credential.pk]
        assert credential.pk in ids(api_for(reader).get("credentials"))


def test_other_librarys_admin_cannot_reach_riverside_credentials(world, api_for):
    credential = f.CredentialFactory(person=world.bob)
    api = api_for(world.carol)
    assert_error(api.get(f"people/{world.bob.pk}/credentials"), 404)
    assert_error(api.get(f"credentials/{credential.pk}"), 404)
    assert credential.pk not in ids(api.get("credentials", limit=100))
    assert_error(api.patch(f"credentials/{credential.pk}", {"field": "x"}), 404)
    assert_error(api.delete(f"credentials/{credential.pk}"), 404)
    assert_error(api.post(f"people/{world.bob.pk}/credentials", MLS), 404)
    assert Credential.objects.filter(person=world.bob).count() == 1


def test_a_colleague_cannot_see_credentials(world, api_for):
    f.CredentialFactory(person=world.sam)
    assert_error(api_for(world.bob).get(f"people/{world.sam.pk}/credentials"), 404)


def test_a_person_adds_their_own_degree(world, api_for):
    response = api_for(world.bob).post(f"people/{world.bob.pk}/credentials", MLS)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["degree_level_label"] == "MLS / MLIS"
    assert body["accredited"] is True
    assert body["title"] == "MLS / MLIS, Library and Information Science"


def test_a_certification_with_a_type(world, api_for):
    lssc = CertificationType.objects.create(name="LSSC", issuer="ALA-APA")
    response = api_for(world.bob).post(
        f"people/{world.bob.pk}/credentials",
        {
            "kind": "certification",
            "status": "awarded",
            "certification_type": lssc.pk,
            "awarded_on": "2023-01-10",
            "expires_on": "2027-01-10",
            "renewal_hours": 45,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["certification_type"] == {"id": lssc.pk, "name": "LSSC"}


def test_credential_rules_come_back_on_their_fields(world, api_for):
    response = api_for(world.bob).post(
        f"people/{world.bob.pk}/credentials",
        {"kind": "degree", "status": "awarded", "degree_level": 30, "accredited": True},
    )
    error = assert_error(response, 422)
    assert {"awarded_on", "accredited"} <= set(error["fields"])
    assert not Credential.objects.filter(person=world.bob).exists()


def test_unknown_degree_level_is_refused_by_the_schema(world, api_for):
    response = api_for(world.bob).post(
        f"people/{world.bob.pk}/credentials", {**MLS, "degree_level": 45}
    )
    assert "degree_level" in assert_error(response, 422)["fields"]


def test_admin_updates_and_deletes_their_staffs_credential(world, api_for):
    credential = f.CredentialFactory(person=world.bob)
    api = api_for(world.alice)
    updated = api.patch(f"credentials/{credential.pk}", {"institution": "Ohio University"})
    assert updated.status_code == 200, updated.content
    assert updated.json()["institution"] == "Ohio University"
    assert api.delete(f"credentials/{credential.pk}").status_code == 204
    assert not Credential.objects.filter(pk=credential.pk).exists()


def test_supervisor_may_see_but_not_change_a_reports_credential(world, api_for):
    credential = f.CredentialFactory(person=world.bob)
    api = api_for(world.sam)
    assert api.get(f"credentials/{credential.pk}").status_code == 200
    assert_error(api.patch(f"credentials/{credential.pk}", {"field": "x"}), 403)
    assert_error(api.delete(f"credentials/{credential.pk}"), 403)
    assert Credential.objects.filter(pk=credential.pk, field="Film studies").exists()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(api, credential, name="diploma.pdf", content=PDF):
    return api.client.post(
        f"{API}/credentials/{credential.pk}/evidence",
        data={"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        headers=api.headers,
    )


def test_a_person_attaches_and_deletes_evidence(world, api_for):
    credential = f.CredentialFactory(person=world.bob)
    api = api_for(world.bob)
    response = _upload(api, credential)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["original_name"] == "diploma.pdf"
    assert body["content_type"] == "application/pdf"
    listed = api.get(f"credentials/{credential.pk}").json()["evidence"]
    assert [e["id"] for e in listed] == [body["id"]]
    assert api.delete(f"evidence/{body['id']}").status_code == 204
    assert not EvidenceFile.objects.exists()


def test_evidence_whose_content_is_not_its_type_is_refused(world, api_for):
    credential = f.CredentialFactory(person=world.bob)
    response = _upload(api_for(world.bob), credential, content=b"MZ\x90\x00 not a pdf")
    assert "file" in assert_error(response, 422)["fields"]
    assert not EvidenceFile.objects.exists()


def test_evidence_upload_without_a_file_is_a_422(world, api_for):
    credential = f.CredentialFactory(person=world.bob)
    api = api_for(world.bob)
    response = api.client.post(
        f"{API}/credentials/{credential.pk}/evidence", data={}, headers=api.headers
    )
    assert "file" in assert_error(response, 422)["fields"]


def test_other_librarys_admin_cannot_attach_or_delete_riverside_evidence(world, api_for):
    credential = f.CredentialFactory(person=world.bob)
    evidence = EvidenceFile.objects.create(
        credential=credential,
        file="evidence/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=10,
    )
    api = api_for(world.carol)
    assert_error(_upload(api, credential), 404)
    assert_error(api.delete(f"evidence/{evidence.pk}"), 404)
    assert EvidenceFile.objects.count() == 1
