"""Job class competency requirements through the API: readable by everyone, replaced as a
whole by whoever may edit the job class."""

from ladder.skills.models import JobClassCompetency
from tests import factories as f
from tests.api.conftest import assert_error
from tests.api.test_skills import competency, make_framework


def _required(job_class) -> dict[str, int]:
    rows = JobClassCompetency.objects.filter(job_class=job_class).select_related("competency")
    return {row.competency.code: row.level for row in rows}


def test_everyone_reads_a_job_classes_required_levels(world, api_for):
    framework = make_framework()
    for code, level in (("reserves", 2), ("ils", 3)):
        JobClassCompetency.objects.create(
            job_class=world.assistant, competency=competency(framework, code), level=level
        )

    response = api_for(world.dave).get(f"job-classes/{world.assistant.pk}/competencies")

    assert response.status_code == 200, response.content
    # In the framework's order: Technology before Access services.
    assert [(r["competency"]["code"], r["level"]) for r in response.json()] == [
        ("ils", 3),
        ("reserves", 2),
    ]


def test_a_library_admin_replaces_the_requirements_of_their_own_class(world, api_for):
    framework = make_framework()
    shelver = f.JobClassFactory(library=world.riverside, network=None, code="shelver")
    JobClassCompetency.objects.create(
        job_class=shelver, competency=competency(framework, "ils"), level=2
    )
    body = {
        "requirements": [
            {"competency": competency(framework, "circulation").pk, "level": 3},
            {"competency": competency(framework, "reserves").pk, "level": 1},
        ]
    }

    response = api_for(world.alice).put(f"job-classes/{shelver.pk}/competencies", body)

    assert response.status_code == 200, response.content
    assert [r["competency"]["code"] for r in response.json()] == ["circulation", "reserves"]
    # ils was left out of the set: it is no longer required.
    assert _required(shelver) == {"circulation": 3, "reserves": 1}


def test_coordinators_edit_template_classes_and_admins_do_not(world, api_for):
    framework = make_framework()
    body = {"requirements": [{"competency": competency(framework, "ils").pk, "level": 2}]}
    url = f"job-classes/{world.page.pk}/competencies"

    assert_error(api_for(world.alice).put(url, body), 403, "permission_denied")
    assert_error(api_for(world.bob).put(url, body), 403, "permission_denied")
    assert _required(world.page) == {}
    assert api_for(world.nina).put(url, body).status_code == 200
    assert _required(world.page) == {"ils": 2}


def test_another_librarys_admin_cannot_change_riversides_class(world, api_for):
    framework = make_framework()
    shelver = f.JobClassFactory(library=world.riverside, network=None, code="shelver")
    body = {"requirements": [{"competency": competency(framework, "ils").pk, "level": 2}]}

    response = api_for(world.carol).put(f"job-classes/{shelver.pk}/competencies", body)

    assert_error(response, 403)
    assert _required(shelver) == {}


def test_a_level_off_the_scale_changes_nothing(world, api_for):
    framework = make_framework()
    JobClassCompetency.objects.create(
        job_class=world.page, competency=competency(framework, "ils"), level=2
    )
    body = {
        "requirements": [
            {"competency": competency(framework, "circulation").pk, "level": 3},
            {"competency": competency(framework, "reserves").pk, "level": 7},
        ]
    }

    response = api_for(world.nina).put(f"job-classes/{world.page.pk}/competencies", body)

    assert "level" in assert_error(response, 422, "validation_error")["fields"]
    assert _required(world.page) == {"ils": 2}


def test_a_competency_given_twice_or_unknown_is_refused(world, api_for):
    framework = make_framework()
    ils = competency(framework, "ils").pk
    url = f"job-classes/{world.page.pk}/competencies"
    api = api_for(world.nina)

    twice = {"requirements": [{"competency": ils, "level": 2}, {"competency": ils, "level": 3}]}
    assert list(assert_error(api.put(url, twice), 422)["fields"]) == ["requirements"]
    unknown = {"requirements": [{"competency": 999999, "level": 2}]}
    assert list(assert_error(api.put(url, unknown), 422)["fields"]) == ["requirements"]
    assert _required(world.page) == {}


def test_an_unknown_job_class_is_a_404(world, api_for):
    assert_error(api_for(world.bob).get("job-classes/999999/competencies"), 404)
    assert_error(
        api_for(world.nina).put("job-classes/999999/competencies", {"requirements": []}), 404
    )
