"""Statewide demo budgets come from the survey's SALARIES, BENEFIT and TOTOPEXP columns."""

from __future__ import annotations

import csv
from decimal import Decimal

from ladder.demo.pls import LIBRARIES_FILE
from ladder.demo.statewide_budgets import seed_statewide_budgets
from ladder.openings.models import LibraryBudget


def test_budgets_from_the_survey_columns(world, tmp_path):
    world.riverside.fscs_key = "OH0001"
    world.riverside.save()
    world.hillcrest.fscs_key = "OH0002"
    world.hillcrest.save()
    with (tmp_path / LIBRARIES_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["STABR", "FSCSKEY", "SALARIES", "BENEFIT", "TOTOPEXP"])
        writer.writerow(["OH", "OH0001", "1000000", "300000", "2000000"])
        writer.writerow(["OH", "OH0002", "-1", "300000", "2000000"])  # not reported: skipped
        writer.writerow(["IN", "OH0001", "5", "5", "5"])  # another state
    assert seed_statewide_budgets(world.network, tmp_path, "OH") == 1
    budget = LibraryBudget.objects.get()
    assert (budget.library, budget.fiscal_year) == (world.riverside, 2014)
    assert budget.salaries == Decimal("1000000") and budget.total_operating == Decimal("2000000")
    assert seed_statewide_budgets(world.network, tmp_path, "OH") == 0  # idempotent
