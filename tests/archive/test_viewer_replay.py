"""A crawl of the sample site, packaged by ``scrapy wacz``, served by ``scrapy serve-archive``
and opened in ReplayWeb.page in Chromium: the page list is complete, a link to a capture shows
the article, and the viewer reads the WACZ by byte ranges.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.index import index_directory, read_cdxj
from archive.viewer import viewer_link
from samplesite import SampleSite
from spiders.urls import parse_article_url
from tests.archive.conftest import ServedArchive, serve_archive
from tests.browser import replayed_page, screenshot, viewer_app
from tests.conftest import crawl, run_scrapy

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Pages of the sample site the links are tried on: an article of two pages, its second page,
# and an article served as GB2312.
MULTI_PAGE = "http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html"
SECOND_PAGE = "http://politics.people.com.cn/n1/2022/1110/c1001-32562001-2.html"
GB2312 = "http://world.people.com.cn/n1/2019/0615/c1002-31153800.html"


@dataclass
class Archived:
    output: Path
    wacz: Path
    log: str

    def pages(self) -> list[dict]:
        """pages.jsonl of the WACZ, without its header."""
        with zipfile.ZipFile(self.wacz) as package:
            lines = package.read("pages/pages.jsonl").decode("utf-8").splitlines()
        return [json.loads(line) for line in lines[1:]]

    def article(self, url: str) -> tuple[str, dt.datetime]:
        """Title and fetch time of the article whose first page is ``url``, from Parquet."""
        found = (
            duckdb.connect()
            .execute(
                f"""SELECT title, fetched_at FROM read_parquet(
                    '{self.output}/articles/**/*.parquet') WHERE url = ?""",
                [url],
            )
            .fetchone()
        )
        assert found, url
        return found


def package(output: Path) -> Archived:
    done = run_scrapy(["wacz", "--output", str(output)], None, output)
    assert done.returncode == 0, done.log
    (wacz,) = (output / "wacz").glob("*.wacz")
    return Archived(output, wacz, done.log)


@pytest.fixture(scope="module")
def archived(site: SampleSite, tmp_path_factory: pytest.TempPathFactory) -> Archived:
    output = tmp_path_factory.mktemp("replayweb")
    crawled = crawl("people", site, output)
    assert crawled.returncode == 0, crawled.log[-3000:]
    return package(output)


def with_viewer(archived: Archived) -> Archived:
    if not (archived.wacz.parent / "index.html").exists():
        pytest.skip(archived.log.strip().splitlines()[-1])  # scrapy wacz said why
    return archived


@pytest.fixture(scope="module")
def served(archived: Archived) -> Iterator[ServedArchive]:
    with serve_archive(with_viewer(archived).output) as served:
        yield served


def test_pages_jsonl_lists_every_page_of_every_article_with_its_capture(
    archived: Archived,
) -> None:
    rows = (
        duckdb.connect()
        .execute(
            f"""SELECT url, title, page_count FROM read_parquet(
                '{archived.output}/articles/**/*.parquet')"""
        )
        .fetchall()
    )
    captured = {
        c.url: c.timestamp
        for c in read_cdxj(index_directory(archived.output / "warc"))
        if c.status == 200
    }
    later = {}  # page URLs of the archive beyond the first, by (first page, page number)
    for url in captured:
        ref = parse_article_url(url)
        if ref and ref.page > 1:
            later[ref.first_page_url, ref.page] = url
    expected = {}
    for url, title, count in rows:
        expected[url] = title
        for n in range(2, count + 1):
            expected[later[url, n]] = f"{title} ({n}/{count})"
    listed = archived.pages()
    assert {p["url"]: p["title"] for p in listed} == expected
    assert len(listed) == len(expected) > len(rows)  # the later pages are there, once each
    for page in listed:  # each at the time of its capture
        stamp = dt.datetime.fromisoformat(page["ts"]).strftime("%Y%m%d%H%M%S")
        assert stamp == captured[page["url"]], page


@pytest.mark.parametrize(
    ("url", "first_page"),
    [(MULTI_PAGE, MULTI_PAGE), (SECOND_PAGE, MULTI_PAGE), (GB2312, GB2312)],
    ids=["first-page", "second-page", "gb2312"],
)
def test_a_link_to_a_capture_shows_the_article_in_the_replay_frame(
    cold_page: Page,
    served: ServedArchive,
    archived: Archived,
    url: str,
    first_page: str,
    request: pytest.FixtureRequest,
) -> None:
    title, fetched_at = archived.article(first_page)
    # As a report links it: the capture named by the article's fetch time.
    link = viewer_link("wacz/index.html", f"wacz/{archived.wacz.name}", url, fetched_at)
    cold_page.goto(served.base + link)
    replayed = replayed_page(cold_page)
    replayed.locator("h1").filter(has_text=title).wait_for()
    frame = next(f for f in cold_page.frames if "mp_/" in f.url)
    assert frame.url.endswith("mp_/" + url)  # that page, not another capture
    screenshot(cold_page, f"replay-{request.node.callspec.id}")


def test_the_page_list_shows_every_page_of_the_wacz(
    cold_page: Page, served: ServedArchive, archived: Archived
) -> None:
    cold_page.goto(served.base + viewer_link("wacz/", f"wacz/{archived.wacz.name}"))
    entries = viewer_app(cold_page).locator("wr-page-entry")
    pages = archived.pages()
    for page in pages:  # (a title is text in a shadow root: has_text finds it, inner_text not)
        entries.filter(has_text=page["url"]).filter(has_text=page["title"]).wait_for()
    assert entries.count() == len(pages)
    screenshot(cold_page, "page-list")


def test_the_viewer_reads_a_large_wacz_by_ranges(
    cold_page: Page, archived: Archived, tmp_path: Path
) -> None:
    output = tmp_path / "large"
    shutil.copytree(archived.output, output, ignore=shutil.ignore_patterns("wacz"))
    write_filler(output / "warc" / "filler.warc.gz", megabytes=8)
    large = package(output)
    with_viewer(large)
    size = large.wacz.stat().st_size
    title, fetched_at = large.article(MULTI_PAGE)
    with serve_archive(output) as served:
        link = viewer_link("wacz/index.html", f"wacz/{large.wacz.name}", MULTI_PAGE, fetched_at)
        cold_page.goto(served.base + link)
        replayed_page(cold_page).locator("h1").filter(has_text=title).wait_for()
        screenshot(cold_page, "replay-large-wacz")
    # The server has stopped: its access log is all read.
    reads = [a for a in served.log if a.path == f"/wacz/{large.wacz.name}" and a.method == "GET"]
    assert reads and all(a.status == 206 for a in reads), reads
    assert sum(a.sent for a in reads) < size / 10, (sum(a.sent for a in reads), size)


def write_filler(path: Path, megabytes: int) -> None:
    """A WARC of incompressible responses: a WACZ large enough that reading it whole shows."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(megabytes * 4):
            body = os.urandom(256 * 1024)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "application/octet-stream")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    f"http://www.people.com.cn/filler/{n}.bin",
                    "response",
                    payload=BytesIO(body),
                    http_headers=headers,
                )
            )
