"""``scrapy wacz [--output DIR] [--file NAME.wacz]``: package the archive as a WACZ."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from scrapy.commands import ScrapyCommand

from archive.index import closed_warcs, index_directory, read_cdxj
from archive.wacz import Page, build_wacz
from commands import OutputRootOption
from core.errors import PeoplesDailyError


class Command(OutputRootOption, ScrapyCommand):
    requires_crawler_process = False  # it works on files: no crawl, no reactor

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Package the closed WARC files of the output root as a WACZ (pywb, ReplayWeb.page)"

    def long_desc(self) -> str:
        return (
            "Writes one WACZ holding every closed WARC file under DIR/warc, their CDX index, "
            "and a pages.jsonl listing the article pages (with their titles, from the articles "
            "dataset; without one, every archived HTML page). The package is validated with "
            "py-wacz before it appears (exit status 3 when it cannot be built)."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--file",
            metavar="PATH",
            help="where to write the WACZ (default DIR/wacz/{WARC_PREFIX}-{UTC time}.wacz)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        root = self.output_root(opts)
        warcs = closed_warcs(root / "warc")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
        default = root / "wacz" / f"{self.settings.get('WARC_PREFIX')}-{stamp}.wacz"
        output = Path(opts.file) if opts.file else default
        pages = _article_pages(root, warcs) or _html_pages(root / "warc")
        try:
            build_wacz(warcs, pages, output, title=f"People's Daily archive ({root})")
        except PeoplesDailyError as exc:
            self.fail(exc)
            return
        print(f"wacz: {output} ({len(warcs)} WARC file(s), {len(pages)} page(s))")


def _article_pages(root: Path, warcs: list[Path]) -> list[Page]:
    """The latest version of every article whose capture is in the package, in capture order.

    Each page's time is its capture's (from the CDXJ), to the second as the WACZ index has it:
    py-wacz leaves out a page whose time matches no capture.
    """
    if not (root / "articles").is_dir():
        return []
    captured = {
        (c.url, c.filename): c.timestamp
        for c in read_cdxj(index_directory(root / "warc"))
        if not c.revisit
    }
    packaged = {w.name for w in warcs}
    columns = ["url", "title", "warc_filename", "version"]
    import pyarrow.dataset as ds  # slow to import (pandas with it): only this command needs it

    rows = ds.dataset(root / "articles", format="parquet").to_table(columns=columns).to_pylist()
    latest: dict[str, dict] = {}
    for row in rows:
        known = latest.get(row["url"])
        stamp = captured.get((row["url"], row["warc_filename"]))
        if (
            row["warc_filename"] in packaged
            and stamp
            and (not known or row["version"] > known["version"])
        ):
            latest[row["url"]] = {**row, "stamp": stamp}
    return [
        Page(r["url"], _from_stamp(r["stamp"]), r["title"])
        for r in sorted(latest.values(), key=lambda r: r["stamp"])
    ]


def _from_stamp(stamp: str) -> dt.datetime:
    return dt.datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)


def _html_pages(warc_dir: Path) -> list[Page]:
    """Without a dataset: every HTML page archived with status 200, first capture of each."""
    pages: dict[str, Page] = {}
    for capture in read_cdxj(index_directory(warc_dir)):
        html = capture.mime.startswith("text/html")
        if html and capture.status == 200 and not capture.revisit and capture.url not in pages:
            pages[capture.url] = Page(capture.url, _from_stamp(capture.timestamp))
    return list(pages.values())
