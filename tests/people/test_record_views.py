"""Credential and prior-experience pages on a profile."""

from ladder.people.models import Credential, PriorExperience
from tests import factories as f


def test_person_adds_a_degree_from_their_profile(world, client_for):
    response = client_for(world.bob).post(
        f"/people/{world.bob.pk}/credentials/add/",
        {
            "kind": "degree",
            "status": "awarded",
            "degree_level": "30",
            "field": "Film studies",
            "institution": "Ohio State University",
            "awarded_on": "2016-05-15",
        },
    )
    assert response.status_code == 302
    credential = Credential.objects.get(person=world.bob)
    assert credential.title == "Bachelor's degree, Film studies"


def test_credential_form_shows_the_rule_on_the_field(world, client_for):
    response = client_for(world.bob).post(
        f"/people/{world.bob.pk}/credentials/add/", {"kind": "degree", "status": "awarded"}
    )
    errors = response.context["form"].errors
    assert errors["degree_level"] == ["A degree needs a level."]
    assert errors["awarded_on"] == ["An awarded credential needs the date it was awarded."]
    body = response.content.decode()
    assert "A degree needs a level." in body
    assert not Credential.objects.exists()


def test_credential_pages_refuse_strangers_with_404_and_supervisors_with_403(world, client_for):
    credential = f.CredentialFactory(person=world.bob)
    for url in (
        f"/people/{world.bob.pk}/credentials/add/",
        f"/people/credentials/{credential.pk}/edit/",
        f"/people/credentials/{credential.pk}/delete/",
    ):
        assert client_for(world.carol).get(url).status_code == 404, url
        assert client_for(world.sam).get(url).status_code == 403, url
    # A colleague cannot even see sam's credentials.
    sams = f.CredentialFactory(person=world.sam)
    assert client_for(world.bob).get(f"/people/credentials/{sams.pk}/edit/").status_code == 404
    assert client_for(world.bob).get(f"/people/{world.sam.pk}/credentials/add/").status_code == 404


def test_admin_edits_and_deletes_a_staff_members_credential(world, client_for):
    credential = f.CredentialFactory(person=world.bob)
    client = client_for(world.alice)
    edit = client.post(
        f"/people/credentials/{credential.pk}/edit/",
        {
            "kind": "degree",
            "status": "awarded",
            "degree_level": "30",
            "field": "Film and media",
            "awarded_on": "2016-05-15",
        },
    )
    assert edit.status_code == 302
    credential.refresh_from_db()
    assert credential.field == "Film and media"
    assert client.get(f"/people/credentials/{credential.pk}/delete/").status_code == 200
    assert Credential.objects.filter(pk=credential.pk).exists()
    assert client.post(f"/people/credentials/{credential.pk}/delete/").status_code == 302
    assert not Credential.objects.filter(pk=credential.pk).exists()


def test_person_adds_edits_and_deletes_experience(world, client_for):
    client = client_for(world.bob)
    data = {
        "employer": "Campus library",
        "role": "Student assistant",
        "start_date": "2012-09-01",
        "end_date": "2016-05-31",
        "hours_per_week": "12",
        "is_library_work": "on",
    }
    assert client.post(f"/people/{world.bob.pk}/experience/add/", data).status_code == 302
    item = PriorExperience.objects.get(person=world.bob)
    bad = client.post(f"/people/experience/{item.pk}/edit/", {**data, "end_date": "2010-01-01"})
    assert bad.context["form"].errors["end_date"] == [
        "The end date cannot be before the start date."
    ]
    assert client.post(f"/people/experience/{item.pk}/delete/").status_code == 302
    assert not PriorExperience.objects.exists()


def test_experience_pages_refuse_strangers_with_404_and_supervisors_with_403(world, client_for):
    item = f.PriorExperienceFactory(person=world.bob)
    for url in (
        f"/people/{world.bob.pk}/experience/add/",
        f"/people/experience/{item.pk}/edit/",
        f"/people/experience/{item.pk}/delete/",
    ):
        assert client_for(world.carol).post(url).status_code == 404, url
        assert client_for(world.sam).post(url).status_code == 403, url
    assert PriorExperience.objects.filter(pk=item.pk).exists()
