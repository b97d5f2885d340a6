"""``scrapy crawl people``: channel list pages → articles on people.com.cn / people.cn.

scrapy crawl people                                    # the default channels
scrapy crawl people -a start_urls=URL[,URL…]           # list pages or article pages
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from twisted.python.failure import Failure

from spiders.base import PeoplesDailySpider, split_arg
from spiders.items import ArticlePages
from spiders.links import article_page_urls, list_links
from spiders.urls import parse_article_url

logger = logging.getLogger(__name__)

# Default start points: central channel list pages (first page; pagination is followed).
DEFAULT_START_URLS = (
    "http://politics.people.com.cn/GB/1024/index.html",  # 时政
)


class PeopleSpider(PeoplesDailySpider):
    name = "people"

    def __init__(self, start_urls: str | list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = split_arg(start_urls) or list(DEFAULT_START_URLS)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            if parse_article_url(url):
                yield scrapy.Request(url, callback=self.parse_article)
            else:
                yield scrapy.Request(url, callback=self.parse_list)

    def parse_list(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        """A channel list page: every article on it, then the next list pages."""
        page = self.fetched_page(response)
        if page is None:
            return
        links = list_links(response.url, page.html)
        self.crawler.stats.inc_value("lists/pages")
        for url in links.articles:
            yield scrapy.Request(url, callback=self.parse_article)
        for url in links.list_pages:
            yield scrapy.Request(url, callback=self.parse_list)

    def parse_article(self, response: scrapy.http.Response) -> Iterator[Any]:
        """Page 1 of an article: the item itself, or the request for page 2 when there is one."""
        page = self.fetched_page(response)
        ref = parse_article_url(response.url)
        if page is None or ref is None:
            if ref is None:
                logger.warning("Skipped %s: not an article URL after redirects", response.url)
                self.crawler.stats.inc_value("articles/skipped/not_article_url")
            return
        article = ArticlePages(ref.article_id, ref.first_page_url, ref.site, [page])
        remaining = article_page_urls(response.url, page.html)
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
        )

    def _page_failed(self, failure: Failure) -> Iterator[ArticlePages]:
        """A later page could not be fetched: keep the pages we have rather than lose them."""
        kwargs = failure.request.cb_kwargs  # type: ignore[attr-defined]
        article: ArticlePages = kwargs["article"]
        logger.warning(
            "Article %s: page %s failed (%s); keeping %d page(s)",
            article.url,
            failure.request.url,  # type: ignore[attr-defined]
            failure.getErrorMessage(),
            len(article.pages),
        )
        self.crawler.stats.inc_value("articles/incomplete")
        yield article
