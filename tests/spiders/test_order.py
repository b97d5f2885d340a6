"""``-a order=newest|oldest``: which end of the range a crawl starts from, in one run, a resumed
one (JOBDIR) and a distributed one (Redis)."""

from __future__ import annotations

import re
import signal
from pathlib import Path
from urllib.parse import urlsplit

from samplesite import SampleSite
from spiders.urls import classify, parse_article_url
from tests.conftest import crawl, start_crawl
from tests.test_distributed import redis_url  # noqa: F401  (the fixture: a real redis-server)

PAPER_DAYS = "date=2024-05-10,2025-01-15"
SECOND_DAY_LAYOUT = "http://paper.people.com.cn/rmrb/pc/layout/202501/15/node_01.html"
_PAPER_DAY = re.compile(r"/(\d{4})-?(\d{2})/(\d{2})/")


def _day(url: str) -> str:
    m = _PAPER_DAY.search(url)
    assert m, url
    return "-".join(m.groups())


def _requested(site: SampleSite, start: int) -> list[str]:
    return [e.url for e in site.exchanges[start:] if not e.url.endswith("/robots.txt")]


def _days_in_order(urls: list[str]) -> list[str]:
    """The days of the e-paper URLs requested, one entry per run of the same day."""
    days: list[str] = []
    for url in urls:
        if not days or days[-1] != _day(url):
            days.append(_day(url))
    return days


def test_the_paper_goes_newest_first_by_default_and_oldest_first_when_asked(
    site: SampleSite, tmp_path: Path
) -> None:
    start = len(site.exchanges)
    assert crawl("paper", site, tmp_path / "n", "-a", PAPER_DAYS).returncode == 0
    assert _days_in_order(_requested(site, start)) == ["2025-01-15", "2024-05-10"]
    start = len(site.exchanges)
    assert (
        crawl("paper", site, tmp_path / "o", "-a", PAPER_DAYS, "-a", "order=oldest").returncode == 0
    )
    assert _days_in_order(_requested(site, start)) == ["2024-05-10", "2025-01-15"]


def test_a_stopped_paper_job_resumes_where_it_was(site: SampleSite, tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    args = ["-a", PAPER_DAYS, "-a", "order=oldest", "-s", f"JOBDIR={jobdir}"]
    held = site.hold(SECOND_DAY_LAYOUT)
    start = len(site.exchanges)
    first = start_crawl("paper", site, tmp_path, *args)
    assert held.arrived.wait(120), "the second day was never requested"
    first.send_signal(signal.SIGTERM)  # stopped on the second day: its first page under way
    held.release()
    log = first.communicate(timeout=120)[0]
    assert first.returncode == 8, log[-3000:]
    before = _requested(site, start)
    assert _days_in_order(before) == ["2024-05-10", "2025-01-15"]
    assert not any(classify(u) == "article" and _day(u) == "2025-01-15" for u in before)

    start = len(site.exchanges)
    resumed = crawl("paper", site, tmp_path, *args)
    assert resumed.returncode == 0, resumed.log[-3000:]
    after = _requested(site, start)
    # Only what was left: the second day's article, found on the page read before the stop.
    assert after == ["http://paper.people.com.cn/rmrb/pc/content/202501/15/content_30051234.html"]


def test_the_order_holds_in_a_shared_redis_queue(
    site: SampleSite,
    redis_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    for order, days in (
        ("oldest", ["2024-05-10", "2025-01-15"]),
        ("newest", ["2025-01-15", "2024-05-10"]),
    ):
        start = len(site.exchanges)
        result = crawl(
            "paper", site, tmp_path / order, "-a", PAPER_DAYS, "-a", f"order={order}",
            "-s", f"REDIS_URL={redis_url}", "-s", f"DISTRIBUTED_RUN=order-{order}",
        )  # fmt: skip
        assert result.returncode == 0, result.log[-3000:]
        assert _days_in_order(_requested(site, start)) == days


def test_people_oldest_first_reads_each_hosts_lists_then_its_oldest_articles(
    site: SampleSite, tmp_path: Path
) -> None:
    """Hosts are fetched side by side, each at its own pace: the order holds host by host."""
    start = len(site.exchanges)
    # One request handed to the downloader at a time: the queue's order is then the order of
    # the requests (by default Scrapy hands over up to CONCURRENT_REQUESTS = 16 at once, which
    # go in the order they came; the README says so).
    one = ["-s", "CONCURRENT_REQUESTS=1"]
    result = crawl("people", site, tmp_path, "-a", "order=oldest", *one)
    assert result.returncode == 0, result.log[-3000:]
    by_host: dict[str, list[str]] = {}
    for url in _requested(site, start):
        by_host.setdefault(urlsplit(url).hostname or "", []).append(url)
    assert len(by_host) > 5
    for host, urls in by_host.items():
        kinds = [classify(u) for u in urls]
        if "article" in kinds:
            discovery = [i for i, k in enumerate(kinds) if k in ("list", "feed", "sitemap")]
            assert all(i < kinds.index("article") for i in discovery), (host, urls)
        years = [ref.date.year for u in urls if (ref := parse_article_url(u)) and ref.page == 1]
        assert years == sorted(years), (host, urls)
