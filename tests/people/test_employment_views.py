import datetime as dt
from decimal import Decimal

from ladder.orgs.models import Role
from ladder.people.models import Employment, Person
from tests import factories as f


def _job_post(world, **overrides):
    data = {
        "job_class": world.assistant.pk,
        "title": "",
        "branch": world.riverside_east.pk,
        "weekly_hours": "12",
        "supervisor": world.sam.pk,
        "start_date": "2024-02-01",
    }
    data.update(overrides)
    return data


def test_admin_adds_a_second_part_time_job_from_the_profile(world, client_for):
    client = client_for(world.alice)
    url = f"/people/{world.bob.pk}/employments/add/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["library"] == world.riverside  # alice's only library: no extra step
    response = client.post(f"{url}?library={world.riverside.pk}", _job_post(world))
    assert response.status_code == 302
    assert Employment.objects.filter(person=world.bob).current().count() == 2


def test_employment_form_shows_service_errors_on_the_fields(world, client_for):
    response = client_for(world.alice).post(
        f"/people/{world.bob.pk}/employments/add/?library={world.riverside.pk}",
        _job_post(world, weekly_hours="75"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "weekly_hours" in errors
    assert Employment.objects.filter(person=world.bob).count() == 1


def test_employment_form_offers_only_the_librarys_branches_job_classes_and_staff(world, client_for):
    f.JobClassFactory(name="Hillcrest Archivist", library=world.hillcrest)
    form = client_for(world.alice).get(f"/people/{world.bob.pk}/employments/add/").context["form"]
    assert set(form.fields["branch"].queryset) == {world.riverside_main, world.riverside_east}
    assert "Hillcrest Archivist" not in {j.name for j in form.fields["job_class"].queryset}
    assert set(form.fields["supervisor"].queryset) == {world.alice, world.sam}


def test_site_admin_chooses_the_library_first(world, client_for):
    response = client_for(world.root).get(f"/people/{world.bob.pk}/employments/add/")
    assert "people/library_choose.html" in [t.name for t in response.templates]
    chosen = client_for(world.root).get(
        f"/people/{world.bob.pk}/employments/add/", {"library": world.riverside.pk}
    )
    assert chosen.context["library"] == world.riverside


def test_admin_cannot_pick_another_librarys_id_for_a_new_job(world, client_for):
    response = client_for(world.alice).get(
        f"/people/{world.bob.pk}/employments/add/", {"library": world.hillcrest.pk}
    )
    assert response.status_code == 404


def test_staff_cannot_open_the_add_employment_page(world, client_for):
    assert client_for(world.sam).get(f"/people/{world.bob.pk}/employments/add/").status_code == 403


def test_other_librarys_admin_cannot_reach_riverside_employments(world, client_for):
    client = client_for(world.carol)
    job = world.bob.employments.get()
    assert client.get(f"/people/{world.bob.pk}/employments/add/").status_code == 404
    assert client.get(f"/people/employments/{job.pk}/edit/").status_code == 404
    assert client.post(f"/people/employments/{job.pk}/edit/", _job_post(world)).status_code == 404
    assert (
        client.post(f"/people/employments/{job.pk}/end/", {"end_date": "2025-01-01"}).status_code
        == 404
    )
    job.refresh_from_db()
    assert job.end_date is None


def test_supervisor_sees_a_reports_job_but_cannot_change_it(world, client_for):
    job = world.bob.employments.get()
    assert client_for(world.sam).get(f"/people/employments/{job.pk}/edit/").status_code == 403
    assert client_for(world.sam).post(f"/people/employments/{job.pk}/end/").status_code == 403


def test_admin_edits_a_job(world, client_for):
    job = world.bob.employments.get()
    response = client_for(world.alice).post(
        f"/people/employments/{job.pk}/edit/",
        _job_post(world, job_class=world.page.pk, weekly_hours="20", start_date="2019-03-01"),
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.weekly_hours == Decimal("20")
    assert job.branch == world.riverside_east


def test_admin_ends_a_job_and_sees_errors_on_the_date(world, client_for):
    job = world.bob.employments.get()
    client = client_for(world.alice)
    bad = client.post(f"/people/employments/{job.pk}/end/", {"end_date": "2001-01-01"})
    assert "end_date" in bad.context["form"].errors
    ok = client.post(f"/people/employments/{job.pk}/end/", {"end_date": "2024-06-30"})
    assert ok.status_code == 302
    job.refresh_from_db()
    assert job.end_date == dt.date(2024, 6, 30)


def test_profile_shows_edit_and_end_links_only_to_the_librarys_admins(world, client_for):
    job = world.bob.employments.get()
    assert (
        f"/people/employments/{job.pk}/edit/"
        in client_for(world.alice).get(f"/people/{world.bob.pk}/").content.decode()
    )
    assert (
        f"/people/employments/{job.pk}/edit/"
        not in client_for(world.sam).get(f"/people/{world.bob.pk}/").content.decode()
    )


# --- add staff -----------------------------------------------------------------------------


def _staff_post(world, **overrides):
    data = {
        "person-email": "Pat.New@riverside.example",
        "person-first_name": "Pat",
        "person-last_name": "New",
        "job-job_class": world.page.pk,
        "job-branch": world.riverside_main.pk,
        "job-weekly_hours": "15",
        "job-supervisor": world.sam.pk,
        "job-start_date": "2025-01-06",
    }
    data.update(overrides)
    return data


def test_admin_adds_staff_with_their_first_job(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.alice).post(
            f"/people/staff/add/?library={world.riverside.pk}", _staff_post(world)
        )
    assert response.status_code == 302
    pat = Person.objects.get(email="pat.new@riverside.example")
    assert response["Location"] == f"/people/{pat.pk}/"
    job = pat.employments.get()
    assert (job.library, job.job_class, job.supervisor) == (world.riverside, world.page, world.sam)
    assert mailoutbox[0].to == ["pat.new@riverside.example"]


def test_add_staff_with_errors_in_both_parts_saves_nothing(world, client_for):
    response = client_for(world.alice).post(
        f"/people/staff/add/?library={world.riverside.pk}",
        _staff_post(world, **{"person-email": "bob@riverside.example", "job-weekly_hours": "90"}),
    )
    assert response.status_code == 200
    assert "email" in response.context["person_form"].errors
    assert not Person.objects.filter(first_name="Pat").exists()


def test_add_staff_job_error_is_shown_on_the_job_form(world, client_for):
    response = client_for(world.alice).post(
        f"/people/staff/add/?library={world.riverside.pk}",
        _staff_post(world, **{"job-weekly_hours": "90"}),
    )
    assert "weekly_hours" in response.context["job_form"].errors
    assert not Person.objects.filter(first_name="Pat").exists()


def test_staff_and_coordinators_cannot_add_staff(world, client_for):
    assert client_for(world.bob).get("/people/staff/add/").status_code == 403
    assert client_for(world.nina).get("/people/staff/add/").status_code == 403


def test_other_librarys_admin_cannot_add_staff_to_riverside(world, client_for):
    response = client_for(world.carol).post(
        f"/people/staff/add/?library={world.riverside.pk}", _staff_post(world)
    )
    assert response.status_code == 404
    assert not Person.objects.filter(first_name="Pat").exists()


def test_admin_of_two_libraries_chooses_which(world, client_for):
    Role.objects.create(person=world.alice, kind=Role.Kind.LIBRARY_ADMIN, library=world.hillcrest)
    response = client_for(world.alice).get("/people/staff/add/")
    assert set(response.context["form"].fields["library"].queryset) == {
        world.riverside,
        world.hillcrest,
    }
