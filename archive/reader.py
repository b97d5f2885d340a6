"""Reading archived HTTP responses back out of WARC files, payloads exactly as archived."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from archive import WarcLocation
from archive.warc import OPEN_SUFFIX

logger = logging.getLogger(__name__)


class ArchiveReadError(Exception):
    """A WARC file is missing, unreadable or not a WARC file."""


@dataclass(slots=True)
class ArchivedResponse:
    """A ``response`` record: status, headers, and the payload as sent (de-chunked, still
    content-encoded: decoding it is the client's business, as it was during the crawl)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    payload: bytes
    date: dt.datetime
    location: WarcLocation


def iter_responses(
    paths: Iterable[Path], problems: list[str] | None = None
) -> Iterator[ArchivedResponse]:
    """Every complete HTTP response record in ``paths``, in file order then record order.

    A record cut short (a file a crash left ``.open``) is not yielded; a line saying so is
    appended to ``problems`` when given, and logged.
    """
    for path in paths:
        try:
            with Path(path).open("rb") as stream:
                yield from _responses(Path(path), stream, problems)
        except ArchiveLoadFailed as exc:
            raise ArchiveReadError(f"{path} is not a readable WARC file: {exc}") from exc
        except OSError as exc:
            raise ArchiveReadError(f"cannot read {path}: {exc}") from exc


def _responses(
    path: Path, stream: BinaryIO, problems: list[str] | None
) -> Iterator[ArchivedResponse]:
    records = ArchiveIterator(stream)
    filename = path.name.removesuffix(OPEN_SUFFIX)
    seen = 0
    for record in records:
        seen += 1
        if seen > 1 and record.rec_type is None:  # the file ends inside a record's headers
            _report(problems, f"{path}: unreadable data at offset {records.get_record_offset()}")
            continue
        if record.format != "warc":  # warcio would read any text as an ARC file
            raise ArchiveReadError(f"{path} is not a WARC file (found {record.format!r} data)")
        if record.rec_type != "response" or record.http_headers is None:
            continue
        headers = record.http_headers
        body = record.raw_stream
        if (headers.get_header("Transfer-Encoding") or "").lower() == "chunked":
            body = ChunkedDataReader(body)  # other archivers may have kept the chunking
        payload = body.read()
        url = record.rec_headers.get_header("WARC-Target-URI")
        if getattr(record.raw_stream, "limit", 0) > 0:  # the file ends inside this record
            _report(problems, f"{path}: the record of {url} is cut short; skipped")
            continue
        yield ArchivedResponse(
            url=url,
            status=int(headers.get_statuscode() or 0),
            headers=list(headers.headers),
            payload=payload,
            date=_warc_date(record.rec_headers.get_header("WARC-Date")),
            location=WarcLocation(
                filename,
                records.get_record_offset(),
                record.rec_headers.get_header("WARC-Record-ID"),
            ),
        )


def _report(problems: list[str] | None, message: str) -> None:
    logger.warning("%s", message)
    if problems is not None:
        problems.append(message)


def _warc_date(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
