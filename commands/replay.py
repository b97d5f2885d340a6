"""``scrapy replay PATH… --output DIR``: re-extract the dataset from WARC files, with no network."""

from __future__ import annotations

import argparse
import os
import zipfile
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.reader import WACZ_SUFFIX, ArchivedResponse, WarcSource, iter_responses, warc_sources
from archive.warc import OPEN_SUFFIX
from commands import OutputRootOption
from core import stats as S
from core.errors import PeoplesDailyError
from core.progress import Progress
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
        interval = self.settings.getfloat("PROGRESS_INTERVAL")
        pool.start()  # the workers start up while the dataset and the archive are opened
        counts = ReplayCounts()
        problems: list[str] = []
        failed = 0
        try:
            with (
                pool,
                DatasetWriter(output, batch, run_id) as writer,
                Progress("replay", unit="B", interval=interval) as progress,
            ):
                decode = ResponseDecoder(self.settings)
                responses = _read_with_progress(iter_responses(paths, problems), paths, progress)
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
            f"replay: articles {outcomes[S.NEW]} new, {outcomes[S.CHANGED]} changed, "
            f"{outcomes[S.UNCHANGED]} already in {output} unchanged"
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


def _read_with_progress(
    responses: Iterator[ArchivedResponse], paths: list[Path], progress: Progress
) -> Iterator[ArchivedResponse]:
    """``responses``, with the archive's bytes read so far (the files before the record's, and
    its offset in its own) and the records read reported to ``progress``."""
    sources = warc_sources(paths)
    starts = list(accumulate((_size(source) for source in sources), initial=0))
    first: dict[str, int] = {}  # a WARC's name → its place in the reading order
    for place, source in enumerate(sources):
        first.setdefault(source.name, place)
    progress.update(total=starts[-1])
    place = 0
    for records, response in enumerate(responses, 1):
        # A revisit answered by its original points back into an earlier file: not a step back.
        place = max(place, first.get(response.location.filename, place))
        progress.update(done=starts[place] + response.location.offset, note=f"{records:,} records")
        yield response
    progress.update(done=starts[-1])  # the last record read: the whole archive


def _size(source: WarcSource) -> int:
    """The bytes of a WARC file, or of a WARC inside a WACZ (as stored there)."""
    if source.member is None:
        return source.path.stat().st_size
    with zipfile.ZipFile(source.path) as wacz:
        return wacz.getinfo(source.member).file_size


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
