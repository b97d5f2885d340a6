"""What the spiders hand to the pipelines: fetched article pages, not yet interpreted.

The spiders fetch and discover; reading a page (title, date, quotations) is the pipelines' job.
The same items are built from the archive by ``scrapy replay``, so both paths extract alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from archive import WarcLocation
from spiders.encoding import decode_page


@dataclass(slots=True)
class FetchedPage:
    """One page of an article as received: decoded HTML plus where its capture lies."""

    url: str
    html: str
    fetched_at: dt.datetime
    warc: WarcLocation | None = None


@dataclass(slots=True)
class EncodedPage:
    """A FetchedPage still in bytes: its ``html`` is decoded when read, where it is read.

    ``scrapy replay`` hands its extraction workers these: pickling bytes costs a fifth of
    pickling text, and the workers, not the process reading the archive, do the decoding.
    """

    url: str
    body: bytes  # content-decoded (no gzip), charset not yet applied
    encoding: str  # the charset Scrapy resolved for it (TextResponse.encoding)
    fetched_at: dt.datetime
    warc: WarcLocation | None = None

    @property
    def html(self) -> str:
        return decode_page(self.body, self.encoding)[0]


@dataclass(slots=True)
class ArticlePages:
    """All pages of one article, in page order, with what discovery learnt about it."""

    article_id: str
    url: str
    site: str
    pages: list[FetchedPage] | list[EncodedPage]
    # E-paper only: the page (版面) the article is printed on, from the layout page.
    print_page: int | None = None
    print_page_name: str | None = None
