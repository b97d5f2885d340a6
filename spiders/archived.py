"""The spiders' items rebuilt from archived responses instead of the network (``scrapy replay``).

Archived responses are read with the same URL grammar and link discovery as a live crawl:
pages of a multi-page article are merged in page order once all the pages its pager names have
been seen; e-paper articles get their page (版面) from the archived layout pages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from scrapy.http import TextResponse
from scrapy.http.headers import Headers
from scrapy.responsetypes import responsetypes

from archive.reader import ArchivedResponse
from spiders.items import ArticlePages, FetchedPage
from spiders.links import article_page_urls, paper_layout
from spiders.urls import paper_layout_page, parse_article_url

logger = logging.getLogger(__name__)

# The body an archive hands back is already decoded; these headers described the encoded one.
_ENCODING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


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
    def __init__(self, expected: int | None = None) -> None:
        self.pages: dict[int, FetchedPage] = {}
        self.expected = expected  # known once page 1 is seen


def articles_from_archive(
    responses: Iterable[ArchivedResponse], counts: ReplayCounts | None = None
) -> Iterator[ArticlePages]:
    """ArticlePages for every article whose pages lie in ``responses``, first capture wins."""
    counts = counts if counts is not None else ReplayCounts()
    pending: dict[str, _Article] = {}
    refs: dict[str, tuple[str, str]] = {}  # article_id -> (first page url, site)
    done: set[str] = set()
    print_pages: dict[str, tuple[int | None, str | None]] = {}
    for archived in responses:
        counts.responses += 1
        if archived.status != 200:
            continue
        if archived.problem:
            logger.warning("Skipped %s: %s", archived.url, archived.problem)
            counts.skip("undecodable_body")
            continue
        page = _fetched_page(archived)
        if page is None:
            counts.skip("not_html")
            continue
        if paper_layout_page(archived.url) is not None:
            layout = paper_layout(archived.url, page.html)
            for url in layout.articles:
                print_pages.setdefault(url, (layout.page, layout.page_name))
            continue
        ref = parse_article_url(archived.url)
        if ref is None:
            continue
        if ref.article_id in done:
            counts.duplicates += 1
            continue
        entry = pending.setdefault(ref.article_id, _Article())
        refs[ref.article_id] = (ref.first_page_url, ref.site)
        if ref.page in entry.pages:
            counts.duplicates += 1
            continue
        entry.pages[ref.page] = page
        if ref.page == 1:
            entry.expected = 1 + len(article_page_urls(archived.url, page.html))
        if entry.expected is not None and len(entry.pages) >= entry.expected:
            done.add(ref.article_id)
            del pending[ref.article_id]
            counts.articles += 1
            yield _item(ref.article_id, refs[ref.article_id], entry, print_pages)
    for article_id, entry in pending.items():
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


def _fetched_page(archived: ArchivedResponse) -> FetchedPage | None:
    """Decode the body exactly as a live crawl's ``response.text`` would."""
    headers = Headers([(k, v) for k, v in archived.headers if k.lower() not in _ENCODING_HEADERS])
    cls = responsetypes.from_args(headers=headers, url=archived.url, body=archived.body)
    if not issubclass(cls, TextResponse):
        return None
    response = cls(archived.url, status=archived.status, headers=headers, body=archived.body)
    return FetchedPage(archived.url, response.text, archived.date, archived.location)
