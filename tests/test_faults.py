"""A crawl through the sample site's fault-injecting mode: it completes, keeps what succeeded once,
archives every response it received, and counts each kind of fault. No traceback."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from samplesite import SampleSite
from samplesite.faults import FaultPlan
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
    "people-40232600", "people-40233000", "people-31153800", "people-32560001",
    "people-17000001", "people-40400001", "people-40232000", "people-32562002",
    "people-32561003", "people-32564489", "people-32562001",
}  # fmt: skip


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
    rows = (
        duckdb.connect()
        .execute(
            f"SELECT article_id, count(*) FROM read_parquet('{output}/articles/**/*.parquet') "
            "GROUP BY ALL"
        )
        .fetchall()
    )
    assert {a for a, _ in rows} == ROWS_EXPECTED  # the 50 MB page alone is not there
    assert all(n == 1 for _, n in rows)


def test_every_response_received_is_in_the_warc(
    faulty_crawl: tuple[Path, SampleSite, str],
) -> None:
    output, site, _ = faulty_crawl
    archived: dict[str, list[bytes]] = {}
    for path in (output / "warc").glob("*.warc.gz"):
        with path.open("rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type == "response":
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    archived.setdefault(url, []).append(record.raw_stream.read())
    for sent in site.exchanges:
        if FAULTS.get(sent.url) == "huge":
            continue  # cancelled past DOWNLOAD_MAXSIZE: never received whole
        assert sent.body in archived.get(sent.url, []), sent.url
    assert len(archived[f"{P}/1110/c1001-32562001-2.html"]) > 5  # each hop of the loop


def test_the_run_record_counts_each_kind_of_fault(
    faulty_crawl: tuple[Path, SampleSite, str],
) -> None:
    output, _, _ = faulty_crawl
    (path,) = (output / "runs").glob("*.json")
    counts = json.loads(path.read_text())["counts"]
    retried = counts["retried"]
    assert retried["scrapy.exceptions.DownloadTimeoutError"] == 1  # timeout
    assert retried["scrapy.exceptions.DownloadFailedError"] >= 1  # the reset connection
    for status in ("503 Service Unavailable", "500 Internal Server Error", "502 Bad Gateway"):
        assert retried[status] == 1
    assert counts["errors"] == {"DownloadCancelledError": 1}  # the 50 MB body
    assert counts["articles_incomplete"] == 1  # page 2 redirected in a loop; page 1 kept
    assert counts["responses_by_status"]["302"] > 5
