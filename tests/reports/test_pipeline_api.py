"""GET /api/v1/reports/pipeline: the pages' figures and permissions, 422 naming the parameter."""

import pytest

from ladder.people.models import Person
from tests import factories as f
from tests.conftest import login
from tests.reports import pipeline_world
from tests.reports.test_pipeline_queries import MAX_QUERIES, grow

URL = "/api/v1/reports/pipeline"
Y = {"year": pipeline_world.YEAR}


@pytest.fixture
def pipe(world):
    return pipeline_world.build(world)


def figure(body, key):
    return next(fig for fig in body["figures"] if fig["key"] == key)


def test_library_admin_gets_their_library(world, pipe):
    response = login(world.alice).get(URL, Y)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["scope"] == "library"
    assert body["library"] == {"id": world.riverside.pk, "name": "Riverside Public Library"}
    assert body["period"]["label"] == "FY 2025–26"
    assert len(body["periods"]) == 3
    funnel = figure(body, "funnel")
    assert [c["key"] for c in funnel["columns"]] == ["stage", "people", "stuck"]
    assert funnel["rows"][0] == ["Pages", 1, 1]
    assert figure(body, "tuition")["rows"][2] == ["FY 2025–26", 10000, 3500, 2000]
    assert figure(body, "repayments")["rows"][0][0] == "Jay Grow"


def test_coordinator_gets_network_sums_without_names(world, pipe):
    response = login(world.nina).get(URL, Y)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["scope"] == "network" and body["libraries"] == 2
    text = response.content.decode()
    for person in Person.objects.exclude(pk=world.nina.pk):
        assert person.display_name not in text
    assert figure(body, "network-funnel")["rows"][0] == ["Pages", "<5", "<5"]
    region = login(world.nina).get(URL, {**Y, "region": world.north.pk}).json()
    assert region["region"]["name"] == "North" and region["libraries"] == 1


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"year": "soon"}, "year"),
        ({"compare": "7"}, "compare"),
        ({"start": "2025-01-01"}, "end"),
        ({"colour": "red"}, "colour"),
        ({"library": "one"}, "library"),
        ({"stuck": "99"}, "stuck"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(world, params, name):
    response = login(world.alice).get(URL, params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert name in error["fields"]


def test_who_may_read(world, pipe):
    assert login(world.bob).get(URL).status_code == 403  # staff
    assert login(world.sam).get(URL).status_code == 403  # supervisor
    assert login(world.carol).get(URL, {"library": world.riverside.pk}).status_code == 404
    assert login(world.nina).get(URL, {"library": world.riverside.pk}).status_code == 404
    assert login(world.alice).get(URL, {"network": world.network.pk}).status_code == 404
    other = f.NetworkFactory()
    assert login(world.nina).get(URL, {"network": other.pk}).status_code == 404
    assert login(world.root).get(URL, {"library": world.hillcrest.pk}).status_code == 200
    assert login(world.root).get(URL).status_code == 422  # the site admin names one


@pytest.mark.parametrize("n", [3, 30])
def test_bounded_queries(world, n, django_assert_max_num_queries):
    pipeline_world.build(world)
    grow(world, n)
    alice, nina = login(world.alice), login(world.nina)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert alice.get(URL, Y).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert nina.get(URL, Y).status_code == 200
