"""Succession scenarios: redistribute hats among the remaining staff, with a proven bound.

numpy and scipy only, no Django. The caller (a succession page) decides who is qualified for
which hat, computes each pair's fit (``fit_score`` below is the documented default) and hands
over plain values; this module returns the plan, the hats nobody can take and why.

The model
---------
Staff ``i`` have ``capacity`` weekly hours available for hats; hat ``j`` takes ``hours`` a week.
Only qualified pairs ``(i, j)`` (those the caller passes) may be used. Binary ``x_ij``::

    maximise   sum  value_ij * x_ij
    subject to sum_i x_ij <= 1            each hat worn at most once
               sum_j hours_j * x_ij <= capacity_i   nobody works beyond their hours

    value_ij = hour_weight * hours_j * (must_factor if hat j must be assigned else 1)
               + fit_ij + keep_bonus * [i wears j today]

With the default weights (``hour_weight`` 10 a covered hour, ``fit`` between 0 and 10) one more
hour of hats covered is worth at least the whole fit range, so the plan first covers as many
hat-hours as it can, then picks the best-fitting wearers. Hats that must be assigned count
``must_factor`` (3) times an optional hour. A hat is never forced: when nobody can take it, it
is left unassigned and reported with its reason — "no one qualified" (no qualified pair at all)
or "qualified people have no hours left" (every qualified person's remaining hours are fewer
than the hat's). The final plan is maximal: a greedy pass gives every unassigned hat to a
qualified person who still has the hours, so no third reason exists.

How it is solved, and why (figures from ``scripts/bench_succession.py``)
------------------------------------------------------------------------
The textbook generalised-assignment model handed to ``scipy.optimize.milp`` as it is spends
seconds in HiGHS's root node (presolve, cuts, primal heuristics) when hours are tight: on the
issue's instance (200 hats, 60 staff, 30 % of pairs qualified, levels 1-4) with 60 % of the
contract left for hats it needs 3.9-8.9 s to prove 1 %. Its LP relaxation solves in ~15 ms, and
in a basic LP solution only about one hat per tight constraint is fractional; but when hours are
tight the LP bound itself is ~1.3 % above the optimum (packing whole hats into hours is the hard
part), so it cannot prove 1 % alone. Hence:

1. **LP relaxation** (HiGHS via ``linprog``): a first upper bound and the duals of the hat rows.
2. **Fix and solve the residual**: hats the LP gives wholly to one person are fixed there; the
   remaining hats (fractional or left out) form a small residual MILP over the remaining hours
   (100-300 binaries, tens of milliseconds). A greedy pass then places whatever still fits.
   When hours are plentiful this already proves the target against the LP bound.
3. **Lagrangian relaxation** otherwise: the hat rows are relaxed with multipliers starting at
   the LP duals, which leaves one 0-1 knapsack per person, solved exactly for all people at
   once by dynamic programming on quarter-hours (weights rounded down and capacities up, so
   the bound stays valid for any hours). At the LP duals it is already no more than the LP
   bound; Polyak subgradient steps tighten it to ~0.3 % above the optimum. Each iteration's
   knapsacks are *repaired* into a plan (a hat picked twice stays with the person it is worth
   most with; people refill freed hours by an exact knapsack over the unassigned hats), then
   improved by local search (each person in turn re-picks, by an exact knapsack, among their
   hats and the unassigned ones - a move that never lowers the objective).
4. **Full MILP** with the target gap and the remaining time budget, only if still unproven;
   the plan keeps the better incumbent and the smaller of the bounds.

The result always carries a *proven* upper bound (LP, Lagrangian or MILP dual bound) and the gap
``(bound - objective) / bound``; ``proven`` says whether it meets the target. Measured with
``scripts/bench_succession.py`` (seeds 0-4, 2-core machine under load): with 10-40 h contracts
all available for hats, 0.04-0.06 s and gaps 0.04-0.15 % (textbook: 0.18-0.31 s); with 60 % of
contracts left for hats (20-38 hats cannot be placed), 0.34-0.52 s and gaps 0.49-0.81 %
(textbook milp: 3.9-8.9 s to reach 1 %).
"""

from __future__ import annotations

import math
import time
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, vstack

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

NO_ONE_QUALIFIED = "no_one_qualified"
NO_HOURS_LEFT = "no_hours_left"
REASON_TEXT = {
    NO_ONE_QUALIFIED: "No one qualified",
    NO_HOURS_LEFT: "Qualified people have no hours left",
}
# Tolerances: LP values this close to 1 count as integral; hours comparisons allow float noise.
INTEGRAL_TOLERANCE = 1e-6
HOURS_TOLERANCE = 1e-9
# The Lagrangian knapsacks count hours in quarter-hours.
UNITS_PER_HOUR = 4
LAGRANGIAN_ITERATIONS = 60
# The Lagrangian keeps improving until the gap is this share of the target (margin).
AIM_FRACTION = 0.5
# ... but settles for the target itself after this many seconds of Lagrangian iterations.
AIM_SECONDS = 0.4
REOPT_SWEEPS = 2


# ----------------------------------------------------------------------------- the fit score


@dataclass(frozen=True)
class FitWeights:
    """Weights of ``fit_score``. The defaults keep a fit between 0 and 10."""

    qualified: float = 1.0  # every qualified pair starts here
    per_level_above: float = 1.0  # each competency level above the hat's requirement ...
    max_levels_above: int = 3  # ... counted up to this many levels
    interested: float = 2.0  # the person said they want to learn / do this
    backup: float = 2.0  # the person is the hat's named backup
    currently_wears: float = 2.0  # stability: keep today's wearer unless moving improves fit


def fit_score(
    levels_margin: float,
    interested: bool,
    is_backup: bool,
    currently_wears: bool = False,
    weights: FitWeights | None = None,
) -> float:
    """The default fit of a qualified person for a hat, between 0 and 10 with default weights.

    ``levels_margin`` is the person's smallest margin over the hat's required competency levels
    (0 = exactly at the requirement). Qualification itself is the caller's decision: a negative
    margin means the person is not qualified and is refused here.
    """
    w = weights or FitWeights()
    if not math.isfinite(levels_margin):
        raise ValueError("The levels margin must be a finite number.")
    if levels_margin < 0:
        raise ValueError("A negative levels margin means the person is not qualified for the hat.")
    return (
        w.qualified
        + w.per_level_above * min(float(levels_margin), float(w.max_levels_above))
        + (w.interested if interested else 0.0)
        + (w.backup if is_backup else 0.0)
        + (w.currently_wears if currently_wears else 0.0)
    )


# ----------------------------------------------------------------------------- inputs/outputs


@dataclass(frozen=True)
class Person:
    id: Hashable
    capacity: float  # weekly hours available for hats


@dataclass(frozen=True)
class Hat:
    id: Hashable
    hours: float  # weekly hours the hat takes
    must: bool = False  # must be assigned (weighted ``must_factor`` times), vs optional


@dataclass(frozen=True)
class Pair:
    """A qualified pair: ``staff`` may wear ``hat``, with this fit (higher is better)."""

    hat: Hashable
    staff: Hashable
    fit: float


@dataclass(frozen=True)
class Weights:
    """Objective weights (see the module docstring)."""

    hour_weight: float = 10.0
    must_factor: float = 3.0
    # Added to the value of the pair in ``current``; leave 0 when the fits already include a
    # stability term (``fit_score``'s ``currently_wears`` does).
    keep_bonus: float = 0.0


@dataclass(frozen=True)
class Unassigned:
    hat: Hashable
    reason: str  # NO_ONE_QUALIFIED or NO_HOURS_LEFT
    qualified: tuple[Hashable, ...]  # staff qualified for it (empty for NO_ONE_QUALIFIED)

    @property
    def reason_text(self) -> str:
        return REASON_TEXT[self.reason]


@dataclass(frozen=True)
class Plan:
    assignment: dict[Hashable, Hashable]  # hat id -> staff id
    unassigned: tuple[Unassigned, ...]
    objective: float
    upper_bound: float  # a proven upper bound on the optimal objective
    gap: float  # (upper_bound - objective) / upper_bound; 0 when the bound is 0
    target_gap: float
    seconds: float
    method: str
    hours_covered: float
    total_fit: float
    load: dict[Hashable, float]  # staff id -> hours of hats after the plan
    before: dict[Hashable, tuple[Hashable, ...]] = field(default_factory=dict)  # staff -> hats
    after: dict[Hashable, tuple[Hashable, ...]] = field(default_factory=dict)

    @property
    def proven(self) -> bool:
        """True when the bound shows the plan within the target gap of optimal."""
        return self.gap <= self.target_gap + 1e-12

    @property
    def gap_percent(self) -> float:
        return 100.0 * self.gap

    def moves(self, current: Mapping[Any, Hashable]) -> list[tuple[Hashable, Hashable, Hashable]]:
        """(hat, wearer before or None, wearer after or None) for hats whose wearer changes."""
        hats = sorted(set(current) | set(self.assignment), key=repr)
        return [
            (hat, current.get(hat), self.assignment.get(hat))
            for hat in hats
            if current.get(hat) != self.assignment.get(hat)
        ]


# ----------------------------------------------------------------------------- the instance


@dataclass
class _Instance:
    hours: FloatArray  # per hat
    capacity: FloatArray  # per person
    pair_hat: IntArray
    pair_staff: IntArray
    value: FloatArray

    @property
    def n_hats(self) -> int:
        return len(self.hours)

    @property
    def n_staff(self) -> int:
        return len(self.capacity)


def _number(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number.")
    return number


def _index(items: Sequence[Hashable], what: str) -> dict[Hashable, int]:
    index: dict[Hashable, int] = {}
    for position, item in enumerate(items):
        if item in index:
            raise ValueError(f"{what} {item!r} is given twice.")
        index[item] = position
    return index


def _matrices(inst: _Instance, pairs: IntArray | None = None) -> tuple[csr_matrix, csr_matrix]:
    """Hat rows (one per hat) and hours rows (one per person) over the given pair indices."""
    chosen = np.arange(len(inst.pair_hat)) if pairs is None else pairs
    n = len(chosen)
    columns = np.arange(n)
    hat_rows = csr_matrix((np.ones(n), (inst.pair_hat[chosen], columns)), shape=(inst.n_hats, n))
    hour_rows = csr_matrix(
        (inst.hours[inst.pair_hat[chosen]], (inst.pair_staff[chosen], columns)),
        shape=(inst.n_staff, n),
    )
    return hat_rows, hour_rows


def _objective(inst: _Instance, chosen: IntArray) -> float:
    return float(inst.value[chosen].sum())


def _feasible(inst: _Instance, chosen: IntArray) -> bool:
    hats = inst.pair_hat[chosen]
    if len(np.unique(hats)) != len(hats):
        return False
    load = np.bincount(inst.pair_staff[chosen], weights=inst.hours[hats], minlength=inst.n_staff)
    return bool(np.all(load <= inst.capacity + HOURS_TOLERANCE))


# ----------------------------------------------------------------------------- the steps


def _lp(inst: _Instance) -> tuple[float, FloatArray, FloatArray]:
    """LP relaxation: its optimum (an upper bound), x, and the duals of the hat rows (>= 0)."""
    hat_rows, hour_rows = _matrices(inst)
    result = linprog(
        -inst.value,
        A_ub=vstack([hat_rows, hour_rows]).tocsr(),
        b_ub=np.concatenate([np.ones(inst.n_hats), inst.capacity]),
        bounds=(0.0, 1.0),
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - the LP is always feasible (x = 0) and bounded
        raise RuntimeError(f"The LP relaxation failed: {result.message}")
    duals = np.maximum(-np.asarray(result.ineqlin.marginals[: inst.n_hats]), 0.0)
    return -float(result.fun), np.asarray(result.x), duals


def _milp(
    inst: _Instance, pairs: IntArray, capacity: FloatArray, gap: float, time_limit: float
) -> tuple[IntArray, float]:
    """Solve the model restricted to ``pairs`` and ``capacity``: chosen pairs, dual bound."""
    if len(pairs) == 0:
        return pairs, 0.0
    hat_rows, hour_rows = _matrices(inst, pairs)
    result = milp(
        -inst.value[pairs],
        constraints=[
            LinearConstraint(hat_rows, -np.inf, 1.0),
            LinearConstraint(hour_rows, -np.inf, capacity),
        ],
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0.0, 1.0),
        options={"mip_rel_gap": gap, "time_limit": max(time_limit, 0.01)},
    )
    bound = -float(result.mip_dual_bound) if result.mip_dual_bound is not None else math.inf
    if result.x is None:
        return np.zeros(0, dtype=np.intp), bound
    return pairs[np.asarray(result.x) > 0.5], bound


def _greedy_fill(inst: _Instance, chosen: IntArray) -> IntArray:
    """Give every unassigned hat that still fits to its best-valued qualified person."""
    taken = np.zeros(inst.n_hats, dtype=bool)
    taken[inst.pair_hat[chosen]] = True
    load = np.bincount(
        inst.pair_staff[chosen], weights=inst.hours[inst.pair_hat[chosen]], minlength=inst.n_staff
    )
    extra: list[int] = []
    # Best value first; ties by pair position so the result is deterministic.
    for p in np.lexsort((np.arange(len(inst.value)), -inst.value)):
        hat, person = inst.pair_hat[p], inst.pair_staff[p]
        if taken[hat] or load[person] + inst.hours[hat] > inst.capacity[person] + HOURS_TOLERANCE:
            continue
        taken[hat] = True
        load[person] += inst.hours[hat]
        extra.append(int(p))
    return np.concatenate([chosen, np.array(extra, dtype=np.intp)]).astype(np.intp)


def _knapsack(values: FloatArray, weights: IntArray, capacity: int) -> tuple[float, IntArray]:
    """Exact 0-1 knapsack with integer weights by dynamic programming: best value, positions."""
    best = np.zeros(capacity + 1)
    take = np.zeros((len(values), capacity + 1), dtype=bool)
    for k, (value, weight) in enumerate(zip(values, weights, strict=True)):
        if value <= 0 or weight > capacity:
            continue
        if weight == 0:
            best += value
            take[k, :] = True
            continue
        candidate = best[:-weight] + value
        better = candidate > best[weight:]
        take[k, weight:] = better
        best[weight:] = np.where(better, candidate, best[weight:])
    chosen: list[int] = []
    room = capacity
    for k in range(len(values) - 1, -1, -1):
        if take[k, room]:
            chosen.append(k)
            room -= int(weights[k])
    return float(best[capacity]), np.array(chosen[::-1], dtype=np.intp)


def _knapsacks(
    values: FloatArray, weights: IntArray, capacities: IntArray
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Every person's exact 0-1 knapsack at once (rows: people, columns: hats).

    ``values[i, j] <= 0`` means person i does not take hat j; a hat weighs the same for all.
    The dynamic programme runs hat by hat over all people together. Returns each person's
    best value and the chosen (person, hat) matrix.
    """
    n_staff, n_hats = values.shape
    top = int(capacities.max(initial=0))
    best = np.zeros((n_staff, top + 1))
    take = np.zeros((n_hats, n_staff, top + 1), dtype=bool)
    for j in range(n_hats):
        column = values[:, j]
        rows = np.flatnonzero(column > 0)
        weight = int(weights[j])
        if len(rows) == 0 or weight > top:
            continue
        if weight == 0:
            best[rows] += column[rows, None]
            take[j, rows, :] = True
            continue
        candidate = best[rows, :-weight] + column[rows, None]
        better = candidate > best[rows, weight:]
        take[j, rows, weight:] = better
        best[rows, weight:] = np.where(better, candidate, best[rows, weight:])
    people = np.arange(n_staff)
    room = capacities.astype(np.intp).copy()
    chosen = np.zeros((n_staff, n_hats), dtype=bool)
    for j in range(n_hats - 1, -1, -1):
        picked = take[j, people, room]
        chosen[:, j] = picked
        room -= int(weights[j]) * picked
    return best[people, capacities], chosen


@dataclass
class _Knapsacks:
    """Per-person pair lists and hours in quarter-hour units, rounded two ways.

    The bound rounds item hours down and capacities up (a relaxation, so the bound stays
    valid); the heuristic rounds hours up and capacities down (a restriction, so the plan
    stays feasible). With hours in quarter-hours both roundings are exact.
    """

    by_person: list[IntArray]
    relaxed_weight: IntArray
    relaxed_capacity: IntArray
    strict_weight: IntArray
    strict_capacity: IntArray

    @classmethod
    def of(cls, inst: _Instance) -> _Knapsacks:
        units = inst.hours[inst.pair_hat] * UNITS_PER_HOUR
        capacity = inst.capacity * UNITS_PER_HOUR
        order = np.argsort(inst.pair_staff, kind="stable")
        splits = np.searchsorted(inst.pair_staff[order], np.arange(1, inst.n_staff))
        return cls(
            by_person=list(np.split(order, splits)),
            relaxed_weight=np.floor(units + 1e-9).astype(np.intp),
            relaxed_capacity=np.ceil(capacity - 1e-9).astype(np.intp),
            strict_weight=np.ceil(units - 1e-9).astype(np.intp),
            strict_capacity=np.floor(capacity + 1e-9).astype(np.intp),
        )


def _repair(inst: _Instance, sacks: _Knapsacks, picks: list[IntArray]) -> IntArray:
    """A feasible plan from the people's Lagrangian knapsacks.

    A hat several people picked goes to the one it is worth most with; the others then refill
    their freed hours with an exact knapsack over the hats still unassigned; a greedy pass
    places whatever still fits.
    """
    owner = np.full(inst.n_hats, -1, dtype=np.intp)  # pair index holding each hat
    for pairs in picks:
        for p in pairs:
            hat = inst.pair_hat[p]
            if owner[hat] < 0 or inst.value[p] > inst.value[owner[hat]]:
                owner[hat] = p
    chosen = owner[owner >= 0]
    used = np.bincount(
        inst.pair_staff[chosen], weights=sacks.strict_weight[chosen], minlength=inst.n_staff
    ).astype(np.intp)
    taken = owner >= 0
    for person, pairs in enumerate(sacks.by_person):
        room = int(sacks.strict_capacity[person] - used[person])
        free = pairs[~taken[inst.pair_hat[pairs]]]
        if room <= 0 or len(free) == 0:
            continue
        _, positions = _knapsack(inst.value[free], sacks.strict_weight[free], room)
        extra = free[positions]
        taken[inst.pair_hat[extra]] = True
        chosen = np.concatenate([chosen, extra])
    return _reoptimise(inst, sacks, _greedy_fill(inst, chosen.astype(np.intp)))


def _reoptimise(
    inst: _Instance, sacks: _Knapsacks, chosen: IntArray, sweeps: int = REOPT_SWEEPS
) -> IntArray:
    """Local search: each person in turn re-picks, by an exact knapsack, the best set among
    their own hats and the unassigned ones they are qualified for. Each step can only raise
    the objective (the person's old set is still available to them); hats they drop become
    free for the people after them. Stops after a sweep without improvement.
    """
    holder = np.full(inst.n_hats, -1, dtype=np.intp)  # pair index holding each hat
    holder[inst.pair_hat[chosen]] = chosen
    for _ in range(sweeps):
        improved = False
        for person, pairs in enumerate(sacks.by_person):
            hats = inst.pair_hat[pairs]
            mine = holder[hats] == pairs
            open_ = mine | (holder[hats] < 0)
            candidates = pairs[open_]
            if len(candidates) == 0:
                continue
            before = float(inst.value[pairs[mine]].sum())
            value, positions = _knapsack(
                inst.value[candidates],
                sacks.strict_weight[candidates],
                int(sacks.strict_capacity[person]),
            )
            if value <= before + 1e-9:
                continue
            holder[hats[mine]] = -1
            picked = candidates[positions]
            holder[inst.pair_hat[picked]] = picked
            improved = True
        if not improved:
            break
    return _greedy_fill(inst, holder[holder >= 0])


def _lagrangian(
    inst: _Instance,
    duals: FloatArray,
    incumbent: IntArray,
    target_gap: float,
    deadline: float,
) -> tuple[float, IntArray]:
    """Relax the hat rows with multipliers lam: sum(lam) + one knapsack per person.

    Every lam >= 0 gives a valid upper bound; starting from the LP duals it is already no
    more than the LP bound. Subgradient steps (Polyak, aimed at the incumbent) tighten it, and
    each iteration's knapsacks are repaired into a plan that may improve the incumbent.
    Returns the best bound and the best plan.
    """
    sacks = _Knapsacks.of(inst)
    lam = duals.copy()
    best_bound = math.inf
    best_plan, best_value = incumbent, _objective(inst, incumbent)
    step, stall = 1.0, 0
    settle = time.perf_counter() + AIM_SECONDS
    hat_weight = np.zeros(inst.n_hats, dtype=np.intp)
    hat_weight[inst.pair_hat] = sacks.relaxed_weight
    for _ in range(LAGRANGIAN_ITERATIONS):
        reduced = np.zeros((inst.n_staff, inst.n_hats))
        reduced[inst.pair_staff, inst.pair_hat] = inst.value - lam[inst.pair_hat]
        values, taken = _knapsacks(reduced, hat_weight, sacks.relaxed_capacity)
        total = float(lam.sum() + values.sum())
        picked = taken[inst.pair_staff, inst.pair_hat]
        picks = [pairs[picked[pairs]] for pairs in sacks.by_person]
        plan = _repair(inst, sacks, picks)
        if _objective(inst, plan) > best_value and _feasible(inst, plan):
            best_plan, best_value = plan, _objective(inst, plan)
        if total < best_bound - 1e-9:
            best_bound, stall = total, 0
        else:
            stall += 1
            if stall >= 3:
                step, stall = step / 2, 0
        gap = (best_bound - best_value) / best_bound if best_bound > 0 else 0.0
        now = time.perf_counter()
        if gap <= target_gap * AIM_FRACTION or (gap <= target_gap and now > settle):
            break
        if now > deadline:
            break
        subgradient = 1.0 - taken.sum(axis=0)
        norm = float(subgradient @ subgradient)
        if norm == 0:  # the knapsacks form a plan: the bound is attained
            break
        lam = np.maximum(lam - step * (total - best_value) / norm * subgradient, 0.0)
    return best_bound, best_plan


# ----------------------------------------------------------------------------- solve


def solve(
    staff: Iterable[Person],
    hats: Iterable[Hat],
    pairs: Iterable[Pair],
    *,
    current: Mapping[Any, Hashable] | None = None,
    weights: Weights | None = None,
    target_gap: float = 0.01,
    time_limit: float = 10.0,
) -> Plan:
    """Redistribute ``hats`` among ``staff`` using only the qualified ``pairs``.

    ``current`` maps a hat to its wearer today (who may be leaving, i.e. not in ``staff``); it
    feeds the before/after view and ``Weights.keep_bonus``. Raises ``ValueError`` for an
    empty scenario, negative or non-finite hours, unknown or duplicated ids.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    w = weights or Weights()
    current = dict(current or {})
    staff_list, hat_list, pair_list = list(staff), list(hats), list(pairs)
    if not hat_list:
        raise ValueError("A scenario needs at least one hat.")
    if not 0 <= target_gap < 1:
        raise ValueError("The target gap must be at least 0 and below 1.")
    staff_index = _index([p.id for p in staff_list], "Staff member")
    hat_index = _index([h.id for h in hat_list], "Hat")
    capacity = np.array([_number(p.capacity, "Capacity hours") for p in staff_list], dtype=float)
    hours = np.array([_number(h.hours, "Hat hours") for h in hat_list], dtype=float)
    if np.any(capacity < 0):
        raise ValueError("Capacity hours cannot be negative.")
    if np.any(hours < 0):
        raise ValueError("Hat hours cannot be negative.")

    seen: set[tuple[Hashable, Hashable]] = set()
    pair_hat, pair_staff, fits = [], [], []
    for pair in pair_list:
        if pair.hat not in hat_index:
            raise ValueError(f"Pair names an unknown hat {pair.hat!r}.")
        if pair.staff not in staff_index:
            raise ValueError(f"Pair names an unknown staff member {pair.staff!r}.")
        if (pair.hat, pair.staff) in seen:
            raise ValueError(f"Pair ({pair.hat!r}, {pair.staff!r}) is given twice.")
        seen.add((pair.hat, pair.staff))
        fit = _number(pair.fit, "A fit")
        if fit < 0:
            raise ValueError("A fit cannot be negative.")
        pair_hat.append(hat_index[pair.hat])
        pair_staff.append(staff_index[pair.staff])
        fits.append(fit)
    all_hat = np.array(pair_hat, dtype=np.intp)
    all_staff = np.array(pair_staff, dtype=np.intp)
    fit_array = np.array(fits, dtype=float)
    must = np.array([h.must for h in hat_list], dtype=bool)
    value = w.hour_weight * hours[all_hat] * np.where(must[all_hat], w.must_factor, 1.0) + fit_array
    if w.keep_bonus:
        for p, (j, i) in enumerate(zip(all_hat, all_staff, strict=True)):
            if current.get(hat_list[j].id) == staff_list[i].id:
                value[p] += w.keep_bonus
    # A pair whose hat is longer than the person's whole capacity can never be used.
    usable = hours[all_hat] <= capacity[all_staff] + HOURS_TOLERANCE
    kept = np.flatnonzero(usable)
    inst = _Instance(hours, capacity, all_hat[kept], all_staff[kept], value[kept])

    chosen, bound, method = _optimise(inst, target_gap, deadline)
    objective = _objective(inst, chosen)
    gap = 0.0 if bound <= 0 else max(bound - objective, 0.0) / bound

    assignment = {
        hat_list[inst.pair_hat[p]].id: staff_list[inst.pair_staff[p]].id
        for p in sorted(chosen, key=lambda p: inst.pair_hat[p])
    }
    load = np.bincount(
        inst.pair_staff[chosen], weights=inst.hours[inst.pair_hat[chosen]], minlength=len(capacity)
    )
    unassigned = []
    for j, hat in enumerate(hat_list):
        if hat.id in assignment:
            continue
        qualified = tuple(staff_list[i].id for i in all_staff[all_hat == j])
        reason = NO_HOURS_LEFT if qualified else NO_ONE_QUALIFIED
        unassigned.append(Unassigned(hat.id, reason, qualified))
    before: dict[Hashable, list[Hashable]] = {}
    for hat_id, wearer in current.items():
        before.setdefault(wearer, []).append(hat_id)
    after: dict[Hashable, list[Hashable]] = {}
    for hat_id, wearer in assignment.items():
        after.setdefault(wearer, []).append(hat_id)
    return Plan(
        assignment=assignment,
        unassigned=tuple(unassigned),
        objective=objective,
        upper_bound=bound,
        gap=gap,
        target_gap=target_gap,
        seconds=time.perf_counter() - started,
        method=method,
        hours_covered=float(inst.hours[inst.pair_hat[chosen]].sum()),
        total_fit=float(fit_array[kept][chosen].sum()),
        load={p.id: float(load[i]) for i, p in enumerate(staff_list)},
        before={k: tuple(v) for k, v in before.items()},
        after={k: tuple(v) for k, v in after.items()},
    )


def _optimise(inst: _Instance, target_gap: float, deadline: float) -> tuple[IntArray, float, str]:
    """The steps of the module docstring. Returns chosen pair indices, bound, method."""
    if len(inst.value) == 0:
        return np.zeros(0, dtype=np.intp), 0.0, "trivial (no usable pair)"
    bound, x, duals = _lp(inst)
    steps = ["LP bound"]

    # Fix the pairs the LP takes whole; the rest is a small residual MILP.
    fixed = np.flatnonzero(x >= 1 - INTEGRAL_TOLERANCE)
    fixed_hats = np.zeros(inst.n_hats, dtype=bool)
    fixed_hats[inst.pair_hat[fixed]] = True
    residual_capacity = inst.capacity - np.bincount(
        inst.pair_staff[fixed], weights=inst.hours[inst.pair_hat[fixed]], minlength=inst.n_staff
    )
    residual = np.flatnonzero(
        ~fixed_hats[inst.pair_hat]
        & (inst.hours[inst.pair_hat] <= residual_capacity[inst.pair_staff] + HOURS_TOLERANCE)
    )
    if len(residual):
        # The residual is solved to a tenth of the target so the whole plan has room to spare.
        extra, _ = _milp(
            inst,
            residual,
            np.maximum(residual_capacity, 0.0),
            target_gap / 10,
            deadline - time.perf_counter(),
        )
        steps.append(f"fix {len(fixed)} + residual MILP ({len(residual)} pairs)")
        chosen = np.concatenate([fixed, extra]).astype(np.intp)
    else:
        chosen = fixed.astype(np.intp)
    chosen = _greedy_fill(inst, chosen)
    objective = _objective(inst, chosen)

    def reached(upper: float) -> bool:
        return upper <= 0 or (upper - objective) / upper <= target_gap + 1e-12

    if not reached(bound) and time.perf_counter() < deadline:
        lagrangian, plan = _lagrangian(inst, duals, chosen, target_gap, deadline)
        steps.append("Lagrangian bound and repair")
        if _objective(inst, plan) > objective:
            chosen, objective = plan, _objective(inst, plan)
        bound = min(bound, lagrangian)
    if not reached(bound) and time.perf_counter() < deadline:
        full, full_bound = _milp(
            inst,
            np.arange(len(inst.value)),
            inst.capacity,
            target_gap,
            deadline - time.perf_counter(),
        )
        steps.append("full MILP")
        if len(full) and _objective(inst, full) > objective:
            chosen = _greedy_fill(inst, full)
            objective = _objective(inst, chosen)
        bound = min(bound, full_bound)
    if not _feasible(inst, chosen):  # pragma: no cover - a bug, never a user error
        raise RuntimeError("The succession plan breaks a constraint.")
    # Float noise can put the LP bound a hair under an optimal integral objective.
    return chosen, max(bound, objective), " + ".join(steps)
