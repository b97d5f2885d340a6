"""``scrapy crawl paper``: the 人民日报 e-paper, day by day, page (版面) by page.

scrapy crawl paper                                   # today (Asia/Shanghai)
scrapy crawl paper -a date=2025-01-15
scrapy crawl paper -a since=2025-01-01 -a until=2025-01-07
scrapy crawl paper -a since=2015-01-01 -a order=oldest -s JOBDIR=jobs/paper   # years, resumable
scrapy crawl paper -a since=2025-01-01 -a until=2025-12-31 -a plan=1          # what it would take

Days go one after another, newest first (``-a order=oldest``: oldest first): a day's pages and
articles are fetched before the next day's first page, in a single crawl, a resumed one
(``JOBDIR``) and a distributed one (Redis) alike. Each day's requests carry a priority of its
own (the first day 0, the next -1, …) under the articles' (``spiders.ARTICLE_PRIORITY``), so any
priority queue keeps them in order, and the next day is queued only once the scheduler has
nothing to do, so the queue holds one day at a time however long the range. (With several
workers, a day may begin while another worker finishes the one before.)
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy import signals

from core import stats as S
from core.clock import shanghai_today
from core.items import START_PAGE_META, ArticlePages
from spiders import ARTICLE_PRIORITY
from spiders.base import (
    NEWEST,
    PeoplesDailySpider,
    SpiderArgumentError,
    parse_day,
    split_arg,
)
from spiders.links import paper_layout
from spiders.plan import PlanCounter, PlanScope, sample_days
from spiders.urls import paper_layout_url

# The one channel of the e-paper: every day's first layout page starts it.
PAPER_CHANNEL = "paper"
# How often the spider looks whether the day under way is done (the next one waits for it).
DAY_WAIT_POLL_SECONDS = 0.2


class PaperSpider(PeoplesDailySpider):
    name = "paper"

    def __init__(
        self,
        date: str | None = None,
        since: str | None = None,
        until: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        today = shanghai_today()
        if date and (since or until):
            raise SpiderArgumentError("give either -a date=… or -a since=…/-a until=…, not both")
        if date:
            days = sorted({d for v in split_arg(date) if (d := parse_day(v, "date"))})
        else:
            first = parse_day(since, "since") or today
            last = parse_day(until, "until") or today
            if last < first:
                raise SpiderArgumentError(f"-a until={last} is before -a since={first}")
            days = [first + dt.timedelta(n) for n in range((last - first).days + 1)]
        self.days = days[::-1] if self.order == NEWEST else days
        self.to_fetch = self.days  # a plan run: a sample of them
        self._days_sent: set[str] = set()
        self._days_dropped: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PaperSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.planner is not None:
            spider.to_fetch = sample_days(spider.days, crawler.settings.getint("PLAN_SAMPLE_DAYS"))
        crawler.signals.connect(spider._request_sent, signal=signals.request_reached_downloader)
        crawler.signals.connect(spider._request_dropped, signal=signals.request_dropped)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for rank, day in enumerate(self.to_fetch):
            yield self.starting(
                scrapy.Request(
                    paper_layout_url(day),
                    callback=self.parse_layout,
                    errback=self.download_failed,
                    priority=-rank,
                    cb_kwargs={"rank": rank},
                ),
                PAPER_CHANNEL,
            )
            await self._until_queue_drained()

    async def _until_queue_drained(self) -> None:
        """Wait while the crawl has work: the next day is queued once this one's pages and
        articles are all done (a day already done in a resumed job is dropped at once)."""
        while self._busy():
            await asyncio.sleep(DAY_WAIT_POLL_SECONDS)

    def _busy(self) -> bool:
        """Whether anything waits in the queue, is being downloaded, or being processed (a
        response whose callback may yield more of this day's requests)."""
        engine = self.crawler.engine
        scheduler, scraping = engine.scheduler, engine.scraper.slot
        return bool(
            (scheduler is not None and scheduler.has_pending_requests())
            or engine.downloader.active
            or (scraping is not None and not scraping.is_idle())
        )

    def parse_layout(self, response: scrapy.http.Response, rank: int = 0) -> Iterator[Any]:
        """One page (版面): its articles, and the day's other pages."""
        page = self.fetched_page(response)
        if page is None:
            return
        layout = paper_layout(response.url, page.html)
        self.crawler.stats.inc_value(S.PAPER_LAYOUT_PAGES)
        self.read_links(response, "layout", len(layout.articles))
        if self.planner is not None:
            self.plan_page(response)
            for url in layout.articles:
                self.planner.article(url)  # the same host: its robots.txt is read already
        else:
            for url in layout.articles:
                yield scrapy.Request(
                    url,
                    callback=self.parse_article,
                    errback=self.download_failed,
                    cb_kwargs={"print_page": layout.page, "print_page_name": layout.page_name},
                    priority=ARTICLE_PRIORITY,
                )
        for url in layout.layout_pages:
            yield scrapy.Request(
                url,
                callback=self.parse_layout,
                errback=self.download_failed,
                priority=-rank,
                cb_kwargs={"rank": rank},
            )

    def parse_article(
        self,
        response: scrapy.http.Response,
        print_page: int | None = None,
        print_page_name: str | None = None,
    ) -> Iterator[ArticlePages]:
        article = self.first_page(response)
        if article is not None:
            article.print_page, article.print_page_name = print_page, print_page_name
            yield article

    # -- how far along ------------------------------------------------------------------------
    def _request_sent(self, request: scrapy.Request) -> None:
        if request.meta.get(START_PAGE_META):
            self._days_sent.add(request.url)

    def _request_dropped(self, request: scrapy.Request) -> None:
        if request.meta.get(START_PAGE_META):  # done in an earlier run of the same job
            self._days_dropped.add(request.url)

    def progress_share(self) -> float | None:
        """Days started in this run over the days this run has to do."""
        remaining = len(self.to_fetch) - len(self._days_dropped)
        return len(self._days_sent) / remaining if remaining > 0 and self._days_sent else None

    # -- a plan run ---------------------------------------------------------------------------
    def plan_scope(self, planner: PlanCounter) -> PlanScope:
        days, sampled = len(self.days), len(self.to_fetch)
        first, last = min(self.days), max(self.days)
        span = f"{first}" if days == 1 else f"{first} to {last}"
        not_answered = sum(planner.failed.values())
        read = f"{planner.pages_read:,} layout page(s) of {sampled} day(s)" + (
            f" sampled, evenly spread, of the {days}" if sampled < days else ""
        )
        if not_answered:
            read += f" ({not_answered} not answered: no e-paper that day, or an error)"
        assumptions = []
        if sampled < days:
            assumptions.append(
                f"the {days - sampled} days not read are like the {sampled} read, on average "
                f"(PLAN_SAMPLE_DAYS = {self.settings.getint('PLAN_SAMPLE_DAYS')})"
            )
        return PlanScope(
            title=f"scrapy crawl paper, {span} ({days} day(s), {self.order} first)",
            read=read,
            discovery="layout pages",
            scale=days / sampled if sampled else 0.0,
            assumptions=tuple(assumptions),
            per_unit="a day",
            units=days,
        )
