"""Reading archived HTTP responses back out of WARC and WACZ files, payloads exactly as archived.

A WACZ is read through the WARC files inside it (``archive/*.warc.gz``). A revisit record
(identical-payload-digest) is answered with its original's payload: the original is found by
the revisit's refers-to URL and payload digest among the records read before it (an original is
always archived earlier), and read again from where it lies.
"""

from __future__ import annotations

import datetime as dt
import logging
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from archive import WarcLocation
from archive.warc import OPEN_SUFFIX

logger = logging.getLogger(__name__)

WACZ_SUFFIX = ".wacz"
_WARC_MEMBER_SUFFIXES = (".warc.gz", ".warc")


class ArchiveReadError(Exception):
    """A WARC or WACZ file is missing, unreadable or not what it claims to be."""


@dataclass(frozen=True, slots=True)
class WarcSource:
    """A WARC file, or a WARC file inside a WACZ (``member`` then names it)."""

    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        """The WARC file's own name, as the archive's records and indexes cite it."""
        name = self.member.rsplit("/", 1)[-1] if self.member else self.path.name
        return name.removesuffix(OPEN_SUFFIX)

    def __str__(self) -> str:
        return f"{self.path}!{self.member}" if self.member else str(self.path)


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


def warc_sources(paths: Iterable[Path]) -> list[WarcSource]:
    """The WARC files to read: the given ones, and those inside any given WACZ."""
    sources: list[WarcSource] = []
    for path in map(Path, paths):
        if path.name.endswith(WACZ_SUFFIX):
            try:
                with zipfile.ZipFile(path) as wacz:
                    members = sorted(
                        n for n in wacz.namelist() if n.endswith(_WARC_MEMBER_SUFFIXES)
                    )
            except (OSError, zipfile.BadZipFile) as exc:
                raise ArchiveReadError(f"{path} is not a readable WACZ file: {exc}") from exc
            sources.extend(WarcSource(path, m) for m in members)
        else:
            sources.append(WarcSource(path))
    return sources


@contextmanager
def open_source(source: WarcSource) -> Iterator[BinaryIO]:
    try:
        if source.member is None:
            with source.path.open("rb") as stream:
                yield stream
        else:
            with zipfile.ZipFile(source.path) as wacz, wacz.open(source.member) as stream:
                yield stream  # type: ignore[misc]
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        raise ArchiveReadError(f"cannot read {source}: {exc}") from exc


def iter_responses(
    paths: Iterable[Path], problems: list[str] | None = None
) -> Iterator[ArchivedResponse]:
    """Every complete HTTP response in ``paths`` (WARC or WACZ files), in file order then record
    order; revisit records answered with their original's payload.

    A record cut short (a file a crash left ``.open``) or a revisit whose original is not among
    the files is not yielded; a line saying so is appended to ``problems`` when given, and
    logged.
    """
    originals: dict[tuple[str, str], tuple[WarcSource, int]] = {}
    for source in warc_sources(paths):
        try:
            with open_source(source) as stream:
                yield from _responses(source, stream, originals, problems)
        except ArchiveLoadFailed as exc:
            raise ArchiveReadError(f"{source} is not a readable WARC file: {exc}") from exc


def read_response_at(source: WarcSource, offset: int) -> ArchivedResponse:
    """The response record at ``offset`` of ``source`` (a revisit is not resolved here)."""
    with open_source(source) as stream:
        stream.seek(offset)
        records = ArchiveIterator(stream)
        record = next(iter(records), None)
        if record is None or record.rec_type not in ("response", "revisit"):
            raise ArchiveReadError(f"{source}: no response record at offset {offset}")
        response = _archived(source, record, offset)
        if response is None:
            raise ArchiveReadError(f"{source}: the record at offset {offset} is cut short")
        return response


def _responses(
    source: WarcSource,
    stream: BinaryIO,
    originals: dict[tuple[str, str], tuple[WarcSource, int]],
    problems: list[str] | None,
) -> Iterator[ArchivedResponse]:
    records = ArchiveIterator(stream)
    seen = 0
    for record in records:
        seen += 1
        if seen > 1 and record.rec_type is None:  # the file ends inside a record's headers
            _report(problems, f"{source}: unreadable data at offset {records.get_record_offset()}")
            continue
        if record.format != "warc":  # warcio would read any text as an ARC file
            raise ArchiveReadError(f"{source} is not a WARC file (found {record.format!r} data)")
        if record.rec_type not in ("response", "revisit") or record.http_headers is None:
            continue
        archived = _archived(source, record)  # reads the block: only then is the offset known
        offset = records.get_record_offset()
        url = record.rec_headers.get_header("WARC-Target-URI")
        digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
        if record.rec_type == "response":
            if archived is None:
                _report(problems, f"{source}: the record of {url} is cut short; skipped")
                continue
            archived.location = WarcLocation(source.name, offset, archived.location.record_id)
            originals.setdefault((url, digest), (source, offset))
            yield archived
            continue
        refers_to = record.rec_headers.get_header("WARC-Refers-To-Target-URI") or url
        original = originals.get((refers_to, digest))
        if original is None or archived is None:
            _report(problems, f"{source}: revisit of {url}: its original is not in these files")
            continue
        payload_from = read_response_at(*original)
        archived.payload = payload_from.payload
        archived.location = payload_from.location  # where the payload lies, as a crawl says
        yield archived


def _archived(
    source: WarcSource, record: ArcWarcRecord, offset: int = 0
) -> ArchivedResponse | None:
    """The record as an ArchivedResponse (payload empty for a revisit); None when cut short."""
    headers = record.http_headers
    body = record.raw_stream
    if (headers.get_header("Transfer-Encoding") or "").lower() == "chunked":
        body = ChunkedDataReader(body)  # other archivers may have kept the chunking
    payload = body.read()
    if getattr(record.raw_stream, "limit", 0) > 0:  # the file ends inside this record
        return None
    return ArchivedResponse(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(headers.get_statuscode() or 0),
        headers=list(headers.headers),
        payload=payload if record.rec_type == "response" else b"",
        date=_warc_date(record.rec_headers.get_header("WARC-Date")),
        location=WarcLocation(source.name, offset, record.rec_headers.get_header("WARC-Record-ID")),
    )


def _report(problems: list[str] | None, message: str) -> None:
    logger.warning("%s", message)
    if problems is not None:
        problems.append(message)


def _warc_date(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
