"""Reading archived HTTP responses back out of WARC files, bodies decoded as a client would."""

from __future__ import annotations

import datetime as dt
import logging
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive import WarcLocation

logger = logging.getLogger(__name__)


class ArchiveReadError(Exception):
    """A WARC file is missing, unreadable or not a WARC file."""


@dataclass(slots=True)
class ArchivedResponse:
    """A ``response`` record: status, headers, body with transfer and content coding undone.

    ``problem`` says why ``body`` is empty when the stored body could not be decoded
    (a truncated gzip stream, an unknown coding); the record is still reported.
    """

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: dt.datetime
    location: WarcLocation
    problem: str | None = None


def iter_responses(paths: Iterable[Path]) -> Iterator[ArchivedResponse]:
    """Every HTTP response record in ``paths``, in file order then record order."""
    for path in paths:
        try:
            with Path(path).open("rb") as stream:
                yield from _responses(Path(path), stream)
        except ArchiveLoadFailed as exc:
            raise ArchiveReadError(f"{path} is not a readable WARC file: {exc}") from exc
        except OSError as exc:
            raise ArchiveReadError(f"cannot read {path}: {exc}") from exc


def _responses(path: Path, stream: BinaryIO) -> Iterator[ArchivedResponse]:
    records = ArchiveIterator(stream)
    filename = path.name.removesuffix(".open")
    for record in records:
        if record.rec_type != "response" or record.http_headers is None:
            continue
        problem = None
        try:
            body = record.content_stream().read()
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            body, problem = b"", f"undecodable body: {exc!r}"
        headers = record.http_headers
        yield ArchivedResponse(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            status=int(headers.get_statuscode() or 0),
            headers=list(headers.headers),
            body=body,
            date=_warc_date(record.rec_headers.get_header("WARC-Date")),
            location=WarcLocation(
                filename,
                records.get_record_offset(),
                record.rec_headers.get_header("WARC-Record-ID"),
            ),
            problem=problem,
        )


def _warc_date(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
