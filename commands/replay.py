"""``scrapy replay PATH… --output DIR``: re-extract the dataset from WARC files, with no network."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.reader import WACZ_SUFFIX, iter_responses
from archive.warc import OPEN_SUFFIX
from commands import OutputRootOption
from core.errors import PeoplesDailyError
from core.run import new_run_id
from pipelines.article import extract_article
from pipelines.parquet import DatasetWriter
from pipelines.workers import ExtractorPool
from spiders.archived import ReplayCounts, ResponseDecoder, articles_from_archive

ARCHIVE_SUFFIXES = (
    ".warc.gz", ".warc", f".warc.gz{OPEN_SUFFIX}", f".warc{OPEN_SUFFIX}", WACZ_SUFFIX
)  # fmt: skip


class Command(OutputRootOption, ScrapyCommand):
    requires_crawler_process = False  # it reads files: no crawl, no reactor (and a faster start)

    def syntax(self) -> str:
        return "[options] PATH [PATH ...]"

    def short_desc(self) -> str:
        return "Re-extract articles and quotations from archived WARC or WACZ files (no network)"

    def long_desc(self) -> str:
        return (
            "Reads every response record (revisit records answered by their originals) in the "
            "given WARC and WACZ files, or in those of the given folders, merges multi-page "
            "articles, extracts articles and dated quotations, and writes them as Parquet in the "
            "same layout as a crawl: an article already in the output unchanged adds no row, a "
            "changed one its next version. Exit status 1 when an archive cannot be read, 3 when "
            "the output cannot be written, 7 while a compaction runs on the output root."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--workers",
            type=int,
            default=len(os.sched_getaffinity(0)),
            metavar="N",
            help="processes decoding and extracting articles while the archive is read "
            "(default: one per CPU; 0: all in this process)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one WARC file or folder")
        assert self.settings is not None
        paths = _warc_paths(args)
        if not paths:
            raise UsageError(f"no WARC files in {', '.join(args)}")
        output = self.output_uri(opts)
        run_id = new_run_id()
        pool = ExtractorPool(extract_article, opts.workers)
        batch = self.settings.getint("PARQUET_BATCH_ITEMS")
        pool.start()  # the workers start up while the dataset and the archive are opened
        counts = ReplayCounts()
        problems: list[str] = []
        failed = 0
        try:
            with (
                pool,
                DatasetWriter(output, batch, run_id) as writer,
            ):
                decode = ResponseDecoder(self.settings)
                responses = iter_responses(paths, problems)
                items = articles_from_archive(responses, decode, counts)
                for extracted in pool.extract_all(items):
                    if isinstance(extracted, Exception):
                        failed += 1
                        problems.append(f"extraction failed: {extracted!r}")
                        continue
                    writer.add(extracted)
                writer.finish()
        except PeoplesDailyError as exc:
            self.fail(exc)
            return
        outcomes = writer.outcomes
        print(
            f"replay: run {run_id}: {len(paths)} WARC file(s), {counts.responses} responses, "
            f"{writer.rows['articles']} articles, {writer.rows['quotations']} quotations written"
            f" ({counts.duplicates} duplicate captures, {counts.incomplete} incomplete"
            f"{f', {failed} failed extraction' if failed else ''})"
        )
        print(
            f"replay: articles {outcomes['new']} new, {outcomes['changed']} changed, "
            f"{outcomes['unchanged']} already in {output} unchanged"
        )
        print(f"replay: quotes/: {writer.rows['quotes']} distinct quotation(s) updated")
        for reason, n in sorted(counts.skipped.items()):
            print(f"replay: skipped {n} response(s): {reason}")
        for problem in problems:
            print(f"replay: {problem}")
        for path in paths:
            if path.name.endswith(OPEN_SUFFIX):
                print(f"replay: {path} was never closed (a crash?): its end may be missing")
        for f in writer.files:
            print(f"replay: wrote {f}")


def _warc_paths(args: list[str]) -> list[Path]:
    paths: list[Path] = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            paths.extend(sorted(f for f in p.iterdir() if f.name.endswith(ARCHIVE_SUFFIXES)))
        elif p.exists():
            paths.append(p)
        else:
            raise UsageError(f"no such file or folder: {arg}")
    return paths
