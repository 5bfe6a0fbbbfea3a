"""The statistics behind the equity report, and the words that state them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ladder.reports import stats
from ladder.reports.stats import (
    VERDICT_ORDER,
    chance_words,
    compare_amounts,
    compare_shares,
    verdict_for,
)

hours = st.lists(st.floats(min_value=0, max_value=200, allow_nan=False), min_size=0, max_size=40)
probability = st.floats(min_value=0, max_value=1, allow_nan=False)


def test_words_for_one_in_forty():
    assert chance_words(0.025) == (
        "a gap this size would turn up by chance about 1 time in 40 — unlikely to be chance"
    )


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.0001, "less than 1 time in 1,000 — very unlikely to be chance"),
        (0.004, "about 1 time in 250 — very unlikely to be chance"),
        (0.1, "about 1 time in 10 — might be chance"),
        (0.3, "about 1 time in 3 — could easily be chance"),
        (0.9, "more often than not — could easily be chance"),
        (1.0, "more often than not — could easily be chance"),
    ],
)
def test_words_by_p_value(p, expected):
    assert chance_words(p).endswith(expected)


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_words_refuse_what_is_not_a_p_value(bad):
    with pytest.raises(ValueError):
        chance_words(bad)


@given(probability, probability)
def test_a_smaller_p_value_never_reads_as_weaker_evidence(p, q):
    low, high = sorted((p, q))
    assert VERDICT_ORDER.index(verdict_for(low)) >= VERDICT_ORDER.index(verdict_for(high))


@given(probability)
def test_words_exist_for_every_p_value(p):
    words = chance_words(p)
    assert words.startswith("a gap this size would turn up by chance ")
    assert "chance" in words.split("—")[1]


@settings(max_examples=60, deadline=None)
@given(hours, hours)
def test_amounts_give_a_p_value_between_0_and_1_and_are_symmetric(a, b):
    gap = compare_amounts(a, b)
    swapped = compare_amounts(b, a)
    assert gap.difference == pytest.approx(-swapped.difference)
    assert gap.verdict == swapped.verdict
    if gap.p_value is None:
        assert gap.verdict == "too_small"
        assert min(len(a), len(b)) < stats.MIN_GROUP
    else:
        assert 0 <= gap.p_value <= 1
        assert gap.p_value == pytest.approx(swapped.p_value)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=200, allow_nan=False), min_size=5, max_size=40))
def test_the_same_hours_in_both_groups_are_no_gap(a):
    gap = compare_amounts(a, list(reversed(a)))
    assert gap.difference == 0
    assert gap.verdict == "no_gap"


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_shares_give_a_p_value_between_0_and_1_and_are_symmetric(data):
    n_a = data.draw(st.integers(0, 400))
    n_b = data.draw(st.integers(0, 400))
    k_a = data.draw(st.integers(0, n_a))
    k_b = data.draw(st.integers(0, n_b))
    gap = compare_shares(k_a, n_a, k_b, n_b)
    swapped = compare_shares(k_b, n_b, k_a, n_a)
    assert gap.verdict == swapped.verdict
    assert gap.difference == pytest.approx(-swapped.difference)
    if gap.p_value is not None:
        assert 0 <= gap.p_value <= 1
        assert gap.p_value == pytest.approx(swapped.p_value)
    assert (gap.verdict == "too_small") == (min(n_a, n_b) < stats.MIN_GROUP)


@given(st.integers(5, 300), st.data())
def test_the_same_share_in_both_groups_is_no_gap(n, data):
    k = data.draw(st.integers(0, n))
    gap = compare_shares(k, n, 2 * k, 2 * n)
    assert gap.verdict in {"no_gap", "too_small"}
    assert gap.words == "no gap"


def test_a_clear_gap_in_hours():
    part_time = [0, 0, 0, 1, 2, 2, 3, 0, 1, 0]
    full_time = [10, 12, 8, 15, 9, 11, 14, 10, 13, 12]
    gap = compare_amounts(part_time, full_time)
    assert gap.test == "Mann-Whitney U"
    assert gap.a == 0.9 and gap.b == 11.4
    assert gap.verdict == "very_unlikely"
    assert gap.words.endswith("very unlikely to be chance")


def test_a_small_gap_in_shares_could_be_chance():
    gap = compare_shares(11, 20, 12, 20)
    assert gap.test == "chi-square"
    assert gap.verdict == "easily_chance"


def test_small_expected_counts_use_fishers_exact_test():
    gap = compare_shares(0, 10, 6, 10)
    assert gap.test == "Fisher's exact"
    assert gap.p_value == pytest.approx(0.0108, abs=1e-3)
    assert gap.verdict == "unlikely"


def test_groups_of_fewer_than_five_are_too_small_to_tell():
    gap = compare_shares(0, 4, 30, 30)
    assert gap.verdict == "too_small" and gap.p_value is None
    assert gap.words == "too few people to tell whether the gap is more than chance"
    assert compare_amounts([1, 2, 3], [4, 5, 6, 7, 8]).verdict == "too_small"


def test_a_share_cannot_exceed_its_group():
    with pytest.raises(ValueError):
        compare_shares(6, 5, 1, 5)


def test_every_verdict_has_a_short_label():
    assert set(stats.SHORT_VERDICTS) == set(VERDICT_ORDER)
