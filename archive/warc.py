"""Writing WARC files the way archivists expect: named, rotated, and marked ``.open`` until closed.

One gzip member per record (warcio), a ``warcinfo`` record first in each file, and
``WARC-Warcinfo-ID`` on every record. Files are named
``{prefix}-{YYYYmmddHHMMSSfff}-{serial:05d}-{host}.warc.gz`` and carry an ``.open`` suffix while
written, under an exclusive ``flock`` (so ``archive.recovery`` can tell a live file from one a
crash left); ``close()`` renames them, writes their CDXJ index (``index=True``), and hands them
to ``on_close``.

An exchange whose payload is already archived is written as a ``revisit`` record (profile
identical-payload-digest) that refers to the original instead of repeating the body.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import hashlib
import io
import logging
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.index import ArchiveIndexError, RunningIndex, write_cdxj
from core.errors import OutputError
from core.items import WarcLocation

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
WARC_VERSION = "WARC/1.1"
# zlib's default level: within 1% of the smallest files at a fraction of level 9's time.
DEFAULT_GZIP_LEVEL = 6
GZIP_WBITS = zlib.MAX_WBITS | 16  # a gzip member, not a bare zlib stream


class WarcWriteError(OutputError):
    """A WARC file could not be created, written or closed (disk full, permissions, …)."""


@dataclass(slots=True)
class HttpMessage:
    """One side of an HTTP exchange as it went over the wire (body de-chunked, not decoded)."""

    status_line: str  # "GET /path?q HTTP/1.1" or "200 OK"
    headers: list[tuple[str, str]]
    body: bytes
    protocol: str = "HTTP/1.1"


@dataclass(frozen=True, slots=True)
class Original:
    """An archived response record a revisit record refers to."""

    url: str
    date: str  # its WARC-Date
    location: WarcLocation


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest of a body as warcio writes it: ``sha1:`` and base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


@dataclass(slots=True)
class WarcInfo:
    """What the warcinfo record at the head of every file says."""

    software: str
    operator: str = ""
    robots: str = "obey"
    user_agent: str = ""
    run_id: str = ""  # the run writing the file (core.run)
    extra: dict[str, str] = field(default_factory=dict)


class RotatingWarcWriter:
    """Appends request/response pairs to size-rotated WARC files in one directory."""

    def __init__(
        self,
        directory: Path,
        prefix: str,
        max_size: int,
        info: WarcInfo,
        gzip: bool = True,
        on_close: Callable[[Path], object] | None = None,
        gzip_level: int = DEFAULT_GZIP_LEVEL,
        index: bool = False,
    ) -> None:
        self.directory = Path(directory)
        self.on_close = on_close
        self.gzip_level = gzip_level
        self.index = index  # write each closed file's .cdxj, built as its records are written
        self._running_index: RunningIndex | None = None
        self.prefix = prefix
        self.max_size = max_size
        self.info = info
        self.gzip = gzip
        self.host = socket.gethostname().split(".")[0] or "localhost"
        self.closed_files: list[Path] = []
        self._serial = 0
        self._file: BinaryIO | None = None
        self._path: Path | None = None
        self._writer: WARCWriter | None = None
        self._warcinfo_id = ""

    # -- public API ------------------------------------------------------------------------
    def write_exchange(
        self,
        url: str,
        request: HttpMessage,
        response: HttpMessage,
        ip_address: str | None = None,
        revisit_of: Original | None = None,
        digest: str | None = None,
    ) -> tuple[WarcLocation, str]:
        """Write a response (or, given ``revisit_of``, a revisit) record and its request
        record; return where the first lies and its WARC-Date. ``digest``: the response body's
        payload_digest, when the caller has it already."""
        try:
            writer = self._writer_with_room()
            extra = {"WARC-Warcinfo-ID": self._warcinfo_id}
            if ip_address:
                extra["WARC-IP-Address"] = ip_address
            http_headers = StatusAndHeaders(
                response.status_line, response.headers, protocol=response.protocol
            )
            if revisit_of is None:
                resp = writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(response.body),
                    length=len(response.body),
                    http_headers=http_headers,
                    warc_headers_dict={**extra, "WARC-Payload-Digest": digest} if digest else extra,
                )
            else:
                resp = writer.create_revisit_record(
                    url,
                    digest or payload_digest(response.body),
                    revisit_of.url,
                    revisit_of.date,
                    http_headers=http_headers,
                    warc_headers_dict={**extra, "WARC-Refers-To": revisit_of.location.record_id},
                )
            resp_id = resp.rec_headers.get_header("WARC-Record-ID")
            req = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(request.body),
                length=len(request.body),
                http_headers=StatusAndHeaders(
                    request.status_line,
                    request.headers,
                    protocol=request.protocol,
                    is_http_request=True,
                ),
                warc_headers_dict={**extra, "WARC-Concurrent-To": resp_id},
            )
            assert self._path is not None
            offset = self._write(resp, req)
        except OSError as exc:
            raise WarcWriteError(f"cannot write WARC record for {url}: {exc}") from exc
        location = WarcLocation(self._final_name(self._path), offset, resp_id)
        return location, resp.rec_headers.get_header("WARC-Date")

    def close(self) -> None:
        """Close the current file and drop its ``.open`` suffix."""
        if self._file is None or self._path is None:
            return
        path, self._path = self._path, None
        file, self._file, self._writer = self._file, None, None
        index, self._running_index = self._running_index, None
        final = path.with_name(self._final_name(path))
        try:
            file.flush()
            path.replace(final)  # renamed while still locked: never seen unlocked and .open
        except OSError as exc:
            with contextlib.suppress(OSError):  # its buffer cannot be written either (a full disk)
                file.close()
            raise WarcWriteError(f"cannot close WARC file {path}: {exc}") from exc
        file.close()
        self.closed_files.append(final)
        logger.info("Closed WARC file %s", final)
        if self.index:
            try:  # the running index, or, if it failed, cdxj-indexer over the closed file
                if index is not None:
                    index.write(final)
                else:
                    write_cdxj(final)
            except ArchiveIndexError as exc:  # the WARC is whole: any CDXJ tool can index it
                logger.error("%s", exc)
        if self.on_close is not None:
            self.on_close(final)

    # -- internals -------------------------------------------------------------------------
    def _writer_with_room(self) -> WARCWriter:
        if self._file is not None and self._file.tell() >= self.max_size:
            self.close()
        if self._writer is None:
            self._open_next()
        assert self._writer is not None
        return self._writer

    def _open_next(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._serial += 1
        ext = ".warc.gz" if self.gzip else ".warc"
        # Another writer on this machine may open a file in the same millisecond, or have opened
        # and closed one there already: a name is taken only when neither the open file nor the
        # closed one exists (closing renames over the final name, which must not be another's).
        while True:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f")[:-3]
            name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.host}{ext}"
            self._path = self.directory / (name + OPEN_SUFFIX)
            if not (self.directory / name).exists():
                try:
                    self._file = self._path.open("xb")
                    break
                except FileExistsError:
                    pass
            time.sleep(0.001)
        fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)  # released when the file is closed
        if self.index:
            self._running_index = RunningIndex(self._final_name(self._path))
        # Builds the records; _write serialises and compresses them.
        self._writer = WARCWriter(None, gzip=False, warc_version=WARC_VERSION)
        fields = {
            "software": self.info.software,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": self.host,
            "operator": self.info.operator,
            "robots": self.info.robots,
            "http-header-user-agent": self.info.user_agent,
            **({"run-id": self.info.run_id} if self.info.run_id else {}),
            **self.info.extra,
        }
        record = self._writer.create_warcinfo_record(name, fields)
        self._warcinfo_id = record.rec_headers.get_header("WARC-Record-ID")
        self._write(record)

    def _write(self, *records: ArcWarcRecord) -> int:
        """Append ``records``, one gzip member each (or plain); return the offset of the first.

        warcio serialises a record; zlib compresses it at ``gzip_level`` (warcio's own writer
        always uses 9, slower for a few bytes less).
        """
        assert self._file is not None
        offset = self._file.tell()
        data = b"".join(self._serialise(record) for record in records)
        self._file.write(data)
        self._file.flush()
        if self._running_index is not None:
            try:
                self._running_index.add(data, offset)
            except ArchiveIndexError as exc:  # the records are written; the file is indexed
                logger.warning("%s; the file is indexed once closed", exc)
                self._running_index = None
        return offset

    def _serialise(self, record: ArcWarcRecord) -> bytes:
        buffer = io.BytesIO()
        WARCWriter(buffer, gzip=False, warc_version=WARC_VERSION).write_record(record)
        if not self.gzip:
            return buffer.getvalue()
        member = zlib.compressobj(self.gzip_level, zlib.DEFLATED, GZIP_WBITS)
        return member.compress(buffer.getvalue()) + member.flush()

    @staticmethod
    def _final_name(path: Path) -> str:
        return path.name.removesuffix(OPEN_SUFFIX)
