"""The shared formatting filters."""

import datetime as dt

import pytest

from ladder.core.templatetags.ladder_format import duration


@pytest.mark.parametrize(
    ("span", "said"),
    [
        (dt.timedelta(seconds=0.0004), "under a minute"),
        (dt.timedelta(minutes=12, seconds=40), "12 min"),
        (dt.timedelta(hours=4), "4 h"),
        (dt.timedelta(hours=4, minutes=20), "4 h 20 min"),
        (dt.timedelta(days=1), "1 day"),
        (dt.timedelta(days=2, hours=3, minutes=5), "2 days 3 h"),
    ],
)
def test_duration_reads_as_people_say_it(span, said):
    assert duration(span) == said


def test_no_duration_is_blank():
    assert duration(None) == ""
