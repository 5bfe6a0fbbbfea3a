"""The browser checks catch a Content-Security-Policy violation, so a clean run means something."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import CSPViolation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inline_script_is_refused_and_reported(checked_page: Any) -> None:
    checked_page.goto("/accounts/login/")
    ran = checked_page.page.evaluate(
        """() => {
          window.__ran = false;
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.append(s);
          return window.__ran;
        }"""
    )
    assert ran is False
    checked_page.page.wait_for_timeout(100)
    with pytest.raises(CSPViolation, match="script-src"):
        checked_page.checked()


def test_the_login_page_has_the_policy_and_no_violation(checked_page: Any) -> None:
    response = checked_page.goto("/accounts/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_the_api_docs_run_under_the_policy(checked_page: Any, world: Any) -> None:
    from tests.browser.conftest import check_csp
    from tests.conftest import PASSWORD

    checked_page.login(world.bob.email, PASSWORD)
    page = checked_page.page
    page.goto(checked_page.base_url + "/api/v1/docs")
    page.wait_for_load_state("networkidle")
    check_csp(page, checked_page.csp_reports)
    page.wait_for_selector(".swagger-ui .info", timeout=30_000)  # Swagger UI has rendered
    check_csp(page, checked_page.csp_reports)


def test_sizes_from_the_data_are_applied_without_inline_styles(checked_page: Any) -> None:
    checked_page.goto("/accounts/login/")
    sizes = checked_page.page.evaluate(
        """() => {
          const box = document.createElement("div");
          box.innerHTML = '<div data-height="123"></div><svg data-max-width="456"></svg>';
          document.querySelector("main").append(box);
          box.dispatchEvent(new CustomEvent("htmx:load", {bubbles: true}));
          return [box.firstChild.style.height, box.lastChild.style.maxWidth];
        }"""
    )
    assert sizes == ["123px", "456px"]
    checked_page.checked()  # and no violation
