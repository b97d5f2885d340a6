"""``scrapy replay PATH… --output DIR``: re-extract the dataset from WARC files, with no network."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.reader import ArchiveReadError, iter_responses
from archive.warc import OPEN_SUFFIX
from pipelines.extraction import extract_article
from pipelines.parquet import DatasetWriter, ParquetWriteError
from spiders.archived import ReplayCounts, ResponseDecoder, articles_from_archive

WARC_SUFFIXES = (".warc.gz", ".warc", f".warc.gz{OPEN_SUFFIX}", f".warc{OPEN_SUFFIX}")


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] PATH [PATH ...]"

    def short_desc(self) -> str:
        return "Re-extract articles and quotations from archived WARC files (no network)"

    def long_desc(self) -> str:
        return (
            "Reads every response record in the given WARC files (or in *.warc.gz files of the "
            "given folders), merges multi-page articles, extracts articles and dated quotations, "
            "and writes them as Parquet in the same layout as a crawl."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-o",
            "--output",
            metavar="DIR",
            help="output root for articles/ and quotations/ (defaults to the OUTPUT_DIR setting)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one WARC file or folder")
        assert self.settings is not None
        paths = _warc_paths(args)
        if not paths:
            raise UsageError(f"no WARC files in {', '.join(args)}")
        output = Path(opts.output or self.settings.get("OUTPUT_DIR", "data"))
        writer = DatasetWriter(output, self.settings.getint("PARQUET_BATCH_ITEMS", 500))
        counts = ReplayCounts()
        problems: list[str] = []
        try:
            decode = ResponseDecoder(self.settings)
            for item in articles_from_archive(iter_responses(paths, problems), decode, counts):
                writer.add(extract_article(item))
            writer.flush()
        except (ArchiveReadError, ParquetWriteError) as exc:
            print(f"replay: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(
            f"replay: {len(paths)} WARC file(s), {counts.responses} responses, "
            f"{writer.rows['articles']} articles, {writer.rows['quotations']} quotations"
            f" ({counts.duplicates} duplicate captures, {counts.incomplete} incomplete)"
        )
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
            paths.extend(sorted(f for f in p.iterdir() if f.name.endswith(WARC_SUFFIXES)))
        elif p.exists():
            paths.append(p)
        else:
            raise UsageError(f"no such file or folder: {arg}")
    return paths
