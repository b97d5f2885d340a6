"""What two crawls of the sample site archived, checked with the archivists' own tools.

warcio, FastWARC, cdxj-indexer, py-wacz and pywb (wb-manager, wayback on 127.0.0.1) read the
WARC files; pywb's raw (``id_``) replay is compared with the sample site's own record of what it
sent, byte for byte, gzip included. The second run's unchanged pages are revisit records.
"""

from __future__ import annotations

import gzip
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.index import cdxj_path, read_cdxj
from archive.warc import OPEN_SUFFIX
from samplesite import Exchange, SampleSite
from spiders.urls import parse_article_url
from tests.conftest import CrawlResult, crawl, run_scrapy, start_crawl

BIN = Path(sys.executable).parent
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding"}


@dataclass
class Runs:
    output: Path
    first: list[Exchange]  # what the site sent in the first run
    second: list[Exchange]
    results: tuple[CrawlResult, CrawlResult]


@pytest.fixture(scope="module")
def runs(site: SampleSite, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    output = tmp_path_factory.mktemp("archived")
    start = len(site.exchanges)
    first = crawl("people", site, output)
    middle = len(site.exchanges)
    second = crawl("people", site, output)
    for result in (first, second):
        assert result.returncode == 0, result.log[-3000:]
    return Runs(output, site.exchanges[start:middle], site.exchanges[middle:], (first, second))


def warcs(output: Path) -> list[Path]:
    return sorted((output / "warc").glob("*.warc.gz"))


def tool(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def revisit_ids(path: Path) -> set[str]:
    with path.open("rb") as f:
        return {
            r.rec_headers.get_header("WARC-Record-ID")
            for r in ArchiveIterator(f)
            if r.rec_type == "revisit"
        }


def test_the_second_run_writes_revisits_for_unchanged_pages(runs: Runs) -> None:
    first, second = warcs(runs.output)
    assert revisit_ids(first) == set()
    # Every 200 with a body in run two is byte-identical to run one: all are revisits.
    ok = [e for e in runs.second if e.status == 200 and e.body]
    assert len(revisit_ids(second)) == len(ok) > 0


def test_warcio_and_fastwarc_check_every_file(runs: Runs, tmp_path: Path) -> None:
    for path in warcs(runs.output):
        checked = tool("warcio", "check", "-v", str(path))
        assert checked.returncode == 0, checked.stdout[-2000:]
        assert "digest pass" in checked.stdout and "fail" not in checked.stdout
        details = tmp_path / f"{path.name}.txt"
        tool("fastwarc", "check", "-q", "-p", "-o", str(details), str(path))
        verdicts = dict(line.split(": ", 1) for line in details.read_text().splitlines())
        assert all(v.startswith("OK,") for v in verdicts.values())  # every block digest
        # FastWARC fails a revisit's payload digest (its body lies in the original's record):
        # those, and only those, fail.
        failed = {record for record, v in verdicts.items() if v.endswith("PAYLOAD_FAIL")}
        assert failed == revisit_ids(path)


def test_our_cdxj_is_what_cdxj_indexer_writes(runs: Runs) -> None:
    for path in warcs(runs.output):
        theirs = tool("cdxj-indexer", "--sort", str(path))
        assert theirs.returncode == 0, theirs.stderr
        ours = cdxj_path(path).read_text(encoding="utf-8")
        assert ours == theirs.stdout


@pytest.fixture(scope="module")
def wayback(runs: Runs, pywb_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """pywb serving both runs' WARC files (collection ``warcs``) and their WACZ (``wacz``)."""
    root = tmp_path_factory.mktemp("pywb")
    wacz = run_scrapy(["wacz", "--output", str(runs.output)], None, runs.output)
    assert wacz.returncode == 0, wacz.log
    (package,) = (runs.output / "wacz").glob("*.wacz")
    for collection, files, options in (
        ("warcs", warcs(runs.output), []),
        ("wacz", [package], ["--unpack-wacz"]),  # pywb takes a WACZ's own index and WARCs
    ):
        init = [str(pywb_bin / "wb-manager"), "init", collection]
        assert subprocess.run(init, cwd=root, capture_output=True).returncode == 0
        add = [str(pywb_bin / "wb-manager"), "add", *options, collection, *map(str, files)]
        added = subprocess.run(add, cwd=root, capture_output=True, text=True)
        assert added.returncode == 0, added.stdout + added.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(pywb_bin / "wayback"), "-p", str(port), "-b", "127.0.0.1"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/warcs/cdx?url=x", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, "wayback did not start"
            time.sleep(0.2)
    yield base
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def fetch(url: str) -> tuple[int, dict[str, list[str]], bytes]:
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with opener.open(request, timeout=30) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:  # 3xx/4xx/5xx replay as themselves
        status, headers, body = error.code, error.headers, error.read()
    values: dict[str, list[str]] = {}
    for name, value in headers.items():
        values.setdefault(name.lower(), []).append(value)
    return status, values, body


def capture_time(output: Path, url: str, nth: int) -> str:
    """The 14-digit timestamp of the nth capture of ``url`` (0: first run)."""
    stamps = sorted(
        c.timestamp for path in warcs(output) for c in read_cdxj([cdxj_path(path)]) if c.url == url
    )
    return stamps[nth]


def assert_replayed_as_sent(base: str, collection: str, stamp: str, sent: Exchange) -> None:
    status, headers, body = fetch(f"{base}/{collection}/{stamp}id_/{sent.url}")
    assert status == sent.status, sent.url
    assert body == sent.body, sent.url  # the very bytes, gzip included
    for name, value in sent.headers:
        if name.lower() in HOP_BY_HOP:
            continue
        kept = headers.get(name.lower(), []) + headers.get(f"x-archive-orig-{name.lower()}", [])
        assert value in kept, (sent.url, name, value, headers)


def test_pywb_replays_every_response_as_the_server_sent_it(runs: Runs, wayback: str) -> None:
    for nth, exchanges in enumerate((runs.first, runs.second)):
        for sent in exchanges:  # the second run: revisits, answered from run one's records
            stamp = capture_time(runs.output, sent.url, nth)
            assert_replayed_as_sent(wayback, "warcs", stamp, sent)


def test_pywb_renders_article_pages_and_lists_every_capture(runs: Runs, wayback: str) -> None:
    for url in {e.url for e in runs.first}:
        listed = urllib.request.urlopen(f"{wayback}/warcs/cdx?url={url}&output=json").read()
        captures = [json.loads(line) for line in listed.decode().splitlines()]
        # Once per run it was fetched in (run two skips archived articles: incremental).
        fetched = sum(e.url == url for e in runs.first + runs.second)
        assert len(captures) == fetched, url
    rows = (
        duckdb.connect()
        .execute(f"SELECT url, title FROM read_parquet('{runs.output}/articles/**/*.parquet')")
        .fetchall()
    )
    for url, title in rows:
        status, headers, body = fetch(f"{wayback}/warcs/2030mp_/{url}")
        assert status == 200
        page = text_of(gzip_decoded(body, headers))
        assert title in page and "wombat" in page.lower()  # rewritten for the browser


def text_of(body: bytes) -> str:
    """UTF-8 when the bytes are (whatever the page declares), else GB18030."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030", "replace")


def gzip_decoded(body: bytes, headers: dict[str, list[str]]) -> bytes:
    return gzip.decompress(body) if "gzip" in headers.get("content-encoding", []) else body


def test_the_wacz_validates_lists_the_articles_and_replays(runs: Runs, wayback: str) -> None:
    (package,) = (runs.output / "wacz").glob("*.wacz")
    validated = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(package)],
        capture_output=True,
        text=True,
    )
    assert validated.returncode == 0 and "Validation succeeded" in validated.stdout
    with zipfile.ZipFile(package) as z:
        names = z.namelist()
        pages = [json.loads(line) for line in z.read("pages/pages.jsonl").splitlines()]
    assert "indexes/index.cdx.gz" in names
    assert {f"archive/{p.name}" for p in warcs(runs.output)} <= set(names)
    articles = (
        duckdb.connect()
        .execute(f"SELECT DISTINCT url FROM read_parquet('{runs.output}/articles/**/*.parquet')")
        .fetchall()
    )
    listed, first_pages = {p["url"] for p in pages[1:]}, {url for (url,) in articles}
    assert first_pages <= listed  # and the later pages of long articles (test_viewer_replay.py)
    assert all(parse_article_url(url).first_page_url in first_pages for url in listed - first_pages)
    assert all(p.get("title") for p in pages[1:])
    for sent in runs.first:
        assert_replayed_as_sent(wayback, "wacz", capture_time(runs.output, sent.url, 0), sent)


def test_sigkill_mid_write_then_the_next_start_repairs_the_open_file(
    site: SampleSite, tmp_path: Path
) -> None:
    process = start_crawl("people", site, tmp_path, "-s", "DOWNLOAD_DELAY=0.3")
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size > 20_000 for p in (tmp_path / "warc").glob("*.open")):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    (left,) = (tmp_path / "warc").glob("*" + OPEN_SUFFIX)
    size = left.stat().st_size

    again = crawl("people", site, tmp_path)

    assert again.returncode == 0, again.log[-3000:]
    assert f"Recovered {left.name} left open by a crash" in again.log
    assert not list((tmp_path / "warc").glob("*" + OPEN_SUFFIX))
    repaired = left.with_name(left.name.removesuffix(OPEN_SUFFIX))
    kept = repaired.stat().st_size
    tail = tmp_path / "warc" / "quarantine" / (repaired.name + ".tail")
    assert kept + (tail.stat().st_size if tail.exists() else 0) == size  # nothing lost
    assert tool("warcio", "check", "-v", str(repaired)).returncode == 0
    assert cdxj_path(repaired).exists()


def test_crawling_from_the_archive_gives_the_live_rows_without_the_network(
    runs: Runs, site: SampleSite, tmp_path: Path
) -> None:
    before = len(site.exchanges)
    replayed = crawl("people", site, tmp_path, "-s", f"REPLAY_FROM={runs.output / 'warc'}")
    assert replayed.returncode == 0, replayed.log[-3000:]
    assert len(site.exchanges) == before  # the sample site was never asked
    assert "pages replayed: 35" in replayed.log
    assert not (tmp_path / "warc").exists()  # nothing new to archive
    for dataset, key in (("articles", "article_id"), ("quotations", "quote_id")):
        live, again = (
            duckdb.connect()
            .execute(
                f"""SELECT * EXCLUDE (fetched_at) FROM read_parquet(
                    '{root}/{dataset}/**/*.parquet', union_by_name = true) ORDER BY {key}"""
                if dataset == "articles"
                else f"SELECT * FROM read_parquet('{root}/{dataset}/**/*.parquet') ORDER BY {key}"
            )
            .fetchall()
            for root in (runs.output, tmp_path)
        )
        assert live == again and live


def test_scrapy_replay_reads_the_wacz_too(runs: Runs, wayback: str, tmp_path: Path) -> None:
    (package,) = (runs.output / "wacz").glob("*.wacz")
    replayed = run_scrapy(["replay", str(package), "--output", str(tmp_path)], None, tmp_path)
    assert replayed.returncode == 0, replayed.log
    query = "SELECT * FROM read_parquet('{}/quotations/**/*.parquet') ORDER BY quote_id"
    con = duckdb.connect()
    assert (
        con.execute(query.format(tmp_path)).fetchall()
        == con.execute(query.format(runs.output)).fetchall()
    )
    assert "0 changed" in replayed.log  # run two's revisits: the same articles again


def test_revisited_rows_point_at_the_payload(runs: Runs) -> None:
    """Run two wrote no rows (nothing changed); every row's record holds a whole response."""
    rows = (
        duckdb.connect()
        .execute(
            f"""SELECT warc_filename, warc_offset FROM read_parquet(
            '{runs.output}/articles/**/*.parquet')"""
        )
        .fetchall()
    )
    for filename, offset in rows:
        with (runs.output / "warc" / filename).open("rb") as f:
            f.seek(offset)
            assert next(iter(ArchiveIterator(f))).rec_type == "response"
