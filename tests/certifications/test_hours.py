"""Property tests of the pure hour counting (hours.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ladder.certifications.hours import (
    Activity,
    Rules,
    add_years,
    contact_hours,
    count_cycle,
    cycle_containing,
    rule_errors,
)

D = Decimal
LSSC = Rules(
    cycle_hours=D("32"),
    min_activity_hours=D("1"),
    unit_hours={"semester_credit": D("15"), "quarter_credit": D("10"), "conference_day": D("6")},
    kind_factors={"roundtable": D("0.5")},
    category_minimums={"technology": D("4")},
)

days = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31))
amounts = st.decimals(min_value=0, max_value=40, places=2, allow_nan=False, allow_infinity=False)
activity = st.builds(
    Activity,
    key=st.integers(min_value=1, max_value=40),
    on=days,
    amount=amounts,
    unit=st.sampled_from(["hour", "semester_credit", "quarter_credit", "conference_day"]),
    kind=st.sampled_from(["workshop", "roundtable", "conference", "webinar"]),
    categories=st.frozensets(st.sampled_from(["technology", "reference", "youth"]), max_size=3),
)


def test_conversions_of_the_lssc_rule():
    assert contact_hours(Activity(1, dt.date(2024, 1, 1), D("2"), "semester_credit"), LSSC) == 30
    assert contact_hours(Activity(2, dt.date(2024, 1, 1), D("1"), "quarter_credit"), LSSC) == 10
    assert contact_hours(Activity(3, dt.date(2024, 1, 1), D("2"), "conference_day"), LSSC) == 12
    assert contact_hours(Activity(4, dt.date(2024, 1, 1), D("3"), kind="roundtable"), LSSC) == D(
        "1.5"
    )


def test_fifty_minute_contact_hours():
    rules = Rules(minutes_per_contact_hour=50)
    assert contact_hours(Activity(1, dt.date(2024, 1, 1), D("5")), rules) == 6


def test_negative_activity_is_refused():
    with pytest.raises(ValueError, match="negative"):
        contact_hours(Activity(1, dt.date(2024, 1, 1), D("-1")), LSSC)


def test_activity_shorter_than_the_minimum_does_not_count():
    short = Activity(1, dt.date(2024, 1, 1), D("0.75"), categories=frozenset({"technology"}))
    result = count_cycle([short], LSSC, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert result.total == 0
    assert [c.activity for c in result.too_short] == [short]
    assert result.category_shortfalls == {"technology": D("4")}


def test_bad_rules_are_named():
    errors = rule_errors(
        Rules(
            cycle_hours=D("-1"),
            minutes_per_contact_hour=0,
            unit_hours={"semester_credit": D("0")},
            category_minimums={"technology": D("-2")},
        )
    )
    assert set(errors) == {
        "cycle_hours",
        "minutes_per_contact_hour",
        "unit_hours",
        "category_minimums",
    }
    assert "semester credit" in errors["unit_hours"]


@settings(max_examples=200, deadline=None)
@given(st.lists(activity, max_size=30))
def test_no_activity_counts_twice(acts):
    result = count_cycle(acts, LSSC, dt.date(2015, 1, 1), dt.date(2030, 12, 31))
    keys = [c.activity.key for c in result.counted + result.too_short]
    assert len(keys) == len(set(keys))
    # Duplicating every activity changes nothing.
    again = count_cycle(acts + acts, LSSC, dt.date(2015, 1, 1), dt.date(2030, 12, 31))
    assert again.total == result.total
    assert again.by_category == result.by_category
    # The total is the sum of what counted, and no category exceeds it.
    assert result.total == sum((c.contact_hours for c in result.counted), D("0"))
    for hours in result.by_category.values():
        assert hours <= result.total


@settings(max_examples=200, deadline=None)
@given(st.lists(activity, max_size=30, unique_by=lambda a: a.key), days, st.integers(1, 5))
def test_cycles_partition_the_activities(acts, anchor, years):
    """Each activity counts in exactly the cycle containing its date: the cycles' totals add up."""
    cycles: dict[tuple[dt.date, dt.date], None] = {}
    for a in acts:
        cycles[cycle_containing(anchor, years, a.on)] = None
    whole = count_cycle(acts, LSSC, dt.date(1900, 1, 1), dt.date(2100, 1, 1))
    parts = [count_cycle(acts, LSSC, start, end) for start, end in cycles]
    assert sum((p.total for p in parts), D("0")) == whole.total
    for p in parts:
        for counted in p.counted:
            assert p.start <= counted.activity.on <= p.end
        # The category minimum is judged on that cycle's own activities only.
        tech = sum(
            (c.contact_hours for c in p.counted if "technology" in c.activity.categories), D("0")
        )
        assert p.by_category.get("technology", D("0")) == tech
        assert ("technology" in p.category_shortfalls) == (tech < D("4"))


@given(days, st.integers(1, 6), days)
def test_cycle_containing_contains_the_day(anchor, years, on):
    start, end = cycle_containing(anchor, years, on)
    assert start <= on <= end
    assert end == add_years(start, years) - dt.timedelta(days=1)
