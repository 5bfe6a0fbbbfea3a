import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladder.core.models import AuditEntry
from ladder.people.services import evidence_add
from tests import factories as f


def test_me_redirects_to_your_own_profile(world, client_for):
    response = client_for(world.bob).get("/people/me/")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{world.bob.pk}/"


def test_profile_shows_jobs_with_schedule_supervisor_and_dates_to_the_person(world, client_for):
    body = client_for(world.bob).get(f"/people/{world.bob.pk}/").content.decode()
    assert "Page" in body
    assert "Part-time" in body
    assert "Sam Super" in body
    assert "Mar 1, 2019" in body


def test_other_librarys_admin_gets_404_for_riverside_profiles(world, client_for):
    client = client_for(world.carol)
    assert client.get(f"/people/{world.bob.pk}/").status_code == 404
    assert client.get(f"/people/{world.bob.pk}/edit/").status_code == 404
    assert client.post(f"/people/{world.bob.pk}/edit/", {"first_name": "X"}).status_code == 404


def test_unknown_person_is_404(world, client_for):
    assert client_for(world.alice).get("/people/999999/").status_code == 404


def test_colleague_sees_the_job_but_not_private_parts(world, client_for):
    f.CredentialFactory(person=world.sam, field="Library science")
    f.PriorExperienceFactory(person=world.sam, employer="Bookmobile Co")
    response = client_for(world.bob).get(f"/people/{world.sam.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Branch Manager" in body
    assert "Library science" not in body
    assert "Bookmobile Co" not in body
    assert "Hours a week" not in body
    assert "Alice Admin" not in body  # sam's supervisor is private
    assert response.context["credentials"] == []


def test_supervisor_sees_a_reports_credentials_and_experience(world, client_for):
    f.CredentialFactory(person=world.bob, field="Film studies")
    f.PriorExperienceFactory(person=world.bob, employer="Campus bookstore")
    body = client_for(world.sam).get(f"/people/{world.bob.pk}/").content.decode()
    assert "Film studies" in body
    assert "Campus bookstore" in body
    # ...but may not change them: no edit links.
    assert f"/people/{world.bob.pk}/edit/" not in body


def test_past_jobs_are_shown_only_to_managers(world, client_for):
    f.EmploymentFactory(
        person=world.sam,
        library=world.riverside,
        job_class=world.page,
        weekly_hours=Decimal("10"),
        start_date=dt.date(2010, 1, 1),
        end_date=dt.date(2012, 1, 1),
    )
    assert len(client_for(world.bob).get(f"/people/{world.sam.pk}/").context["employments"]) == 1
    assert len(client_for(world.alice).get(f"/people/{world.sam.pk}/").context["employments"]) == 2


def test_person_edits_their_own_profile(world, client_for):
    client = client_for(world.bob)
    form = client.get(f"/people/{world.bob.pk}/edit/")
    assert "email" not in form.context["form"].fields
    response = client.post(
        f"/people/{world.bob.pk}/edit/",
        {
            "first_name": "Bob",
            "last_name": "Page",
            "preferred_name": "Bobby",
            "pronouns": "he/him",
            "phone": "555-0100",
            "bio": "Film buff who wants to be a librarian.",
            "is_mentor": "on",
        },
    )
    assert response.status_code == 302
    world.bob.refresh_from_db()
    assert world.bob.preferred_name == "Bobby"
    assert world.bob.is_mentor


def test_profile_edit_shows_field_errors_and_saves_nothing(world, client_for):
    response = client_for(world.bob).post(
        f"/people/{world.bob.pk}/edit/", {"first_name": "", "last_name": "Page"}
    )
    assert response.status_code == 200
    assert "first_name" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not AuditEntry.objects.filter(action="people.person.updated").exists()


def test_colleague_cannot_edit_someone_elses_profile(world, client_for):
    client = client_for(world.bob)
    assert client.get(f"/people/{world.sam.pk}/edit/").status_code == 403
    assert client.post(f"/people/{world.sam.pk}/edit/", {"first_name": "X"}).status_code == 403


def test_supervisor_cannot_edit_a_reports_profile(world, client_for):
    assert client_for(world.sam).get(f"/people/{world.bob.pk}/edit/").status_code == 403


def test_admin_edits_a_staff_members_profile_including_email(world, client_for):
    client = client_for(world.alice)
    response = client.post(
        f"/people/{world.bob.pk}/edit/",
        {"email": "BOB.PAGE@riverside.example", "first_name": "Bob", "last_name": "Page"},
    )
    assert response.status_code == 302
    world.bob.refresh_from_db()
    assert world.bob.email == "bob.page@riverside.example"


def test_admin_sees_duplicate_email_on_the_field(world, client_for):
    response = client_for(world.alice).post(
        f"/people/{world.bob.pk}/edit/",
        {"email": "sam@riverside.example", "first_name": "Bob", "last_name": "Page"},
    )
    assert response.context["form"].errors["email"] == [
        "A person with this e-mail address already exists."
    ]


def _give_records(person, count: int) -> None:
    for i in range(count):
        credential = f.CredentialFactory(person=person, field=f"Field {i}")
        evidence_add(
            by=person,
            credential=credential,
            upload=SimpleUploadedFile(f"d{i}.pdf", b"%PDF-1.4 test"),
        )
        f.PriorExperienceFactory(person=person, employer=f"Employer {i}")
        f.EmploymentFactory(
            person=person,
            library=person.employments.first().library,
            job_class=f.JobClassFactory(),
            weekly_hours=Decimal("5"),
            start_date=dt.date(2000 + i, 1, 1),
            end_date=dt.date(2000 + i, 6, 1),
            supervisor=None,
        )


def _profile_queries(client, person) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("viewer", ["bob", "alice"])
def test_profile_runs_a_bounded_number_of_queries(world, client_for, viewer):
    client = client_for(getattr(world, viewer))
    _give_records(world.bob, 2)
    few = _profile_queries(client, world.bob)
    _give_records(world.bob, 10)
    many = _profile_queries(client, world.bob)
    assert few == many


def test_former_employer_no_longer_sees_the_person_and_the_new_employer_sees_only_theirs(
    world, client_for
):
    import datetime as dt
    from decimal import Decimal

    from tests import factories as f

    # bob left Riverside and now works at Hillcrest.
    job = world.bob.employments.get()
    job.end_date = dt.date(2024, 6, 30)
    job.save()
    f.EmploymentFactory(
        person=world.bob,
        library=world.hillcrest,
        job_class=world.assistant,
        weekly_hours=Decimal("33.5"),
        start_date=dt.date(2024, 7, 1),
        supervisor=world.carol,
    )
    # Access ends with the job: Riverside's admin and bob's old supervisor no longer reach him.
    assert client_for(world.alice).get(f"/people/{world.bob.pk}/").status_code == 404
    assert client_for(world.sam).get(f"/people/{world.bob.pk}/").status_code == 404
    # carol, his new library's admin, sees his new job but not the old one's details.
    body = client_for(world.carol).get(f"/people/{world.bob.pk}/").content.decode()
    assert "33.5" in body
    assert "Private to Riverside" not in body
