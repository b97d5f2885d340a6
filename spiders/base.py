"""What both spiders share: scope from settings, and turning a response into a FetchedPage."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.http import TextResponse

from archive import WARC_META_KEY
from spiders.items import FetchedPage

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class PeoplesDailySpider(scrapy.Spider):
    """Base spider: only the configured People's Daily domains are in scope."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.allowed_domains = crawler.settings.getlist("ALLOWED_DOMAINS")
        return spider

    def fetched_page(self, response: scrapy.http.Response) -> FetchedPage | None:
        """The response as a FetchedPage, or None (logged, counted) when it holds no HTML."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("pages/skipped/not_text")
            logger.warning("Skipped %s: not a text response", response.url)
            return None
        return FetchedPage(
            url=response.url,
            html=response.text,
            fetched_at=dt.datetime.now(dt.UTC),
            warc=response.meta.get(WARC_META_KEY),
        )


def split_arg(value: str | list[str] | None) -> list[str]:
    """A comma-separated ``-a name=a,b`` spider argument as a list."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [v.strip() for v in value if v.strip()]
