"""The programme dashboard's figures, in a fixed number of queries (whatever the size).

Figures are over the enrolments the viewer may see (a participating library's admin sees their
own staff; the sponsor's admins the whole programme).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from ladder.core.dates import add_months
from ladder.people.models import Employment
from ladder.tuition.models import ZERO, Claim, Enrolment, Programme, ProgrammeBudget, Promotion
from ladder.tuition.repayment import fiscal_year_label, months_between


@dataclass
class YearSpend:
    fiscal_year: int
    label: str
    budget: Decimal | None
    approved: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def committed(self) -> Decimal:
        return self.approved + self.paid

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed


@dataclass
class Dashboard:
    stages: list[tuple[str, str, int]]
    years: list[YearSpend]
    graduates: int
    promotions: int
    commitments_ended: int
    retained: int
    median_months_to_degree: float | None
    chart: dict[str, Any] = field(default_factory=dict)

    @property
    def retention_percent(self) -> int | None:
        if not self.commitments_ended:
            return None
        return round(100 * self.retained / self.commitments_ended)


def programme_dashboard(
    programme: Programme, enrolments: QuerySet[Enrolment], today: dt.date | None = None
) -> Dashboard:
    today = today or timezone.localdate()
    start_month = programme.sponsor.fiscal_year_start_month
    rows = list(
        enrolments.filter(programme=programme).values_list(
            "pk",
            "person_id",
            "library_id",
            "status",
            "expected_start",
            "completed_on",
            "commitment_starts_on",
            "commitment_months",
        )
    )
    ids = [r[0] for r in rows]
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row[3]] += 1
    stages = [(value, str(label), counts[value]) for value, label in Enrolment.Status.choices]

    budgets = dict(
        ProgrammeBudget.objects.filter(programme=programme).values_list("fiscal_year", "amount")
    )
    spend: dict[int, YearSpend] = {
        year: YearSpend(year, fiscal_year_label(year, start_month), amount)
        for year, amount in budgets.items()
    }
    sums = (
        Claim.objects.filter(enrolment_id__in=ids, status__in=Claim.COMMITTED)
        .values_list("fiscal_year", "status")
        .annotate(total=Sum("approved_amount"))
        .order_by()
    )
    for year, status, total in sums:
        if year is None:
            continue
        entry = spend.setdefault(
            year, YearSpend(year, fiscal_year_label(year, start_month), budgets.get(year))
        )
        if status == Claim.Status.PAID:
            entry.paid += total or ZERO
        else:
            entry.approved += total or ZERO
    years = [spend[y] for y in sorted(spend)]

    completed = [r for r in rows if r[3] == Enrolment.Status.COMPLETED]
    durations = [months_between(r[4], r[5]) for r in completed if r[5] is not None]
    promotions = Promotion.objects.filter(
        enrolment_id__in=ids, status=Promotion.Status.ACCEPTED
    ).count()
    # Retention: of the commitments that have run their course, who is still at the library.
    ended = [r for r in completed if r[6] is not None and add_months(r[6], r[7] or 0) <= today]
    employments: dict[tuple[int, int], list[dt.date | None]] = defaultdict(list)
    if ended:
        for person_id, library_id, end in Employment.objects.filter(
            person_id__in={r[1] for r in ended}
        ).values_list("person_id", "library_id", "end_date"):
            employments[(person_id, library_id)].append(end)
    retained = 0
    for r in ended:
        ends = employments.get((r[1], r[2]), [])
        assert r[6] is not None
        commitment_end = add_months(r[6], r[7] or 0)
        if any(e is None or e >= commitment_end - dt.timedelta(days=1) for e in ends):
            retained += 1
    board = Dashboard(
        stages=stages,
        years=years,
        graduates=len(completed),
        promotions=promotions,
        commitments_ended=len(ended),
        retained=retained,
        median_months_to_degree=float(statistics.median(durations)) if durations else None,
    )
    board.chart = {
        "stages": {"labels": [s[1] for s in stages], "data": [s[2] for s in stages]},
        "spending": {
            "labels": [y.label for y in years],
            "budget": [float(y.budget or 0) for y in years],
            "paid": [float(y.paid) for y in years],
            "approved": [float(y.approved) for y in years],
        },
    }
    return board
