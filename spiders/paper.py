"""``scrapy crawl paper``: the 人民日报 e-paper, day by day, page (版面) by page.

scrapy crawl paper                                   # today (Asia/Shanghai)
scrapy crawl paper -a date=2025-01-15
scrapy crawl paper -a since=2025-01-01 -a until=2025-01-07
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy

from core import stats as S
from core.clock import shanghai_today
from core.items import ArticlePages
from spiders import ARTICLE_PRIORITY
from spiders.base import PeoplesDailySpider, SpiderArgumentError, parse_day, split_arg
from spiders.links import paper_layout
from spiders.urls import paper_layout_url

# The one channel of the e-paper: every day's first layout page starts it.
PAPER_CHANNEL = "paper"


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
            self.days = sorted({d for v in split_arg(date) if (d := parse_day(v, "date"))})
            return
        first = parse_day(since, "since") or today
        last = parse_day(until, "until") or today
        if last < first:
            raise SpiderArgumentError(f"-a until={last} is before -a since={first}")
        self.days = [first + dt.timedelta(n) for n in range((last - first).days + 1)]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for day in self.days:
            yield self.starting(
                scrapy.Request(
                    paper_layout_url(day), callback=self.parse_layout, errback=self.download_failed
                ),
                PAPER_CHANNEL,
            )

    def parse_layout(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        """One page (版面): its articles, and the day's other pages."""
        page = self.fetched_page(response)
        if page is None:
            return
        layout = paper_layout(response.url, page.html)
        self.crawler.stats.inc_value(S.PAPER_LAYOUT_PAGES)
        self.read_links(response, "layout", len(layout.articles))
        for url in layout.articles:
            yield scrapy.Request(
                url,
                callback=self.parse_article,
                errback=self.download_failed,
                cb_kwargs={"print_page": layout.page, "print_page_name": layout.page_name},
                priority=ARTICLE_PRIORITY,
            )
        for url in layout.layout_pages:
            yield scrapy.Request(url, callback=self.parse_layout, errback=self.download_failed)

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
