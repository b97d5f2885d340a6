"""WARC files a crash left ``.open``: cut back to their last complete record, or set aside.

A writer holds an exclusive ``flock`` on the file it writes, so a ``.open`` file nobody holds
was left by a process that died. ``recover_open_files`` finds the end of the last record that is
whole (its gzip member complete, its block as long as it says), keeps the bytes after it in
``quarantine/NAME.tail``, truncates the file there and renames it without ``.open``. A file with
not even one whole record moves to ``quarantine/`` as it is. Nothing is deleted.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.warc import OPEN_SUFFIX

logger = logging.getLogger(__name__)

QUARANTINE = "quarantine"


@dataclass(frozen=True, slots=True)
class Recovered:
    """What became of one ``.open`` file."""

    path: Path  # the closed file, or where the unreadable file now lies
    records: int  # whole records kept
    cut_bytes: int  # bytes after the last whole record, kept in quarantine
    quarantined: Path | None  # the tail or the whole file set aside, if any


def recover_open_files(directory: Path) -> list[Recovered]:
    """Repair every ``.open`` file in ``directory`` that no live writer holds."""
    results = []
    for path in sorted(Path(directory).glob("*" + OPEN_SUFFIX)):
        if _held(path):
            continue  # another crawl is writing it
        result = recover(path)
        logger.warning(
            "Recovered %s left open by a crash: %d whole record(s) kept, %d byte(s) cut%s",
            path.name,
            result.records,
            result.cut_bytes,
            f", set aside in {result.quarantined}" if result.quarantined else "",
        )
        results.append(result)
    return results


def recover(path: Path) -> Recovered:
    """Close one crash-left file (see the module docstring)."""
    good, records = whole_records(path)
    size = path.stat().st_size
    quarantine = path.parent / QUARANTINE
    final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    if records == 0:
        quarantine.mkdir(exist_ok=True)
        aside = quarantine / final.name
        path.replace(aside)
        return Recovered(aside, 0, size, aside)
    tail = None
    if good < size:
        quarantine.mkdir(exist_ok=True)
        tail = quarantine / (final.name + ".tail")
        with path.open("rb") as src, tail.open("wb") as dst:
            src.seek(good)
            shutil.copyfileobj(src, dst)
        os.truncate(path, good)
    path.replace(final)
    return Recovered(final, records, size - good, tail)


def whole_records(path: Path) -> tuple[int, int]:
    """How many leading bytes of ``path`` hold whole records, and how many records that is."""
    good = records = 0
    gzipped = path.name.removesuffix(OPEN_SUFFIX).endswith(".gz")
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream, no_record_parse=False)
        try:
            for record in iterator:
                if record.rec_type is None or record.format != "warc":
                    break
                while record.raw_stream.read(1 << 16):
                    pass
                if getattr(record.raw_stream, "limit", 0) > 0:
                    break  # the block is shorter than its Content-Length says
                offset = iterator.get_record_offset()
                end = offset + iterator.get_record_length()
                if gzipped and not _whole_gzip_member(path, offset, end):
                    break
                good, records = end, records + 1
        except Exception as exc:  # a cut gzip member or header: whatever warcio/zlib raise
            logger.debug("%s: reading stopped at byte %d: %r", path, good, exc)
    return good, records


def _whole_gzip_member(path: Path, start: int, end: int) -> bool:
    """True when bytes [start, end) are one gzip member, trailer included."""
    with path.open("rb") as f:
        f.seek(start)
        data = f.read(end - start)
    inflater = zlib.decompressobj(wbits=31)
    try:
        inflater.decompress(data)
    except zlib.error:
        return False
    return inflater.eof


def _held(path: Path) -> bool:
    """True when a live writer holds the file's lock."""
    with path.open("rb") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
    return False
