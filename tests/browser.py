"""Tests in a real browser: Debian's chromium, headless, driven by playwright (a pytest plugin).

``make test`` installs chromium and fonts-noto-cjk with apt when they are missing and it can,
and playwright with the test extra; where one is missing the browser tests are skipped with the
reason (``playwright install`` downloads a browser of its own and is never run). Every launch
keeps Chromium on 127.0.0.1: it tries Google's hosts on its own even with background
networking off, and the resolver rule makes each such name fail before any packet leaves.

Fixtures: ``chromium`` (the browser, one per test module), ``cold_page`` (a page in a fresh context:
no service worker, no cache, a first visit). Screenshots go to ``SCREENSHOTS``, listed at the
end of the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, FrameLocator, Page

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests may run as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Every host name resolves to nothing; 127.0.0.1 is an address, not a name. (No second
    # --disable-features: it would replace playwright's own list rather than add to it.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
TIMEOUT_MS = 30_000  # per wait: about six times the slowest cold start seen on two busy cores
SCREENSHOTS = REPO / "test-output" / "screenshots"
_taken: list[Path] = []


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """The browser, for one test module: playwright's sync API holds an asyncio loop running in
    this thread while it is open, and asyncio.run() in any other test would fail meanwhile."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (`make test` installs Debian's chromium with apt)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (it is in the test extra: `make setup`)")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except Error as exc:
            pytest.skip(f"{CHROMIUM} does not start: {str(exc).splitlines()[0]}")
        yield browser
        browser.close()


@pytest.fixture
def cold_page(chromium: Browser) -> Iterator[Page]:
    """A page in a new context: a fresh profile, as a first visit is."""
    context = chromium.new_context(
        viewport={"width": 1280, "height": 800}, locale="zh-CN", timezone_id="UTC"
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def viewer_app(page: Page) -> FrameLocator:
    """The ReplayWeb.page app: the iframe inside ``<replay-web-page>``'s shadow root."""
    return page.locator("replay-web-page").frame_locator("iframe")


def replayed_page(page: Page) -> FrameLocator:
    """The archived page itself, the app's own iframe (``…/replay/w/<coll>/<ts>mp_/<url>``)."""
    return (
        viewer_app(page).locator("replay-app-main wr-item wr-coll-replay").frame_locator("iframe")
    )


def screenshot(page: Page, name: str) -> Path:
    """Save what the page shows as ``SCREENSHOTS/name.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    _taken.append(path)
    return path


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _taken:
        where = SCREENSHOTS.relative_to(REPO)
        terminalreporter.write_line(f"browser tests: {len(_taken)} screenshot(s) in {where}/")
