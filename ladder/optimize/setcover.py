"""Weighted set cover, solved exactly as a 0-1 integer programme with scipy's milp (HiGHS).

numpy/scipy only, no Django. Used by ladder.careers.recommend to pick the cheapest set of
sessions that closes a person's competency gaps.

    minimise    sum_s cost_s * x_s
    subject to  sum_{s covers e} x_s >= 1   for every element e that some set covers
                x_s in {0, 1}

Elements no set covers are reported as uncovered rather than making the problem infeasible.
Instances here are small (tens of gaps, hundreds of sessions), where HiGHS proves optimality
in milliseconds; a zero-cost set is still only chosen when it is needed (a tiny epsilon per set
keeps the cover minimal and the answer deterministic).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

# Added to every set's cost so that, among covers of equal cost, the one with fewer sets wins.
EPSILON = 1e-6


@dataclass(frozen=True)
class Cover:
    chosen: tuple[int, ...]  # indices of the chosen sets, ascending
    cost: float  # sum of the chosen sets' costs
    uncovered: tuple[int, ...]  # elements that no set covers
    optimal: bool  # the solver proved optimality


def solve(
    n_elements: int,
    sets: Sequence[Sequence[int]],
    costs: Sequence[float],
    time_limit: float = 10.0,
) -> Cover:
    """Cover elements 0..n_elements-1 with sets (lists of element indices) at least cost."""
    if len(sets) != len(costs):
        raise ValueError("one cost per set")
    if any(c < 0 for c in costs):
        raise ValueError("costs must not be negative")
    covered_by: list[list[int]] = [[] for _ in range(n_elements)]
    for index, members in enumerate(sets):
        for element in set(members):
            if not 0 <= element < n_elements:
                raise ValueError(f"element {element} out of range")
            covered_by[element].append(index)
    uncovered = tuple(e for e in range(n_elements) if not covered_by[e])
    needed = [e for e in range(n_elements) if covered_by[e]]
    if not needed:
        return Cover(chosen=(), cost=0.0, uncovered=uncovered, optimal=True)
    rows: list[int] = []
    cols: list[int] = []
    for row, element in enumerate(needed):
        for index in covered_by[element]:
            rows.append(row)
            cols.append(index)
    matrix = csr_array(
        (np.ones(len(rows)), (np.asarray(rows), np.asarray(cols))),
        shape=(len(needed), len(sets)),
    )
    c = np.asarray(costs, dtype=float) + EPSILON
    result = milp(
        c,
        constraints=LinearConstraint(matrix, lb=np.ones(len(needed)), ub=np.inf),
        integrality=np.ones(len(sets)),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "mip_rel_gap": 0.0},
    )
    if result.x is None:  # pragma: no cover - a cover always exists for the needed elements
        raise RuntimeError(f"set cover not solved: {result.message}")
    chosen = tuple(int(i) for i in np.flatnonzero(result.x > 0.5))
    return Cover(
        chosen=chosen,
        cost=float(sum(costs[i] for i in chosen)),
        uncovered=uncovered,
        optimal=result.status == 0,
    )
