"""The network's totals: sums per library and region, no names, small cells as "<5"."""

import pytest

from ladder.people.models import Person
from tests import factories as f
from tests.conftest import login
from tests.policy_checks import refuses
from tests.reports import pipeline_world

URL = "/reports/network/"
Y = {"year": pipeline_world.YEAR}


@pytest.fixture
def pipe(world):
    return pipeline_world.build(world)


def test_totals_name_nobody_and_suppress_small_cells(world, pipe):
    response = login(world.nina).get(URL, Y)
    assert response.status_code == 200
    html = response.content.decode()
    for person in Person.objects.exclude(pk=world.nina.pk):
        assert person.display_name not in html, person.display_name
        assert person.email not in html
    assert "&lt;5" in html
    assert "/reports/library/people/" not in html  # no drill-down for coordinators
    for key in ("network-funnel", "network-flows", "network-regions", "network-libraries"):
        assert f'id="fig-{key}"' in html
    assert "Riverside Public Library" in html and "North" in html


def test_csv_has_suppressed_cells(world, pipe):
    response = login(world.nina).get(URL, {**Y, "format": "csv", "figure": "network-funnel"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Pages,<5,<5" in body
    xlsx = login(world.nina).get(URL, {**Y, "format": "xlsx"})
    assert xlsx.status_code == 200


def test_region_filter(world, pipe):
    html = login(world.nina).get(URL, {**Y, "region": world.south.pk}).content.decode()
    assert "Hillcrest College Library" in html
    assert "Riverside Public Library" not in html


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"network": "abc"}, "network"),
        ({"region": "99999"}, "region"),
        ({"compare": "-1"}, "compare"),
        ({"library": "1"}, "library"),
    ],
)
def test_bad_parameters_are_named(world, params, name):
    response = login(world.nina).get(URL, params)
    assert response.status_code == 400
    assert f"{name}:" in response.content.decode()


def test_who_may_read(world):
    refuses(login(world.bob), "get", URL)
    refuses(login(world.sam), "get", URL)
    refuses(login(world.alice), "get", URL)
    other = f.NetworkFactory()
    assert login(world.nina).get(URL, {"network": other.pk}).status_code == 404
    assert login(world.root).get(URL, {"network": other.pk}).status_code == 200


def test_a_large_network_lists_libraries_per_region(world, pipe, monkeypatch):
    monkeypatch.setattr("ladder.reports.views_network.PAGE_LIBRARIES", 1)
    nina = login(world.nina)
    html = nina.get(URL, Y).content.decode()
    assert 'id="fig-network-libraries"' not in html
    assert "choose a region above to list its libraries" in html
    assert "figure=network-libraries" in html
    region = nina.get(URL, {**Y, "region": world.north.pk}).content.decode()
    assert 'id="fig-network-libraries"' in region
