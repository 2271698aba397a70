"""Browser tests: Playwright for Python driving Debian's Chromium, at a phone viewport.

`make test` skips these with a message when Chromium is missing; CI sets E2E_REQUIRED=1 so a
missing browser fails instead. Screenshots of every checked step go to var/e2e-screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRED = os.environ.get("E2E_REQUIRED") == "1"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e-screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Mobile Safari/537.36"
    ),
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}: browser tests need `apt-get install chromium`."
        )
        if REQUIRED:
            pytest.fail(message + " (E2E_REQUIRED=1 makes this a failure)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


def _context(browser, options):
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def phone(browser):
    """A fresh phone browser (390 x 844, touch, mobile user agent)."""
    context = _context(browser, PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_factory(browser):
    """More phones at once, e.g. two officers checking in to the same roll call."""
    contexts = []

    def make():
        context = _context(browser, PHONE)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def desktop(browser):
    context = _context(browser, DESKTOP)
    yield context.new_page()
    context.close()


class AccessibilityChecker:
    """Runs axe-core in the page and fails on serious or critical violations."""

    def __init__(self, test_name: str):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.test_name = re.sub(r"[^a-z0-9_]+", "_", test_name.lower())
        self.step = 0
        self.pages_checked: list[str] = []

    def __call__(self, page, label: str, exclude: list[str] | None = None) -> None:
        self.step += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        page.screenshot(
            path=str(SCREENSHOTS / f"{self.test_name}-{self.step:02d}-{slug}.png"), full_page=True
        )
        options = {
            "resultTypes": ["violations"],
            "runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
        }
        context = {"exclude": [[selector] for selector in exclude]} if exclude else None
        results = self.axe.run(page, context=context, options=options)
        serious = [
            v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}
        ]
        self.pages_checked.append(page.url)
        if serious:
            lines = [f"axe-core found serious problems on {label} ({page.url}):"]
            for violation in serious:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                lines.append(
                    f"- {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
                )
            pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def a11y(request):
    """Call `a11y(page, "step name")` after each step: screenshot + axe-core check."""
    return AccessibilityChecker(request.node.name)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
