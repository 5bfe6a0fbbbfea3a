"""The dashboard's certification figure: held certifications expiring within 90 days, and
holders short of renewal hours (ladder.certifications.progress decides both)."""

import datetime as dt

from ladder.certifications.services import pursuit_record_held
from ladder.reports.measures import measure_libraries
from ladder.reports.periods import fiscal_year
from tests.certifications.conftest import certs, lssc_tags

__all__ = ["certs", "lssc_tags"]


def test_expiring_and_short_of_hours(world, certs):
    pursuit = pursuit_record_held(
        by=world.sam, person=world.bob, scheme=certs.lssc, earned_on=dt.date(2022, 8, 1)
    )
    assert pursuit.expires_on is not None
    soon = pursuit.expires_on - dt.timedelta(days=30)
    early = pursuit.expires_on - dt.timedelta(days=200)
    period = [fiscal_year(soon.year - 1, 7)]
    at_soon = measure_libraries([world.riverside.pk], period, soon).libraries[world.riverside.pk]
    assert at_soon.expiring == {world.bob.pk}
    assert at_soon.short_hours == {world.bob.pk}  # no training recorded this cycle
    at_early = measure_libraries([world.riverside.pk], period, early).libraries[world.riverside.pk]
    assert at_early.expiring == set()
    other = measure_libraries([world.hillcrest.pk], period, soon).libraries[world.hillcrest.pk]
    assert other.expiring == set()
