"""Pure date and money rules: fiscal years, months, and the pro-rata repayment (no Django).

Repayment when a graduate leaves before the service commitment ends: pro rata, the share of
the commitment's days not served times what was reimbursed (leaving on the commitment's
first day repays it all, on its last day almost nothing); or in full under a "full" rule.
Rounded half-up to the cent.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from ladder.core.dates import add_months

CENT = Decimal("0.01")


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(0, months)


def fiscal_year_of(day: dt.date, start_month: int) -> int:
    """The fiscal year a day falls in, named by the calendar year the fiscal year starts in."""
    return day.year if day.month >= start_month else day.year - 1


def fiscal_year_bounds(year: int, start_month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, start_month, 1)
    return first, add_months(first, 12) - dt.timedelta(days=1)


def fiscal_year_label(year: int, start_month: int) -> str:
    if start_month == 1:
        return f"FY{year}"
    return f"FY{year}–{(year + 1) % 100:02d}"


def repayment_owed(
    reimbursed: Decimal,
    starts_on: dt.date,
    months: int,
    left_on: dt.date | None,
    *,
    pro_rata: bool = True,
) -> Decimal:
    """What a person who left on `left_on` (their last day) owes back; 0 if they stayed."""
    if left_on is None or months <= 0 or reimbursed <= 0:
        return Decimal("0.00")
    ends_on = add_months(starts_on, months)
    if left_on >= ends_on - dt.timedelta(days=1):
        return Decimal("0.00")
    if not pro_rata or left_on < starts_on:
        return Decimal(reimbursed).quantize(CENT, ROUND_HALF_UP)
    total = (ends_on - starts_on).days
    served = (left_on - starts_on).days + 1
    unserved = Decimal(total - served) / Decimal(total)
    return (Decimal(reimbursed) * unserved).quantize(CENT, ROUND_HALF_UP)
