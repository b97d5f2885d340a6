"""A one-line progress report every ``PROGRESS_INTERVAL`` seconds, in place of Scrapy's LogStats.

    Progress 20261128T021613Z-9e5ce4f7: 240 pages (38/min), 61 articles (12 new),
    190 quotations, 3 errors, 52 skipped as archived

What a person tailing an unattended run's log wants: how far, how fast, how well.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from core import stats as S
from core.run import RUN_ID
from extensions.exitstatus import error_counts

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class Progress:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.run_id = crawler.settings.get(RUN_ID) or "(no run id)"
        self._pages_before = 0
        self._loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("PROGRESS_INTERVAL is 0")
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self._loop = task.LoopingCall(self.report)
        self._loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()

    def report(self) -> None:
        logger.info("%s", self.line())

    def line(self) -> str:
        stats = self.crawler.stats
        assert stats is not None
        get = stats.get_value
        pages = get(S.RESPONSES, 0)
        rate = (pages - self._pages_before) * 60 / self.interval
        self._pages_before = pages
        errors = sum(error_counts(stats.get_stats()).values())
        return (
            f"Progress {self.run_id}: {pages} pages ({rate:.0f}/min), "
            f"{get(S.ARTICLES_EXTRACTED, 0)} articles ({get(S.ARTICLE_OUTCOME + 'new', 0)} new), "
            f"{get(S.QUOTATIONS_EXTRACTED, 0)} quotations, {errors} errors, "
            f"{get(S.INCREMENTAL_SKIPPED, 0)} skipped as archived"
        )
