"""Benchmark the regional workshop planner on Ohio's statewide demo (a script, not a test).

Builds (or reuses) the statewide Ohio network with `ladder demo --scale state --state OH
--no-serve` in var/bench_planner.sqlite3 (or the database DATABASE_URL names), then plans
k = 2..10 hosts over all its branches with coordinates, weighted by the people with a current
employment at each. Prints hosts, cost, lower bound, gap and seconds per k; exits 1 when a
plan is not proven within 0.5 % of optimal or takes more than 2 s.

    .venv/bin/python scripts/bench_planner.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_GAP = 0.005
MAX_SECONDS = 2.0


def main() -> int:
    sys.path.insert(0, str(ROOT))
    default = ROOT / "var" / "bench_planner.sqlite3"
    default.parent.mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{default}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ladder.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from ladder.demo.statewide import network_slug
    from ladder.learning.models import Offering
    from ladder.network import planner
    from ladder.orgs.models import Network

    # Reuses the network when it is already there (the command says so).
    call_command("demo", scale="state", state="OH", no_serve=True)
    network = Network.objects.get(slug=network_slug("OH"))
    # A throwaway network workshop: its audience is the member libraries' whole staff.
    offering = Offering.objects.create(
        title="Benchmark workshop",
        kind="workshop",
        provider_kind="network",
        provider_network=network,
    )
    try:
        sites = planner.candidate_sites(offering)
    finally:
        offering.delete()
    staff = sum(site.weight for site in sites)
    print(f"\n{network.name}: {len(sites)} branches with coordinates, {staff} staff")
    header = f"{'k':>3} {'cost (staff-km)':>16} {'lower bound':>12} {'gap %':>7} {'seconds':>8}"
    print(f"{header}  hosts")
    failed = False
    for k in range(2, 11):
        started = time.perf_counter()
        plan = planner.plan_sites(sites, k)
        seconds = time.perf_counter() - started
        result = plan.result
        hosts = ", ".join(f"{row.site.name} ({row.site.library_name})" for row in plan.hosts)
        bad = result.gap > MAX_GAP or seconds > MAX_SECONDS
        failed |= bad
        print(
            f"{k:>3} {result.cost:>16.1f} {result.lower_bound:>12.1f} {result.gap_percent:>7.3f}"
            f" {seconds:>8.3f}  {hosts}{'  <-- FAILED' if bad else ''}"
        )
    print("FAILED" if failed else f"OK: every plan within {MAX_GAP:.1%} of optimal, proven.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
