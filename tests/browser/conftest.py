"""Browser tests: the Python Playwright package drives Debian's Chromium (/usr/bin/chromium);
axe-core from npm runs on every page a test visits and fails the test on any WCAG 2.1 A/AA
violation. The pages run under the enforced Content-Security-Policy, and a page that breaks it
(a console report or a `securitypolicyviolation` event) fails the test at the same check."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.learning import conftest as learning_fixtures

# Playwright's sync API runs an event loop in this thread; the live server's database work
# happens in the server thread, so Django's async-safety check is a false alarm here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    path = _chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not AXE_JS.exists():
        pytest.fail("axe-core not found: run `npm ci`")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AxeViolation(AssertionError):
    pass


class CSPViolation(AssertionError):
    pass


# Recorded from the first script on every page, before any of the page's own.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"}` +
      ` at ${e.sourceFile || ""}:${e.lineNumber}`
  );
});
"""


def watch_csp(context: Any) -> list[str]:
    """Install axe-core and the violation listener on every page of `context`; returns the list
    that console reports of CSP violations are appended to.

    axe-core comes in as an init script: a <script> tag with its text (add_script_tag) would be
    an inline script, which the policy rightly refuses."""
    context.add_init_script(path=str(AXE_JS))
    context.add_init_script(CSP_LISTENER)
    reports: list[str] = []

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            reports.append(message.text)

    context.on("console", on_console)
    return reports


def check_csp(page: Any, reports: list[str]) -> None:
    events = page.evaluate("() => (window.__cspViolations || []).splice(0)")
    found = [*reports, *events]
    reports.clear()
    if found:
        lines = [f"{len(found)} Content-Security-Policy violation(s) on {page.url}:"]
        lines.extend(f"  - {v}" for v in found)
        raise CSPViolation("\n".join(lines))


def check_accessibility(page: Any) -> None:
    """Run axe-core on the current page; raise with a readable list of violations."""
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = result["violations"]
    if violations:
        lines = [f"axe-core found {len(violations)} violation(s) on {page.url}:"]
        for v in violations:
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
            lines.append(f"  - {v['id']} ({v['impact']}): {v['help']} — {targets}")
        raise AxeViolation("\n".join(lines))


class CheckedPage:
    """A Playwright page whose every navigation is followed by an axe-core check."""

    def __init__(self, page: Any, base_url: str, csp_reports: list[str] | None = None) -> None:
        self.page = page
        self.base_url = base_url
        self.visited: list[str] = []
        self.csp_reports = csp_reports if csp_reports is not None else []

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, (
            f"{path} -> {response and response.status}"
        )
        self.checked()
        return response

    def checked(self) -> None:
        self.page.wait_for_load_state("networkidle")
        self.visited.append(self.page.url)
        check_csp(self.page, self.csp_reports)
        check_accessibility(self.page)

    def login(self, email: str, password: str) -> None:
        self.goto("/accounts/login/")  # the login URL is fixed by django.contrib.auth.urls
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.checked()


@pytest.fixture
def checked_page(browser: Any, live_server: Any) -> Iterator[CheckedPage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    reports = watch_csp(context)
    page = context.new_page()
    checked = CheckedPage(page, live_server.url, reports)
    yield checked
    check_csp(page, reports)  # what happened after the last check (a click, a swap)
    context.close()


@pytest.fixture
def phone_page(browser: Any, live_server: Any) -> Iterator[CheckedPage]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    reports = watch_csp(context)
    page = context.new_page()
    checked = CheckedPage(page, live_server.url, reports)
    yield checked
    check_csp(page, reports)
    context.close()


# The learning tests' shared data, for the browser journeys through training.
catalogue = learning_fixtures.catalogue
