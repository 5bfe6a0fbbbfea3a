"""The equity report's gaps, computed on a hand-built data set (tests/reports/equity_world)."""

import datetime as dt

import pytest
from scipy import stats as scipy_stats

from ladder.core.access import access_for
from ladder.reports.equity import equity_report, resolve_scope
from ladder.reports.figures import Link, export_value
from ladder.reports.reach import declines_by_reason, reach_figures, reason_label
from tests.reports.equity_world import PERIOD, build

TODAY = dt.date(2025, 3, 1)


def _finding(report, comparison_key, measure_key):
    comparison = next(c for c in report.comparisons if c.key == comparison_key)
    return next(f for f in comparison.findings if f.measure.key == measure_key)


@pytest.fixture
def data(world):
    return build(world)


def _library_report(world, who=None):
    scope = resolve_scope(access_for(who or world.alice), {}, today=TODAY)
    return equity_report(scope, PERIOD)


def test_part_time_hours_gap(world, data):
    report = _library_report(world)
    assert report.scope.name == "Riverside Public Library" and report.staff_count == 23
    hours = _finding(report, "part-time", "hours")
    assert hours.gap.n_a == 11 and hours.gap.n_b == 12
    assert hours.gap.a == pytest.approx(8 / 11) and hours.gap.b == pytest.approx(100 / 12)
    part = [2.0] * 4 + [0.0] * 7
    full = [10.0] * 10 + [0.0] * 2
    expected = scipy_stats.mannwhitneyu(part, full, alternative="two-sided").pvalue
    assert hours.gap.test == "Mann-Whitney U"
    assert hours.gap.p_value == pytest.approx(expected)
    assert hours.gap.verdict == "very_unlikely"
    assert hours.sentence.startswith(
        "Part-time staff trained 0.7 hours per person, full-time staff 8.3: 7.6 hours fewer "
        "for part-time staff. A gap this size would turn up by chance"
    )
    assert hours.sentence.endswith("very unlikely to be chance.")


def test_part_time_share_trained_and_tuition(world, data):
    report = _library_report(world)
    trained = _finding(report, "part-time", "trained")
    assert (trained.a_count, trained.gap.n_a, trained.b_count, trained.gap.n_b) == (4, 11, 10, 12)
    expected = scipy_stats.fisher_exact([[4, 7], [10, 2]]).pvalue
    assert trained.gap.test == "Fisher's exact"
    assert trained.gap.p_value == pytest.approx(expected)
    assert trained.sentence.startswith(
        "36% of part-time staff had any training, against 83% of full-time staff: "
        "47 percentage points fewer."
    )
    tuition = _finding(report, "part-time", "tuition")
    # Pages and assistants only: the 11 part-time pages against the 10 full-time assistants.
    assert (tuition.a_count, tuition.gap.n_a, tuition.b_count, tuition.gap.n_b) == (0, 11, 3, 10)
    assert tuition.gap.p_value == pytest.approx(scipy_stats.fisher_exact([[0, 11], [3, 7]]).pvalue)
    assert tuition.gap.verdict == "maybe_chance"
    assert tuition.sentence == (
        "0% of part-time staff had tuition support for library school, against 30% of "
        "full-time staff: 30 percentage points fewer. A gap this size would turn up by chance "
        "about 1 time in 11 — might be chance."
    )


def test_openings_and_groups_too_small_to_tell(world, data):
    report = _library_report(world)
    applied = _finding(report, "part-time", "applied")
    assert (applied.a_count, applied.gap.n_a, applied.b_count, applied.gap.n_b) == (2, 11, 3, 12)
    hired = _finding(report, "part-time", "hired")
    assert (hired.gap.n_a, hired.gap.n_b) == (2, 3)
    assert hired.gap.verdict == "too_small" and hired.gap.p_value is None
    assert hired.sentence == (
        "Applicants hired: only 2 part-time staff and only 3 full-time staff — too few to tell "
        "whether there is a gap."
    )
    approved = _finding(report, "part-time", "tuition_approved")
    assert approved.sentence.startswith(
        "Tuition applications approved: only 1 part-time staff and no "
    )


def test_one_library_compares_only_part_time(world, data):
    assert [c.key for c in _library_report(world).comparisons] == ["part-time"]


def test_rural_and_small_libraries_pages_and_assistants(world, data):
    scope = resolve_scope(access_for(world.nina), {}, today=TODAY)
    assert scope.kind == "network" and scope.private
    report = equity_report(scope, PERIOD)
    assert [c.key for c in report.comparisons] == ["part-time", "rural", "small"]
    rural = _finding(report, "rural", "trained")
    assert (rural.a_count, rural.gap.n_a, rural.b_count, rural.gap.n_b) == (1, 7, 14, 21)
    # One rural person trained: in a coordinator's report that is "<5", not a figure.
    cells = rural.cells()
    assert cells[1] is None and cells[3] is None
    assert rural.sentence.startswith(
        "Had any training: fewer than 5 pages and assistants in towns and rural areas count "
        "here; the figures are hidden so that no one can be singled out. A gap this size"
    )
    assert cells[6] == "Unlikely to be chance" or cells[6].endswith("chance")
    hours = _finding(report, "rural", "hours")
    assert hours.gap.a == pytest.approx(1 / 7) and hours.gap.b == pytest.approx(108 / 21)
    small = next(c for c in report.comparisons if c.key == "small")
    # Hillcrest serves 8,000 (small), Riverside 300,000: the same split as the locale.
    assert [f.gap.n_a for f in small.findings] == [
        f.gap.n_a for f in report.comparisons[1].findings
    ]
    # Professionals are left out of the library comparisons: alice, sam and carol.
    assert report.comparisons[1].left_out == 3


def test_unknown_locale_is_left_out(world, data):
    world.hillcrest.locale = ""
    world.hillcrest.save()
    scope = resolve_scope(access_for(world.nina), {}, today=TODAY)
    rural = next(c for c in equity_report(scope, PERIOD).comparisons if c.key == "rural")
    assert rural.findings[0].gap.n_a == 0 and rural.left_out == 3 + 7
    assert rural.empty == (
        "Nothing to compare: no pages and assistants in towns and rural areas in this report."
    )
    assert rural.figure.rows == [] and rural.figure.summary == rural.empty
    assert rural.findings[0].sentence.startswith(
        "Training hours per person: no pages and assistants in towns and rural areas"
    )


def test_reach_figures_for_one_library(world, data):
    figures = {
        f.key: f for f in reach_figures([world.riverside], PERIOD, viewer_may_see_people=True)
    }
    assert list(figures) == [
        "reach-by-hours",
        "reach-by-job-class",
        "reach-by-branch",
        "reach-declines",
    ]
    by_kind = figures["reach-by-hours"].rows
    # staff, hours/person, sessions/person, untrained, untrained %, above and beyond
    assert by_kind[0] == ["Part-time", 11, 0.7, 0.4, 7, 63.6, 1]
    assert by_kind[1] == ["Full-time", 12, 8.3, 0.8, 2, 16.7, 0]
    assert by_kind[2] == ["All staff", 23, 4.7, 0.6, 9, 39.1, 1]
    assert figures["reach-by-hours"].summary == (
        "23 staff trained 4.7 hours each on average in FY 2024–25; 39% had no training at all."
    )
    branches = {row[0]: row for row in figures["reach-by-branch"].rows}
    assert branches["Eastside"][1:3] == [
        Link(
            10, f"/people/directory/?library={world.riverside.pk}&branch={world.riverside_east.pk}"
        ),
        0.8,
    ]
    assert export_value(branches["Riverside Main"][1]) == 13
    assert branches["Riverside Main"][2] == 7.7
    classes = {row[0]: row for row in figures["reach-by-job-class"].rows}
    assert classes["Library Assistant"][1] == Link(
        10, f"/people/directory/?library={world.riverside.pk}&job_class={world.assistant.pk}"
    )
    assert classes["Library Assistant"][2] == 10.0
    assert figures["reach-declines"].rows == [["Desk coverage", 2], ["No reason given", 1]]


def test_reach_for_a_coordinator_suppresses_small_cells(world, data):
    figures = {
        f.key: f
        for f in reach_figures(
            [world.riverside, world.hillcrest], PERIOD, viewer_may_see_people=False
        )
    }
    assert "reach-by-library" in figures and "reach-by-branch" not in figures
    classes = {row[0]: row for row in figures["reach-by-job-class"].rows}
    # Two Librarian IIs (alice, carol): "<5", and no averages that would single them out.
    assert classes["Librarian II"] == ["Librarian II", "<5", None, None, None, None, None]
    assert classes["Branch Manager"][1] == "<5"
    by_kind = {row[0]: row for row in figures["reach-by-hours"].rows}
    assert by_kind["Part-time"][6] == "<5"  # one above-and-beyond line
    assert figures["reach-declines"].rows == [["Other reasons", "<5"], ["No reason given", "<5"]]


def test_decline_reasons_read_as_table_rows():
    assert reason_label("  desk coverage.\nmore") == "Desk coverage"
    assert reason_label("") == "No reason given"
    assert reason_label("x" * 200).endswith("…") and len(reason_label("x" * 200)) == 80


def test_declines_outside_the_period_are_not_counted(world, data):
    later = type(PERIOD)(dt.date(2025, 7, 1), dt.date(2026, 6, 30), "FY 2025–26", 2025)
    assert declines_by_reason([world.riverside], later, private=False) == []
