"""Weighted set cover against brute force on small random instances."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ladder.optimize import setcover


def brute_force(n: int, sets: list[list[int]], costs: list[float]) -> tuple[float, set[int]]:
    coverable = {e for members in sets for e in members}
    best = float("inf")
    for r in range(len(sets) + 1):
        for combo in itertools.combinations(range(len(sets)), r):
            covered = {e for i in combo for e in sets[i]}
            if covered >= coverable:
                best = min(best, sum(costs[i] for i in combo))
    return best, set(range(n)) - coverable


@st.composite
def instances(draw: st.DrawFn) -> tuple[int, list[list[int]], list[float]]:
    n = draw(st.integers(min_value=0, max_value=7))
    k = draw(st.integers(min_value=0, max_value=8))
    sets = [
        sorted(draw(st.sets(st.integers(min_value=0, max_value=max(n - 1, 0)), max_size=n)))
        if n
        else []
        for _ in range(k)
    ]
    costs = [float(draw(st.integers(min_value=0, max_value=50))) for _ in range(k)]
    return n, sets, costs


@settings(max_examples=200, deadline=None)
@given(instances())
def test_cover_is_optimal_against_brute_force(instance):
    n, sets, costs = instance
    cover = setcover.solve(n, sets, costs)
    best, uncovered = brute_force(n, sets, costs)
    assert cover.optimal
    assert set(cover.uncovered) == uncovered
    covered = {e for i in cover.chosen for e in sets[i]}
    assert covered >= set(range(n)) - uncovered
    assert cover.cost == pytest.approx(best)


def test_cheaper_pair_beats_one_expensive_set():
    cover = setcover.solve(3, [[0, 1, 2], [0, 1], [2]], [10.0, 3.0, 3.0])
    assert cover.chosen == (1, 2)
    assert cover.cost == 6.0


def test_elements_no_set_covers_are_listed():
    cover = setcover.solve(3, [[0]], [1.0])
    assert cover.chosen == (0,)
    assert cover.uncovered == (1, 2)


def test_free_set_not_chosen_when_not_needed():
    cover = setcover.solve(1, [[0], []], [1.0, 0.0])
    assert cover.chosen == (0,)


def test_nothing_to_cover():
    assert setcover.solve(0, [], []).chosen == ()


def test_rejects_bad_input():
    with pytest.raises(ValueError):
        setcover.solve(1, [[0]], [1.0, 2.0])
    with pytest.raises(ValueError):
        setcover.solve(1, [[0]], [-1.0])
    with pytest.raises(ValueError):
        setcover.solve(1, [[3]], [1.0])
