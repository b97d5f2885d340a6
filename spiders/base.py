"""What both spiders share: scope from settings, and turning a response into a FetchedPage."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from core import stats as S
from core.encoding import mislabelled
from core.errors import ConfigurationError
from core.items import CHANNEL_META, START_PAGE_META, WARC_META_KEY, ArticlePages, FetchedPage
from spiders.redirects import RedirectLoop
from spiders.urls import parse_article_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# What Scrapy's HttpCompressionMiddleware says when a body inflates past DOWNLOAD_MAXSIZE.
DECOMPRESSED_TOO_LARGE = "DOWNLOAD_MAXSIZE"

# A Scrapy signal: a spider read a list page, a feed or an e-paper layout. Arguments: ``url``,
# ``kind`` ("list", "feed" or "layout"), ``articles`` (the article links on it) and ``channel``
# (the channel of a start page; None for pages found later). The drift check listens.
links_read = object()


class SpiderArgumentError(ConfigurationError):
    """A ``-a name=value`` spider argument is wrong; ``scrapy crawl`` reports a usage error."""


class PeoplesDailySpider(scrapy.Spider):
    """Base spider: only the configured People's Daily domains are in scope.

    ``-a refresh=1`` fetches every article again, even those the dataset has already
    (``spiders.incremental``).
    """

    def __init__(self, refresh: str | bool | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.refresh = parse_flag(refresh, "refresh")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.allowed_domains = crawler.settings.getlist("ALLOWED_DOMAINS")
        return spider

    def starting(self, request: scrapy.Request | None, channel: str) -> scrapy.Request | None:
        """A start request, marked: a run none of whose start pages answered has failed, and
        a channel whose start pages link no article is named."""
        if request is not None:
            request.meta[START_PAGE_META] = True
            request.meta[CHANNEL_META] = channel
        return request

    def read_links(self, response: scrapy.http.Response, kind: str, articles: int) -> None:
        """Counts what a list page, feed or layout linked, and says so (``links_read``)."""
        if kind == "list":
            self.crawler.stats.inc_value(S.LIST_PAGES)
            if not articles:
                self.crawler.stats.inc_value(S.LIST_PAGES_EMPTY)
        start = response.meta.get(START_PAGE_META)
        self.crawler.signals.send_catch_log(
            links_read,
            url=response.url,
            kind=kind,
            articles=articles,
            channel=response.meta.get(CHANNEL_META) if start else None,
        )

    def download_failed(self, failure: Failure) -> None:
        """Errback of every request: one line in the log and a count, not a traceback.

        A request dropped on purpose (robots.txt, out of scope, already archived) is counted
        apart: it is not an error.
        """
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):  # an IgnoreRequest too, but an answer that failed
            reason = S.http_failure(failure.value.response.status)
        elif failure.check(RedirectLoop):
            reason = S.REDIRECT_LOOP
        elif failure.check(IgnoreRequest) and DECOMPRESSED_TOO_LARGE in str(failure.value):
            reason = S.DECOMPRESSED_TOO_LARGE
        elif failure.check(IgnoreRequest):
            self.crawler.stats.inc_value(S.IGNORED + failure.value.__class__.__name__)
            logger.debug("Not fetched %s: %s", request.url, failure.getErrorMessage())
            return
        else:
            reason = failure.value.__class__.__name__
        self.crawler.stats.inc_value(S.FAILED + reason)
        logger.warning("Could not fetch %s: %s", request.url, failure.getErrorMessage())

    def first_page(self, response: scrapy.http.Response) -> ArticlePages | None:
        """An article's first page as an item, or None (logged, counted) when it is not one."""
        page = self.fetched_page(response)
        ref = parse_article_url(response.url)
        if ref is None:
            logger.warning("Skipped %s: not an article URL after redirects", response.url)
            self.crawler.stats.inc_value(S.NOT_ARTICLE_URL)
        if page is None or ref is None:
            return None
        return ArticlePages(ref.article_id, ref.first_page_url, ref.site, [page])

    def fetched_page(self, response: scrapy.http.Response) -> FetchedPage | None:
        """The response as a FetchedPage, or None (logged, counted) when it holds no HTML."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value(S.PAGES_NOT_TEXT)
            logger.warning("Skipped %s: not a text response", response.url)
            return None
        # Counted here, decoded by the extraction workers (FetchedPage.html).
        if wrong := mislabelled(response.body, response.encoding):
            self.crawler.stats.inc_value(S.PAGES_MISLABELLED)
            logger.info(
                "%s is labelled %s but is not: decoded by its bytes", response.url, wrong[1]
            )
        return FetchedPage(
            url=response.url,
            body=response.body,
            encoding=response.encoding,
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


def parse_flag(value: str | bool | None, name: str) -> bool:
    """A ``-a name=1`` spider argument as a bool (1/true/yes, 0/false/no)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off", ""):
        return False
    raise SpiderArgumentError(f"-a {name}={value!r}: expected 1 or 0")


def parse_day(value: str | None, name: str) -> dt.date | None:
    """A ``-a name=YYYY-MM-DD`` spider argument as a date (None when not given)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SpiderArgumentError(f"-a {name}={value!r}: expected a date as YYYY-MM-DD") from None
