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

from core.errors import OutputError

logger = logging.getLogger(__name__)

CDXJ_SUFFIX = ".cdxj"
WARC_SUFFIXES = (".warc.gz", ".warc")


class ArchiveIndexError(OutputError):
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
    try:
        lines = io.StringIO()
        _cdx_writer()(lines, [str(warc)], {})
    except Exception as exc:  # cdxj-indexer raises whatever warcio raises on a bad file
        raise ArchiveIndexError(f"cannot index {warc}: {exc}") from exc
    return _write_sorted(warc, lines.getvalue().splitlines(keepends=True))


class RunningIndex:
    """The CDXJ lines of a WARC file being written, added as its records are, sorted at the end.

    cdxj-indexer reads the newly written stretches of the file (whole gzip members, handed over
    from memory, a few megabytes at a time) and its offsets are moved to where each stretch
    lies: the lines are those it writes for the whole file, without reading the file again once
    it is closed.
    """

    # Bytes of records read at a time: few calls into cdxj-indexer, little held back.
    BATCH_BYTES = 4 << 20

    def __init__(self, filename: str) -> None:
        self.filename = filename  # the closed file's name, as the lines give it
        self.lines: list[str] = []
        self._pending: list[bytes] = []
        self._pending_offset = 0
        self._pending_size = 0

    def add(self, data: bytes, offset: int) -> None:
        """``data``, whole records written at ``offset`` of the file, right after the last."""
        if not self._pending:
            self._pending_offset = offset
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= self.BATCH_BYTES:
            self._index_pending()

    def write(self, warc: Path) -> Path:
        """The ``.cdxj`` of the closed file ``warc``."""
        self._index_pending()
        return _write_sorted(warc, self.lines)

    def _index_pending(self) -> None:
        if not self._pending:
            return
        data, offset = b"".join(self._pending), self._pending_offset
        self._pending, self._pending_size = [], 0
        lines = io.StringIO()
        try:
            _cdx_writer()(lines, [io.BytesIO(data)], {"filename": self.filename})
        except Exception as exc:  # what warcio raises on bytes it cannot read
            raise ArchiveIndexError(f"cannot index {self.filename}@{offset}: {exc}") from exc
        for line in lines.getvalue().splitlines(keepends=True):
            key, timestamp, data_json = line.split(" ", 2)
            fields = json.loads(data_json)
            fields["offset"] = str(int(fields["offset"]) + offset)
            self.lines.append(f"{key} {timestamp} {json.dumps(fields)}\n")


def _write_sorted(warc: Path, lines: list[str]) -> Path:
    """Sorted, as cdxj-indexer's --sort sorts (by line), written aside and renamed."""
    target = cdxj_path(warc)
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_text("".join(sorted(lines)), "utf-8")
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ArchiveIndexError(f"cannot write the index of {warc}: {exc}") from exc
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
