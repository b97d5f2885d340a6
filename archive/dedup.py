"""Which payloads the archive holds already, so a repeat is written as a revisit record.

Keyed by URL and payload digest (the body exactly as sent): pywb and the WACZ tools resolve a
revisit by the same pair. Earlier runs are known from the ``.cdxj`` of every closed WARC in the
directory, this run's from what it writes. The original's exact WARC-Date and record id are
read from its record header the first time a revisit needs them.

Dynamic gzip bodies: a server that compresses on the fly may send different gzip bytes for the
same page (a timestamp in the gzip header, another compression level). Such a body has another
digest and is archived in full: a revisit promises the very bytes of its original, and a
replay that served the original's bytes for different ones would not be faithful. Only
byte-identical payloads become revisits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.index import Capture, index_directory, read_cdxj
from archive.warc import Original
from core.items import WarcLocation

logger = logging.getLogger(__name__)


class PayloadIndex:
    """(url, payload digest) → the response record that holds that payload."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._known: dict[tuple[str, str], Capture | Original] = {}

    @classmethod
    def from_directory(cls, directory: Path, days: float | None = None) -> PayloadIndex:
        """Every 200 response archived in ``directory``'s closed WARCs (indexing any that lack a
        ``.cdxj``), or only in those written in the last ``days``: what a run fetches again
        (list pages, recent articles) was archived recently, and the index stays the size of
        those weeks rather than of the archive's years."""
        indexes = index_directory(Path(directory))
        if days is not None:
            cutoff = time.time() - days * 86400
            indexes = [i for i in indexes if i.stat().st_mtime >= cutoff]
        return cls.from_captures(directory, read_cdxj(indexes))

    @classmethod
    def from_captures(cls, directory: Path, captures: Iterable[Capture]) -> PayloadIndex:
        """The 200 responses among ``captures`` (of files in ``directory``): the payloads a
        revisit can refer to."""
        index = cls(directory)
        for capture in captures:
            if capture.status == 200 and not capture.revisit and capture.digest:
                index._known.setdefault((capture.url, capture.digest), capture)
        return index

    def original(self, url: str, digest: str) -> Original | None:
        """The record already holding this payload of this URL, or None."""
        entry = self._known.get((url, digest))
        if isinstance(entry, Capture):
            entry = self._resolve(entry)
            if entry is None:
                del self._known[(url, digest)]
                return None
            self._known[(url, digest)] = entry
        return entry

    def remember(self, digest: str, original: Original) -> None:
        self._known.setdefault((original.url, digest), original)

    def _resolve(self, capture: Capture) -> Original | None:
        path = self.directory / capture.filename
        try:
            with path.open("rb") as f:
                f.seek(capture.offset)
                record = next(iter(ArchiveIterator(f)))
                headers = record.rec_headers
                return Original(
                    capture.url,
                    headers.get_header("WARC-Date"),
                    WarcLocation(
                        capture.filename, capture.offset, headers.get_header("WARC-Record-ID")
                    ),
                )
        except (OSError, StopIteration, ValueError) as exc:
            logger.warning("Cannot read %s at %d (%s): archived in full", path, capture.offset, exc)
            return None
