"""``scrapy check-site`` against the sample site as it is, and against a copy of it whose
template classes were renamed and two of whose channels died."""

from __future__ import annotations

import re
import socket
from collections import Counter
from pathlib import Path

from pipelines.selectors import TEMPLATES
from samplesite import SampleSite
from spiders.channels import CHANNELS, DEFAULT_CHANNELS
from tests.conftest import FAST, REPO, CrawlResult, drifted_site, run_scrapy
from tests.test_scheduled import serving

START_PAGES = [url for name in DEFAULT_CHANNELS for url in CHANNELS[name].start_urls]
EXAMPLES = [t.example for t in TEMPLATES]
RM_TXT_EXAMPLE = next(t.example for t in TEMPLATES if t.name == "rm_txt")
# "ok      channel politics  http://…  list page, 3 article link(s)"
PAGE_LINE = re.compile(
    r"^(?P<mark>ok|BROKEN) +(?:channel|template) \S+ +(?P<url>\S+)  (?P<detail>.*)$", re.M
)


def check_site(proxy: str, *args: str) -> CrawlResult:
    return run_scrapy(["check-site", *FAST, *args], proxy, REPO)


def verdicts(log: str) -> dict[str, tuple[str, str]]:
    """URL → (mark, detail) from the lines the command prints, one per page, in order."""
    return {m["url"]: (m["mark"], m["detail"]) for m in PAGE_LINE.finditer(log)}


def test_the_sample_site_as_it_is_reads_in_full(site: SampleSite) -> None:
    before = len(site.exchanges)
    result = check_site(site.proxy_url)
    assert result.returncode == 0, result.log[-3000:]
    pages = verdicts(result.log)
    assert list(pages) == [*START_PAGES, *EXAMPLES]
    assert {mark for mark, _ in pages.values()} == {"ok"}, pages
    assert pages[RM_TXT_EXAMPLE][1] == (
        "read as rm_txt; found title, published_at, source, editors, body"
    )
    assert pages[START_PAGES[0]][1].startswith("list page, ")
    total = len(START_PAGES) + len(EXAMPLES)
    assert f"check-site: {total} of {total} page(s) read as expected; exit status 0 (OK)" in (
        result.log
    )
    # One request per page, robots.txt aside, and nothing written anywhere.
    asked = Counter(e.url for e in site.exchanges[before:] if not e.url.endswith("/robots.txt"))
    assert asked == Counter([*START_PAGES, *EXAMPLES])
    assert "Traceback" not in result.log and "Disabled " not in result.log


def test_a_changed_site_names_what_broke(tmp_path: Path) -> None:
    server = serving(drifted_site(tmp_path))
    try:
        result = check_site(server.proxy_url, "-s", f"OUTPUT_DIR={tmp_path / 'data'}")
    finally:
        server.stop()
    assert result.returncode == 9, result.log[-3000:]
    pages = verdicts(result.log)
    broken = {url: detail for url, (mark, detail) in pages.items() if mark == "BROKEN"}
    assert broken == {
        "http://theory.people.com.cn/GB/409499/index.html": "list page, no article link(s)",
        "http://opinion.people.com.cn/GB/159301/index.html": "HTTP 404",
        RM_TXT_EXAMPLE: "read as rm_txt; found title, published_at, source, body; missing editors",
    }
    total = len(START_PAGES) + len(EXAMPLES)
    assert (
        f"check-site: {total - 3} of {total} page(s) read as expected; exit status 9 (DRIFT)"
        in (result.log)
    )
    assert not (tmp_path / "data").exists()  # no dataset, no WARC, no run record


def test_a_site_that_does_not_answer_at_all_exits_4() -> None:
    with socket.socket() as closed:  # a port nothing listens on once it is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = check_site(f"http://127.0.0.1:{port}", "--channels", "politics")
    assert result.returncode == 4, result.log[-3000:]
    assert "check-site: 0 of " in result.log and "exit status 4 (START_UNREACHABLE)" in result.log
