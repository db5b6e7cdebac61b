"""Browser test infrastructure: Debian's headless chromium driven by playwright's sync API.

We never run `playwright install` (no run-time downloads): the browser is the distribution's
/usr/bin/chromium. Locally a missing chromium skips the browser tests; in CI (CI=true) it fails,
so a broken CI image cannot silently drop the browser coverage.

Use pytest-django's `live_server` fixture (it implies a transactional database) and mark tests
with `@pytest.mark.browser`.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django's ORM refuses to run
# inside one unless told it is safe. Tests drive the browser and the ORM from the same thread,
# one after the other, so it is.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = Path(os.environ.get("ARCHIVE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
PHONE_VIEWPORT = {"width": 390, "height": 844}
SCREENSHOTS_DIR = Path(__file__).resolve().parent.parent / "screenshots"


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser() -> Iterator["object"]:
    if not CHROMIUM_PATH.exists():
        message = f"{CHROMIUM_PATH} is missing (apt-get install chromium)"
        if running_in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


def _new_page(browser, viewport: dict[str, int], **context_options):
    context = browser.new_context(viewport=viewport, **context_options)
    # A slow page should fail the test quickly rather than hang the suite.
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser) -> Iterator["object"]:
    """A fresh desktop-sized page in its own context (no cookies shared between tests)."""
    context, new_page = _new_page(browser, DESKTOP_VIEWPORT)
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture
def phone_page(browser) -> Iterator["object"]:
    """A fresh phone-sized page (390x844, touch, mobile user agent behaviour)."""
    context, new_page = _new_page(
        browser, PHONE_VIEWPORT, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture
def screenshot(request) -> "object":
    """`screenshot(page, "name")` saves tests/screenshots/<test>--<name>.png; returns the path."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)

    def take(target_page, name: str, full_page: bool = True) -> Path:
        path = SCREENSHOTS_DIR / f"{test_name}--{name}.png"
        target_page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
