"""Reading archived HTTP responses back out of WARC and WACZ files, payloads exactly as archived.

Files are read in one pass by FastWARC, several times faster than warcio; warcio reads their
last record and anything FastWARC stops at (``_records``), and reads single records by offset.

A WACZ is read through the WARC files inside it (``archive/*.warc.gz``). A revisit record
(identical-payload-digest) is answered with its original's payload: the original is found by
the revisit's refers-to URL and payload digest among the records read before it (an original is
always archived earlier), and read again from where it lies.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator as FastArchiveIterator
from fastwarc.warc import WarcRecord as FastRecord
from fastwarc.warc import WarcRecordType as FastRecordType
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParser

from archive.warc import OPEN_SUFFIX
from core.errors import ArchiveError
from core.items import WarcLocation

logger = logging.getLogger(__name__)

WACZ_SUFFIX = ".wacz"
_RESPONSE_TYPES = FastRecordType.response | FastRecordType.revisit
_decode = StatusAndHeadersParser.decode_header
_WARC_MEMBER_SUFFIXES = (".warc.gz", ".warc")


class ArchiveReadError(ArchiveError):
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
    for record in _records(source, stream, problems):
        archived, url = record.archived, record.url
        if record.kind == "response":
            if archived is None:
                _report(problems, f"{source}: the record of {url} is cut short; skipped")
                continue
            originals.setdefault((url, record.digest), (source, archived.location.offset))
            yield archived
            continue
        original = originals.get((record.refers_to or url, record.digest))
        if original is None or archived is None:
            _report(problems, f"{source}: revisit of {url}: its original is not in these files")
            continue
        payload_from = read_response_at(*original)
        archived.payload = payload_from.payload
        archived.location = payload_from.location  # where the payload lies, as a crawl says
        yield archived


@dataclass(slots=True)
class _Record:
    """A response or revisit record as read, before a revisit is answered by its original."""

    kind: str  # "response" or "revisit"
    url: str
    digest: str  # WARC-Payload-Digest
    refers_to: str | None  # WARC-Refers-To-Target-URI (revisits)
    archived: ArchivedResponse | None  # None: cut short by the end of the file


def _records(source: WarcSource, stream: BinaryIO, problems: list[str] | None) -> Iterator[_Record]:
    """The file's response and revisit records: FastWARC reads them, warcio reads the end.

    FastWARC reads several times faster than warcio, but it passes off a record the file's end
    cut short as whole when the cut falls in its HTTP headers, and stops without a word where a
    file goes bad. So each record it reads is passed on only once the next one has been read
    whole, and warcio, the reference, reads the last one and all that follows exactly as it
    reads any file: records cut short and unreadable data are found and reported alike.
    """
    resume, held = 0, None
    try:
        for record in FastArchiveIterator(stream, record_types=_RESPONSE_TYPES, parse_http=True):
            if record.http_headers is None:
                continue  # not an HTTP exchange
            if held is not None:
                yield held
            resume, held = record.stream_pos, _fast_record(source, record)
            if held is None:
                break  # cut short: warcio reads it, and says so
    except (OSError, ValueError):
        pass  # FastWARC stops here (not a WARC, bad data): warcio says what it is
    stream.seek(resume)
    yield from _warcio_records(source, stream, problems)


def _fast_record(source: WarcSource, record: FastRecord) -> _Record | None:
    """A record read by FastWARC; None when the file's end cut its payload short."""
    warc, http = record.headers, record.http_headers
    expected = record.content_length  # what is left of the block once the HTTP headers are read
    payload = record.reader.read()
    if len(payload) < expected:
        return None
    # Header lines decoded as warcio decodes them (UTF-8, else ISO-8859-1).
    headers = [(_decode(name), _decode(value)) for name, value in http.items_bytes()]
    if any(n.lower() == "transfer-encoding" and v.lower() == "chunked" for n, v in headers):
        payload = ChunkedDataReader(io.BytesIO(payload)).read()  # kept by other archivers
    url = warc.get("WARC-Target-URI")
    is_response = record.record_type == FastRecordType.response
    archived = ArchivedResponse(
        url=url,
        status=int(http.status_code or 0),
        headers=headers,
        payload=payload if is_response else b"",
        date=_warc_date(warc.get("WARC-Date")),
        location=WarcLocation(source.name, record.stream_pos, warc.get("WARC-Record-ID")),
    )
    return _Record(
        "response" if is_response else "revisit",
        url,
        warc.get("WARC-Payload-Digest") or "",
        warc.get("WARC-Refers-To-Target-URI"),
        archived,
    )


def _warcio_records(
    source: WarcSource, stream: BinaryIO, problems: list[str] | None
) -> Iterator[_Record]:
    """The response and revisit records from where ``stream`` stands, read by warcio."""
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
        # Reading the block comes first: only then does warcio know the record's offset.
        archived = _archived(source, record)
        if archived is not None:
            archived.location = replace(archived.location, offset=records.get_record_offset())
        warc = record.rec_headers
        yield _Record(
            record.rec_type,
            warc.get_header("WARC-Target-URI"),
            warc.get_header("WARC-Payload-Digest") or "",
            warc.get_header("WARC-Refers-To-Target-URI"),
            archived,
        )


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
