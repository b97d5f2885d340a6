"""A crawl through the sample site's fault-injecting mode: it completes, keeps what succeeded once,
archives every response it received, and counts each kind of fault. No traceback."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from samplesite import SampleSite
from samplesite.faults import FAULT_KINDS, FaultPlan
from samplesite.generated import GeneratedSite
from tests.conftest import crawl

P = "http://politics.people.com.cn/n1/2022"
FAULTS = {
    "http://finance.people.com.cn/n1/2024/0510/c1004-40232600.html": "timeout",
    "http://health.people.com.cn/n1/2024/0510/c14739-40233000.html": "reset",
    "http://world.people.com.cn/n1/2019/0615/c1002-31153800.html": "503",
    "http://theory.people.com.cn/n1/2022/1107/c40531-32560001.html": "500",
    "http://opinion.people.com.cn/n/2012/0601/c1003-17000001.html": "502",
    "http://cpc.people.com.cn/xuexi/n1/2025/0110/c385474-40400001.html": "slow",
    "http://yuqing.people.com.cn/n1/2024/0509/c209043-40232000.html": "truncated_gzip",
    f"{P}/1110/c1001-32562002.html": "wrong_charset",
    f"{P}/1109/c1001-32561003.html": "malformed",
    f"{P}/1108/c1001-32560500.html": "huge",
    f"{P}/1110/c1001-32562001-2.html": "redirect_loop",
    "http://www.people.com.cn/rss/world.xml": "empty",
}
# Articles whose fault a retry gets past, or that are served whole but odd: all must be rows.
ROWS_EXPECTED = {
    "people-40232600", "people-40233000", "people-31153800", "people-32560001", "people-32560900",
    "people-17000001", "people-40400001", "people-40232000", "people-32562002",
    "people-32561003", "people-32564489", "people-32562001",
}  # fmt: skip


def rows_per_article(output: Path) -> list[tuple[str, int]]:
    """(article_id, rows) of the output's articles dataset."""
    query = f"SELECT article_id, count(*) FROM read_parquet('{output}/articles/**/*.parquet')"
    return duckdb.connect().execute(query + " GROUP BY ALL").fetchall()


def archived_bodies(output: Path) -> dict[str, list[bytes]]:
    """URL -> the bodies (as sent) of its response records in the output's WARC files."""
    archived: dict[str, list[bytes]] = {}
    for path in (output / "warc").glob("*.warc.gz"):
        with path.open("rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type == "response":
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    archived.setdefault(url, []).append(record.raw_stream.read())
    return archived


@pytest.fixture(scope="module")
def faulty_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleSite, str]:
    output = tmp_path_factory.mktemp("faults")
    site = SampleSite(faults=FaultPlan(dict(FAULTS))).start()
    try:
        result = crawl("people", site, output, "-s", "DOWNLOAD_TIMEOUT=1")
    finally:
        site.stop()
    assert result.returncode == 0, result.log[-4000:]
    return output, site, result.log


def test_the_crawl_completes_without_a_traceback(
    faulty_crawl: tuple[Path, SampleSite, str],
) -> None:
    _, site, log = faulty_crawl
    assert "Traceback" not in log
    assert set(site.faults.struck) == set(FAULTS)  # every fault was served  # type: ignore[union-attr]


def test_what_succeeded_is_in_parquet_exactly_once(
    faulty_crawl: tuple[Path, SampleSite, str],
) -> None:
    output, _, _ = faulty_crawl
    rows = rows_per_article(output)
    assert {a for a, _ in rows} == ROWS_EXPECTED  # the 50 MB page alone is not there
    assert all(n == 1 for _, n in rows)


def test_every_response_received_is_in_the_warc(
    faulty_crawl: tuple[Path, SampleSite, str],
) -> None:
    output, site, _ = faulty_crawl
    archived = archived_bodies(output)
    for sent in site.exchanges:
        if FAULTS.get(sent.url) == "huge":
            continue  # cancelled past DOWNLOAD_MAXSIZE: never received whole
        assert sent.body in archived.get(sent.url, []), sent.url
    assert len(archived[f"{P}/1110/c1001-32562001-2.html"]) == 1  # the loop: stopped at once


def test_the_run_record_counts_each_kind_of_fault(
    faulty_crawl: tuple[Path, SampleSite, str],
) -> None:
    output, _, _ = faulty_crawl
    (path,) = (output / "runs").glob("*.json")
    counts = json.loads(path.read_text())["counts"]
    retried = counts["retried"]
    assert retried["scrapy.exceptions.DownloadTimeoutError"] >= 1  # timeout
    assert retried["scrapy.exceptions.DownloadFailedError"] >= 1  # the reset connection
    for status in ("503 Service Unavailable", "500 Internal Server Error", "502 Bad Gateway"):
        assert retried[status] == 1
    # The 50 MB body, and page 2 redirecting to itself (that article kept with its page 1).
    assert counts["errors"] == {"DownloadCancelledError": 1, "redirect_loop": 1}
    assert counts["articles_incomplete"] == 1  # page 2 redirected in a loop; page 1 kept
    assert counts["responses_by_status"]["302"] == 1


# -- A generated site with a tenth of its requests faulted -------------------------------------
# Faults after which a page never arrives, retried or not.
LOST = frozenset({"huge", "redirect_loop", "gzip_bomb", "brotli_bomb"})


@pytest.fixture(scope="module")
def tenth_faulted(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, SampleSite, GeneratedSite, str]:
    output = tmp_path_factory.mktemp("tenth")
    pages = GeneratedSite(240)
    # Article pages only (a lost list page would hide the articles it lists), a share of them
    # that makes a tenth of all the crawl's requests.
    plan = FaultPlan.sample(pages.article_urls(), 0.125, seed=8)
    site = SampleSite(generated=pages, faults=plan).start()
    try:
        result = crawl(
            "people", site, output,
            "-a", "start_urls=" + ",".join(pages.start_urls()),
            "-s", "DOWNLOAD_TIMEOUT=1", "-s", "PEOPLE_LIST_MAX_PAGES=1000",
        )  # fmt: skip
    finally:
        site.stop()
    return output, site, pages, result.log


def test_a_crawl_with_a_tenth_of_its_requests_faulted_completes(
    tenth_faulted: tuple[Path, SampleSite, GeneratedSite, str],
) -> None:
    output, site, pages, log = tenth_faulted
    plan = site.faults
    assert plan is not None
    requested = {e.url for e in site.exchanges} | set(plan.struck)
    assert len(plan.faults) >= 0.1 * len(requested)
    assert set(plan.struck) == set(plan.faults)  # every fault was served
    assert set(plan.faults.values()) == set(FAULT_KINDS)  # of every kind
    assert "Traceback" not in log
    record = json.loads(next((output / "runs").glob("*.json")).read_text())
    assert record["exit_status"] == 0, log[-3000:]

    # An article succeeded when its first page was answered in full at least once.
    answered = {e.url for e in site.exchanges if e.status == 200}
    succeeded = {
        pages.article_id(n)
        for n in range(pages.articles)
        if pages.article_url(n) in answered and plan.faults.get(pages.article_url(n)) not in LOST
    }
    assert len(succeeded) > 0.9 * pages.articles
    rows = rows_per_article(output)
    assert {a for a, _ in rows} == succeeded
    assert all(n == 1 for _, n in rows)  # exactly once

    archived = archived_bodies(output)
    for sent in site.exchanges:
        if plan.faults.get(sent.url) != "huge":  # cancelled past DOWNLOAD_MAXSIZE
            assert sent.body in archived.get(sent.url, []), sent.url


def test_the_run_record_counts_every_kind_of_fault(
    tenth_faulted: tuple[Path, SampleSite, GeneratedSite, str],
) -> None:
    output, site, _, _ = tenth_faulted
    assert site.faults is not None
    served = Counter(site.faults.faults.values())
    record = json.loads(next((output / "runs").glob("*.json")).read_text())
    counts, stats = record["counts"], record["stats"]
    retried, errors = counts["retried"], counts["errors"]
    assert retried["scrapy.exceptions.DownloadTimeoutError"] >= served["timeout"]
    assert retried["scrapy.exceptions.DownloadFailedError"] >= served["reset"]
    for kind, status in (
        ("503", "503 Service Unavailable"),
        ("500", "500 Internal Server Error"),
        ("502", "502 Bad Gateway"),
    ):
        assert retried[status] == served[kind]
    assert errors["DownloadCancelledError"] == served["huge"]  # 50 MB bodies
    assert errors["redirect_loop"] == served["redirect_loop"]
    assert errors["decompressed_too_large"] == served["gzip_bomb"] + served["brotli_bomb"]
    assert stats["pages/encoding_mislabelled"] >= served["wrong_charset"]
    assert counts["articles_without_template"] >= served["malformed"] + served["empty"]
    # slow and truncated_gzip bodies arrive (the latter cut short): pages like any other.
