"""Browser tests: the Python Playwright package drives Debian's Chromium (/usr/bin/chromium);
axe-core from npm runs on every page a test visits and fails the test on any WCAG 2.1 A/AA
violation."""

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


def check_accessibility(page: Any) -> None:
    """Run axe-core on the current page; raise with a readable list of violations."""
    page.add_script_tag(path=str(AXE_JS))
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

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.visited: list[str] = []

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
    page = context.new_page()
    yield CheckedPage(page, live_server.url)
    context.close()


@pytest.fixture
def phone_page(browser: Any, live_server: Any) -> Iterator[CheckedPage]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    yield CheckedPage(page, live_server.url)
    context.close()


# The learning tests' shared data, for the browser journeys through training.
catalogue = learning_fixtures.catalogue
