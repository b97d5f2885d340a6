"""Incremental runs: an article already archived is not fetched again, unless it is new enough.

A scheduled crawl re-reads its list pages, feeds and e-paper layouts every run, and finds on
them mostly articles it has. Those are skipped before any request is made, except the ones
published within ``RECHECK_DAYS`` (3 by default): People's Daily corrects articles in their first
days, and an article fetched again that changed becomes its next version in the dataset (an
unchanged one adds no row). ``-a refresh=1`` fetches everything again; ``INCREMENTAL = False``
switches this off.

What is known comes from the dataset under ``OUTPUT_DIR`` itself, read by the dataset's own
reader (``pipelines.dataset.known_articles``) through its documented columns (``article_id``,
``published_at``): no other state to keep in step, and a dataset rebuilt with ``scrapy replay``
serves as well.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from core import stats as S
from core.clock import utc_now
from core.errors import Refused
from pipelines.dataset import known_articles
from spiders.urls import parse_article_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def recheck_due(published: dt.datetime, recheck: dt.timedelta, now: dt.datetime) -> bool:
    """Whether an archived article published at ``published`` is recent enough to be fetched
    again (within ``recheck`` of ``now``)."""
    return published >= now - recheck


def settled_articles(
    known: dict[str, dt.datetime], recheck: dt.timedelta, now: dt.datetime
) -> frozenset[str]:
    """The ids of the archived articles a crawl would skip (not fetched again)."""
    return frozenset(a for a, when in known.items() if not recheck_due(when, recheck, now))


class AlreadyArchived(Refused, IgnoreRequest):
    """The article is in the dataset and too old to be checked again."""


class IncrementalMiddleware:
    """Downloader middleware: drops requests for articles the dataset has and need not recheck."""

    def __init__(self, crawler: Crawler, root: Path | str, recheck: dt.timedelta) -> None:
        self.crawler = crawler
        self.root = root
        self.recheck = recheck
        self.known: dict[str, dt.datetime] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("INCREMENTAL") or settings.get("REPLAY_FROM"):
            raise NotConfigured("INCREMENTAL is off, or the crawl replays an archive")
        middleware = cls(
            crawler,
            settings.get("OUTPUT_DIR"),
            dt.timedelta(days=settings.getfloat("RECHECK_DAYS")),
        )
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        if getattr(spider, "refresh", False):
            logger.info("-a refresh=1: every article is fetched again")
            return
        self.known = known_articles(self.root)
        if self.known:
            logger.info(
                "%d articles already in %s: fetched again only if published in the last %g days",
                len(self.known),
                self.root,
                self.recheck.total_seconds() / 86400,
            )

    def process_request(self, request: Request) -> None:
        ref = parse_article_url(request.url)
        if ref is None or ref.page != 1 or ref.article_id not in self.known:
            return
        if recheck_due(self.known[ref.article_id], self.recheck, utc_now()):
            self.crawler.stats.inc_value(S.INCREMENTAL_RECHECKED)
            return
        self.crawler.stats.inc_value(S.INCREMENTAL_SKIPPED)
        raise AlreadyArchived(f"{ref.article_id} is archived already")
