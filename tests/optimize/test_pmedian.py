"""The p-median planner against brute force on small instances."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ladder.optimize import pmedian

TOLERANCE = 1e-9


def brute_force(lat: list[float], lon: list[float], weights: list[float], k: int) -> float:
    dist = pmedian.haversine_matrix(lat, lon)
    w = np.asarray(weights)
    return min(
        float((w * dist[:, list(hosts)].min(axis=1)).sum())
        for hosts in itertools.combinations(range(len(w)), k)
    )


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[float], list[float], list[float], int]:
    n = draw(st.integers(min_value=1, max_value=9))
    coordinate = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False)
    lat = [38.0 + 3 * draw(coordinate) for _ in range(n)]
    lon = [-82.0 + 4 * draw(coordinate) for _ in range(n)]
    if n > 1 and draw(st.booleans()):
        lat[1], lon[1] = lat[0], lon[0]  # coincident branches
    weights = [float(draw(st.integers(min_value=0, max_value=40))) for _ in range(n)]
    k = draw(st.integers(min_value=1, max_value=n))
    return lat, lon, weights, k


@settings(max_examples=150, deadline=None)
@given(instances())
def test_plan_cost_is_at_least_optimal_and_bound_at_most_optimal(instance) -> None:
    lat, lon, weights, k = instance
    plan = pmedian.solve(lat, lon, weights, k)
    optimum = brute_force(lat, lon, weights, k)
    scale = max(optimum, 1.0)
    assert plan.cost >= optimum - TOLERANCE * scale
    assert optimum >= plan.lower_bound - TOLERANCE * scale
    assert len(set(plan.hosts)) == k


@settings(max_examples=100, deadline=None)
@given(instances())
def test_reported_gap_matches_the_computed_bound(instance) -> None:
    lat, lon, weights, k = instance
    plan = pmedian.solve(lat, lon, weights, k)
    if plan.cost > 0:
        assert plan.gap == pytest.approx((plan.cost - plan.lower_bound) / plan.cost)
    else:
        assert plan.gap == 0
    assert plan.proven == (plan.gap <= plan.target_gap)
    # The plan's cost is what its assignment costs.
    dist = pmedian.haversine_matrix(lat, lon)
    pairs = enumerate(zip(weights, plan.assignment, strict=True))
    assigned = sum(w * dist[i, h] for i, (w, h) in pairs)
    assert plan.cost == pytest.approx(assigned, abs=1e-6)
    assert all(h in plan.hosts for h in plan.assignment)


def test_small_instance_is_solved_to_proven_optimality() -> None:
    rng = np.random.default_rng(7)
    lat = list(39 + rng.random(9))
    lon = list(-83 + rng.random(9))
    weights = list(rng.integers(1, 20, 9).astype(float))
    plan = pmedian.solve(lat, lon, weights, 3)
    assert plan.cost == pytest.approx(brute_force(lat, lon, weights, 3))
    assert plan.proven


def test_unproven_gap_is_reported_not_claimed() -> None:
    # Given no subgradient iterations at all, the bound is only the trivial one.
    rng = np.random.default_rng(3)
    lat, lon = 39 + rng.random(40), -83 + rng.random(40)
    plan = pmedian.solve(lat, lon, np.ones(40), 4, max_iterations=0)
    assert plan.lower_bound == 0
    assert plan.gap == 1.0
    assert not plan.proven


def test_max_distance_is_the_farthest_staffed_branch() -> None:
    lat, lon = [39.0, 39.0, 41.0], [-83.0, -83.1, -83.0]
    plan = pmedian.solve(lat, lon, [5, 5, 0], 1)
    # The empty far branch travels nowhere; the farthest traveller is 0.1 degree away.
    assert 7 < plan.max_distance < 10
    assert plan.hosts[0] in (0, 1)


@pytest.mark.parametrize("k", [0, -1])
def test_k_below_one_is_refused(k: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        pmedian.solve([39.0, 40.0], [-83.0, -82.0], [1, 1], k)


def test_k_above_the_candidates_is_refused() -> None:
    with pytest.raises(ValueError, match=r"k \(3\) is larger than the number of candidate sites"):
        pmedian.solve([39.0, 40.0], [-83.0, -82.0], [1, 1], 3)


def test_negative_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="not negative"):
        pmedian.solve([39.0, 40.0], [-83.0, -82.0], [1, -1], 1)


def test_all_zero_weights_cost_nothing_and_are_proven() -> None:
    plan = pmedian.solve([39.0, 40.0, 41.0], [-83.0, -82.0, -81.0], [0, 0, 0], 2)
    assert plan.cost == 0 and plan.lower_bound == 0 and plan.gap == 0
    assert plan.max_distance == 0
    assert len(set(plan.hosts)) == 2


def test_coincident_points_cost_nothing_when_one_hosts() -> None:
    plan = pmedian.solve([39.5] * 4, [-82.5] * 4, [3, 1, 2, 4], 1)
    assert plan.cost == 0 and plan.gap == 0
