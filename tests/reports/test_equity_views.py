"""The equity report through its page, its downloads and the API: who may read what."""

import io
import json

import pytest
from openpyxl import load_workbook

from ladder.people.models import Person
from tests.policy_checks import refuses
from tests.reports.equity_world import build

PAGE = "/reports/equity/"
API = "/api/v1/reports/equity"


@pytest.fixture
def data(world):
    return build(world)


def _names(people):
    return [p.get_full_name() for p in people] + [p.email for p in people]


def test_library_admin_reads_their_library(world, data, client_for):
    response = client_for(world.alice).get(PAGE, {"year": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Equity report: Riverside Public Library" in html
    assert "Part-time staff trained 0.7 hours per person" in html
    assert "very unlikely to be chance" in html
    assert 'id="fig-equity-part-time"' in html and 'id="fig-reach-by-branch"' in html
    assert "/reports/equity/equity-part-time.csv?library=" in html


def test_csv_and_xlsx(world, data, client_for):
    client = client_for(world.alice)
    csv = client.get("/reports/equity/reach-by-hours.csv", {"year": "2024"})
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("group,staff,hours_per_person")
    assert "Part-time,11,0.7" in body
    assert client.get("/reports/equity/nothing.csv").status_code == 404
    xlsx = client.get("/reports/equity/report.xlsx", {"year": "2024"})
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert "Training requests declined, " in workbook.sheetnames


@pytest.mark.parametrize("who", ["sam", "bob", "dave"])
def test_staff_and_supervisors_are_refused(world, data, client_for, who):
    client = client_for(getattr(world, who))
    refuses(client, "get", PAGE)
    refuses(client, "get", API)
    refuses(client, "get", "/reports/equity/report.xlsx")


def test_anonymous_is_sent_to_sign_in(client, world):
    refuses(client, "get", PAGE)
    refuses(client, "get", API)


def test_library_admin_gets_404_for_another_library(world, data, client_for):
    client = client_for(world.carol)
    other = {"library": str(world.riverside.pk)}
    assert client.get(PAGE, other).status_code == 404
    assert client.get(API, other).status_code == 404
    assert client.get("/reports/equity/reach-by-hours.csv", other).status_code == 404
    assert client.get(PAGE, {"network": str(world.network.pk)}).status_code == 404
    assert client.get(API, {"region": str(world.north.pk)}).status_code == 404


def test_coordinator_report_names_no_one_and_suppresses_small_counts(world, data, client_for):
    client = client_for(world.nina)
    response = client.get(PAGE, {"year": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Equity report: Buckeye Library Network" in html
    assert "Do pages and assistants at town and rural libraries" in html
    assert "&lt;5" in html
    staff = Person.objects.filter(employments__isnull=False).distinct()
    for name in _names(staff):
        assert name not in html
    api = client.get(API, {"year": "2024"})
    assert api.status_code == 200
    text = api.content.decode()
    for name in _names(staff):
        assert name not in text
    report = api.json()
    assert report["scope"] == {
        "kind": "network",
        "id": world.network.pk,
        "name": "Buckeye Library Network",
        "libraries": 2,
        "names_people": False,
    }
    rural = next(c for c in report["comparisons"] if c["key"] == "rural")
    trained = next(f for f in rural["findings"] if f["measure"] == "trained")
    assert trained["group_a"] is None and trained["people_a"] == 7
    classes = next(f for f in report["figures"] if f["key"] == "reach-by-job-class")
    assert ["Librarian II", "<5", None, None, None, None, None] in classes["rows"]


def test_coordinator_region_and_member_library(world, data, client_for):
    client = client_for(world.nina)
    south = client.get(API, {"region": str(world.south.pk), "year": "2024"}).json()
    assert south["scope"]["kind"] == "region" and south["scope"]["libraries"] == 1
    assert south["staff"] == 8
    one = client.get(API, {"library": str(world.riverside.pk), "year": "2024"}).json()
    assert one["scope"]["names_people"] is False and one["scope"]["name"] == (
        "Riverside Public Library"
    )


def test_site_admin_reads_any(world, data, client_for):
    client = client_for(world.root)
    assert client.get(PAGE, {"library": str(world.hillcrest.pk)}).status_code == 200
    everything = client.get(API, {"year": "2024"}).json()
    assert everything["scope"]["kind"] == "site" and everything["staff"] == 31


def test_api_matches_the_page(world, data, client_for):
    client = client_for(world.alice)
    report = client.get(API, {"year": "2024"}).json()
    assert report["period"] == {
        "start": "2024-07-01",
        "end": "2025-06-30",
        "label": "FY 2024–25",
        "fiscal_year": 2024,
    }
    part_time = report["comparisons"][0]
    hours = part_time["findings"][0]
    assert hours["measure"] == "hours" and hours["unit"] == "hours"
    assert hours["group_a"] == 0.7 and hours["group_b"] == 8.3 and hours["gap"] == -7.6
    assert hours["verdict"] == "very_unlikely" and 0 <= hours["p_value"] < 0.01
    page = client.get(PAGE, {"year": "2024"}).content.decode()
    assert hours["sentence"] in page
    hired = next(f for f in part_time["findings"] if f["measure"] == "hired")
    assert hired["p_value"] is None and "too few to tell" in hired["sentence"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"year": "last"}, "year"),
        ({"library": "x"}, "library"),
        ({"start": "2024-01-01"}, "end"),
        ({"start": "2024-01-01", "end": "soon"}, "end"),
        ({"colour": "red"}, "colour"),
        ({"library": "1", "network": "1"}, "network"),
    ],
)
def test_bad_parameters_are_named(world, data, client_for, params, name):
    client = client_for(world.alice)
    page = client.get(PAGE, params)
    assert page.status_code == 422
    assert f"{name}:" in page.content.decode()
    api = client.get(API, params)
    assert api.status_code == 422, api.content
    error = json.loads(api.content)["error"]
    assert error["code"] == "validation_error"
    assert name in error["fields"]


def test_compare_is_not_an_api_parameter(world, client_for):
    response = client_for(world.alice).get(API, {"compare": "1"})
    assert response.status_code == 422
    assert "compare" in response.json()["error"]["fields"]
