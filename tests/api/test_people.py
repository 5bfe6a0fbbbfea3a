"""The directory, profiles and profile edits through the API: the same rules as the pages."""

import datetime as dt
from decimal import Decimal

from ladder.core.models import AuditEntry
from tests import factories as f
from tests.api.conftest import assert_error, ids


def test_directory_shows_colleagues_but_not_another_librarys_staff(world, api_for):
    people = set(ids(api_for(world.bob).get("people")))
    assert {world.alice.pk, world.sam.pk, world.bob.pk} <= people
    assert world.carol.pk not in people and world.dave.pk not in people


def test_other_librarys_admin_does_not_find_riverside_staff(world, api_for):
    people = set(ids(api_for(world.carol).get("people")))
    assert people == {world.carol.pk, world.dave.pk}


def test_coordinator_sees_no_staff_directory(world, api_for):
    assert ids(api_for(world.nina).get("people")) == []


def test_directory_filters(world, api_for):
    api = api_for(world.root)
    assert set(ids(api.get("people", library=world.hillcrest.pk))) == {
        world.carol.pk,
        world.dave.pk,
    }
    assert ids(api.get("people", job_class=world.page.pk)) == [world.bob.pk]
    assert ids(api.get("people", hours="part")) == [world.bob.pk]
    assert world.bob.pk not in ids(api.get("people", hours="full"))
    assert set(ids(api.get("people", region=world.south.pk))) == {world.carol.pk, world.dave.pk}
    assert ids(api.get("people", branch=world.riverside_east.pk)) == []
    assert ids(api.get("people", q="bob")) == [world.bob.pk]
    assert ids(api.get("people", library=999999)) == []


def test_directory_rows_show_current_positions_without_hours(world, api_for):
    rows = api_for(world.bob).get("people", q="sam").json()["items"]
    assert rows[0]["positions"][0]["job_class"]["name"] == "Branch Manager"
    assert "weekly_hours" not in rows[0]["positions"][0]


def test_other_librarys_admin_gets_404_for_a_riverside_profile(world, api_for):
    assert_error(api_for(world.carol).get(f"people/{world.bob.pk}"), 404, "not_found")


def test_a_colleague_sees_the_public_profile_only(world, api_for):
    body = api_for(world.bob).get(f"people/{world.sam.pk}").json()
    assert body["display_name"] == "Sam Super"
    assert body["positions"][0]["library"]["name"] == "Riverside Public Library"
    assert body["private"] is None


def test_supervisor_and_admin_see_the_private_record(world, api_for):
    f.CredentialFactory(person=world.bob)
    for reader in (world.sam, world.alice, world.bob):
        body = api_for(reader).get(f"people/{world.bob.pk}").json()
        private = body["private"]
        assert private is not None, reader
        assert private["employments"][0]["weekly_hours"] == 15.0
        assert private["employments"][0]["supervisor"]["id"] == world.sam.pk
        assert private["employments"][0]["is_full_time"] is False
        assert private["credentials"][0]["field"] == "Film studies"


def test_me_includes_the_private_record(world, api_for):
    f.PriorExperienceFactory(person=world.dave)
    body = api_for(world.dave).get("me").json()
    assert body["id"] == world.dave.pk
    assert body["private"]["experience"][0]["employer"] == "Campus bookstore"


def test_a_person_edits_their_own_profile(world, api_for):
    response = api_for(world.bob).patch(
        "me", {"preferred_name": "Bobby", "pronouns": "he/him", "is_mentor": True}
    )
    assert response.status_code == 200, response.content
    assert response.json()["display_name"] == "Bobby Page"
    world.bob.refresh_from_db()
    assert world.bob.is_mentor
    assert AuditEntry.objects.filter(action="people.person.updated").exists()


def test_profile_edit_leaves_unsent_fields_alone(world, api_for):
    api_for(world.bob).patch(f"people/{world.bob.pk}", {"phone": "555-0100"})
    world.bob.refresh_from_db()
    assert (world.bob.first_name, world.bob.phone) == ("Bob", "555-0100")


def test_profile_edit_refuses_a_blank_name_and_saves_nothing(world, api_for):
    response = api_for(world.bob).patch("me", {"first_name": " ", "phone": "555"})
    assert "first_name" in assert_error(response, 422, "validation_error")["fields"]
    world.bob.refresh_from_db()
    assert world.bob.phone == ""


def test_profile_edit_refuses_unknown_fields(world, api_for):
    response = api_for(world.bob).patch("me", {"is_superuser": True})
    assert "is_superuser" in assert_error(response, 422)["fields"]
    world.bob.refresh_from_db()
    assert not world.bob.is_superuser


def test_library_admin_edits_their_staffs_profile(world, api_for):
    response = api_for(world.alice).patch(f"people/{world.bob.pk}", {"bio": "Our best shelver"})
    assert response.status_code == 200, response.content


def test_a_colleague_may_see_but_not_edit_a_profile(world, api_for):
    response = api_for(world.bob).patch(f"people/{world.sam.pk}", {"bio": "hacked"})
    assert_error(response, 403, "permission_denied")
    world.sam.refresh_from_db()
    assert world.sam.bio == ""


def test_other_librarys_admin_cannot_edit_riverside_staff(world, api_for):
    response = api_for(world.carol).patch(f"people/{world.bob.pk}", {"bio": "hacked"})
    assert_error(response, 404)


def test_a_person_with_two_part_time_jobs_shows_both(world, api_for):
    f.EmploymentFactory(
        person=world.bob,
        library=world.hillcrest,
        job_class=world.assistant,
        weekly_hours=Decimal("10"),
        start_date=dt.date(2022, 1, 1),
    )
    positions = api_for(world.bob).get("me").json()["positions"]
    assert {p["library"]["name"] for p in positions} == {
        "Riverside Public Library",
        "Hillcrest College Library",
    }


def test_a_person_may_not_change_their_own_sign_in_address(world, api_for):
    response = api_for(world.bob).patch("me", {"email": "bobby@example.org"})
    assert_error(response, 403)
    world.bob.refresh_from_db()
    assert world.bob.email == "bob@riverside.example"


def test_library_admin_changes_a_staff_members_sign_in_address(world, api_for):
    api = api_for(world.alice)
    response = api.patch(f"people/{world.bob.pk}", {"email": "Bob.Page@Riverside.example"})
    assert response.status_code == 200, response.content
    assert response.json()["email"] == "bob.page@riverside.example"
    taken = api.patch(f"people/{world.bob.pk}", {"email": "sam@riverside.example"})
    assert "email" in assert_error(taken, 422)["fields"]
    invalid = api.patch(f"people/{world.bob.pk}", {"email": "not an address"})
    assert "email" in assert_error(invalid, 422)["fields"]
