"""The succession optimiser against brute force on small instances, and its rules."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ladder.optimize import succession
from ladder.optimize.succession import Hat, Pair, Person, Weights

TOLERANCE = 1e-6


def pair_value(hat: Hat, fit: float, weights: Weights, keep: bool = False) -> float:
    factor = weights.must_factor if hat.must else 1.0
    return weights.hour_weight * hat.hours * factor + fit + (weights.keep_bonus if keep else 0.0)


def brute_force(staff, hats, pairs, weights=None, current=None) -> float:
    """Every way to give each hat to nobody or one qualified person; the best feasible value."""
    weights = weights or Weights()
    current = current or {}
    fits = {(p.hat, p.staff): p.fit for p in pairs}
    options = [
        [None] + [person.id for person in staff if (hat.id, person.id) in fits] for hat in hats
    ]
    capacity = {person.id: person.capacity for person in staff}
    best = 0.0
    for choice in itertools.product(*options):
        load: dict = {}
        total = 0.0
        for hat, wearer in zip(hats, choice, strict=True):
            if wearer is None:
                continue
            load[wearer] = load.get(wearer, 0.0) + hat.hours
            total += pair_value(hat, fits[hat.id, wearer], weights, current.get(hat.id) == wearer)
        if all(load[w] <= capacity[w] + 1e-9 for w in load):
            best = max(best, total)
    return best


@st.composite
def scenarios(draw: st.DrawFn):
    n_staff = draw(st.integers(min_value=0, max_value=3))
    n_hats = draw(st.integers(min_value=1, max_value=6))
    staff = [
        Person(f"s{i}", draw(st.sampled_from([0.0, 2.0, 3.5, 5.0, 7.3, 10.0, 12.0])))
        for i in range(n_staff)
    ]
    hats = [
        Hat(
            f"h{j}",
            draw(st.integers(min_value=0, max_value=40)) / 4,
            draw(st.booleans()),
        )
        for j in range(n_hats)
    ]
    pairs = [
        Pair(hat.id, person.id, float(draw(st.integers(min_value=0, max_value=10))))
        for hat in hats
        for person in staff
        if draw(st.booleans())
    ]
    return staff, hats, pairs


def check_plan(plan, staff, hats, pairs) -> None:
    qualified = {(p.hat, p.staff) for p in pairs}
    hours = {hat.id: hat.hours for hat in hats}
    capacity = {person.id: person.capacity for person in staff}
    load = dict.fromkeys(capacity, 0.0)
    for hat, wearer in plan.assignment.items():
        assert (hat, wearer) in qualified  # unqualified pairs are never used
        load[wearer] += hours[hat]
    for person, hours_used in load.items():
        assert hours_used <= capacity[person] + 1e-9  # capacity never exceeded
        assert plan.load[person] == pytest.approx(hours_used)
    assert {u.hat for u in plan.unassigned} | set(plan.assignment) == set(hours)
    assert not {u.hat for u in plan.unassigned} & set(plan.assignment)
    for missing in plan.unassigned:
        people = tuple(person.id for person in staff if (missing.hat, person.id) in qualified)
        assert missing.qualified == people
        if not people:
            assert missing.reason == succession.NO_ONE_QUALIFIED
        else:
            # Every qualified person lacks the hours for this hat.
            assert missing.reason == succession.NO_HOURS_LEFT
            assert all(load[p] + hours[missing.hat] > capacity[p] + 1e-9 for p in people)


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_exact_plan_matches_exhaustive_enumeration(scenario) -> None:
    staff, hats, pairs = scenario
    plan = succession.solve(staff, hats, pairs, target_gap=0.0)
    optimum = brute_force(staff, hats, pairs)
    assert plan.objective == pytest.approx(optimum, abs=TOLERANCE, rel=TOLERANCE)
    assert plan.upper_bound >= optimum - TOLERANCE * max(optimum, 1)
    check_plan(plan, staff, hats, pairs)


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.sampled_from([0.01, 0.05, 0.2]))
def test_plan_and_bound_bracket_the_optimum(scenario, target_gap) -> None:
    staff, hats, pairs = scenario
    plan = succession.solve(staff, hats, pairs, target_gap=target_gap)
    optimum = brute_force(staff, hats, pairs)
    scale = max(optimum, 1.0)
    assert plan.objective <= optimum + TOLERANCE * scale
    assert plan.upper_bound >= optimum - TOLERANCE * scale
    assert plan.proven
    assert plan.objective >= (1 - target_gap) * optimum - TOLERANCE * scale
    assert plan.gap == pytest.approx(
        0.0 if plan.upper_bound <= 0 else (plan.upper_bound - plan.objective) / plan.upper_bound
    )
    check_plan(plan, staff, hats, pairs)


@settings(max_examples=80, deadline=None)
@given(scenarios(), st.lists(st.floats(min_value=0, max_value=200), min_size=6, max_size=6))
def test_lagrangian_bound_is_valid_for_any_multipliers(scenario, multipliers) -> None:
    staff, hats, pairs = scenario
    if not pairs:
        return
    hours = np.array([hat.hours for hat in hats])
    capacity = np.array([person.capacity for person in staff])
    hat_index = {hat.id: j for j, hat in enumerate(hats)}
    staff_index = {person.id: i for i, person in enumerate(staff)}
    pair_hat = np.array([hat_index[p.hat] for p in pairs], dtype=np.intp)
    pair_staff = np.array([staff_index[p.staff] for p in pairs], dtype=np.intp)
    value = np.array([pair_value(hats[hat_index[p.hat]], p.fit, Weights()) for p in pairs])
    usable = hours[pair_hat] <= capacity[pair_staff]
    inst = succession._Instance(
        hours, capacity, pair_hat[usable], pair_staff[usable], value[usable]
    )
    empty = np.zeros(0, dtype=np.intp)
    bound, plan = succession._lagrangian(
        inst, np.array(multipliers[: len(hats)]), empty, 0.0, float("inf")
    )
    optimum = brute_force(staff, hats, pairs)
    assert bound >= optimum - TOLERANCE * max(optimum, 1)
    assert succession._objective(inst, plan) <= optimum + TOLERANCE * max(optimum, 1)


def test_unassigned_reasons() -> None:
    staff = [Person("ann", 5), Person("ben", 3)]
    hats = [Hat("storytime", 4), Hat("payroll", 2), Hat("makerspace", 3), Hat("website", 8)]
    pairs = [
        Pair("storytime", "ann", 5),
        Pair("makerspace", "ann", 5),  # ann cannot wear both: 7 h > 5 h
        Pair("website", "ben", 9),  # 8 h: longer than ben's whole week for hats
    ]
    plan = succession.solve(staff, hats, pairs)
    assert plan.assignment == {"storytime": "ann"}
    reasons = {u.hat: u for u in plan.unassigned}
    assert reasons["payroll"].reason == succession.NO_ONE_QUALIFIED
    assert reasons["payroll"].reason_text == "No one qualified"
    assert reasons["payroll"].qualified == ()
    assert reasons["makerspace"].reason == succession.NO_HOURS_LEFT
    assert reasons["makerspace"].reason_text == "Qualified people have no hours left"
    assert reasons["website"].reason == succession.NO_HOURS_LEFT
    assert reasons["website"].qualified == ("ben",)


def test_covering_more_hours_beats_better_fit() -> None:
    staff = [Person("ann", 4)]
    hats = [Hat("long", 4), Hat("short", 1)]
    pairs = [Pair("long", "ann", 0), Pair("short", "ann", 10)]
    assert succession.solve(staff, hats, pairs).assignment == {"long": "ann"}


def test_must_hat_preferred_over_optional_hat_of_equal_hours() -> None:
    staff = [Person("ann", 5)]
    hats = [Hat("optional", 5), Hat("must", 5, must=True)]
    pairs = [Pair("optional", "ann", 10), Pair("must", "ann", 0)]
    plan = succession.solve(staff, hats, pairs)
    assert plan.assignment == {"must": "ann"}
    assert plan.hours_covered == 5
    assert plan.total_fit == 0


def test_best_fit_wins_when_hours_are_equal() -> None:
    staff = [Person("ann", 10), Person("ben", 10)]
    hats = [Hat("storytime", 3)]
    pairs = [Pair("storytime", "ann", 2), Pair("storytime", "ben", 7)]
    assert succession.solve(staff, hats, pairs).assignment == {"storytime": "ben"}


def test_keep_bonus_keeps_the_current_wearer_on_a_tie() -> None:
    staff = [Person("ann", 10), Person("ben", 10)]
    hats = [Hat("storytime", 3)]
    pairs = [Pair("storytime", "ann", 5), Pair("storytime", "ben", 5)]
    current = {"storytime": "ben"}
    plan = succession.solve(staff, hats, pairs, current=current, weights=Weights(keep_bonus=1))
    assert plan.assignment == {"storytime": "ben"}
    assert plan.moves(current) == []
    # ... but a clearly better fit still moves the hat.
    better = [Pair("storytime", "ann", 9), Pair("storytime", "ben", 5)]
    plan = succession.solve(staff, hats, better, current=current, weights=Weights(keep_bonus=1))
    assert plan.moves(current) == [("storytime", "ben", "ann")]


def test_leaver_hats_before_and_after() -> None:
    staff = [Person("ann", 10), Person("ben", 10)]
    hats = [Hat("storytime", 3), Hat("payroll", 4), Hat("website", 2)]
    pairs = [
        Pair("storytime", "ann", 5),
        Pair("payroll", "ben", 5),
        Pair("website", "ben", 5),
    ]
    current = {"storytime": "ann", "payroll": "leo", "website": "leo"}  # leo leaves
    plan = succession.solve(staff, hats, pairs, current=current)
    assert plan.before == {"ann": ("storytime",), "leo": ("payroll", "website")}
    assert plan.after == {"ann": ("storytime",), "ben": ("payroll", "website")}
    assert plan.moves(current) == [("payroll", "leo", "ben"), ("website", "leo", "ben")]
    assert plan.load == {"ann": 3.0, "ben": 6.0}


def test_deterministic() -> None:
    rng = np.random.default_rng(7)
    staff = [Person(i, float(rng.integers(4, 15))) for i in range(8)]
    hats = [Hat(f"h{j}", float(rng.integers(1, 6)), bool(j % 4 == 0)) for j in range(30)]
    pairs = [
        Pair(hat.id, person.id, float(rng.integers(0, 11)))
        for hat in hats
        for person in staff
        if rng.random() < 0.4
    ]
    first = succession.solve(staff, hats, pairs)
    for _ in range(3):
        again = succession.solve(staff, hats, pairs)
        assert again.assignment == first.assignment
        assert again.objective == first.objective
        assert again.upper_bound == first.upper_bound


def test_tight_instance_is_proven_and_feasible() -> None:
    """Tight hours: the LP bound alone does not prove the gap; the Lagrangian step does."""
    rng = np.random.default_rng(3)
    staff = [Person(i, float(rng.integers(6, 25))) for i in range(20)]
    hats = [Hat(j, float(rng.integers(1, 11)), bool(rng.random() < 0.25)) for j in range(70)]
    pairs = [
        Pair(hat.id, person.id, float(rng.integers(0, 11)))
        for hat in hats
        for person in staff
        if rng.random() < 0.3
    ]
    plan = succession.solve(staff, hats, pairs)
    assert plan.proven
    assert plan.gap <= 0.01
    assert plan.upper_bound >= plan.objective
    check_plan(plan, staff, hats, pairs)


def test_no_hats_is_refused() -> None:
    with pytest.raises(ValueError, match="A scenario needs at least one hat"):
        succession.solve([Person("ann", 10)], [], [])


def test_no_staff_leaves_every_hat_unassigned() -> None:
    plan = succession.solve([], [Hat("storytime", 3)], [])
    assert plan.assignment == {}
    assert [u.reason for u in plan.unassigned] == [succession.NO_ONE_QUALIFIED]
    assert plan.objective == plan.upper_bound == plan.gap == 0


@pytest.mark.parametrize(
    ("staff", "hats", "pairs", "message"),
    [
        ([Person("ann", 10)], [Hat("h", -1)], [], "Hat hours cannot be negative"),
        ([Person("ann", -2)], [Hat("h", 1)], [], "Capacity hours cannot be negative"),
        ([Person("ann", 10)], [Hat("h", float("nan"))], [], "finite"),
        ([Person("ann", 10)], [Hat("h", 1)], [Pair("x", "ann", 1)], "unknown hat"),
        ([Person("ann", 10)], [Hat("h", 1)], [Pair("h", "bob", 1)], "unknown staff"),
        ([Person("ann", 10)], [Hat("h", 1)], [Pair("h", "ann", -1)], "cannot be negative"),
        ([Person("ann", 10)], [Hat("h", 1), Hat("h", 2)], [], "given twice"),
        ([Person("ann", 1), Person("ann", 2)], [Hat("h", 1)], [], "given twice"),
        (
            [Person("ann", 10)],
            [Hat("h", 1)],
            [Pair("h", "ann", 1), Pair("h", "ann", 2)],
            "given twice",
        ),
    ],
)
def test_bad_input_is_refused(staff, hats, pairs, message) -> None:
    with pytest.raises(ValueError, match=message):
        succession.solve(staff, hats, pairs)


def test_target_gap_must_be_a_fraction() -> None:
    with pytest.raises(ValueError, match="target gap"):
        succession.solve([Person("ann", 10)], [Hat("h", 1)], [], target_gap=1.5)


def test_fit_score() -> None:
    assert succession.fit_score(0, False, False) == 1.0
    assert succession.fit_score(3, True, True, True) == 10.0
    assert succession.fit_score(9, False, False) == 4.0  # margin counted up to 3 levels
    assert succession.fit_score(1, True, False) == 4.0
    weights = succession.FitWeights(interested=5.0)
    assert succession.fit_score(0, True, False, weights=weights) == 6.0
    with pytest.raises(ValueError, match="not qualified"):
        succession.fit_score(-1, False, False)
