"""Unattended runs: exit statuses a scheduler can trust, one run per job, stop and resume, progress.

Real ``scrapy crawl`` processes against the sample site (or a broken copy of it).
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from core.locks import DatasetLock
from samplesite import SampleSite
from samplesite.server import SITE_ROOT
from tests.conftest import CrawlResult, crawl, start_crawl


def record_of(output: Path, result: CrawlResult | None = None) -> dict[str, Any]:
    """The run record a run left (the newest one)."""
    paths = sorted((output / "runs").glob("*.json"), key=lambda p: p.stat().st_mtime)
    assert paths, result.log[-3000:] if result else "no run record"
    return json.loads(paths[-1].read_text())


def serving(root: Path) -> SampleSite:
    return SampleSite(root=root).start()


def test_a_healthy_run_exits_0(site: SampleSite, tmp_path: Path) -> None:
    result = crawl("people", site, tmp_path, "-a", "channels=politics")
    record = record_of(tmp_path, result)
    assert result.returncode == record["exit_status"] == 0
    assert record["exit_reason"] == "OK: finished"
    assert "exit status 0 (OK: finished)" in result.log


def test_an_all_404_site_exits_5(tmp_path: Path) -> None:
    empty = tmp_path / "empty-site"
    empty.mkdir()
    dead = serving(empty)  # answers every request, robots.txt included, with 404
    try:
        result = crawl("people", dead, tmp_path / "out")
    finally:
        dead.stop()
    record = record_of(tmp_path / "out", result)
    assert result.returncode == record["exit_status"] == 5
    assert record["exit_reason"].startswith("NOTHING_FETCHED: no page answered 200 (")
    assert record["counts"]["errors"]["http_404"] == record["stats"]["start/requests"] > 0


def test_errors_past_the_threshold_exit_6(tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(SITE_ROOT, broken)
    for page in ("c1001-32562002.html", "c1001-32560500.html"):  # two articles gone
        next(broken.glob(f"politics.people.com.cn/n1/*/*/{page}")).unlink()
    server = serving(broken)
    try:
        lenient = crawl("people", server, tmp_path / "a")
        strict = crawl("people", server, tmp_path / "b", "-s", "RUN_MAX_ERRORS=1")
    finally:
        server.stop()
    assert lenient.returncode == 0  # 2 errors in 34 requests: under the 10% default
    record = record_of(tmp_path / "b", strict)
    assert strict.returncode == record["exit_status"] == 6
    assert record["exit_reason"] == "TOO_MANY_ERRORS: 2 errors, more than 1"
    assert record["counts"]["errors"] == {"http_404": 2}


# A page the default crawl asks for: the site keeps it waiting while a test acts on the run.
POLITICS_LIST = "http://politics.people.com.cn/GB/1024/index.html"
# The politics list's second page: the only one that links people-32561003.
POLITICS_LIST_2 = "http://politics.people.com.cn/GB/1024/index2.html"


def test_a_second_run_of_the_same_job_is_refused(site: SampleSite, tmp_path: Path) -> None:
    held = site.hold(POLITICS_LIST)  # the first run cannot end before the test says so
    first = start_crawl("people", site, tmp_path)
    try:
        assert held.arrived.wait(120), "the first run never asked for the politics list"
        second = crawl("people", site, tmp_path)
        other_job = crawl("paper", site, tmp_path, "-a", "date=2025-01-15")
    finally:
        first.send_signal(signal.SIGTERM)
        held.release()
        first.communicate(timeout=120)
    assert second.returncode == 7
    assert "scrapy crawl people: not started: another run of people is writing to" in second.log
    assert "Traceback" not in second.log
    assert other_job.returncode == 0, other_job.log[-3000:]  # another spider is another job


def test_a_run_is_refused_while_a_compaction_holds_the_dataset(
    site: SampleSite, tmp_path: Path
) -> None:
    start = len(site.exchanges)
    with DatasetLock(tmp_path, exclusive=True):  # as scrapy compact holds it
        refused = crawl("people", site, tmp_path)
    assert refused.returncode == 7, refused.log[-3000:]
    assert "scrapy crawl people: not started: compaction runs on" in refused.log
    assert "Traceback" not in refused.log
    assert len(site.exchanges) == start  # not one request
    assert not list(tmp_path.glob("warc/*")) and not list(tmp_path.glob("runs/*"))


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_sigterm_stops_cleanly_and_jobdir_resumes_without_duplicates(
    site: SampleSite, tmp_path: Path, order: str
) -> None:
    output, jobdir = tmp_path / "data", tmp_path / "job"
    # Until the test releases it, the second politics list page (and the article only it links)
    # stays unanswered: the signal surely comes while the run has work left.
    held = site.hold(POLITICS_LIST_2)
    job = ["-a", f"order={order}", "-s", f"JOBDIR={jobdir}"]  # the back catalogue's job, too
    options = [*job, "-s", "PARQUET_BATCH_ITEMS=2"]
    process = start_crawl("people", site, output, *options)
    try:
        assert held.arrived.wait(120), "the run never asked for the second list page"
        deadline = time.monotonic() + 120  # a bound for a broken run, not a pace
        while len(list(output.glob("articles/**/*.parquet"))) < 2:  # two batches are written
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
    finally:
        held.release()  # the request under way is answered; what it links waits in JOBDIR
    log, _ = process.communicate(timeout=120)

    stopped = record_of(output)
    assert process.returncode == stopped["exit_status"] == 8, log[-3000:]
    assert stopped["finish_reason"] == "shutdown"
    assert not list((output / "warc").glob("*.open"))  # WARC closed
    written = stopped["counts"]["articles"]
    assert 0 < written < 13
    rows = (
        duckdb.connect()
        .execute(f"SELECT count(*) FROM read_parquet('{output}/articles/**/*.parquet')")
        .fetchone()
    )
    assert rows == (written,)  # the last batch was flushed, not lost

    resumed = crawl("people", site, output, *job)
    assert resumed.returncode == 0, resumed.log[-3000:]
    ids = (
        duckdb.connect()
        .execute(
            f"SELECT article_id, count(*) FROM read_parquet('{output}/articles/**/*.parquet') "
            "GROUP BY article_id"
        )
        .fetchall()
    )
    assert len(ids) == 13 and all(n == 1 for _, n in ids)
    again = record_of(output, resumed)
    assert again["counts"]["articles"] == 13 - written  # the rest, not the first part again


def test_recent_articles_are_fetched_again_old_ones_skipped(
    site: SampleSite, tmp_path: Path
) -> None:
    assert crawl("people", site, tmp_path, "-a", "channels=politics").returncode == 0
    articles = record_of(tmp_path)["counts"]["articles"]
    skipped = crawl("people", site, tmp_path, "-a", "channels=politics")
    counts = record_of(tmp_path, skipped)["counts"]
    assert (counts["articles"], counts["articles_skipped_known"]) == (0, articles)
    assert skipped.returncode == 0  # nothing new is not a failure: the lists were fetched
    # Everything on the sample site is years old; a wide enough window rechecks it all.
    wide = ["-a", "channels=politics", "-s", "RECHECK_DAYS=9999"]
    rechecked = crawl("people", site, tmp_path, *wide)
    counts = record_of(tmp_path, rechecked)["counts"]
    assert (counts["articles"], counts["articles_unchanged"]) == (articles, articles)


def test_progress_is_one_line_at_a_time(site: SampleSite, tmp_path: Path) -> None:
    result = crawl(
        "people", site, tmp_path, "-s", "PROGRESS_INTERVAL=0.5", "-s", "DOWNLOAD_DELAY=0.1"
    )
    lines = [line for line in result.log.splitlines() if "INFO: Progress " in line]
    assert lines, result.log[-2000:]
    shape = re.compile(
        r"Progress \d{8}T\d{6}Z-[0-9a-f]{8}: \d+ pages \(\d+/min\), \d+ articles \(\d+ new\), "
        r"\d+ quotations, \d+ errors, \d+ skipped as archived$"
    )
    assert all(shape.search(line) for line in lines), lines
    assert "[scrapy.extensions.logstats]" not in result.log
    assert "DEBUG" not in result.log
