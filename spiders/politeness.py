"""Politeness: robots.txt ``Crawl-delay`` per host, and a User-Agent that says who is asking.

``CrawlDelayMiddleware`` applies robots.txt ``Crawl-delay``, which Scrapy's RobotsTxtMiddleware
reads past. ``PolitenessAddon`` names the project and ``CONTACT_URL`` in the User-Agent unless
the user set ``USER_AGENT`` themselves.

The middleware reads each host's robots.txt response as it passes (RobotsTxtMiddleware fetches it
before any other request to that host), and from then on that host's download slot waits at
least the declared delay between requests, without jitter, and AutoThrottle does not shorten it.

Settings:

- ``ROBOTSTXT_CRAWL_DELAY`` (default True): honour Crawl-delay at all.
- ``CRAWL_DELAY_MAX`` (seconds, default 300): never wait longer than this per request.
- ``CRAWL_DELAY_OVERRIDE`` (seconds, default unset): use this instead of any declared value
  (tests and local mirrors; 0 turns the declared delays off).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from protego import Protego
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.settings import SETTINGS_PRIORITIES, Settings
from scrapy.utils.httpobj import urlparse_cached

from core import stats as S
from core.version import PROJECT, project_version
from spiders.distributed import HOST_DELAY_META

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


# Scrapy's robots.txt middleware, which logs a robots.txt it could not fetch with a traceback.
ROBOTSTXT_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


class OneLine(logging.Filter):
    """Drops the traceback of a record: a host that is down or refused is a fact of crawling,
    not a bug, and the message says what failed."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True


class PolitenessAddon:
    """Scrapy add-on: ``USER_AGENT`` = ``peoples-daily-archive/VERSION (+CONTACT_URL)``; a
    robots.txt that cannot be fetched logged in one line."""

    def update_settings(self, settings: Settings) -> None:
        robots_logger = logging.getLogger(ROBOTSTXT_LOGGER)
        if not any(isinstance(f, OneLine) for f in robots_logger.filters):
            robots_logger.addFilter(OneLine())
        if settings.getpriority("USER_AGENT") > SETTINGS_PRIORITIES["addon"]:
            return  # set by the user: theirs wins
        contact = settings.get("CONTACT_URL") or ""
        agent = f"{PROJECT}/{project_version()}" + (f" (+{contact})" if contact else "")
        settings.set("USER_AGENT", agent, priority="addon")


class CrawlDelayMiddleware:
    """Downloader middleware; enable it next to RobotsTxtMiddleware (settings.py uses 110)."""

    def __init__(
        self, crawler: Crawler, user_agent: str, maximum: float, override: float | None
    ) -> None:
        self.crawler = crawler
        self.user_agent = user_agent
        self.maximum = maximum
        self.override = override
        self.delays: dict[str, float] = {}  # host → seconds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        if not (s.getbool("ROBOTSTXT_OBEY") and s.getbool("ROBOTSTXT_CRAWL_DELAY")):
            raise NotConfigured("ROBOTSTXT_OBEY or ROBOTSTXT_CRAWL_DELAY is off")
        override = s.get("CRAWL_DELAY_OVERRIDE")
        return cls(
            crawler,
            s.get("ROBOTSTXT_USER_AGENT") or s.get("USER_AGENT"),
            s.getfloat("CRAWL_DELAY_MAX"),
            None if override in (None, "") else float(override),
        )

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        delay = self.delays.get(host)
        if delay:
            request.meta["autothrottle_dont_adjust_delay"] = True
            request.meta[HOST_DELAY_META] = delay  # for the workers' shared pace, if any
            self._apply(request, delay)

    def process_response(self, request: Request, response: Response) -> Response:
        parts = urlparse_cached(request)
        if parts.path != "/robots.txt" or response.status != 200:
            return response
        try:
            declared = Protego.parse(response.text).crawl_delay(self.user_agent)
        except (AttributeError, ValueError, UnicodeDecodeError):  # no text or no rules
            return response
        if declared is None:
            return response
        host = parts.hostname or ""
        delay = min(float(declared), self.maximum)
        if self.override is not None:
            delay = self.override
        self.delays[host] = delay
        logger.info(
            "robots.txt of %s asks for Crawl-delay %s s; waiting %s s", host, declared, delay
        )
        self.crawler.stats.set_value(S.CRAWL_DELAY + host, delay)
        return response

    def _apply(self, request: Request, delay: float) -> None:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        # A slot created later (after idle slots are collected) starts with the delay too.
        downloader.per_slot_settings.setdefault(key, {}).update(delay=delay, jitter=0)
        slot = downloader.slots.get(key)
        if slot is not None and (slot.delay < delay or slot.jitter):
            slot.delay, slot.jitter = max(slot.delay, delay), 0
