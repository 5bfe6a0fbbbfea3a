"""Job classes require competencies at levels: who may set them, what is refused, the pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.core.models import AuditEntry
from ladder.skills import jobclass_requirements as req
from ladder.skills.models import Area, Competency, Framework, JobClassCompetency, Level
from tests import factories as f


@pytest.fixture
def riverside_own(world):
    """A job class of Riverside's own (edited by alice, not by carol or nina)."""
    return f.JobClassFactory(name="Riverside Tech", code="riverside-tech", library=world.riverside)


def competency(framework, code):
    return framework.competencies.get(code=code)


# --- the service ----------------------------------------------------------------------------


def test_alice_sets_levels_on_riversides_own_job_class(world, framework, riverside_own):
    ils = competency(framework, "ils")
    requirement = req.jobclass_competency_set(
        by=world.alice, job_class=riverside_own, competency=ils, level=3
    )
    assert requirement is not None and requirement.level == 3
    entry = AuditEntry.objects.get(action="skills.jobclass_requirements.changed")
    assert entry.actor == world.alice
    assert entry.changes == {"competency:ils": [None, 3]}


def test_carol_cannot_set_requirements_on_riversides_own_job_class(world, framework, riverside_own):
    with pytest.raises(PermissionDenied):
        req.jobclass_competency_set(
            by=world.carol,
            job_class=riverside_own,
            competency=competency(framework, "ils"),
            level=2,
        )
    assert not JobClassCompetency.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "sam", "alice", "carol"])
def test_only_coordinators_set_requirements_on_network_templates(world, framework, persona):
    with pytest.raises(PermissionDenied):
        req.jobclass_competency_set(
            by=getattr(world, persona),
            job_class=world.page,
            competency=competency(framework, "circulation"),
            level=2,
        )


def test_nina_sets_requirements_on_her_networks_template(world, framework):
    req.jobclass_competency_set(
        by=world.nina,
        job_class=world.page,
        competency=competency(framework, "circulation"),
        level=2,
    )
    assert world.page.competency_requirements.get().level == 2


def test_nina_cannot_set_requirements_on_a_librarys_own_job_class(world, framework, riverside_own):
    with pytest.raises(PermissionDenied):
        req.jobclass_competency_set(
            by=world.nina, job_class=riverside_own, competency=competency(framework, "ils"), level=2
        )


@pytest.mark.parametrize("level", [5, 9, -1])
def test_a_level_outside_the_frameworks_scale_is_refused(world, framework, riverside_own, level):
    with pytest.raises(ValidationError) as caught:
        req.jobclass_competency_set(
            by=world.alice,
            job_class=riverside_own,
            competency=competency(framework, "ils"),
            level=level,
        )
    assert "not a level of the framework's scale" in caught.value.message_dict["level"][0]
    assert not JobClassCompetency.objects.exists()


def test_requiring_the_lowest_level_is_refused(world, framework, riverside_own):
    with pytest.raises(ValidationError) as caught:
        req.jobclass_competency_set(
            by=world.alice,
            job_class=riverside_own,
            competency=competency(framework, "ils"),
            level=0,
        )
    assert "lowest level" in caught.value.message_dict["level"][0]


def test_the_scale_is_the_competencys_own_framework(world, framework, riverside_own):
    # A second framework with a 0-7 scale: 6 is on its scale but not on the test framework's.
    wide = Framework.objects.create(name="Wide", slug="wide")
    Level.objects.bulk_create(Level(framework=wide, value=v, name=f"L{v}") for v in range(8))
    area = Area.objects.create(framework=wide, code="a", name="A")
    wide_competency = Competency.objects.create(framework=wide, area=area, code="w", name="W")
    req.jobclass_competency_set(
        by=world.alice, job_class=riverside_own, competency=wide_competency, level=6
    )
    with pytest.raises(ValidationError):
        req.jobclass_competency_set(
            by=world.alice,
            job_class=riverside_own,
            competency=competency(framework, "ils"),
            level=6,
        )


def test_another_networks_framework_cannot_be_required(world, framework, riverside_own):
    other = f.NetworkFactory()
    theirs = Framework.objects.create(name="Theirs", slug="theirs", network=other)
    Level.objects.bulk_create(Level(framework=theirs, value=v, name=f"L{v}") for v in range(3))
    area = Area.objects.create(framework=theirs, code="a", name="A")
    foreign = Competency.objects.create(framework=theirs, area=area, code="x", name="X")
    with pytest.raises(ValidationError) as caught:
        req.jobclass_competency_set(
            by=world.alice, job_class=riverside_own, competency=foreign, level=2
        )
    assert "competency" in caught.value.message_dict


def test_a_members_network_framework_can_be_required_by_its_librarys_own_class(
    world, framework, riverside_own
):
    buckeye = Framework.objects.create(name="Buckeye", slug="buckeye", network=world.network)
    Level.objects.bulk_create(Level(framework=buckeye, value=v, name=f"L{v}") for v in range(3))
    area = Area.objects.create(framework=buckeye, code="a", name="A")
    ours = Competency.objects.create(framework=buckeye, area=area, code="x", name="X")
    req.jobclass_competency_set(by=world.alice, job_class=riverside_own, competency=ours, level=2)
    assert riverside_own.competency_requirements.get().competency == ours


def test_changing_and_removing_a_requirement(world, framework, riverside_own):
    ils = competency(framework, "ils")
    req.jobclass_competency_set(by=world.alice, job_class=riverside_own, competency=ils, level=2)
    req.jobclass_competency_set(by=world.alice, job_class=riverside_own, competency=ils, level=4)
    assert riverside_own.competency_requirements.get().level == 4
    assert (
        req.jobclass_competency_set(
            by=world.alice, job_class=riverside_own, competency=ils, level=None
        )
        is None
    )
    assert not riverside_own.competency_requirements.exists()
    changes = [
        e.changes
        for e in AuditEntry.objects.filter(action="skills.jobclass_requirements.changed").order_by(
            "id"
        )
    ]
    assert changes == [
        {"competency:ils": [None, 2]},
        {"competency:ils": [2, 4]},
        {"competency:ils": [4, None]},
    ]


def test_setting_several_is_all_or_nothing(world, framework, riverside_own):
    with pytest.raises(ValidationError):
        req.jobclass_requirements_set(
            by=world.alice,
            job_class=riverside_own,
            levels={competency(framework, "ils"): 2, competency(framework, "circulation"): 9},
        )
    assert not JobClassCompetency.objects.exists()


# --- the pages ------------------------------------------------------------------------------


def url_for(job_class):
    return reverse("skills:jobclass_requirements", args=[job_class.pk])


def test_carol_gets_403_on_riversides_own_requirements_page(
    world, framework, riverside_own, client_for
):
    client = client_for(world.carol)
    assert client.get(url_for(riverside_own)).status_code == 403
    field = f"competency_{competency(framework, 'ils').pk}"
    assert client.post(url_for(riverside_own), {field: "3"}).status_code == 403
    assert not JobClassCompetency.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "sam"])
def test_staff_get_403_on_the_requirements_page(
    world, framework, riverside_own, client_for, persona
):
    assert client_for(getattr(world, persona)).get(url_for(riverside_own)).status_code == 403


def test_requirements_page_needs_a_login(world, riverside_own, client):
    response = client.get(url_for(riverside_own))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_alice_saves_requirements_on_the_page(world, framework, riverside_own, client_for):
    client = client_for(world.alice)
    page = client.get(url_for(riverside_own))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Reference interview" in body and "Not required" in body
    ils, circ = competency(framework, "ils"), competency(framework, "circulation")
    response = client.post(url_for(riverside_own), {f"competency_{ils.pk}": "3"})
    assert response.status_code == 302
    assert response["Location"] == riverside_own.get_absolute_url()
    assert dict(riverside_own.competency_requirements.values_list("competency__code", "level")) == {
        "ils": 3
    }
    # Leaving a select on "Not required" removes the requirement; another is added.
    client.post(url_for(riverside_own), {f"competency_{circ.pk}": "2"})
    assert dict(riverside_own.competency_requirements.values_list("competency__code", "level")) == {
        "circulation": 2
    }


def test_a_level_off_the_scale_is_shown_on_its_field(world, framework, riverside_own, client_for):
    ils = competency(framework, "ils")
    response = client_for(world.alice).post(url_for(riverside_own), {f"competency_{ils.pk}": "9"})
    assert response.status_code == 200
    assert "9 is not a level you can require here" in response.content.decode()
    assert not JobClassCompetency.objects.exists()


def test_job_class_page_shows_requirements_and_edit_link_only_to_editors(
    world, framework, riverside_own, client_for
):
    req.jobclass_competency_set(
        by=world.alice, job_class=riverside_own, competency=competency(framework, "ils"), level=3
    )
    detail = riverside_own.get_absolute_url()
    mine = client_for(world.alice).get(detail).content.decode()
    assert "Competency requirements" in mine and "3 Proficient" in mine
    assert url_for(riverside_own) in mine
    theirs = client_for(world.carol).get(detail).content.decode()
    assert "3 Proficient" in theirs
    assert url_for(riverside_own) not in theirs


def _add_requirements(framework, job_class, count):
    area = framework.areas.first()
    start = framework.competencies.count()
    for index in range(start, start + count):
        c = Competency.objects.create(
            framework=framework, area=area, code=f"extra-{index}", name=f"Extra {index}"
        )
        JobClassCompetency.objects.create(job_class=job_class, competency=c, level=2)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_job_class_page_runs_the_same_queries_for_5_and_50_requirements(
    world, framework, riverside_own, client_for
):
    client = client_for(world.alice)
    _add_requirements(framework, riverside_own, 5)
    five = _queries(client, riverside_own.get_absolute_url())
    _add_requirements(framework, riverside_own, 45)
    fifty = _queries(client, riverside_own.get_absolute_url())
    assert five == fifty


def test_requirements_page_runs_the_same_queries_for_5_and_50_competencies(
    world, framework, riverside_own, client_for
):
    client = client_for(world.alice)
    five = _queries(client, url_for(riverside_own))
    _add_requirements(framework, riverside_own, 45)
    fifty = _queries(client, url_for(riverside_own))
    assert five == fifty
