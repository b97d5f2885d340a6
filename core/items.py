"""What passes between the stages: fetched article pages, and where their captures lie.

The spiders fetch and discover and hand ``ArticlePages`` to the pipelines, which read them
(title, date, quotations); the archive says where it put each response (``WarcLocation``, in the
request's meta under ``WARC_META_KEY``). The same items are built from the archive by ``scrapy
replay``, so both paths extract alike. Nothing here imports Scrapy: extraction workers load it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.encoding import decode_page

# Request meta key under which the capture middleware leaves a response's WarcLocation.
WARC_META_KEY = "warc_location"
# Request meta key marking the requests a crawl starts from: the run's exit status asks whether
# any of them was answered (extensions/exitstatus.py).
START_PAGE_META = "start_page"
# Request meta key naming the channel a start request belongs to (``politics``; ``paper`` for the
# e-paper): the drift check names a channel whose start pages stop linking articles.
CHANNEL_META = "channel"


@dataclass(frozen=True, slots=True)
class WarcLocation:
    """Where a response record lies in the archive."""

    filename: str
    offset: int
    record_id: str


@dataclass(slots=True)
class FetchedPage:
    """One page of an article as received, with where its capture lies.

    It holds the bytes, not the text: the text is decoded when ``html`` is read, where it is
    read. A crawl (or a replay) hands its pages to extraction workers as bytes, a fifth of the
    cost of pickling text, and the workers, not the process driving the downloads, decode them.
    """

    url: str
    body: bytes  # content-decoded (no gzip), in the charset below
    encoding: str  # the charset Scrapy resolved for it (TextResponse.encoding)
    fetched_at: dt.datetime
    warc: WarcLocation | None = None

    @classmethod
    def from_text(
        cls, url: str, html: str, fetched_at: dt.datetime, warc: WarcLocation | None = None
    ) -> FetchedPage:
        """A page known as text (tests, other sources); what UTF-8 cannot hold becomes '?'."""
        return cls(url, html.encode("utf-8", "replace"), "utf-8", fetched_at, warc)

    @property
    def html(self) -> str:
        """The page's text (core.encoding.decode_page: mislabelled charsets corrected)."""
        return decode_page(self.body, self.encoding)[0]


@dataclass(slots=True)
class ArticlePages:
    """All pages of one article, in page order, with what discovery learnt about it."""

    article_id: str
    url: str
    site: str
    pages: list[FetchedPage]
    # E-paper only: the page (版面) the article is printed on, from the layout page.
    print_page: int | None = None
    print_page_name: str | None = None
