"""Statewide demo budgets from the Public Libraries Survey: SALARIES, BENEFIT and TOTOPEXP.

``seed_statewide_budgets(network, pls_dir, state)`` gives every library of the statewide network
whose FSCS key appears in the survey's libraries file a ``LibraryBudget`` for the survey's
fiscal year: salaries and wages, employee benefits, total operating expenditure, and the
default personnel-share threshold. Rows with a missing or negative figure (the survey codes
"not reported" as negative numbers) are skipped. One read of the file and one bulk insert;
libraries that already have a budget for that year are left alone, so it is idempotent.

The lead calls it at the end of ``build_statewide`` (inside its transaction):
``seed_statewide_budgets(result.network, pls_dir, state)``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from ladder.demo.pls import LIBRARIES_FILE, _rows, number
from ladder.openings.models import LibraryBudget
from ladder.orgs.models import Library, Network

DEFAULT_THRESHOLD = Decimal("65")


def survey_year(filename: str = LIBRARIES_FILE) -> int:
    found = re.search(r"fy(\d{4})", filename)
    return int(found.group(1)) if found else 2014


def seed_statewide_budgets(network: Network, pls_dir: Path, state: str) -> int:
    """Budgets for the network's libraries from the survey; returns how many were added."""
    year = survey_year()
    libraries = dict(
        Library.objects.filter(memberships__network=network)
        .exclude(fscs_key="")
        .values_list("fscs_key", "pk")
    )
    have = set(
        LibraryBudget.objects.filter(
            library_id__in=libraries.values(), fiscal_year=year
        ).values_list("library_id", flat=True)
    )
    new = []
    for row in _rows(Path(pls_dir) / LIBRARIES_FILE, "utf-8"):
        if row["STABR"].strip().upper() != state.upper():
            continue
        library_id = libraries.get(row["FSCSKEY"].strip())
        if library_id is None or library_id in have:
            continue
        figures = [number(row.get(name)) for name in ("SALARIES", "BENEFIT", "TOTOPEXP")]
        if any(value is None or value < 0 for value in figures):
            continue
        salaries, benefits, total = (Decimal(str(round(value or 0, 2))) for value in figures)
        new.append(
            LibraryBudget(
                library_id=library_id,
                fiscal_year=year,
                salaries=salaries,
                benefits=benefits,
                total_operating=total,
                threshold_percent=DEFAULT_THRESHOLD,
                source=f"PLS FY{year}",
            )
        )
        have.add(library_id)
    LibraryBudget.objects.bulk_create(new, batch_size=500)
    return len(new)
