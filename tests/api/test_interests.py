"""Interests through the API: stated only by the person, read by their supervisor chain and
their library's admins, listed for supervisors and admins with filters."""

import pytest

from ladder.skills.models import Interest
from tests.api.conftest import assert_error
from tests.api.test_skills import competency, make_framework


@pytest.fixture
def library_work(db):
    return make_framework()


def people(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["person"]["id"] for item in response.json()["items"]]


def _state(person, **fields):
    interest, _ = Interest.objects.update_or_create(person=person, defaults=fields)
    return interest


def test_nothing_stated_yet_reads_as_empty(world, api_for):
    body = api_for(world.bob).get("me/interests").json()
    assert body["person"]["id"] == world.bob.pk
    assert (body["target_job_classes"], body["library_school"], body["updated_at"]) == (
        [],
        False,
        None,
    )


def test_a_person_states_their_interests(world, api_for, library_work):
    ils = competency(library_work, "ils")
    body = {
        "target_job_classes": [world.librarian2.pk],
        "wants_full_time": True,
        "library_school": True,
        "topics": "Film collections",
        "learn": [ils.pk],
    }

    response = api_for(world.bob).put("me/interests", body)

    assert response.status_code == 200, response.content
    stated = response.json()
    assert [c["code"] for c in stated["target_job_classes"]] == ["librarian-ii"]
    assert (stated["wants_full_time"], stated["library_school"]) == (True, True)
    assert [c["code"] for c in stated["learn"]] == ["ils"]
    assert stated["updated_at"] is not None
    # Fields left out stay as they are.
    again = api_for(world.bob).put("me/interests", {"wants_management": True}).json()
    assert (again["wants_full_time"], again["wants_management"]) == (True, True)


def test_teaching_makes_a_mentor(world, api_for, library_work):
    ils = competency(library_work, "ils")

    body = api_for(world.bob).put("me/interests", {"teach": [ils.pk]}).json()

    assert body["is_mentor"] is True
    world.bob.refresh_from_db()
    assert world.bob.is_mentor
    error = assert_error(api_for(world.bob).put("me/interests", {"is_mentor": False}), 422)
    assert list(error["fields"]) == ["is_mentor"]


def test_unknown_choices_are_refused_on_their_field(world, api_for):
    api = api_for(world.bob)
    for field in ("target_job_classes", "learn", "teach"):
        error = assert_error(api.put("me/interests", {field: [999999]}), 422)
        assert list(error["fields"]) == [field]
    error = assert_error(api.put("me/interests", {"wants_full_time": "maybe"}), 422)
    assert list(error["fields"]) == ["wants_full_time"]
    assert not Interest.objects.exists()


def test_the_chain_and_the_admins_read_a_persons_interests(world, api_for):
    _state(world.bob, library_school=True)
    for reader in (world.bob, world.sam, world.alice, world.root):
        body = api_for(reader).get(f"people/{world.bob.pk}/interests").json()
        assert body["library_school"] is True, reader


def test_others_cannot_read_interests(world, api_for):
    _state(world.sam, wants_management=True)
    # bob is sam's report, not his supervisor; carol administers another library.
    assert_error(api_for(world.bob).get(f"people/{world.sam.pk}/interests"), 404, "not_found")
    assert_error(api_for(world.carol).get(f"people/{world.sam.pk}/interests"), 404)
    assert_error(api_for(world.nina).get(f"people/{world.sam.pk}/interests"), 404)


def test_nobody_states_someone_elses_interests(world, api_for):
    assert_error(api_for(world.sam).put(f"people/{world.bob.pk}/interests", {}), 405)
    assert not Interest.objects.exists()


def test_interests_need_authentication(world, anonymous_api):
    assert_error(anonymous_api.get("me/interests"), 401)
    assert_error(anonymous_api.put("me/interests", {}), 401)
    assert_error(anonymous_api.get("interests"), 401)


def test_admins_and_supervisors_list_their_peoples_interests(world, api_for):
    _state(world.bob, library_school=True)
    _state(world.sam, wants_management=True)
    _state(world.dave, library_school=True)

    assert people(api_for(world.alice).get("interests")) == [world.bob.pk, world.sam.pk]
    assert people(api_for(world.sam).get("interests")) == [world.bob.pk]
    assert people(api_for(world.carol).get("interests")) == [world.dave.pk]
    item = api_for(world.alice).get("interests").json()["items"][0]
    assert item["positions"][0]["library"]["id"] == world.riverside.pk


def test_the_list_is_for_supervisors_and_admins(world, api_for):
    _state(world.sam, wants_management=True)
    assert_error(api_for(world.bob).get("interests"), 403, "permission_denied")


def test_the_list_filters(world, api_for, library_work):
    ils = competency(library_work, "ils")
    bob = _state(world.bob, library_school=True, wants_full_time=True)
    bob.target_job_classes.add(world.librarian2)
    bob.learn.add(ils)
    sam = _state(world.sam, wants_management=True)
    sam.teach.add(ils)
    api = api_for(world.alice)

    assert people(api.get("interests", library_school="true")) == [world.bob.pk]
    assert people(api.get("interests", wants_full_time="true")) == [world.bob.pk]
    assert people(api.get("interests", wants_management="true")) == [world.sam.pk]
    assert people(api.get("interests", target_job_class=world.librarian2.pk)) == [world.bob.pk]
    assert people(api.get("interests", learn=ils.pk)) == [world.bob.pk]
    assert people(api.get("interests", teach=ils.pk)) == [world.sam.pk]
    assert people(api.get("interests", library=world.riverside.pk)) == [world.bob.pk, world.sam.pk]
    assert people(api.get("interests", library=world.hillcrest.pk)) == []
    assert people(api.get("interests", target_job_class=999999)) == []
