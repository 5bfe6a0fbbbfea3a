"""The equity report in a real browser, axe-core checked: a library admin reads the gaps in
words, and a coordinator the network's totals with small counts suppressed."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.reports.equity_world import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_library_admin_and_coordinator_read_the_equity_report(world, checked_page):
    build(world)
    page = checked_page.page
    checked_page.login(world.alice.email, PASSWORD)
    checked_page.goto("/reports/equity/?year=2024")
    body = page.content()
    assert "Part-time staff trained 0.7 hours per person" in body
    assert "very unlikely to be chance" in body
    assert page.locator("canvas[data-report-chart]").count() >= 5
    page.get_by_label("Fiscal year (the calendar year it starts in)").fill("2023")
    page.get_by_role("button", name="Show").click()
    checked_page.checked()
    assert "FY 2023–24" in page.content()

    checked_page.login(world.nina.email, PASSWORD)
    checked_page.goto("/reports/equity/?year=2024")
    body = page.content()
    assert "Do pages and assistants at town and rural libraries" in body
    assert "&lt;5" in body
    assert world.bob.get_full_name() not in body
