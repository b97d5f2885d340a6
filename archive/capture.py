"""Scrapy downloader middleware that archives every HTTP exchange as WARC, exactly as it went.

Enable it closer to the downloader than HttpCompressionMiddleware (590) and RedirectMiddleware
(600); settings.py uses 950. There the request carries every header the other middlewares added,
and the response body is still compressed as sent, already de-chunked, redirects not yet followed.

At start-up it repairs the ``.open`` files a crash left (``archive.recovery``); the writing is
an ``archive.archiver.Archiver``'s, in a process of its own: a response whose body is
byte-identical to one archived for the same URL is written as a revisit record, each closed file
is indexed (CDXJ). A response goes on to the spider once its records are written.

Settings: ``WARC_ENABLED`` (bool), ``OUTPUT_DIR`` (files go to ``OUTPUT_DIR/warc``; for a
remote root, through ``WARC_SPOOL_DIR``, see ``archive.upload``),
``WARC_PREFIX``, ``WARC_MAX_SIZE`` (bytes, rotation), ``WARC_OPERATOR``, ``WARC_DEDUP`` (bool),
``WARC_DEDUP_DAYS`` (revisits refer to captures of the files written in the last N days),
``WARC_GZIP_LEVEL`` (1-9), ``WARC_PROCESS`` (False: write in the crawl's own process).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from archive.archiver import ArchiveConfig, Archiver, ArchiverProcess, Exchange
from archive.recovery import recover_open_files
from archive.upload import WarcUploader
from archive.warc import HttpMessage, WarcInfo, WarcWriteError
from core import stats as S
from core.items import WARC_META_KEY
from core.output import child_uri, is_uri
from core.run import run_id_of
from core.version import PROJECT, project_version

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

    def __init__(self, archiver: Archiver | ArchiverProcess, crawler: Crawler) -> None:
        self.archiver = archiver
        self.crawler = crawler
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED"):
            raise NotConfigured("WARC_ENABLED is off")
        output = settings.get("OUTPUT_DIR")
        upload_to = None
        if is_uri(output):  # written in a local spool, moved up when closed
            directory = Path(settings.get("WARC_SPOOL_DIR"))
            upload_to = child_uri(output, "warc")
        else:
            directory = Path(output) / "warc"
        directory.mkdir(parents=True, exist_ok=True)
        recovered = recover_open_files(directory)
        crawler.stats.set_value(S.WARC_RECOVERED, [str(r.path) for r in recovered])
        if upload_to is not None:
            WarcUploader(upload_to).upload_pending(directory)
        days = settings.get("WARC_DEDUP_DAYS")
        config = ArchiveConfig(
            directory=directory,
            prefix=settings.get("WARC_PREFIX"),
            max_size=settings.getint("WARC_MAX_SIZE"),
            info=WarcInfo(
                software=f"{PROJECT}/{project_version()} (Scrapy {version('scrapy')}, "
                f"warcio {version('warcio')})",
                operator=settings.get("WARC_OPERATOR"),
                robots="obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                user_agent=settings.get("USER_AGENT"),
                run_id=run_id_of(settings),
            ),
            gzip_level=settings.getint("WARC_GZIP_LEVEL"),
            dedup=settings.getbool("WARC_DEDUP"),
            dedup_days=float(days) if days else None,
            upload_to=upload_to,
            log_level=settings.get("LOG_LEVEL") if settings.getbool("LOG_ENABLED") else None,
            log_file=settings.get("LOG_FILE"),
            log_format=settings.get("LOG_FORMAT"),
            log_dateformat=settings.get("LOG_DATEFORMAT"),
        )
        archiver = ArchiverProcess(config) if settings.getbool("WARC_PROCESS") else Archiver(config)
        middleware = cls(archiver, crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    async def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags or self.failed:
            return response
        exchange = Exchange(
            response.url,
            response.status,
            request_message(request, response.protocol),
            response_message(response),
            str(response.ip_address) if response.ip_address else None,
        )
        try:
            if isinstance(self.archiver, ArchiverProcess):
                archived = await self.archiver.archive(exchange)
            else:
                archived = self.archiver.archive(exchange)
        except WarcWriteError as exc:
            # Nothing archived can be trusted after a failed write: stop the crawl cleanly.
            self.failed = True
            logger.error("%s; closing the spider", exc)
            self.crawler.stats.set_value(S.WARC_ERROR, str(exc))
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=S.WARC_WRITE_FAILED))
            return response
        if archived.revisit:
            self.crawler.stats.inc_value(S.WARC_REVISITS)
        request.meta[WARC_META_KEY] = archived.location
        self.crawler.stats.inc_value(S.WARC_RECORDS, 2)
        return response

    def spider_closed(self) -> None:
        try:
            files = self.archiver.close()
        except WarcWriteError as exc:
            logger.error("%s", exc)
            self.crawler.stats.set_value(S.WARC_ERROR, str(exc))
            files = []
        self.crawler.stats.set_value(S.WARC_FILES, files)


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
