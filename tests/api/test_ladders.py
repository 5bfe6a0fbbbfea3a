"""Job classes and ladders through the API."""

from ladder.people.models import CertificationType, JobClass, Ladder
from tests import factories as f
from tests.api.conftest import assert_error, ids


def _template_ladder(world):
    ladder = f.LadderFactory(name="Buckeye ladder", network=world.network)
    for position, job_class in enumerate([world.page, world.assistant, world.librarian2], 1):
        f.LadderStepFactory(ladder=ladder, job_class=job_class, position=position)
    return ladder


def test_everyone_reads_job_classes_with_requirements(world, api_for):
    body = api_for(world.bob).get(f"job-classes/{world.librarian2.pk}").json()
    assert body["min_education"] == 50
    assert body["min_education_label"] == "MLS / MLIS"
    assert body["requires_accredited"] is True
    found = ids(api_for(world.bob).get("job-classes", is_professional="true"))
    assert set(found) == {world.librarian2.pk, world.manager.pk}


def test_ladders_list_their_steps_in_order(world, api_for):
    ladder = _template_ladder(world)
    body = api_for(world.dave).get(f"ladders/{ladder.pk}").json()
    assert [s["job_class"]["code"] for s in body["steps"]] == [
        "page",
        "library-assistant",
        "librarian-ii",
    ]
    assert body["is_template"] is True
    assert ladder.pk in ids(api_for(world.dave).get("ladders"))


def test_coordinator_creates_a_template_job_class(world, api_for):
    lssc = CertificationType.objects.create(name="LSSC")
    response = api_for(world.nina).post(
        "job-classes",
        {
            "network": world.network.pk,
            "name": "Library Technician",
            "code": "library-technician",
            "min_education": 20,
            "min_years_experience": "1.5",
            "required_certifications": [lssc.pk],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["required_certifications"] == [{"id": lssc.pk, "name": "LSSC"}]
    assert body["min_years_experience"] == 1.5


def test_library_admin_creates_their_own_class_but_not_anothers(world, api_for):
    body = {"library": world.riverside.pk, "name": "Shelver", "code": "shelver"}
    assert api_for(world.alice).post("job-classes", body).status_code == 201
    assert_error(api_for(world.carol).post("job-classes", {**body, "code": "x"}), 403)
    assert not JobClass.objects.filter(code="x").exists()


def test_job_class_owner_must_be_network_or_library(world, api_for):
    response = api_for(world.root).post("job-classes", {"name": "Orphan", "code": "orphan"})
    assert_error(response, 422)


def test_duplicate_job_class_code_is_a_field_error(world, api_for):
    response = api_for(world.nina).post(
        "job-classes", {"network": world.network.pk, "name": "Page again", "code": "page"}
    )
    assert "code" in assert_error(response, 422)["fields"]


def test_library_admin_may_not_edit_a_network_template_class(world, api_for):
    response = api_for(world.alice).patch(f"job-classes/{world.page.pk}", {"name": "Runner"})
    assert_error(response, 403)
    world.page.refresh_from_db()
    assert world.page.name == "Page"


def test_coordinator_creates_a_ladder_and_reorders_it(world, api_for):
    api = api_for(world.nina)
    created = api.post(
        "ladders",
        {
            "network": world.network.pk,
            "name": "Career ladder",
            "job_classes": [world.page.pk, world.assistant.pk],
        },
    )
    assert created.status_code == 201, created.content
    ladder_id = created.json()["id"]
    steps = api.put(
        f"ladders/{ladder_id}/steps",
        {"job_classes": [world.page.pk, world.assistant.pk, world.librarian2.pk]},
    )
    assert steps.status_code == 200, steps.content
    assert [s["position"] for s in steps.json()["steps"]] == [1, 2, 3]


def test_unknown_job_classes_in_a_ladder_are_named(world, api_for):
    response = api_for(world.nina).post(
        "ladders",
        {"network": world.network.pk, "name": "Bad", "job_classes": [world.page.pk, 999999]},
    )
    error = assert_error(response, 422)
    assert error["fields"]["job_classes"] == ["There are no job classes with ids 999999."]


def test_other_librarys_admin_cannot_change_a_template_ladder(world, api_for):
    ladder = _template_ladder(world)
    response = api_for(world.carol).put(f"ladders/{ladder.pk}/steps", {"job_classes": []})
    assert_error(response, 403)
    assert ladder.steps.count() == 3


def test_library_adopts_a_template_ladder(world, api_for):
    ladder = _template_ladder(world)
    response = api_for(world.alice).post(
        f"ladders/{ladder.pk}/adopt", {"library": world.riverside.pk}
    )
    assert response.status_code == 200, response.content
    assert response.json()["ladder_id"] == ladder.pk


def test_other_librarys_admin_cannot_adopt_for_riverside(world, api_for):
    ladder = _template_ladder(world)
    response = api_for(world.carol).post(
        f"ladders/{ladder.pk}/adopt", {"library": world.riverside.pk}
    )
    assert_error(response, 403)
    world.riverside.refresh_from_db()
    assert world.riverside.ladder_id is None


def test_library_copies_a_template_ladder_and_uses_the_copy(world, api_for):
    ladder = _template_ladder(world)
    response = api_for(world.alice).post(
        f"ladders/{ladder.pk}/copy", {"library": world.riverside.pk, "name": "Riverside ladder"}
    )
    assert response.status_code == 201, response.content
    copy = Ladder.objects.get(pk=response.json()["id"])
    assert copy.library == world.riverside and copy.copied_from == ladder
    assert copy.steps.count() == 3
    world.riverside.refresh_from_db()
    assert world.riverside.ladder == copy
