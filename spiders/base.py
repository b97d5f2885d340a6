"""What both spiders share: scope from settings, and turning a response into a FetchedPage."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from core import stats as S
from core.clock import utc_now
from core.encoding import mislabelled
from core.errors import ConfigurationError
from core.items import CHANNEL_META, START_PAGE_META, WARC_META_KEY, ArticlePages, FetchedPage
from core.outcome import ExitStatus
from core.output import OutputRoot
from pipelines.dataset import known_articles
from spiders.incremental import settled_articles
from spiders.plan import Plan, PlanCounter, PlanScope, archived_sizes
from spiders.redirects import RedirectLoop
from spiders.urls import parse_article_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# What Scrapy's HttpCompressionMiddleware says when a body inflates past DOWNLOAD_MAXSIZE.
MAXSIZE_MESSAGE = "DOWNLOAD_MAXSIZE"

# A Scrapy signal: a spider read a list page, a feed or an e-paper layout. Arguments: ``url``,
# ``kind`` ("list", "feed" or "layout"), ``articles`` (the article links on it) and ``channel``
# (the channel of a start page; None for pages found later). The drift check listens.
links_read = object()

# What a run that only looks (``-a plan=1``, ``scrapy check-site``) sets, whatever was given: it
# writes nothing and shares no job's state.
DRY_RUN_SETTINGS = {
    "ITEM_PIPELINES": {},  # nothing extracted, no Parquet row
    "WARC_ENABLED": False,  # nothing archived (and no .open file repaired)
    "RUN_RECORD_ENABLED": False,  # no run record, so no drift baseline ever holds such a run
    "INCREMENTAL": False,  # nothing skipped (a plan counts the archived articles itself)
    "JOBDIR": None,  # a job's queue and seen-set stay as they are
    "REDIS_URL": None,  # likewise a distributed run's
}
# ``-a order=``: which end of the range a crawl starts from.
NEWEST, OLDEST = "newest", "oldest"
ORDERS = (NEWEST, OLDEST)


class SpiderArgumentError(ConfigurationError):
    """A ``-a name=value`` spider argument is wrong; ``scrapy crawl`` reports a usage error."""


class PeoplesDailySpider(scrapy.Spider):
    """Base spider: only the configured People's Daily domains are in scope.

    ``-a refresh=1`` fetches every article again, even those the dataset has already
    (``spiders.incremental``). ``-a order=newest`` (the default) or ``oldest``: which end of the
    range comes first. ``-a plan=1``: a dry run that counts instead of crawling (``spiders.plan``).
    """

    def __init__(
        self,
        refresh: str | bool | None = None,
        plan: str | bool | None = None,
        order: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.refresh = parse_flag(refresh, "refresh")
        self.plan = parse_flag(plan, "plan")
        self.order = parse_choice(order, "order", ORDERS)
        self.planner: PlanCounter | None = None
        self._plan_hosts: set[str] = set()  # hosts whose robots.txt a plan has asked for
        self._warc_dir: Path | None = None  # where a plan finds the archive's history

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.allowed_domains = crawler.settings.getlist("ALLOWED_DOMAINS")
        if spider.plan:  # settings are not frozen yet (Scrapy applies them after this)
            spider.planner = spider._start_plan(crawler)
        return spider

    def progress_share(self) -> float | None:
        """The share of the run's work already started, when the spider can tell (the progress
        display extrapolates the requests planned from it); None when it cannot."""
        return None

    # -- a plan run ---------------------------------------------------------------------------
    def _start_plan(self, crawler: Crawler) -> PlanCounter:
        settings = crawler.settings
        output = settings.get("OUTPUT_DIR")
        settled: frozenset[str] = frozenset()
        if settings.getbool("INCREMENTAL") and not self.refresh and not settings.get("REPLAY_FROM"):
            recheck = dt.timedelta(days=settings.getfloat("RECHECK_DAYS"))
            settled = settled_articles(known_articles(output), recheck, utc_now())
        local = OutputRoot.of(output).local
        self._warc_dir = Path(local) / "warc" if local else None
        for name, value in DRY_RUN_SETTINGS.items():
            settings.set(name, value, priority="cmdline")
        logger.info("Plan run: discovery pages only; nothing is written")
        return PlanCounter(settled, settings.getint("WARC_GZIP_LEVEL"))

    def plan_page(self, response: scrapy.http.Response) -> None:
        """A plan run read a discovery page: count it (its size, its response time)."""
        assert self.planner is not None
        latency = response.meta.get("download_latency", 0.0)
        self.planner.page_read(response.url, response.body, latency)
        self._plan_hosts.add(urlsplit(response.url).hostname or "")

    def plan_article(self, url: str) -> scrapy.Request | None:
        """A plan run found an article link: count it; the request for its host's robots.txt
        (for the delay a crawl would keep there) when the plan has not asked for it yet."""
        assert self.planner is not None
        self.planner.article(url)
        parts = urlsplit(url)
        if parts.hostname in self._plan_hosts:
            return None
        self._plan_hosts.add(parts.hostname or "")
        return scrapy.Request(
            f"{parts.scheme}://{parts.netloc}/robots.txt",
            callback=self._plan_robots_read,
            errback=self._plan_robots_read,
            meta={"dont_obey_robotstxt": True},
        )

    def _plan_robots_read(self, _: Any) -> Iterator[Any]:
        """Its Crawl-delay, if any, is read by the politeness middleware as it passes."""
        yield from ()

    def plan_scope(self, planner: PlanCounter) -> PlanScope:
        """What the spider's plan covers and what it read, in words, and how far to scale."""
        raise NotImplementedError

    def closed(self, reason: str) -> None:
        if self.planner is None:
            return
        settings, stats = self.crawler.settings, self.crawler.stats
        assert stats is not None
        site = "paper" if self.name == "paper" else "people"
        plan = Plan(
            self.plan_scope(self.planner),
            self.planner,
            archived_sizes(self._warc_dir, site, settings.getfloat("PLAN_ARTICLE_BYTES")),
            crawl_delays=S.by_suffix(stats.get_stats(), S.CRAWL_DELAY),
            download_delay=settings.getfloat("DOWNLOAD_DELAY"),
            per_host=settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
        )
        lines = plan.lines()
        if reason == S.SHUTDOWN:
            lines.insert(1, "  (stopped before the end: these are the counts so far)")
        stats.set_value(S.PLAN_REPORT, lines)
        if reason == S.SHUTDOWN:
            status = ExitStatus.INTERRUPTED
        elif not self.planner.pages_read:
            status = ExitStatus.START_UNREACHABLE
        else:
            status = ExitStatus.OK
        stats.set_value(S.EXIT_STATUS, int(status))

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
        if self.planner is not None:
            self.planner.page_failed(request.url)
        if failure.check(HttpError):  # an IgnoreRequest too, but an answer that failed
            reason = S.http_failure(failure.value.response.status)
        elif failure.check(RedirectLoop):
            reason = S.REDIRECT_LOOP
        elif failure.check(IgnoreRequest) and MAXSIZE_MESSAGE in str(failure.value):
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


def parse_choice(value: str | None, name: str, choices: tuple[str, ...]) -> str:
    """A ``-a name=choice`` spider argument: one of ``choices`` (the first when not given)."""
    if not value:
        return choices[0]
    if value.strip().lower() not in choices:
        raise SpiderArgumentError(f"-a {name}={value!r}: expected {' or '.join(choices)}")
    return value.strip().lower()


def parse_day(value: str | None, name: str) -> dt.date | None:
    """A ``-a name=YYYY-MM-DD`` spider argument as a date (None when not given)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SpiderArgumentError(f"-a {name}={value!r}: expected a date as YYYY-MM-DD") from None
