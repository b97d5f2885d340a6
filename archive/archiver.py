"""The archive's writing side as one object, and that object in a process of its own.

``Archiver`` takes HTTP exchanges and writes them: a response record (or a revisit record when
the same URL's payload is archived already) and its request record; files rotate; each closed
file gets its CDXJ index, built as its records are written, and goes up to a remote root.

``ArchiverProcess`` runs one in a child process (``core.process``). Writing WARC is CPU work
(digests, gzip, the index), most of it Python holding the interpreter lock: in a process of its
own it runs on another core while the crawl goes on. It takes one exchange at a time, in the
order given, so the files are those an in-process Archiver writes.
"""

from __future__ import annotations

import functools
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from archive.dedup import PayloadIndex
from archive.upload import UploadError, WarcUploader
from archive.warc import (
    DEFAULT_GZIP_LEVEL,
    HttpMessage,
    Original,
    RotatingWarcWriter,
    WarcInfo,
    WarcWriteError,
    payload_digest,
)
from core.errors import ChildDied
from core.items import WarcLocation
from core.process import HELPER_NICENESS, ChildProcess

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArchiveConfig:
    """Everything an Archiver is built from (it crosses into the writer process)."""

    directory: Path
    prefix: str
    max_size: int
    info: WarcInfo
    gzip_level: int = DEFAULT_GZIP_LEVEL
    dedup: bool = True
    dedup_days: float | None = None  # revisits refer to files of the last N days (None: all)
    upload_to: str | None = None  # a remote root's warc/ URI: closed files go up there
    # How the writer process logs: as the crawl does (Scrapy's LOG_* settings).
    log_level: str | None = "INFO"  # None: not at all
    log_file: str | None = None  # None: stderr
    log_format: str = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
    log_dateformat: str = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP exchange to archive, as it went over the wire."""

    url: str
    status: int
    request: HttpMessage
    response: HttpMessage
    ip_address: str | None = None


@dataclass(frozen=True, slots=True)
class Archived:
    """Where an exchange's payload now lies in the archive."""

    location: WarcLocation  # its own response record, or the original a revisit refers to
    revisit: bool


class Archiver:
    """Writes exchanges to ``config.directory`` (see the module's docstring)."""

    def __init__(self, config: ArchiveConfig) -> None:
        self.uploader = WarcUploader(config.upload_to) if config.upload_to else None
        self.payloads = (
            PayloadIndex.from_directory(config.directory, config.dedup_days)
            if config.dedup
            else None
        )
        self.writer = RotatingWarcWriter(
            config.directory,
            prefix=config.prefix,
            max_size=config.max_size,
            info=config.info,
            gzip_level=config.gzip_level,
            index=True,
            on_close=functools.partial(_upload, uploader=self.uploader),
        )

    def archive(self, exchange: Exchange) -> Archived:
        """Write one exchange; raises WarcWriteError when it cannot be written."""
        url, response = exchange.url, exchange.response
        digest = original = None
        if self.payloads is not None and exchange.status == 200 and response.body:
            digest = payload_digest(response.body)
            original = self.payloads.original(url, digest)
        location, date = self.writer.write_exchange(
            url,
            exchange.request,
            response,
            exchange.ip_address,
            revisit_of=original,
            digest=digest,
        )
        if original is not None:
            return Archived(original.location, revisit=True)
        if digest is not None and self.payloads is not None:
            self.payloads.remember(digest, Original(url, date, location))
        return Archived(location, revisit=False)

    def close(self) -> list[str]:
        """Close the current file; every file this Archiver wrote (or uploaded)."""
        self.writer.close()
        if self.uploader is not None:
            return list(self.uploader.uploaded)
        return [str(p) for p in self.writer.closed_files]


class ArchiverProcess:
    """An Archiver in a child process (``core.process``): ``await archive(…)``, ``close()``."""

    def __init__(self, config: ArchiveConfig) -> None:
        self._child = ChildProcess("archive.archiver:start_archiver", config, nice=HELPER_NICENESS)

    async def archive(self, exchange: Exchange) -> Archived:
        try:
            archived: Archived = await self._child.call_async("archive", exchange)
        except ChildDied as exc:
            raise WarcWriteError(f"the WARC writer process died: {exc}") from exc
        return archived

    def close(self) -> list[str]:
        try:
            files: list[str] = self._child.call("close")
        except ChildDied as exc:
            raise WarcWriteError(f"the WARC writer process died: {exc}") from exc
        finally:
            self._child.close()
        return files


def start_archiver(config: ArchiveConfig) -> Archiver:
    """The writer process's Archiver, logging as the crawl does."""
    handler: logging.Handler = (
        logging.FileHandler(config.log_file, encoding="utf-8")
        if config.log_file
        else logging.StreamHandler(sys.stderr)
    )
    handler.setFormatter(logging.Formatter(config.log_format, config.log_dateformat))
    if config.log_level is None:
        handler = logging.NullHandler()
    logging.basicConfig(level=config.log_level or "CRITICAL", handlers=[handler], force=True)
    try:
        return Archiver(config)
    except Exception as exc:  # answered to every exchange: the crawl stops with this reason
        raise WarcWriteError(f"cannot start writing WARC: {exc}") from exc


def _upload(warc: Path, uploader: WarcUploader | None) -> None:
    """A closed file goes up to a remote root. A failure is logged: the file stays in the
    spool and goes up at the next start."""
    if uploader is not None:
        try:
            uploader.upload(warc)
        except UploadError as exc:
            logger.error("%s; it stays in %s and goes up at the next start", exc, warc.parent)
