"""``scrapy wacz [--output DIR] [--file NAME.wacz] [--no-viewer]``: package the archive as a
WACZ, with a ReplayWeb.page viewer beside it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand

from archive.viewer import ViewerError, install_viewer
from commands import OutputRootOption
from core.errors import PeoplesDailyError
from core.progress import Progress
from report.wacz import package_archive


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
        interval = self.settings.getfloat("PROGRESS_INTERVAL")
        try:
            # Phases, not counts: py-wacz works in a process of its own and tells nothing.
            with Progress("wacz", interval=interval) as progress:
                done = package_archive(
                    root,
                    self.settings.get("WARC_PREFIX"),
                    Path(opts.file) if opts.file else None,
                    progress=progress,
                )
        except PeoplesDailyError as exc:
            self.fail(exc)
            return
        output = done.path
        print(f"wacz: {output} ({done.warcs} WARC file(s), {done.pages} page(s))")
        if opts.no_viewer:
            return
        try:
            viewer = install_viewer(output.parent, default_source=output.name)
        except ViewerError as exc:
            print(f"wacz: no viewer written beside it: {exc}", file=sys.stderr)
            return
        print(f"wacz: viewer {viewer} (ReplayWeb.page; `scrapy serve-archive` serves it)")
