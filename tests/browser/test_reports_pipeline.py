"""The library's progress dashboard and the network's totals in a real browser, axe-core
checked: the library admin opens the dashboard and follows a number to the people behind it;
the coordinator opens the totals."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.reports import pipeline_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_library_dashboard_and_network_totals(world, checked_page):
    pipeline_world.build(world)
    page = checked_page.page
    checked_page.login(world.alice.email, PASSWORD)
    checked_page.goto(f"/reports/library/?year={pipeline_world.YEAR}")
    assert "Riverside Public Library: progress" in page.content()
    assert page.locator("canvas[data-report-chart]").count() >= 7
    page.locator("#fig-funnel").get_by_role("link", name="1").first.click()
    checked_page.checked()
    assert "Pages now" in page.content() and "Bob Page" in page.content()

    checked_page.login(world.nina.email, PASSWORD)
    checked_page.goto(f"/reports/network/?year={pipeline_world.YEAR}")
    assert "Buckeye Library Network: totals" in page.content()
    assert "Bob Page" not in page.content()
