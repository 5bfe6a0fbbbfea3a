"""Benchmark the succession optimiser on the issue's instance (a script, not a test).

A succession scenario redistributing 200 hats among 60 staff (61 before one leaves), 30 % of
pairs qualified, competency levels 1-4, hats 1-10 h a week, contracts 10-40 h, seeded RNG.
Two capacity regimes: "issue" (all contracted hours available for hats) and "tight" (60 % of
contracted hours left for hats, so not every hat fits — the hard case). For each seed it prints
our plan's seconds, objective, proven bound and gap, then the textbook generalised-assignment
model handed to ``scipy.optimize.milp`` as it is (mip_rel_gap 1 %, time limit) for comparison.
Exits 1 when one of our plans is not proven within 1 % or takes more than 2 s.

    .venv/bin/python scripts/bench_succession.py [--seeds 5] [--textbook-limit 30]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ladder.optimize import succession  # noqa: E402

HATS = 200
STAFF = 60
QUALIFIED_SHARE = 0.3
MAX_GAP = 0.01
MAX_SECONDS = 2.0


def instance(
    seed: int, available_share: float
) -> tuple[list[succession.Person], list[succession.Hat], list[succession.Pair], dict[int, int]]:
    """The scenario after the person wearing the most hats leaves (STAFF + 1 staff before)."""
    rng = np.random.default_rng(seed)
    hours = rng.integers(1, 11, HATS).astype(float)
    contracted = rng.integers(10, 41, STAFF + 1).astype(float)
    capacity = np.floor(contracted * available_share * 2) / 2  # half-hours
    qualified = rng.random((STAFF + 1, HATS)) < QUALIFIED_SHARE
    level = rng.integers(1, 5, (STAFF + 1, HATS))  # the person's level, requirement 1
    interested = rng.random((STAFF + 1, HATS)) < 0.2
    must = rng.random(HATS) < 0.25
    backup = np.full(HATS, -1)
    for j in range(HATS):
        who = np.flatnonzero(qualified[:, j])
        if len(who) > 1:
            backup[j] = rng.choice(who)
    # Today's wearers: each hat to its best-level qualified person with hours left.
    current: dict[int, int] = {}
    load = np.zeros(STAFF + 1)
    for j in np.argsort(-hours, kind="stable"):
        for i in np.argsort(-(level[:, j] * qualified[:, j]), kind="stable"):
            if qualified[i, j] and load[i] + hours[j] <= capacity[i]:
                current[int(j)] = int(i)
                load[i] += hours[j]
                break
    leaver = int(np.argmax(np.bincount(list(current.values()), minlength=STAFF + 1)))
    staff = [succession.Person(i, float(capacity[i])) for i in range(STAFF + 1) if i != leaver]
    hats = [succession.Hat(j, float(hours[j]), bool(must[j])) for j in range(HATS)]
    pairs = [
        succession.Pair(
            j,
            i,
            succession.fit_score(
                int(level[i, j]) - 1,
                bool(interested[i, j]),
                bool(backup[j] == i),
                current.get(j) == i,
            ),
        )
        for i in range(STAFF + 1)
        if i != leaver
        for j in range(HATS)
        if qualified[i, j]
    ]
    return staff, hats, pairs, current


def textbook(
    staff: list[succession.Person],
    hats: list[succession.Hat],
    pairs: list[succession.Pair],
    time_limit: float,
) -> tuple[float, float, float, float]:
    """The plain model straight into milp: seconds, objective, dual bound, gap."""
    weights = succession.Weights()
    s_index = {p.id: i for i, p in enumerate(staff)}
    h_index = {h.id: j for j, h in enumerate(hats)}
    n = len(pairs)
    hat_of = np.array([h_index[p.hat] for p in pairs])
    staff_of = np.array([s_index[p.staff] for p in pairs])
    hours = np.array([h.hours for h in hats])
    must = np.array([h.must for h in hats])
    value = np.array(
        [
            weights.hour_weight * hours[j] * (weights.must_factor if must[j] else 1.0) + p.fit
            for p, j in zip(pairs, hat_of, strict=True)
        ]
    )
    columns = np.arange(n)
    started = time.perf_counter()
    result = milp(
        -value,
        constraints=[
            LinearConstraint(csr_matrix((np.ones(n), (hat_of, columns)), (len(hats), n)), 0, 1),
            LinearConstraint(
                csr_matrix((hours[hat_of], (staff_of, columns)), (len(staff), n)),
                0,
                np.array([p.capacity for p in staff]),
            ),
        ],
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": MAX_GAP, "time_limit": time_limit},
    )
    seconds = time.perf_counter() - started
    objective = -float(result.fun) if result.x is not None else float("nan")
    if result.mip_dual_bound is None:
        return seconds, objective, float("nan"), float("nan")
    bound = -float(result.mip_dual_bound)
    return seconds, objective, bound, (bound - objective) / bound


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--textbook-limit", type=float, default=30.0)
    parser.add_argument("--regime", choices=("issue", "tight"), action="append")
    args = parser.parse_args()
    failed = False
    for regime, share in (("issue", 1.0), ("tight", 0.6)):
        if args.regime and regime not in args.regime:
            continue
        print(f"\n{regime}: {HATS} hats, {STAFF} staff, hats available = {share:.0%} of contract")
        print(
            f"{'seed':>4} {'pairs':>5} {'seconds':>8} {'objective':>10} {'bound':>10} "
            f"{'gap %':>6} {'unassigned':>10} | {'textbook s':>10} {'objective':>10} "
            f"{'gap %':>6}  method"
        )
        for seed in range(args.seeds):
            staff, hats, pairs, current = instance(seed, share)
            plan = succession.solve(staff, hats, pairs, current=current, target_gap=MAX_GAP)
            t_seconds, t_objective, _, t_gap = textbook(staff, hats, pairs, args.textbook_limit)
            ok = plan.proven and plan.seconds <= MAX_SECONDS
            failed = failed or not ok
            print(
                f"{seed:>4} {len(pairs):>5} {plan.seconds:>8.3f} {plan.objective:>10.1f} "
                f"{plan.upper_bound:>10.1f} {plan.gap_percent:>6.3f} {len(plan.unassigned):>10} | "
                f"{t_seconds:>10.3f} {t_objective:>10.1f} {100 * t_gap:>6.3f}  {plan.method}"
                + ("" if ok else "  <-- FAILED")
            )
    print("\nall plans proven within 1 % in under 2 s" if not failed else "\nFAILED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
