"""Each demo role's home page in a real browser (issue #15, 1): figures first, checked by
axe-core (see conftest.check_accessibility) on a desktop and on a phone."""

from __future__ import annotations

import pytest

from ladder.demo.catalogue import DEMO_PASSWORD
from ladder.demo.personas import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each demo role's home page leads with.
EXPECTED = {
    "site admin": "The site",
    "network coordinator": "Your network: Ohio Valley Library Association",
    "library admin": "Your library: Maple County District Library",
    "supervisor": "Your team",
    "staff": "Your next step: Librarian I",
    "mentor": "Your ladder",
    "tuition sponsor": "Your library: State Library of Ohio",
}


def test_each_demo_role_home_page_shows_its_panels(checked_page):
    demo = seed_demo()
    page = checked_page.page
    seen = set()
    for role, person in demo.logins:
        page.context.clear_cookies()
        checked_page.login(person.email, DEMO_PASSWORD)
        checked_page.goto("/")
        assert page.get_by_role("heading", level=1).count() == 1
        if role in EXPECTED:
            assert page.get_by_role("heading", name=EXPECTED[role]).first.is_visible(), role
            seen.add(role)
    assert seen == set(EXPECTED) & {role for role, _ in demo.logins}


def test_the_staff_home_page_works_on_a_phone(phone_page):
    demo = seed_demo()
    staff = dict(demo.logins)["staff"]
    phone_page.login(staff.email, DEMO_PASSWORD)
    phone_page.goto("/")
    page = phone_page.page
    assert page.get_by_role("heading", name="Your ladder").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
