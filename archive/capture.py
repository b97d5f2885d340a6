"""Scrapy downloader middleware that archives every HTTP exchange as WARC, exactly as it went.

Enable it closer to the downloader than HttpCompressionMiddleware (590) and RedirectMiddleware
(600); settings.py uses 950. There the request carries every header the other middlewares added,
and the response body is still compressed as sent, already de-chunked, redirects not yet followed.

At start-up it repairs the ``.open`` files a crash left (``archive.recovery``) and learns which
payloads are archived already (``archive.dedup``): a response whose body is byte-identical to one
archived for the same URL is written as a revisit record. Each closed file is indexed (CDXJ).

Settings: ``WARC_ENABLED`` (bool), ``OUTPUT_DIR`` (files go to ``OUTPUT_DIR/warc``; for a
remote root, through ``WARC_SPOOL_DIR``, see ``archive.upload``),
``WARC_PREFIX``, ``WARC_MAX_SIZE`` (bytes, rotation), ``WARC_OPERATOR``, ``WARC_DEDUP`` (bool),
``WARC_DEDUP_DAYS`` (revisits refer to captures of the files written in the last N days).
"""

from __future__ import annotations

import functools
import logging
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from archive import PROJECT, WARC_META_KEY, project_version
from archive.dedup import PayloadIndex
from archive.index import ArchiveIndexError, write_cdxj
from archive.recovery import recover_open_files
from archive.upload import UploadError, WarcUploader, child_uri, is_remote
from archive.warc import (
    HttpMessage,
    Original,
    RotatingWarcWriter,
    WarcInfo,
    WarcWriteError,
    payload_digest,
)

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Response

logger = logging.getLogger(__name__)

# Headers that describe one connection, not the message; the stored body is de-chunked, so
# Transfer-Encoding would lie. Proxy credentials never belong in an archive.
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)


class WarcCaptureMiddleware:
    """Writes a request and a response record for each response the downloader returns."""

    def __init__(
        self,
        writer: RotatingWarcWriter,
        crawler: Crawler,
        payloads: PayloadIndex | None,
        uploader: WarcUploader | None = None,
    ) -> None:
        self.writer = writer
        self.crawler = crawler
        self.payloads = payloads  # None: every response archived in full
        self.uploader = uploader  # for a remote output root
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED", True):
            raise NotConfigured("WARC_ENABLED is off")
        info = WarcInfo(
            software=f"{PROJECT}/{project_version()} (Scrapy {version('scrapy')}, "
            f"warcio {version('warcio')})",
            operator=settings.get("WARC_OPERATOR", ""),
            robots="obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            user_agent=settings.get("USER_AGENT", ""),
        )
        output = settings.get("OUTPUT_DIR", "data")
        uploader = None
        if is_remote(output):  # written in a local spool, moved up when closed
            directory = Path(settings.get("WARC_SPOOL_DIR") or ".warc-spool")
            uploader = WarcUploader(child_uri(output, "warc"))
        else:
            directory = Path(output) / "warc"
        directory.mkdir(parents=True, exist_ok=True)
        recovered = recover_open_files(directory)
        crawler.stats.set_value("warc/recovered", [str(r.path) for r in recovered])
        if uploader is not None:
            uploader.upload_pending(directory)
        payloads = None
        if settings.getbool("WARC_DEDUP", True):
            days = settings.get("WARC_DEDUP_DAYS")
            payloads = PayloadIndex.from_directory(directory, float(days) if days else None)
        writer = RotatingWarcWriter(
            directory,
            prefix=settings.get("WARC_PREFIX", "people"),
            max_size=settings.getint("WARC_MAX_SIZE", 1_000_000_000),
            info=info,
            on_close=functools.partial(_closed, uploader=uploader),
        )
        middleware = cls(writer, crawler, payloads, uploader)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags or self.failed:
            return response
        digest = original = None
        if self.payloads is not None and response.status == 200 and response.body:
            digest = payload_digest(response.body)
            original = self.payloads.original(response.url, digest)
        try:
            location, date = self.writer.write_exchange(
                response.url,
                request_message(request, response.protocol),
                response_message(response),
                ip_address=str(response.ip_address) if response.ip_address else None,
                revisit_of=original,
            )
        except WarcWriteError as exc:
            # Nothing archived can be trusted after a failed write: stop the crawl cleanly.
            self.failed = True
            logger.error("%s; closing the spider", exc)
            self.crawler.stats.set_value("warc/error", str(exc))
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="warc_write_failed"))
            return response
        if original is not None:  # the payload lies in the original's record
            location = original.location
            self.crawler.stats.inc_value("warc/revisits")
        elif digest is not None and self.payloads is not None:
            self.payloads.remember(digest, Original(response.url, date, location))
        request.meta[WARC_META_KEY] = location
        self.crawler.stats.inc_value("warc/records", 2)
        return response

    def spider_closed(self) -> None:
        try:
            self.writer.close()
        except WarcWriteError as exc:
            logger.error("%s", exc)
            self.crawler.stats.set_value("warc/error", str(exc))
        files = self.uploader.uploaded if self.uploader else self.writer.closed_files
        self.crawler.stats.set_value("warc/files", [str(p) for p in files])


def _closed(warc: Path, uploader: WarcUploader | None) -> None:
    """A closed file: indexed (CDXJ), and moved up to a remote output root. A failure is logged:
    the WARC itself is whole; it can be indexed by any CDXJ tool, and goes up at the next start."""
    try:
        write_cdxj(warc)
    except ArchiveIndexError as exc:
        logger.error("%s", exc)
    if uploader is not None:
        try:
            uploader.upload(warc)
        except UploadError as exc:
            logger.error("%s; it stays in %s and goes up at the next start", exc, warc.parent)


def request_message(request: Request, protocol: str | None) -> HttpMessage:
    """The request as the server saw it: origin-form target with query, Host, sent headers."""
    parts = urlsplit(request.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    proto = protocol or "HTTP/1.1"
    headers = [("Host", parts.netloc)]
    headers += [h for h in _header_list(request.headers) if h[0].lower() != "host"]
    return HttpMessage(f"{request.method} {target} {proto}", headers, request.body or b"", proto)


def response_message(response: Response) -> HttpMessage:
    """The response as received: status line, every header value, body still encoded."""
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    proto = response.protocol or "HTTP/1.1"
    status_line = f"{response.status} {reason}".strip()
    return HttpMessage(status_line, _header_list(response.headers), response.body, proto)


def _header_list(headers: Headers) -> list[tuple[str, str]]:
    out = []
    for name, values in headers.items():
        if name.lower() in HOP_BY_HOP:
            continue
        key = name.decode("latin-1")
        out.extend((key, v.decode("latin-1")) for v in values)
    return out
