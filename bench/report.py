"""The report of a large crawl, measured: ``make bench-report`` (``python -m bench.report``).

Crawls a generated site (``--articles``, 20,000 by default) as ``make bench`` does, then times
``scrapy report`` on it (the WACZ packaged first, as a report of a new archive does), and opens
the report in headless Chromium from the disk to time its first screen: the page ready, the
counts shown and the first rows of the quotation table in place. Prints every figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.crawl import BIN, full_crawl, measure, serve

CHROMIUM = "/usr/bin/chromium"


def first_screen(index: Path) -> tuple[float, float]:
    """Seconds from navigation to the page ready, and to the table's first row, in a fresh
    browser context (best of three)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS

    ready, rows = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for _ in range(3):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            start = time.perf_counter()
            page.goto(index.as_uri())
            page.locator("body[data-ready=true]").wait_for(state="attached", timeout=60_000)
            ready.append(time.perf_counter() - start)
            page.locator("#quotations tbody tr td.text").first.wait_for(timeout=60_000)
            rows.append(time.perf_counter() - start)
            context.close()
        browser.close()
    return min(ready), min(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000, help="articles of the site")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        output = Path(tmp) / "data"
        site, pages = serve(args.articles)
        try:
            crawled = full_crawl(site, pages, output)
        finally:
            site.stop()
        print(f"crawl: {crawled.pages} pages in {crawled.seconds:.1f} s", flush=True)
        command = [str(BIN / "scrapy"), "report", "--output", str(output)]
        seconds, rss = measure(command, dict(os.environ))
        report = output / "report"
        size = sum(f.stat().st_size for f in report.rglob("*") if f.is_file()) / 1e6
        chunks = len(list((report / "data").glob("rows-*.js")))
        wacz = sum(f.stat().st_size for f in (output / "wacz").glob("*.wacz")) / 1e6
        print(
            f"scrapy report: {seconds:.1f} s (the WACZ of {wacz:.0f} MB packaged first), "
            f"peak RSS {rss:.0f} MB; the report {size:.1f} MB, {chunks} table chunk(s)",
            flush=True,
        )
        ready, rows = first_screen(report / "index.html")
        print(
            f"first screen (headless Chromium, from the disk): ready {ready:.2f} s, "
            f"first table rows {rows:.2f} s"
        )
        print(f"bench-report: build={seconds:.1f}s first-screen={rows:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
