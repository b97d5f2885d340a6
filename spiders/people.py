"""``scrapy crawl people``: people.com.cn / people.cn, from channel lists, feeds and sitemaps.

    scrapy crawl people                                  # default channels, spiders/channels.py
    scrapy crawl people -a channels=politics,theory
    scrapy crawl people -a start_urls=URL[,URL…]         # list pages, feeds, sitemaps or articles
    scrapy crawl people -a since=2024-05-01 -a until=2024-05-31 -a max_articles=100
    scrapy crawl people -a since=2024-01-01 -a plan=1      # what a year of the channels takes

Arguments:

- ``since`` / ``until`` (YYYY-MM-DD, inclusive): only articles whose URL date is in range; a list
  page whose articles are all older than ``since`` is not paged further.
- ``max_articles``: schedule at most this many articles.
- ``include``: extra kinds of page to take from lists and feeds (photo, video, foreign, minority),
  which are skipped by default; also the ``PEOPLE_INCLUDE_KINDS`` setting.
- ``order``: ``newest`` (the default) is the lists' own order: each list page's articles are
  fetched before the next list page is read. ``oldest`` reads a host's lists (to ``since``, or
  ``PEOPLE_LIST_MAX_PAGES`` deep), feeds and sitemaps before its articles, holding the articles
  they link in the queue, then fetches them oldest year first (by URL date; within a year in
  no set order). Hosts are fetched side by side, each at its own pace, so the order holds host
  by host, not across hosts; and Scrapy hands the downloader up to ``CONCURRENT_REQUESTS``
  requests at once, which go in the order they came. It cannot mean "the oldest article the
  site has": only what the lists reach. ``max_articles`` counts in the order the lists are
  read, newest first.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from twisted.python.failure import Failure

from core import stats as S
from core.clock import shanghai_today
from core.items import ArticlePages
from spiders import (
    ARTICLE_PRIORITY,
    DISCOVERY_FIRST_PRIORITY,
    NEXT_PAGE_PRIORITY,
    OLDEST_FIRST_YEARS,
)
from spiders.base import OLDEST, PeoplesDailySpider, SpiderArgumentError, parse_day, split_arg
from spiders.channels import DEFAULT_CHANNELS, channel_of, start_urls_of
from spiders.links import ARTICLE_KINDS, feed_links, list_links, next_page_urls
from spiders.plan import PlanCounter, PlanScope
from spiders.urls import KINDS, classify, parse_article_url

logger = logging.getLogger(__name__)


class PeopleSpider(PeoplesDailySpider):
    name = "people"

    def __init__(
        self,
        start_urls: str | list[str] | None = None,
        channels: str | list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        include: str | list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.start_urls = split_arg(start_urls) or start_urls_of(
            split_arg(channels) or list(DEFAULT_CHANNELS)
        )
        # order=oldest: discovery before any article, older articles first (module docstring).
        self.discovery_priority = DISCOVERY_FIRST_PRIORITY if self.order == OLDEST else 0
        self.since = parse_day(since, "since")
        self.until = parse_day(until, "until")
        if self.since and self.until and self.until < self.since:
            raise SpiderArgumentError(f"-a until={self.until} is before -a since={self.since}")
        try:
            self.max_articles = int(max_articles) if max_articles else None
        except ValueError:
            raise SpiderArgumentError(
                f"-a max_articles={max_articles!r}: expected a number"
            ) from None
        self.channels = split_arg(channels)
        self.include_arg = split_arg(include)
        if unknown := set(self.include_arg) - set(KINDS):
            raise SpiderArgumentError(f"-a include: unknown kind(s) {', '.join(sorted(unknown))}")
        self.scheduled: set[str] = set()  # article URLs requested so far

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PeopleSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        kinds = {*spider.include_arg, *crawler.settings.getlist("PEOPLE_INCLUDE_KINDS")}
        if unknown := kinds - set(KINDS):
            raise SpiderArgumentError(f"PEOPLE_INCLUDE_KINDS: unknown {', '.join(sorted(unknown))}")
        spider.include = frozenset(kinds)
        spider.list_max_pages = crawler.settings.getint("PEOPLE_LIST_MAX_PAGES")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            kind = classify(url)
            if kind in ("feed", "sitemap"):
                request = scrapy.Request(
                    url,
                    callback=self.parse_feed,
                    errback=self.download_failed,
                    priority=self.discovery_priority,
                )
            elif parse_article_url(url):
                request = self._article_request(url, force=True)
            else:  # a list page, or a channel home page such as cpc.people.com.cn/xuexi/
                request = scrapy.Request(
                    url,
                    callback=self.parse_list,
                    errback=self.download_failed,
                    cb_kwargs={"depth": 1},
                    priority=self.discovery_priority,
                )
            if request := self.starting(request, channel_of(url)):
                yield request

    # -- discovery ---------------------------------------------------------------------------
    def parse_list(self, response: scrapy.http.Response, depth: int = 1) -> Iterator[Any]:
        """A channel list page: every wanted article on it, then the next list pages."""
        page = self.fetched_page(response)
        if page is None:
            return
        if self.planner is not None:
            self.plan_page(response)
        links = list_links(response.url, page.html, ARTICLE_KINDS | self.include)
        self.read_links(response, "list", len(links.articles))
        fresh = [u for u in links.articles if self._in_range(u)]
        for url in fresh:
            if request := self._article_request(url):
                yield request
        if links.articles and not fresh and self._all_older(links.articles):
            logger.info(
                "List %s is older than since=%s: not paging further", response.url, self.since
            )
            return
        if depth >= self.list_max_pages:
            return
        for url in links.list_pages:
            yield scrapy.Request(
                url,
                callback=self.parse_list,
                errback=self.download_failed,
                cb_kwargs={"depth": depth + 1},
                priority=self.discovery_priority,
            )

    def parse_feed(self, response: scrapy.http.Response) -> Iterator[Any]:
        """An RSS feed, an OPML list of feeds, a sitemap or a sitemap index."""
        self.crawler.stats.inc_value(S.FEEDS_READ)
        if self.planner is not None:
            self.plan_page(response)
        links = feed_links(response.url, response.body)
        articles = links.articles(self.include)
        self.read_links(response, "feed", len(articles))
        for url in links.feeds:
            yield scrapy.Request(
                url,
                callback=self.parse_feed,
                errback=self.download_failed,
                priority=self.discovery_priority,
            )
        for url in articles:
            if not self._in_range(url):
                continue
            if request := self._article_request(url):
                yield request

    # -- articles ----------------------------------------------------------------------------
    def parse_article(self, response: scrapy.http.Response) -> Iterator[Any]:
        """Page 1 of an article: the item itself, or the request for page 2 when there is one."""
        article = self.first_page(response)
        if article is None:
            return
        remaining = next_page_urls(article.pages[0])
        yield from self._next_page(article, remaining)

    def parse_more_pages(
        self, response: scrapy.http.Response, article: ArticlePages, remaining: list[str]
    ) -> Iterator[Any]:
        page = self.fetched_page(response)
        if page is not None:
            article.pages.append(page)
        yield from self._next_page(article, remaining)

    def _next_page(self, article: ArticlePages, remaining: list[str]) -> Iterator[Any]:
        """Fetch pages 2..N one after another, then hand over the merged article."""
        if not remaining:
            yield article
            return
        yield scrapy.Request(
            remaining[0],
            callback=self.parse_more_pages,
            errback=self._page_failed,
            cb_kwargs={"article": article, "remaining": remaining[1:]},
            # The article waits for this answer: a duplicate filter that dropped the request
            # (a redirect back to a URL seen before) would lose the pages fetched so far.
            dont_filter=True,
            priority=NEXT_PAGE_PRIORITY,
        )

    def _page_failed(self, failure: Failure) -> Iterator[ArticlePages]:
        """A later page could not be fetched: keep the pages we have rather than lose them.

        The failure is counted as any other (``download_failed``), the article as incomplete.
        """
        self.download_failed(failure)
        article: ArticlePages = failure.request.cb_kwargs["article"]  # type: ignore[attr-defined]
        logger.info("Article %s: keeping its %d page(s) fetched", article.url, len(article.pages))
        self.crawler.stats.inc_value(S.ARTICLES_INCOMPLETE)
        yield article

    def _article_request(self, url: str, force: bool = False) -> scrapy.Request | None:
        """The request for an article's first page, or None once max_articles are scheduled."""
        if url in self.scheduled:
            return None  # listed on several pages or feeds: one request is enough
        if not force and self.max_articles is not None and len(self.scheduled) >= self.max_articles:
            self.crawler.stats.inc_value(S.MAX_ARTICLES_REACHED)
            return None
        self.scheduled.add(url)
        if self.planner is not None:
            return self.plan_article(url)
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.download_failed,
            priority=self._article_priority(url),
        )

    def _article_priority(self, url: str) -> int:
        """``ARTICLE_PRIORITY``; with order=oldest, a step higher per year of the article's age."""
        if self.order != OLDEST or (ref := parse_article_url(url)) is None:
            return ARTICLE_PRIORITY
        years = (self.until or shanghai_today()).year - ref.date.year
        return ARTICLE_PRIORITY + min(max(years, 0), OLDEST_FIRST_YEARS)

    def _in_range(self, url: str) -> bool:
        ref = parse_article_url(url)
        if ref is None:
            return False
        return not (self.since and ref.date < self.since) and not (
            self.until and ref.date > self.until
        )

    def _all_older(self, urls: list[str]) -> bool:
        if self.since is None:
            return False
        dates: list[dt.date] = [r.date for u in urls if (r := parse_article_url(u))]
        return bool(dates) and max(dates) < self.since

    # -- a plan run ---------------------------------------------------------------------------
    def plan_scope(self, planner: PlanCounter) -> PlanScope:
        stats = self.crawler.stats
        lists, feeds = stats.get_value(S.LIST_PAGES, 0), stats.get_value(S.FEEDS_READ, 0)
        not_answered = sum(planner.failed.values())
        read = f"{lists:,} list page(s), {feeds:,} feed(s) and sitemap(s)"
        if not_answered:
            read += f", {not_answered} not answered"
        if self.channels:
            start = f"channels {', '.join(self.channels)}"
        elif self.start_urls == start_urls_of(list(DEFAULT_CHANNELS)):
            start = "the default channels"
        else:
            start = f"{len(self.start_urls)} start point(s)"
        dates = [f"since {self.since}"] if self.since else []
        dates += [f"until {self.until}"] if self.until else []
        depth = (
            f"lists paged down to since={self.since}"
            if self.since
            else f"lists paged at most PEOPLE_LIST_MAX_PAGES = {self.list_max_pages} deep"
        )
        assumptions = [depth]
        if self.max_articles is not None:
            assumptions.append(f"at most max_articles = {self.max_articles}")
        return PlanScope(
            title=f"scrapy crawl people, {', '.join([start, *dates])} ({self.order} first)",
            read=read,
            discovery="list pages, feeds and sitemaps",
            assumptions=tuple(assumptions),
        )
