"""The demo's openings: Maple County's full-time post with internal applicants, pay and
budgets, and Brookfield's "if Megan Fischer moves up" scenario with its draft opening."""

from __future__ import annotations

import pytest

from ladder.demo.openings import OPENING_TITLE, SCENARIO_NAME, seed_openings
from ladder.openings import budgets
from ladder.openings.models import (
    Application,
    EmploymentPay,
    LibraryBudget,
    Opening,
    OpeningCompetency,
    SuccessionScenario,
)
from ladder.openings.ranking import rank_candidates

MODELS = [Opening, OpeningCompetency, Application, EmploymentPay, LibraryBudget, SuccessionScenario]


@pytest.fixture
def demo(seeded_demo, db) -> str:
    return seeded_demo


def test_maple_county_offers_a_full_time_post_internally(demo):
    opening = Opening.objects.get(title=OPENING_TITLE)
    assert opening.status == "internal" and opening.library.slug == "maple-county"
    names = {a.person.display_name: a.status for a in opening.applications.all()}
    assert names["Tyler Nguyen"] == "applied"
    assert names["Sophie Brennan"] == "invited"
    ranked = rank_candidates(opening).rows(0, 50)
    tyler = next(r for r in ranked if r.person.display_name == "Tyler Nguyen")
    interest = next(p for p in tyler.parts if p.key == "interest")
    assert "Wants full-time work." in interest.lines


def test_pay_and_budgets_give_a_personnel_share(demo):
    for slug in ("maple-county", "brookfield-college"):
        budget = LibraryBudget.objects.get(library__slug=slug)
        before, _ = budgets.evaluate(budget, [])
        assert before.source == "budget lines" and 0 < before.share_percent < 100


def test_brookfield_redistributes_megans_hats(demo):
    scenario = SuccessionScenario.objects.get(name=SCENARIO_NAME)
    assert scenario.status == "done"
    megan = next(p for p in scenario.result["people"] if p["leaving"])
    assert megan["name"] == "Megan Fischer"
    assert {h["name"] for h in megan["before"]} >= {"Interlibrary loan", "Course reserves"}
    taken = {h["name"] for p in scenario.result["people"] if not p["leaving"] for h in p["after"]}
    left = {u["hat"]["name"] for u in scenario.result["unassigned"]}
    assert "Interlibrary loan" in taken | left
    if left:
        assert Opening.objects.filter(from_scenario=scenario, status="draft").exists()


def test_seeding_twice_changes_no_counts(demo):
    counts = [m.objects.count() for m in MODELS]
    seed_openings()
    assert [m.objects.count() for m in MODELS] == counts
