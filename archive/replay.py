"""Crawling from the archive instead of the network: the archive as Scrapy's HTTP cache.

``WarcCacheStorage`` is a storage backend for Scrapy's own HttpCacheMiddleware: it answers each
request with the latest archived response for its URL (a revisit with its original's payload),
exactly as archived (still gzip-encoded, redirects not followed), so the rest of the crawl runs
as it ran live: decompression, redirects, robots.txt, link following from archived list pages.
A request the archive cannot answer is dropped (``HTTPCACHE_IGNORE_MISSING``): nothing reaches
the network.

``ArchiveReplayAddon`` switches it all on when ``REPLAY_FROM`` names a folder of WARC files::

    scrapy crawl people -s REPLAY_FROM=data/warc -s OUTPUT_DIR=rebuilt
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from archive.dedup import PayloadIndex
from archive.index import Capture, index_directory, read_cdxj
from archive.reader import ArchiveReadError, WarcSource, read_response_at
from core.items import WARC_META_KEY

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.settings import BaseSettings, Settings

logger = logging.getLogger(__name__)

# Headers about the framing of the archived message, not its content.
_FRAMING = frozenset({"transfer-encoding"})


class WarcCacheStorage:
    """HTTPCACHE_STORAGE that reads the WARC files of ``REPLAY_FROM`` and never writes."""

    def __init__(self, settings: BaseSettings) -> None:
        self.directory = Path(settings["REPLAY_FROM"])
        self._latest: dict[str, Capture] = {}
        self._payloads = PayloadIndex(self.directory)

    def open_spider(self, spider: Spider) -> None:
        if not self.directory.is_dir():
            raise NotConfigured(f"REPLAY_FROM: no such folder {self.directory}")
        captures = list(read_cdxj(index_directory(self.directory)))
        for capture in captures:
            self._latest[capture.url] = capture  # index lines are read oldest file first
        self._payloads = PayloadIndex.from_captures(self.directory, captures)
        logger.info("Replaying from %s: %d archived URLs", self.directory, len(self._latest))

    def close_spider(self, spider: Spider) -> None:
        pass

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        capture = self._latest.get(request.url)
        if capture is None:
            return None
        try:
            archived = read_response_at(
                WarcSource(self.directory / capture.filename), capture.offset
            )
            if capture.revisit:
                original = self._payloads.original(capture.url, capture.digest)
                if original is None:
                    logger.warning("Revisit of %s without its original: not replayed", request.url)
                    return None
                where = original.location
                payload_from = read_response_at(
                    WarcSource(self.directory / where.filename), where.offset
                )
                archived.payload, archived.location = payload_from.payload, payload_from.location
        except ArchiveReadError as exc:
            logger.warning("Cannot replay %s: %s", request.url, exc)
            return None
        request.meta[WARC_META_KEY] = archived.location  # rows cite the archive, as live ones do
        headers = Headers()
        for name, value in archived.headers:
            if name.lower() not in _FRAMING:
                headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=headers, url=archived.url)
        return cls(url=archived.url, status=archived.status, headers=headers, body=archived.payload)

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        pass  # the archive is written by the capture middleware, not by the cache


class ArchiveReplayAddon:
    """Turns a crawl into a replay when ``REPLAY_FROM`` is set; does nothing otherwise."""

    def update_settings(self, settings: Settings) -> None:
        if not settings.get("REPLAY_FROM"):
            return
        # What replaying implies is set at the priority REPLAY_FROM was given with (the command
        # line, usually), so it wins over the project's settings for a live crawl.
        priority = settings.getpriority("REPLAY_FROM") or 0
        for name, value in (
            ("HTTPCACHE_ENABLED", True),
            ("HTTPCACHE_STORAGE", f"{__name__}.WarcCacheStorage"),
            ("HTTPCACHE_POLICY", "scrapy.extensions.httpcache.DummyPolicy"),
            ("HTTPCACHE_IGNORE_MISSING", True),
            ("HTTPCACHE_EXPIRATION_SECS", 0),
            ("HTTPCACHE_IGNORE_HTTP_CODES", []),
            ("WARC_ENABLED", False),  # nothing new is fetched: nothing to archive
            # No politeness delay is owed to a file on disk.
            ("DOWNLOAD_DELAY", 0),
            ("AUTOTHROTTLE_ENABLED", False),
            ("CRAWL_DELAY_OVERRIDE", 0),
        ):
            settings.set(name, value, priority=priority)
