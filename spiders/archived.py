"""The spiders' items rebuilt from archived responses instead of the network (``scrapy replay``).

Archived responses are read with the same URL grammar and link discovery as a live crawl:
pages of a multi-page article are merged in page order once all the pages its pager names have
been seen; e-paper articles get their page (版面) from the archived layout pages.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.http.headers import Headers
from scrapy.responsetypes import responsetypes
from scrapy.settings import Settings
from scrapy.statscollectors import StatsCollector

from archive.reader import ArchivedResponse
from core.errors import ArchiveError
from core.items import ArticlePages, FetchedPage
from spiders.links import next_page_urls, paper_layout
from spiders.urls import paper_layout_page, parse_article_url

logger = logging.getLogger(__name__)

# Headers about the framing of the archived message, not about its content.
_LENGTH_HEADERS = frozenset({"content-length", "transfer-encoding"})


@dataclass
class ReplayCounts:
    responses: int = 0
    articles: int = 0
    duplicates: int = 0
    incomplete: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


class _Article:
    def __init__(self) -> None:
        self.pages: dict[int, FetchedPage] = {}
        self.expected: int | None = None  # known once page 1 is seen


class ResponseDecoder:
    """Archived payload → the TextResponse a live crawl's callback saw.

    The content coding (gzip, deflate, br, zstd) is undone by Scrapy's own
    HttpCompressionMiddleware with the crawl's settings (DOWNLOAD_MAXSIZE included), and the
    charset is the one TextResponse resolves; the page's text is then decoded where it is read
    (``FetchedPage.html``), as in a crawl, so both paths read identical text.
    """

    def __init__(self, settings: Settings) -> None:
        crawler = Crawler(Spider, settings)
        crawler.stats = StatsCollector(crawler)  # a replay is not a crawl: no stats are kept
        self._compression = HttpCompressionMiddleware(crawler=crawler)

    def __call__(self, archived: ArchivedResponse) -> TextResponse:
        """The decoded response; raises ArchiveDecodeError when the payload cannot be decoded."""
        headers = Headers()
        for name, value in archived.headers:
            if name.lower() not in _LENGTH_HEADERS:
                headers.appendlist(name, value)
        raw = Response(archived.url, status=archived.status, headers=headers, body=archived.payload)
        try:
            response = self._compression.process_response(Request(archived.url), raw)
        except (IgnoreRequest, OSError, EOFError, ValueError, zlib.error) as exc:
            raise ArchiveDecodeError(f"{archived.url}: undecodable payload ({exc!r})") from exc
        if not isinstance(response, Response):
            raise ArchiveDecodeError(f"{archived.url}: undecodable payload")
        cls = responsetypes.from_args(
            headers=response.headers, url=response.url, body=response.body
        )
        if not issubclass(cls, TextResponse):
            raise ArchiveDecodeError(f"{archived.url}: not a text response")
        return response.replace(cls=cls, encoding=None)  # type: ignore[return-value]


class ArchiveDecodeError(ArchiveError):
    """An archived payload could not be decoded into a text response."""


def articles_from_archive(
    responses: Iterable[ArchivedResponse],
    decode: Callable[[ArchivedResponse], TextResponse],
    counts: ReplayCounts | None = None,
) -> Iterator[ArticlePages]:
    """ArticlePages for every capture of every article whose pages lie in ``responses``.

    An article captured again in a later run comes again, in archive order: the dataset writer
    then keeps it as it keeps a live crawl's (unchanged: no row; changed: the next version).
    """
    counts = counts if counts is not None else ReplayCounts()
    pending: dict[str, _Article] = {}
    refs: dict[str, tuple[str, str]] = {}  # article_id -> (first page url, site)
    complete: set[str] = set()  # articles yielded whole at least once
    print_pages: dict[str, tuple[int | None, str | None]] = {}
    for archived in responses:
        counts.responses += 1
        if archived.status != 200:
            continue
        layout_page = paper_layout_page(archived.url) is not None
        ref = None if layout_page else parse_article_url(archived.url)
        if not layout_page and ref is None:
            continue  # robots.txt, list pages: nothing to extract
        try:
            response = decode(archived)
        except ArchiveDecodeError as exc:
            logger.warning("Skipped %s", exc)
            counts.skip("undecodable")
            continue
        # Its text is decoded by the extraction workers, not here (core.items.FetchedPage).
        page = FetchedPage(
            archived.url, response.body, response.encoding, archived.date, archived.location
        )
        if ref is None:
            layout = paper_layout(archived.url, page.html)
            for url in layout.articles:
                print_pages.setdefault(url, (layout.page, layout.page_name))
            continue
        entry = pending.setdefault(ref.article_id, _Article())
        refs[ref.article_id] = (ref.first_page_url, ref.site)
        if ref.page in entry.pages:
            counts.duplicates += 1
            continue
        entry.pages[ref.page] = page
        if ref.page == 1:
            entry.expected = 1 + len(next_page_urls(page))
        if entry.expected is not None and len(entry.pages) >= entry.expected:
            del pending[ref.article_id]
            complete.add(ref.article_id)
            counts.articles += 1
            yield _item(ref.article_id, refs[ref.article_id], entry, print_pages)
    for article_id, entry in pending.items():
        if article_id in complete:  # a later capture of some pages only: not a new version
            counts.duplicates += 1
            continue
        if 1 not in entry.pages:
            counts.skip("first_page_not_archived")
            continue
        logger.warning("Article %s: only %d page(s) archived", article_id, len(entry.pages))
        counts.incomplete += 1
        counts.articles += 1
        yield _item(article_id, refs[article_id], entry, print_pages)


def _item(
    article_id: str,
    ref: tuple[str, str],
    entry: _Article,
    print_pages: dict[str, tuple[int | None, str | None]],
) -> ArticlePages:
    url, site = ref
    page_no, page_name = print_pages.get(url, (None, None))
    pages = [entry.pages[n] for n in sorted(entry.pages)]
    return ArticlePages(article_id, url, site, pages, page_no, page_name)
