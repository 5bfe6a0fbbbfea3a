"""The Django admin for people models opens for the site admin and for nobody else."""

import pytest

from tests import factories as f


@pytest.mark.parametrize(
    "url",
    [
        "/admin/people/person/",
        "/admin/people/person/add/",
        "/admin/people/employment/",
        "/admin/people/credential/",
        "/admin/people/jobclass/",
        "/admin/people/ladder/",
        "/admin/people/priorexperience/",
        "/admin/people/apitoken/",
        "/admin/people/certificationtype/",
    ],
)
def test_site_admin_opens_people_admin_pages(world, client_for, url):
    assert client_for(world.root).get(url).status_code == 200


def test_person_change_page_opens(world, client_for):
    f.CredentialFactory(person=world.bob)
    assert (
        client_for(world.root).get(f"/admin/people/person/{world.bob.pk}/change/").status_code
        == 200
    )


def test_site_admin_adds_a_person_by_email(world, client_for):
    response = client_for(world.root).post(
        "/admin/people/person/add/",
        {
            "email": "Admin.Made@example.org",
            "first_name": "Ad",
            "last_name": "Min",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    from ladder.people.models import Person

    assert Person.objects.filter(email="admin.made@example.org").exists()


def test_library_admin_is_not_let_into_django_admin(world, client_for):
    assert client_for(world.alice).get("/admin/people/person/").status_code == 302
