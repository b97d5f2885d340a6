"""``scrapy compact [--output DIR]``: merge each partition's small Parquet files into one."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand

from commands import OutputRootOption
from core.errors import PeoplesDailyError
from core.progress import Progress
from pipelines.compaction import compact


class Command(OutputRootOption, ScrapyCommand):
    requires_crawler_process = False  # it works on files: no crawl, no reactor

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Merge the small Parquet files of each partition into one (no crawl may be writing)"

    def long_desc(self) -> str:
        return (
            "Rewrites every partition of the articles and quotations datasets that holds more "
            "than one file, or a file of an older schema, as a single file: every row kept, rows "
            "sorted, the current schema (columns it adds derived where the rows allow), and "
            "rebuilds quotes/ whole. "
            "Each partition is swapped in one step, so readers never see it half done. Refuses "
            "to start while a crawl or replay writes to the same output root (exit status 7); "
            "exit status 3 when a partition could not be rewritten."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        root = self.output_root(opts)
        if not (root / "articles").is_dir():
            print(f"compact: no dataset in {root} (no articles/ folder)", file=sys.stderr)
            self.exitcode = 1
            return
        assert self.settings is not None
        interval = self.settings.getfloat("PROGRESS_INTERVAL")
        try:
            with Progress("compact", unit="partitions", interval=interval) as progress:
                done = compact(root, progress)
        except PeoplesDailyError as exc:
            self.fail(exc)
            return
        partitions = [c for c in done if c.dataset != "quotes"]
        for c in partitions:
            print(f"compact: {c.dataset}/{c.partition}: {c.files} files -> 1 ({c.rows} rows)")
        if not partitions:
            print(
                f"compact: no partition to rewrite in {root}: none holds more than one file "
                "or an older schema's"
            )
        for c in done:
            if c.dataset == "quotes":
                print(f"compact: quotes/ rebuilt: {c.rows} distinct quotations")
