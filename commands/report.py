"""``scrapy report [--output DIR]``: a static report of the datasets, to open in a browser."""

from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand

from commands import OutputRootOption
from core.errors import PeoplesDailyError
from core.progress import Progress
from report.site import build_report


class Command(OutputRootOption, ScrapyCommand):
    requires_crawler_process = False  # it reads files: no crawl, no reactor

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return (
            "Write a static report of the datasets (charts, lists, every quotation) to DIR/report"
        )

    def long_desc(self) -> str:
        return (
            "Writes DIR/report/index.html and the files beside it: counts, quotations by year "
            "said and published, speakers and occasions most quoted first, the most re-quoted "
            "passages, the runs of DIR/runs, and a table of every quotation that filters, sorts "
            "and pages. It opens from the disk, or served (scrapy serve-archive, which also "
            "makes the capture links work). Capture links open the bundled ReplayWeb.page on "
            "the output's WACZ (packaged first when none is as new as the WARC files), or a "
            "pywb collection when REPLAY_URL_TEMPLATE is set. Exit status 3 when it cannot be "
            "written."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        root = self.output_root(opts)
        interval = self.settings.getfloat("PROGRESS_INTERVAL")
        try:
            with Progress("report", unit="quotations", interval=interval) as progress:
                built = build_report(
                    root,
                    self.settings.get("WARC_PREFIX"),
                    self.settings.get("REPLAY_URL_TEMPLATE"),
                    progress,
                )
        except PeoplesDailyError as exc:
            self.fail(exc)
            return
        for note in built.notes:
            print(f"report: {note}")
        captures = {"viewer": "ReplayWeb.page", "template": "REPLAY_URL_TEMPLATE"}.get(
            built.captures, "nothing (no archive)"
        )
        print(
            f"report: {built.index} ({built.rows} quotations in {built.chunks} part(s); "
            f"captures open in {captures})"
        )
        print(f"report: open it, or `scrapy serve-archive --output {root}` to serve it")
