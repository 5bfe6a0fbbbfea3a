"""The library's progress dashboard: each figure's counts on a hand-built pipeline, the
drill-down, the downloads, bad parameters, and who may read it."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ladder.core.access import access_for
from ladder.reports import dashboard as board
from ladder.reports import pipeline as p
from tests.conftest import login
from tests.policy_checks import refuses
from tests.reports import pipeline_world

URL = "/reports/library/"
PEOPLE = "/reports/library/people/"
Y = {"year": pipeline_world.YEAR}


@pytest.fixture
def pipe(world):
    return pipeline_world.build(world)


def measures_of(world, **params):
    scope = board.library_scope(access_for(world.alice), {**Y, **params}, dt.date(2026, 12, 6))
    measures = board.measure([world.riverside.pk], scope)
    return scope, measures, measures.libraries[world.riverside.pk]


def test_funnel_counts_now_moves_and_stuck(world, pipe):
    scope, _, m = measures_of(world)
    funnel = m.funnel
    assert funnel.now[p.PAGE] == {world.bob.pk}
    assert funnel.now[p.ASSISTANT] == {pipe.erin.pk, pipe.lou.pk}
    assert funnel.now[p.SCHOOL] == {pipe.fay.pk}
    assert funnel.now[p.DEGREE] == {pipe.gus.pk}
    assert funnel.now[p.PROMOTED] == {pipe.hal.pk}
    assert funnel.stuck[p.PAGE] == {world.bob.pk}
    assert funnel.stuck[p.ASSISTANT] == {pipe.lou.pk}  # an assistant since 2022
    assert all(not funnel.stuck[s] for s in (p.SCHOOL, p.DEGREE))
    # periods: FY 2023, FY 2024, FY 2025 (chosen)
    assert [mv.person_id for mv in funnel.moved[(p.ASSISTANT, 2)]] == [pipe.erin.pk]
    assert [mv.person_id for mv in funnel.moved[(p.SCHOOL, 1)]] == [pipe.fay.pk]
    assert {mv.person_id for mv in funnel.moved[(p.DEGREE, 1)]} == {pipe.hal.pk}
    assert {mv.person_id for mv in funnel.moved[(p.DEGREE, 2)]} == {pipe.gus.pk}
    assert [(mv.person_id, mv.months) for mv in funnel.moved[(p.PROMOTED, 2)]] == [(pipe.hal.pk, 6)]
    assert scope.periods[-1].label == "FY 2025–26"


def test_eligibility_tuition_openings(world, pipe):
    _, measures, m = measures_of(world)
    assert measures.job_classes[world.librarian2.pk] == "Librarian II"
    # the highest rung one is eligible for: Gus (MLS, 4+ FTE years) and Hal could manage
    assert m.eligible[world.manager.pk] == {pipe.gus.pk, pipe.hal.pk}
    assert {pipe.fay.pk, pipe.erin.pk} <= m.one_away[world.librarian2.pk]
    money = m.money[2]
    assert (money.budget, money.committed, money.spent) == (
        Decimal("10000"),
        Decimal("3500"),
        Decimal("2000"),
    )
    assert m.commitments_ended == {pipe.ivy.pk}
    assert m.retained == {pipe.ivy.pk}
    # Jay served Jan to Dec 2025 of a 24-month commitment: about half of $4000 back.
    assert set(m.repayments) == {pipe.jay.pk}
    assert Decimal("1990") < m.repayments[pipe.jay.pk] < Decimal("2010")
    assert [f.person_id for f in m.internal(2)] == [pipe.hal.pk]
    assert [f.person_id for f in m.external(2)] == [pipe.kim.pk]
    assert m.median_days_to_fill(2) == 45.5  # 30 and 61 days
    # Lou's hours went up; Hal's part-time assistant job became a full-time librarian's
    assert m.conversions[2] == {pipe.lou.pk, pipe.hal.pk}


def test_page_shows_every_figure_with_links_and_how_we_count(world, pipe, client_for):
    response = login(world.alice).get(URL, Y)
    assert response.status_code == 200
    html = response.content.decode()
    for key in (
        "funnel",
        "flows",
        "eligible",
        "tuition",
        "commitments",
        "repayments",
        "openings",
        "certifications",
    ):
        assert f'id="fig-{key}"' in html, key
    assert "How we count" in html
    assert "measure=stage%3Apage" in html
    assert "Jay Grow" in html  # repayments owed, by name, for the library's admin
    assert "Download XLSX" in html


def test_drill_down_lists_the_people(world, pipe):
    client = login(world.alice)
    response = client.get(PEOPLE, {**Y, "library": world.riverside.pk, "measure": "stuck:page"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bob Page" in html and "Erin" not in html
    moved = client.get(PEOPLE, {**Y, "library": world.riverside.pk, "measure": "moved:promoted:2"})
    assert "Hal Pipe" in moved.content.decode()
    bad = client.get(PEOPLE, {**Y, "library": world.riverside.pk, "measure": "shoe-size"})
    assert bad.status_code == 400
    assert "measure" in bad.content.decode()


def test_downloads(world, pipe):
    client = login(world.alice)
    csv = client.get(URL, {**Y, "format": "csv", "figure": "funnel"})
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "stage,people,stuck"
    assert "Pages,1,1" in body
    xlsx = client.get(URL, {**Y, "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(xlsx.content))
    # The eight pipeline figures, then training reach (ladder.reports.reach).
    assert len(workbook.sheetnames) > 8
    assert any(
        name.startswith("Training") or "training" in name.lower()
        for name in workbook.sheetnames[8:]
    )
    assert client.get(URL, {**Y, "format": "csv", "figure": "nope"}).status_code == 400


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"year": "next"}, "year"),
        ({"colour": "red"}, "colour"),
        ({"stuck": "0"}, "stuck"),
        ({"library": "x"}, "library"),
    ],
)
def test_bad_parameters_are_named_on_the_page(world, params, name):
    response = login(world.alice).get(URL, params)
    assert response.status_code == 400
    assert f"{name}:" in response.content.decode()


def test_who_may_read(world, pipe):
    # staff and supervisors: 403 on library-wide reports
    refuses(login(world.bob), "get", URL)
    refuses(login(world.sam), "get", URL)
    refuses(login(world.bob), "get", PEOPLE)
    # another library's admin: 404, page and drill-down
    carol = login(world.carol)
    assert carol.get(URL, {"library": world.riverside.pk}).status_code == 404
    assert (
        carol.get(PEOPLE, {"library": world.riverside.pk, "measure": "stage:page"}).status_code
        == 404
    )
    # the site admin chooses any library
    root = login(world.root)
    assert "Choose a library" in root.get(URL).content.decode()
    assert root.get(URL, {**Y, "library": world.riverside.pk}).status_code == 200
