import datetime as dt

import pytest

from ladder.reports.periods import ParameterError, earlier_years, fiscal_year, parse_period
from ladder.reports.privacy import suppressed

TODAY = dt.date(2026, 12, 6)


def test_default_is_the_current_fiscal_year():
    period, compare = parse_period({}, start_month=7, today=TODAY)
    assert (period.start, period.end) == (dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    assert period.label == "FY 2026–27"
    assert compare == 2


def test_calendar_fiscal_year_and_earlier_years():
    period, _ = parse_period({"year": "2024"}, start_month=1, today=TODAY)
    assert (period.start, period.end, period.label) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
        "FY 2024",
    )
    assert [p.fiscal_year for p in earlier_years(period, 2, 1)] == [2022, 2023]
    assert fiscal_year(2025, 7).end == dt.date(2026, 6, 30)


def test_explicit_range():
    period, _ = parse_period(
        {"start": "2025-01-01", "end": "2025-03-31"}, start_month=7, today=TODAY
    )
    assert period.days == 90


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "3000"}, "year"),
        ({"start": "2025-01-01"}, "end"),
        ({"end": "2025-01-01"}, "start"),
        ({"start": "2025-02-01", "end": "2025-01-01"}, "end"),
        ({"start": "yesterday", "end": "2025-01-01"}, "start"),
        ({"year": "2025", "start": "2025-01-01", "end": "2025-02-01"}, "year"),
        ({"compare": "9"}, "compare"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_are_named(params, name):
    with pytest.raises(ParameterError) as refused:
        parse_period(params, start_month=7, today=TODAY)
    assert refused.value.name == name


def test_extra_parameters_are_accepted_when_named():
    parse_period({"library": "3"}, start_month=7, today=TODAY, extra=frozenset({"library"}))


def test_small_cells_are_suppressed():
    assert [suppressed(n) for n in (0, 1, 4, 5, 12, None)] == [0, "<5", "<5", 5, 12, None]
