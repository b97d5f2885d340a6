"""``scrapy wacz [--output DIR] [--file NAME.wacz] [--no-viewer]``: package the archive as a
WACZ, with a ReplayWeb.page viewer beside it."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import pyarrow as pa
from scrapy.commands import ScrapyCommand

from archive.index import Capture, closed_warcs, index_directory, read_cdxj
from archive.viewer import ViewerError, install_viewer
from archive.wacz import Page, build_wacz
from commands import OutputRootOption
from core.errors import PeoplesDailyError
from pipelines.dataset import scan
from spiders.urls import parse_article_url

# What the page list is made from: the article rows, each pointing at its first page's record.
_ARTICLE_COLUMNS = pa.schema(
    [
        ("article_id", pa.string()),
        ("title", pa.string()),
        ("version", pa.int32()),
        ("page_count", pa.int16()),
        ("warc_filename", pa.string()),
        ("warc_offset", pa.int64()),
    ]
)


class Command(OutputRootOption, ScrapyCommand):
    requires_crawler_process = False  # it works on files: no crawl, no reactor

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Package the closed WARC files of the output root as a WACZ (pywb, ReplayWeb.page)"

    def long_desc(self) -> str:
        return (
            "Writes one WACZ holding every closed WARC file under DIR/warc, their CDX index, "
            "and a pages.jsonl listing every archived page of the articles (later pages of a "
            "long article as 'title (2/3)'), with their titles from the articles dataset and "
            "the time of their capture; without a dataset, every archived HTML page. The "
            "package is validated with py-wacz before it appears (exit status 3 when it cannot "
            "be built). Beside it goes a ReplayWeb.page viewer (index.html, opening this WACZ; "
            "scrapy serve-archive serves it), unless --no-viewer."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--file",
            metavar="PATH",
            help="where to write the WACZ (default DIR/wacz/{WARC_PREFIX}-{UTC time}.wacz)",
        )
        parser.add_argument(
            "--no-viewer",
            action="store_true",
            help="write no ReplayWeb.page viewer (index.html, ui.js, replay/) beside the WACZ",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        root = self.output_root(opts)
        warcs = closed_warcs(root / "warc")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
        default = root / "wacz" / f"{self.settings.get('WARC_PREFIX')}-{stamp}.wacz"
        output = Path(opts.file) if opts.file else default
        packaged = {w.name for w in warcs}
        captures = [c for c in read_cdxj(index_directory(root / "warc")) if c.filename in packaged]
        pages = _article_pages(root, captures) or _html_pages(captures)
        try:
            build_wacz(warcs, pages, output, title=f"People's Daily archive ({root})")
        except PeoplesDailyError as exc:
            self.fail(exc)
            return
        print(f"wacz: {output} ({len(warcs)} WARC file(s), {len(pages)} page(s))")
        if opts.no_viewer:
            return
        try:
            viewer = install_viewer(output.parent, default_source=output.name)
        except ViewerError as exc:
            print(f"wacz: no viewer written beside it: {exc}", file=sys.stderr)
            return
        print(f"wacz: viewer {viewer} (ReplayWeb.page; `scrapy serve-archive` serves it)")


def _article_pages(root: Path, captures: list[Capture]) -> list[Page]:
    """Every archived page of the latest version of every article in the package, in capture
    order: its first page (the record its row points at) under the article's title, and each
    later page, as "title (n/N)", from the first capture of it at or after the first page's.

    Each page's time is its capture's (from the CDXJ), to the second as the WACZ index has it:
    py-wacz leaves out a page whose time matches no capture.
    """
    by_record = {(c.filename, c.offset): c for c in captures}
    later: dict[tuple[str, int], list[Capture]] = {}  # (article_id, page number) → captures
    for capture in sorted(captures, key=lambda c: c.timestamp):
        ref = parse_article_url(capture.url)
        if ref and ref.page > 1 and capture.status == 200:
            later.setdefault((ref.article_id, ref.page), []).append(capture)
    latest: dict[str, tuple[dict, Capture]] = {}
    for table in scan(root, "articles", _ARTICLE_COLUMNS):
        for row in table.to_pylist():
            first = by_record.get((row["warc_filename"], row["warc_offset"]))
            known = latest.get(row["article_id"])
            if first and (not known or (row["version"] or 1) > (known[0]["version"] or 1)):
                latest[row["article_id"]] = (row, first)
    pages = []
    for row, first in latest.values():
        title, count = row["title"], row["page_count"] or 1
        pages.append(Page(first.url, _from_stamp(first.timestamp), title))
        for n in range(2, count + 1):
            after = (
                c for c in later.get((row["article_id"], n), []) if c.timestamp >= first.timestamp
            )
            if capture := next(after, None):
                name = f"{title} ({n}/{count})" if title else None
                pages.append(Page(capture.url, _from_stamp(capture.timestamp), name))
    return sorted(pages, key=lambda p: (p.ts, p.url))


def _from_stamp(stamp: str) -> dt.datetime:
    return dt.datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)


def _html_pages(captures: list[Capture]) -> list[Page]:
    """Without a dataset: every HTML page archived with status 200, first capture of each."""
    pages: dict[str, Page] = {}
    for capture in sorted(captures, key=lambda c: c.timestamp):
        html = capture.mime.startswith("text/html")
        if html and capture.status == 200 and not capture.revisit and capture.url not in pages:
            pages[capture.url] = Page(capture.url, _from_stamp(capture.timestamp))
    return list(pages.values())
