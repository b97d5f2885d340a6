"""``-a plan=1``: a dry run that counts what a crawl would take, and requests no article page."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from pathlib import Path

import pytest

from archive.index import read_cdxj
from core.locks import job_lock
from samplesite import SampleSite
from spiders.plan import ArticleSizes, Plan, PlanCounter, PlanScope, archived_sizes, sample_days
from spiders.urls import classify, parse_article_url
from tests.conftest import crawl

PAPER_DAYS = "date=2024-05-10,2025-01-15"


def _figure(lines: list[str], label: str) -> int:
    """The first number on the plan line starting with ``label``."""
    line = next(line for line in lines if line.strip().startswith(label))
    return int(re.search(r"(\d[\d,]*)", line.split(":", 1)[1])[1].replace(",", ""))


def _plan_lines(log: str) -> list[str]:
    lines = log.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Plan: "))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("  assumed: "))
    return lines[start : end + 1]


def _requested(site: SampleSite, start: int) -> list[str]:
    return [e.url for e in site.exchanges[start:] if not e.url.endswith("/robots.txt")]


# -- the counting, without a crawler -----------------------------------------------------------
def test_sample_days_spread_evenly_from_first_to_last() -> None:
    days = [dt.date(2025, 1, 1) + dt.timedelta(n) for n in range(365)]
    sample = sample_days(days, 7)
    assert len(sample) == 7 and sample[0] == days[0] and sample[-1] == days[-1]
    gaps = {(b - a).days for a, b in pairwise(sample)}
    assert gaps <= {60, 61}  # evenly spread, and so across weekdays (60 and 61 are not ×7)
    assert sample_days(days[:5], 7) == days[:5]  # fewer days than the sample: all of them
    assert sample_days(days, 0) == days


def test_hours_come_from_each_hosts_delay_and_the_busiest_host_sets_them() -> None:
    counter = PlanCounter()
    for n in range(10):
        counter.page_read(f"http://www.people.com.cn/GB/{n}/index.html", b"x" * 100, 0.1)
        counter.article(f"http://politics.people.com.cn/n1/2024/0510/c1001-{40000000 + n}.html")
    counter.page_read("http://politics.people.com.cn/GB/1024/index.html", b"x", 0.1)
    plan = Plan(
        PlanScope("t", "r", "list pages"),
        counter,
        ArticleSizes(16_000, 1.0, "assumed"),
        crawl_delays={"www.people.com.cn": 120.0, "politics.people.com.cn": 1.0},
        download_delay=2.0,
    )
    requests = plan.requests_by_host()
    assert requests == {"www.people.com.cn": 11, "politics.people.com.cn": 12}  # + robots.txt
    seconds = plan.host_seconds()
    assert seconds["www.people.com.cn"] == 11 * 120  # its Crawl-delay
    assert seconds["politics.people.com.cn"] == 12 * 2  # 1 s asked: DOWNLOAD_DELAY is longer
    time_line = next(line for line in plan.lines() if line.startswith("  time:"))
    assert "www.people.com.cn, 11 requests × 120 s (robots.txt Crawl-delay)" in time_line
    assert "22 min" in time_line


def test_archive_history_gives_the_size_of_an_article(site: SampleSite, tmp_path: Path) -> None:
    assert archived_sizes(tmp_path / "warc", "people", 16_000).source.startswith(
        "PLAN_ARTICLE_BYTES"
    )
    done = crawl("people", site, tmp_path, "-a", "channels=politics")
    assert done.returncode == 0, done.log[-2000:]
    sizes = archived_sizes(tmp_path / "warc", "people", 16_000)
    assert "archived in" in sizes.source
    # The politics channel has one article of two pages among its others.
    captures = read_cdxj((tmp_path / "warc").glob("*.cdxj"))
    pages = [ref for c in captures if c.status == 200 and (ref := parse_article_url(c.url))]
    assert sizes.pages_per_article == len(pages) / sum(ref.page == 1 for ref in pages) > 1


# -- plan runs against the sample site ---------------------------------------------------------
def test_a_paper_plan_counts_what_the_crawl_then_fetches(site: SampleSite, tmp_path: Path) -> None:
    start = len(site.exchanges)
    planned = crawl("paper", site, tmp_path, "-a", PAPER_DAYS, "-a", "plan=1")
    assert planned.returncode == 0, planned.log[-3000:]
    requested = _requested(site, start)
    assert requested and all(classify(u) != "article" for u in requested)  # layouts only
    assert not tmp_path.exists() or not any(tmp_path.iterdir())  # no row, WARC or run record
    lines = _plan_lines(planned.log)

    start = len(site.exchanges)
    crawled = crawl("paper", site, tmp_path, "-a", PAPER_DAYS)
    assert crawled.returncode == 0, crawled.log[-3000:]
    fetched = _requested(site, start)
    articles = [u for u in fetched if classify(u) == "article"]
    assert _figure(lines, "layout pages") == len(fetched) - len(articles) == len(requested)
    assert _figure(lines, "articles") == len(articles) == 3
    assert _figure(lines, "requests") == len(fetched) + 1  # and robots.txt

    again = _plan_lines(crawl("paper", site, tmp_path, "-a", PAPER_DAYS, "-a", "plan=1").log)
    known = next(line for line in again if line.startswith("  articles:"))
    assert "3 of them in the dataset already" in known  # the crawl would skip them now
    assert f"archived in {tmp_path / 'warc'}" in next(line for line in again if "archive:" in line)


def test_a_sampled_paper_plan_extrapolates_from_the_days_read(
    site: SampleSite, tmp_path: Path
) -> None:
    whole = _plan_lines(crawl("paper", site, tmp_path, "-a", "date=2024-05-10", "-a", "plan=1").log)
    start = len(site.exchanges)
    result = crawl(
        "paper", site, tmp_path, "-a", PAPER_DAYS, "-a", "plan=1", "-s", "PLAN_SAMPLE_DAYS=1"
    )
    assert result.returncode == 0, result.log[-3000:]
    assert {u.split("/html/")[1][:10] for u in _requested(site, start)} == {"2024-05/10"}
    lines = _plan_lines(result.log)
    assert "of 1 day(s) sampled, evenly spread, of the 2" in lines[1]
    for label in ("layout pages", "articles"):
        assert _figure(lines, label) == 2 * _figure(whole, label)
    assert "about" in next(line for line in lines if line.startswith("  articles:"))
    assert "the 1 days not read are like the 1 read" in lines[-1]


def test_a_people_plan_pages_the_lists_to_since_and_reads_each_hosts_delay(
    site: SampleSite, tmp_path: Path
) -> None:
    politics = "http://politics.people.com.cn/GB/1024/index.html"
    args = ["-a", f"start_urls={politics}", "-a", "since=2022-11-09"]
    start = len(site.exchanges)
    result = crawl(
        "people", site, tmp_path, *args, "-a", "plan=1", "-s", "CRAWL_DELAY_OVERRIDE="
    )  # the declared delays, as in production (politics.people.com.cn asks for 1 s)
    assert result.returncode == 0, result.log[-3000:]
    assert all(classify(u) == "list" for u in _requested(site, start))
    lines = _plan_lines(result.log)

    start = len(site.exchanges)
    crawled = crawl("people", site, tmp_path, *args)
    assert crawled.returncode == 0, crawled.log[-3000:]
    fetched = _requested(site, start)
    ids = {ref.article_id for u in fetched if (ref := parse_article_url(u)) and ref.page == 1}
    assert _figure(lines, "articles") == len(ids)
    assert _figure(lines, "list pages") == sum(classify(u) == "list" for u in fetched)
    # An article the list links on www.people.com.cn: the plan read that host's robots.txt too,
    # whose Crawl-delay (120 s) makes it the busiest host however few its requests.
    time_line = next(line for line in lines if line.startswith("  time:"))
    assert "www.people.com.cn, 2 requests × 120 s (robots.txt Crawl-delay)" in time_line
    assert "politics.people.com.cn" in lines[-2] and "robots.txt Crawl-delay" in lines[-2]


def test_a_plan_takes_no_lock_and_touches_no_job_state(site: SampleSite, tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    with job_lock(tmp_path, "paper"):  # a crawl of the paper runs into this output root
        result = crawl(
            "paper", site, tmp_path, "-a", PAPER_DAYS, "-a", "plan=1", "-s", f"JOBDIR={jobdir}"
        )
    assert result.returncode == 0, result.log[-3000:]
    assert not jobdir.exists()
    assert not (tmp_path / "runs").exists() and not (tmp_path / "warc").exists()


@pytest.mark.parametrize("spider", ["paper", "people"])
def test_bad_plan_or_order_arguments_are_usage_errors(
    spider: str, site: SampleSite, tmp_path: Path
) -> None:
    for arg in ("plan=maybe", "order=middle"):
        result = crawl(spider, site, tmp_path, "-a", arg)
        assert result.returncode == 2, result.log[-2000:]
        assert f"scrapy crawl {spider}: -a {arg.split('=')[0]}=" in result.log
