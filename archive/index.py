"""CDXJ indexes of WARC files, and what the capture and replay sides look up in them.

Each closed WARC gets a sorted ``.cdxj`` beside it, written by cdxj-indexer (the tool pywb and
the WACZ tools use, so the files are theirs to read too). ``read_cdxj`` turns the lines back into
``Capture`` entries.
"""

from __future__ import annotations

import io
import json
import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

CDXJ_SUFFIX = ".cdxj"
WARC_SUFFIXES = (".warc.gz", ".warc")


class ArchiveIndexError(OSError):
    """A WARC file could not be indexed."""


@dataclass(frozen=True, slots=True)
class Capture:
    """One CDXJ line: a response (or revisit) record of one URL."""

    url: str
    timestamp: str  # 14 digits, UTC
    status: int
    digest: str  # "sha1:BASE32" of the payload as stored
    filename: str
    offset: int
    length: int
    mime: str
    revisit: bool


def cdxj_path(warc: Path) -> Path:
    """``people-….warc.gz`` → ``people-….cdxj`` beside it."""
    name = warc.name
    for suffix in WARC_SUFFIXES:
        name = name.removesuffix(suffix)
    return warc.with_name(name + CDXJ_SUFFIX)


def write_cdxj(warc: Path) -> Path:
    """Index ``warc`` (sorted CDXJ), written aside and renamed so no half index is ever read."""
    target = cdxj_path(warc)
    partial = target.with_name(target.name + ".part")
    try:
        lines = io.StringIO()
        _cdx_writer()(lines, [str(warc)], {})
        # Sorted here, as cdxj-indexer's --sort sorts (by line), without its temporary files.
        partial.write_text("".join(sorted(lines.getvalue().splitlines(keepends=True))), "utf-8")
        partial.replace(target)
    except Exception as exc:  # cdxj-indexer raises whatever warcio raises on a bad file
        partial.unlink(missing_ok=True)
        raise ArchiveIndexError(f"cannot index {warc}: {exc}") from exc
    return target


def _cdx_writer() -> Callable[..., object]:
    """cdxj-indexer's writer, imported when first needed: its AMF parser imports
    pkg_resources, whose deprecation warning does not belong in every crawl's log."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
        from cdxj_indexer.main import write_cdx_index
    return write_cdx_index


def closed_warcs(directory: Path) -> list[Path]:
    """The closed WARC files of a directory, oldest first (their names start with the time)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.name.endswith(WARC_SUFFIXES))


def index_directory(directory: Path) -> list[Path]:
    """A ``.cdxj`` for every closed WARC in ``directory`` (made where missing); their paths.

    A file that cannot be indexed is logged and left out rather than stopping the caller.
    """
    indexes = []
    for warc in closed_warcs(directory):
        index = cdxj_path(warc)
        if not index.exists():
            try:
                write_cdxj(warc)
            except ArchiveIndexError as exc:
                logger.error("%s", exc)
                continue
        indexes.append(index)
    return indexes


def read_cdxj(paths: Iterable[Path]) -> Iterator[Capture]:
    """The captures listed in CDXJ files (response and revisit records)."""
    for path in paths:
        with Path(path).open(encoding="utf-8") as lines:
            for line in lines:
                _, timestamp, data = line.rstrip("\n").split(" ", 2)
                fields = json.loads(data)
                if "url" not in fields:
                    continue  # the warcinfo record
                yield Capture(
                    url=fields["url"],
                    timestamp=timestamp,
                    status=int(fields.get("status") or 0),
                    digest=fields.get("digest", ""),
                    filename=fields["filename"],
                    offset=int(fields["offset"]),
                    length=int(fields["length"]),
                    mime=fields.get("mime", ""),
                    revisit=fields.get("mime") == "warc/revisit",
                )
