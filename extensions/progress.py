"""Progress of a crawl: a bar on a terminal, one line every ``PROGRESS_INTERVAL`` seconds in a log
(in place of Scrapy's LogStats).

    Progress 20261128T021613Z-9e5ce4f7: 240 pages (38/min), 61 articles (12 new),
    190 quotations, 3 errors, 52 skipped as archived

What a person tailing an unattended run's log wants: how far, how fast, how well. When stderr is
a terminal and the log goes there too, a bar (``core.progress``) takes the lines' place: pages
done / planned, the rate, the time left, articles and errors; log records appear above
it. Planned = pages fetched + requests waiting (in the queue and under way), or, when the spider
can tell what share of its work it has started (the e-paper: its days), that extrapolated to the
whole run, whichever is more. No bar where stderr is no terminal (cron, systemd, tests).
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from core import progress as display
from core import stats as S
from core.run import run_id_of
from extensions.exitstatus import error_counts

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Seconds between redraws of the bar from the crawl's counters.
BAR_UPDATE_SECONDS = 1.0


class Progress:
    def __init__(self, crawler: Crawler, interval: float, bar: bool, lines: bool) -> None:
        self.crawler = crawler
        self.interval = interval
        self.bar = bar
        self.lines = lines
        self.run_id = run_id_of(crawler.settings)
        self._pages_before = 0
        self._loops: list[task.LoopingCall] = []
        self._display: display.Progress | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        interval = settings.getfloat("PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("PROGRESS_INTERVAL is 0")
        bar = display.is_terminal(sys.stderr)
        log_on_terminal = settings.getbool("LOG_ENABLED") and not settings.get("LOG_FILE")
        ext = cls(crawler, interval, bar=bar, lines=not (bar and log_on_terminal))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        if self.lines:
            self._every(self.interval, self.report)
        if self.bar:
            self._display = display.Progress(
                f"crawl {spider.name}",
                unit="pages",
                interval=self.interval,
                terminal=True,
            )
            self._every(BAR_UPDATE_SECONDS, self.draw)

    def spider_closed(self) -> None:
        for loop in self._loops:
            if loop.running:
                loop.stop()
        if self._display is not None:
            self.draw()
            self._display.close()
            self._display = None

    def _every(self, seconds: float, call: object) -> None:
        loop = task.LoopingCall(call)
        loop.start(seconds, now=False)
        self._loops.append(loop)

    def report(self) -> None:
        logger.info("%s", self.line())

    def draw(self) -> None:
        """The bar, from the crawl's counters and queue."""
        assert self._display is not None
        stats = self.crawler.stats
        assert stats is not None
        get = stats.get_value
        pages = get(S.RESPONSES, 0)
        errors = sum(error_counts(stats.get_stats()).values())
        note = f"{get(S.ARTICLES_EXTRACTED, 0)} articles, {errors} errors"
        self._display.update(done=pages, total=self.planned(pages), note=note)

    def planned(self, pages: int) -> int:
        """Pages fetched + requests waiting, or the spider's extrapolation if more."""
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        # Scrapy's scheduler and scrapy-redis's tell their length; another may not.
        waiting = len(scheduler) if hasattr(scheduler, "__len__") else 0  # type: ignore[arg-type]
        if engine is not None and engine.downloader is not None:
            waiting += len(engine.downloader.active)
        planned = pages + waiting
        spider = engine.spider if engine is not None else None
        share = spider.progress_share() if hasattr(spider, "progress_share") else None
        if share:
            planned = max(planned, round(planned / share))
        return planned

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
            f"{get(S.ARTICLES_EXTRACTED, 0)} articles ({get(S.ARTICLES_NEW, 0)} new), "
            f"{get(S.QUOTATIONS_EXTRACTED, 0)} quotations, {errors} errors, "
            f"{get(S.INCREMENTAL_SKIPPED, 0)} skipped as archived"
        )
