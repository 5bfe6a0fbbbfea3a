"""Employments through the API: seen by managers, changed by the library's admins only."""

import datetime as dt

from ladder.people.models import Employment
from tests import factories as f
from tests.api.conftest import assert_error, ids


def _employment(person):
    return Employment.objects.get(person=person)


def test_admin_lists_their_librarys_employments(world, api_for):
    found = set(ids(api_for(world.alice).get("employments", limit=100)))
    riverside = set(Employment.objects.filter(library=world.riverside).values_list("pk", flat=True))
    assert found == riverside


def test_staff_see_only_their_own_and_their_reports_employments(world, api_for):
    assert ids(api_for(world.bob).get("employments")) == [_employment(world.bob).pk]
    assert set(ids(api_for(world.sam).get("employments"))) == {
        _employment(world.sam).pk,
        _employment(world.bob).pk,
    }


def test_other_librarys_admin_cannot_reach_riverside_employments(world, api_for):
    api = api_for(world.carol)
    assert _employment(world.bob).pk not in ids(api.get("employments", limit=100))
    assert_error(api.get(f"employments/{_employment(world.bob).pk}"), 404)
    assert_error(api.get(f"people/{world.bob.pk}/employments"), 404)
    assert_error(api.patch(f"employments/{_employment(world.bob).pk}", {"weekly_hours": 40}), 404)
    assert_error(
        api.post(f"employments/{_employment(world.bob).pk}/end", {"end_date": "2025-01-31"}), 404
    )


def test_current_filter(world, api_for):
    old = f.EmploymentFactory(
        person=world.bob,
        library=world.riverside,
        job_class=world.page,
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2018, 12, 31),
    )
    api = api_for(world.alice)
    assert old.pk not in ids(api.get("employments", current="true"))
    assert ids(api.get("employments", current="false")) == [old.pk]
    assert old.pk in ids(api.get(f"people/{world.bob.pk}/employments"))


def test_admin_employs_a_colleague_in_a_second_part_time_job(world, api_for):
    response = api_for(world.alice).post(
        f"people/{world.bob.pk}/employments",
        {
            "library": world.riverside.pk,
            "branch": world.riverside_east.pk,
            "job_class": world.assistant.pk,
            "weekly_hours": 12.5,
            "start_date": "2024-09-01",
            "supervisor": world.sam.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["weekly_hours"] == 12.5
    assert body["branch"]["name"] == "Eastside"
    assert body["supervisor"]["id"] == world.sam.pk
    assert Employment.objects.filter(person=world.bob).count() == 2


def test_admin_employs_a_new_person_their_library_added(world, api_for):
    newcomer = f.PersonFactory(added_by_library=world.riverside)
    job = {
        "library": world.riverside.pk,
        "job_class": world.page.pk,
        "weekly_hours": 10,
        "start_date": "2025-01-06",
    }
    response = api_for(world.alice).post(f"people/{newcomer.pk}/employments", job)
    assert response.status_code == 201, response.content
    # Someone with no job whom Riverside did not add is not hers to name (see the
    # account-takeover tests in tests/security/).
    stranger = f.PersonFactory()
    response = api_for(world.alice).post(f"people/{stranger.pk}/employments", job)
    assert response.status_code == 404


def test_employment_create_validates_hours_and_names_the_field(world, api_for):
    response = api_for(world.alice).post(
        f"people/{world.bob.pk}/employments",
        {
            "library": world.riverside.pk,
            "job_class": world.page.pk,
            "weekly_hours": 61,
            "start_date": "2024-09-01",
        },
    )
    error = assert_error(response, 422, "validation_error")
    assert list(error["fields"]) == ["weekly_hours"]
    assert Employment.objects.filter(person=world.bob).count() == 1


def test_employment_create_refuses_a_branch_of_another_library(world, api_for):
    response = api_for(world.alice).post(
        f"people/{world.bob.pk}/employments",
        {
            "library": world.riverside.pk,
            "branch": world.hillcrest_branch.pk,
            "job_class": world.page.pk,
            "weekly_hours": 10,
            "start_date": "2024-09-01",
        },
    )
    assert "branch" in assert_error(response, 422)["fields"]


def test_an_invisible_supervisor_reads_as_unknown(world, api_for):
    response = api_for(world.alice).post(
        f"people/{world.bob.pk}/employments",
        {
            "library": world.riverside.pk,
            "job_class": world.page.pk,
            "weekly_hours": 10,
            "start_date": "2024-09-01",
            "supervisor": world.dave.pk,
        },
    )
    error = assert_error(response, 422)
    assert error["fields"]["supervisor"] == [f"There is no person with id {world.dave.pk}."]


def test_other_librarys_admin_cannot_employ_riverside_staff(world, api_for):
    body = {
        "library": world.hillcrest.pk,
        "job_class": world.page.pk,
        "weekly_hours": 10,
        "start_date": "2024-09-01",
    }
    assert_error(api_for(world.carol).post(f"people/{world.bob.pk}/employments", body), 404)


def test_other_librarys_admin_cannot_employ_at_riverside(world, api_for):
    body = {
        "library": world.riverside.pk,
        "job_class": world.page.pk,
        "weekly_hours": 10,
        "start_date": "2024-09-01",
    }
    assert_error(api_for(world.carol).post(f"people/{world.dave.pk}/employments", body), 403)
    assert not Employment.objects.filter(person=world.dave, library=world.riverside).exists()


def test_staff_may_see_but_not_change_their_employment(world, api_for):
    api = api_for(world.bob)
    employment = _employment(world.bob)
    assert api.get(f"employments/{employment.pk}").status_code == 200
    assert_error(api.patch(f"employments/{employment.pk}", {"weekly_hours": 40}), 403)
    employment.refresh_from_db()
    assert employment.weekly_hours == 15


def test_admin_updates_and_ends_an_employment(world, api_for):
    api = api_for(world.alice)
    employment = _employment(world.bob)
    updated = api.patch(f"employments/{employment.pk}", {"weekly_hours": "37.5", "title": "Lead"})
    assert updated.status_code == 200, updated.content
    assert updated.json()["is_full_time"] is True
    ended = api.post(f"employments/{employment.pk}/end", {"end_date": "2025-01-31"})
    assert ended.status_code == 200, ended.content
    assert ended.json()["end_date"] == "2025-01-31"
    assert ended.json()["is_current"] is False


def test_ending_before_the_start_is_refused(world, api_for):
    employment = _employment(world.bob)
    response = api_for(world.alice).post(
        f"employments/{employment.pk}/end", {"end_date": "2000-01-01"}
    )
    assert "end_date" in assert_error(response, 422)["fields"]
    employment.refresh_from_db()
    assert employment.end_date is None
