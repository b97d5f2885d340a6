"""The whole pipeline as a user runs it: ``scrapy crawl`` through the sample site's proxy, then
``scrapy replay`` on what was archived. One crawl per module; each test checks one promise."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

from samplesite import SEED_URL, Exchange, SampleSite
from tests.conftest import CrawlResult, crawl, run_scrapy
from tests.pipelines import seed_expected as seed

# What the default crawl of the sample site yields (tests/spiders cover discovery in detail).
PEOPLE_ARTICLES = {
    "people-32564489",  # the seed (gzip, GB18030 under GB2312)
    "people-32562001",  # two pages
    "people-32562002",  # news, no quotations
    "people-32561003",  # reached through a 301
    "people-32560500",  # UTF-8 bytes under a GB2312 label, from the politics feed
    "people-32560001",  # theory, show_text template
    "people-32560900",  # theory, a compilation quoting several leaders
    "people-17000001",  # opinion, ≈2012 p_content template
    "people-40400001",  # 学习路上, 2025 rm_txt variant
    "people-31153800",  # world, 2016wb template
    "people-40232600",  # finance, cites its print original
    "people-40233000",  # health, artDet template
    "people-40232000",  # UTF-8 subdomain
}
PAPER_ARTICLES = {
    "rmrb-20250115-30051234",  # pc/ scheme
    "rmrb-20240510-1-01",  # html/ scheme, page 1
    "rmrb-20240510-2-04",  # html/ scheme, page 4
}
ARTICLE_IDS = PEOPLE_ARTICLES | PAPER_ARTICLES
QUOTATIONS = 24  # seed 9, two-page 3, redirected 1, theory 2, leaders 7, e-paper 2


@dataclass
class Crawled:
    people: CrawlResult
    paper: CrawlResult
    output: Path
    exchanges: list[Exchange]


@pytest.fixture(scope="module")
def crawled(site: SampleSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    output = tmp_path_factory.mktemp("crawl")
    start = len(site.exchanges)
    people = crawl("people", site, output)
    paper = crawl("paper", site, output, "-a", "date=2025-01-15,2024-05-10")
    yield Crawled(people, paper, output, site.exchanges[start:])


def sql(query: str) -> list[tuple]:
    return duckdb.connect().execute(query).fetchall()


def warc_files(output: Path) -> list[Path]:
    return sorted((output / "warc").glob("*.warc.gz"))


def warc_records(output: Path) -> list:
    records = []
    for path in warc_files(output):
        with path.open("rb") as f:
            for record in ArchiveIterator(f):
                record.payload = record.raw_stream.read()  # as stored: still content-encoded
                record.path = path
                records.append(record)
    return records


def test_crawls_succeed_and_leave_a_run_record(crawled: Crawled) -> None:
    assert crawled.people.returncode == 0, crawled.people.log[-3000:]
    assert crawled.paper.returncode == 0, crawled.paper.log[-3000:]
    records = [json.loads(p.read_text()) for p in sorted((crawled.output / "runs").glob("*.json"))]
    assert sorted(r["spider"] for r in records) == ["paper", "people"]
    people = next(r for r in records if r["spider"] == "people")
    assert people["finish_reason"] == "finished"
    assert people["counts"]["articles"] == len(PEOPLE_ARTICLES)
    assert people["counts"]["quotations"] == 22
    assert people["counts"]["responses_by_status"] == {"200": 34, "301": 1}
    assert all(
        Path(f).exists() for r in records for f in r["files"]["warc"] + r["files"]["parquet"]
    )
    assert "quotations: 22" in crawled.people.log  # the summary a person reads
    assert "Traceback" not in crawled.people.log + crawled.paper.log


def test_one_run_id_in_the_record_the_files_and_the_log(crawled: Crawled) -> None:
    """An analyst tells which run wrote a file by one id: the run record's, in the file's name
    and metadata, in each WARC file's warcinfo record, and in the progress lines."""
    for record_path in sorted((crawled.output / "runs").glob("*.json")):
        record = json.loads(record_path.read_text())
        run_id = record["run_id"]
        assert record_path.stem == run_id
        assert record["files"]["parquet"] and record["files"]["warc"]
        for name in record["files"]["parquet"]:
            if Path(name).parent.name == "quotes":
                continue  # one file, replaced whole: it names the run that wrote it last
            assert Path(name).name.startswith(f"part-{run_id}-")
            assert pq.read_schema(name).metadata[b"run_id"] == run_id.encode()
        for name in record["files"]["warc"]:
            with Path(name).open("rb") as f:
                info = next(iter(ArchiveIterator(f)))
            assert info.rec_type == "warcinfo"
            assert f"run-id: {run_id}" in info.content_stream().read().decode()
    last = pq.read_schema(crawled.output / "quotes" / "quotes.parquet").metadata[b"run_id"]
    assert last.decode() == record["run_id"]  # the paper run's, which wrote last
    log = crawled.people.log + crawled.paper.log
    run_ids = {json.loads(p.read_text())["run_id"] for p in (crawled.output / "runs").glob("*")}
    assert set(re.findall(r"INFO: Run (\S+) \(", log)) == run_ids


def test_parquet_holds_every_article_once(crawled: Crawled) -> None:
    rows = sql(
        f"""SELECT article_id, page_count FROM read_parquet(
            '{crawled.output}/articles/**/*.parquet', hive_partitioning = true)"""
    )
    assert sorted(r[0] for r in rows) == sorted(ARTICLE_IDS)
    assert dict(rows)["people-32562001"] == 2


def test_parquet_holds_the_seed_article_exactly(crawled: Crawled) -> None:
    [row] = sql(
        f"""SELECT url, title, strftime(published_at AT TIME ZONE 'Asia/Shanghai',
                   '%Y-%m-%dT%H:%M'), source, editors, credits, year, month
            FROM read_parquet('{crawled.output}/articles/**/*.parquet', hive_partitioning = true)
            WHERE article_id = '{seed.ARTICLE_ID}'"""
    )
    assert row[:5] == (seed.URL, seed.TITLE, seed.PUBLISHED_AT[:16], seed.SOURCE, seed.EDITORS)
    assert [(c["role"], c["name"]) for c in row[5]] == seed.CREDITS
    assert row[6:] == (2022, 11)


def test_parquet_holds_the_nine_seed_quotations(crawled: Crawled) -> None:
    rows = sql(
        f"""SELECT said_on, said_precision, speaker, occasion, section, text, article_url
            FROM read_parquet('{crawled.output}/quotations/**/*.parquet', hive_partitioning = true)
            WHERE article_id = '{seed.ARTICLE_ID}' ORDER BY ordinal"""
    )
    expected = [
        (said_on, "day", "习近平", occasion, seed.SECTIONS[section], text, seed.URL)
        for said_on, occasion, section, text in seed.QUOTATIONS
    ]
    assert rows == expected


def test_warc_passes_warcio_check(crawled: Crawled) -> None:
    files = warc_files(crawled.output)
    assert len(files) == 2  # one per crawl, closed (no .open left)
    assert not list((crawled.output / "warc").glob("*.open"))
    warcio = Path(sys.executable).parent / "warcio"
    for path in files:
        check = subprocess.run(
            [warcio, "check", "-v", path], capture_output=True, text=True, check=False
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_every_exchange_is_archived_as_sent(crawled: Crawled) -> None:
    records = warc_records(crawled.output)
    responses = {
        r.rec_headers.get_header("WARC-Target-URI"): r for r in records if r.rec_type == "response"
    }
    assert len(responses) == len(crawled.exchanges) == 35 + 7
    for exchange in crawled.exchanges:
        record = responses[exchange.url]
        assert record.http_headers.get_statuscode() == str(exchange.status)
        assert record.payload == exchange.body, exchange.url  # gzip kept, byte for byte
        archived = dict(record.http_headers.headers)
        for name, value in exchange.headers:
            assert archived.get(name) == value, (exchange.url, name)
    seed_record = responses[SEED_URL]
    assert seed_record.http_headers.get_header("Content-Encoding") == "gzip"
    robots = {urlsplit(u).hostname for u in responses if u.endswith("/robots.txt")}
    assert robots == {urlsplit(u).hostname for u in responses}  # every host's, once


def test_request_records_say_what_was_sent(crawled: Crawled) -> None:
    records = warc_records(crawled.output)
    response_ids = {
        r.rec_headers.get_header("WARC-Record-ID") for r in records if r.rec_type == "response"
    }
    requests = [r for r in records if r.rec_type == "request"]
    assert len(requests) == len(response_ids)
    for r in requests:
        assert r.rec_headers.get_header("WARC-Concurrent-To") in response_ids
        url = urlsplit(r.rec_headers.get_header("WARC-Target-URI"))
        assert r.http_headers.get_header("Host") == url.netloc
        assert r.http_headers.protocol == "GET"  # warcio: method here, target in statusline
        assert r.http_headers.statusline.split()[0] == url.path
        assert "peoples-daily-archive" in r.http_headers.get_header("User-Agent")
        assert r.http_headers.get_header("Proxy-Authorization") is None
    for r in records:
        if r.rec_type != "warcinfo":
            assert r.rec_headers.get_header("WARC-Warcinfo-ID")


def test_robots_txt_first_and_nothing_out_of_scope(crawled: Crawled) -> None:
    seen_hosts: set[str] = set()
    for exchange in crawled.exchanges:
        parts = urlsplit(exchange.url)
        assert parts.hostname.endswith(("people.com.cn", "people.cn"))
        if parts.hostname not in seen_hosts:
            assert parts.path == "/robots.txt", f"{exchange.url} before robots.txt"
            seen_hosts.add(parts.hostname)
    hosts = {urlsplit(e.url).hostname for e in crawled.exchanges}
    assert hosts == {
        "politics.people.com.cn",
        "cpc.people.com.cn",
        "www.people.com.cn",
        "paper.people.com.cn",
        "theory.people.com.cn",
        "opinion.people.com.cn",
        "world.people.com.cn",
        "finance.people.com.cn",
        "health.people.com.cn",
        "yuqing.people.com.cn",
    }  # not pic. (a gallery), v. (video), en. (English), mongol. (minority language)
    urls = {e.url for e in crawled.exchanges}
    assert "http://paper.people.com.cn/rmrb/pc/content/202501/15/content_30051235.html" not in urls


def test_parquet_points_at_the_archived_capture(crawled: Crawled) -> None:
    rows = sql(
        f"""SELECT url, warc_filename, warc_offset, warc_record_id FROM read_parquet(
            '{crawled.output}/articles/**/*.parquet', hive_partitioning = true)"""
    )
    for url, filename, offset, record_id in rows:
        with (crawled.output / "warc" / filename).open("rb") as f:
            f.seek(offset)
            record = next(iter(ArchiveIterator(f)))
        assert record.rec_headers.get_header("WARC-Record-ID") == record_id
        assert record.rec_headers.get_header("WARC-Target-URI") == url


def test_replay_rebuilds_the_same_rows(crawled: Crawled, tmp_path: Path) -> None:
    replayed = run_scrapy(
        ["replay", str(crawled.output / "warc"), "--output", str(tmp_path)], None, tmp_path
    )
    assert replayed.returncode == 0, replayed.log
    assert f"{len(ARTICLE_IDS)} articles, {QUOTATIONS} quotations written" in replayed.log
    for dataset, key in (("articles", "article_id"), ("quotations", "quote_id")):
        live, again = (
            sql(
                f"""SELECT * EXCLUDE (fetched_at) FROM read_parquet(
                    '{root}/{dataset}/**/*.parquet', hive_partitioning = true) ORDER BY {key}"""
                if dataset == "articles"
                else f"""SELECT * FROM read_parquet('{root}/{dataset}/**/*.parquet',
                    hive_partitioning = true) ORDER BY {key}"""
            )
            for root in (crawled.output, tmp_path)
        )
        assert live == again
        assert len(live) == {"articles": len(ARTICLE_IDS), "quotations": QUOTATIONS}[dataset]


def test_start_urls_override_the_defaults(site: SampleSite, tmp_path: Path) -> None:
    two_page = "http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html"
    result = crawl("people", site, tmp_path, "-a", f"start_urls={SEED_URL},{two_page}")
    assert result.returncode == 0, result.log[-3000:]
    rows = sql(
        f"""SELECT article_id, page_count FROM read_parquet(
            '{tmp_path}/articles/**/*.parquet', hive_partitioning = true) ORDER BY article_id"""
    )
    assert rows == [("people-32562001", 2), ("people-32564489", 1)]
