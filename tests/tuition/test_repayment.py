"""Pure rules: months, fiscal years and the pro-rata repayment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ladder.core.dates import add_months
from ladder.tuition.repayment import (
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
    months_between,
    repayment_owed,
)

START = dt.date(2024, 6, 1)


def test_fiscal_year_boundaries_with_a_july_start():
    assert fiscal_year_of(dt.date(2025, 6, 30), 7) == 2024
    assert fiscal_year_of(dt.date(2025, 7, 1), 7) == 2025
    assert fiscal_year_bounds(2025, 7) == (dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    assert fiscal_year_label(2025, 7) == "FY2025–26"


def test_a_january_fiscal_year_is_the_calendar_year():
    assert fiscal_year_of(dt.date(2025, 1, 1), 1) == 2025
    assert fiscal_year_of(dt.date(2024, 12, 31), 1) == 2024
    assert fiscal_year_label(2025, 1) == "FY2025"


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 11, 15), 3) == dt.date(2025, 2, 15)
    assert months_between(dt.date(2023, 8, 25), dt.date(2025, 5, 15)) == 20


def test_staying_owes_nothing_and_leaving_half_way_owes_about_half():
    assert repayment_owed(Decimal("10000"), START, 24, None) == 0
    assert repayment_owed(Decimal("10000"), START, 24, dt.date(2026, 5, 31)) == 0
    half = repayment_owed(Decimal("10000"), START, 24, dt.date(2025, 5, 31))
    assert Decimal("4990") < half < Decimal("5010")


def test_leaving_before_the_commitment_starts_owes_everything():
    assert repayment_owed(Decimal("1234.56"), START, 24, dt.date(2024, 5, 1)) == Decimal("1234.56")


def test_a_full_repayment_rule_owes_everything_whenever_one_leaves_early():
    owed = repayment_owed(Decimal("900"), START, 24, dt.date(2026, 4, 1), pro_rata=False)
    assert owed == Decimal("900.00")


@given(
    reimbursed=st.decimals(min_value=0, max_value=100_000, places=2),
    months=st.integers(min_value=1, max_value=60),
    days=st.integers(min_value=-30, max_value=2000),
)
def test_pro_rata_is_between_nothing_and_everything(reimbursed, months, days):
    left = START + dt.timedelta(days=days)
    owed = repayment_owed(reimbursed, START, months, left)
    assert Decimal("0") <= owed <= reimbursed
    assert owed == owed.quantize(Decimal("0.01"))


@given(
    reimbursed=st.decimals(min_value=1, max_value=100_000, places=2),
    months=st.integers(min_value=1, max_value=60),
    a=st.integers(min_value=0, max_value=1900),
    b=st.integers(min_value=0, max_value=1900),
)
def test_leaving_later_never_owes_more(reimbursed, months, a, b):
    early, late = sorted((a, b))
    owed_early = repayment_owed(reimbursed, START, months, START + dt.timedelta(days=early))
    owed_late = repayment_owed(reimbursed, START, months, START + dt.timedelta(days=late))
    assert owed_late <= owed_early
