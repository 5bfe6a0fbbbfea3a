"""The library admin's headline numbers (ladder.reports.headline) and their partial template."""

import datetime as dt

from django.template.loader import render_to_string

from ladder.reports.headline import library_headline
from tests.reports import pipeline_world


def test_headline_numbers_and_partial(world, django_assert_max_num_queries):
    pipeline_world.build(world)
    with django_assert_max_num_queries(40):
        headline = library_headline(world.riverside, dt.date(2026, 6, 30))
    values = {item.key: item.value for item in headline.items}
    assert values == {"school": 1, "promoted": 1, "eligible": 2, "expiring": 0}
    assert headline.period_label == "FY 2025–26"
    html = render_to_string("reports/_library_headline.html", {"headline": headline})
    assert "Riverside Public Library at a glance" in html
    assert "measure=moved%3Apromoted%3A0" in html
    assert "usa-card" in html
