"""The URL grammar of people.com.cn and paper.people.com.cn, in one place.

Every decision "is this an article, which article, which page of it" is made here, so that the
spiders, the offline replay and the tests agree. Patterns are named constants; see
``../shared/notes/peoples-daily.md`` for where each form was seen.

>>> ref = parse_article_url("http://politics.people.com.cn/n1/2022/1110/c1001-32562001-2.html")
>>> ref.article_id, ref.page, ref.first_page_url
('people-32562001', 2, 'http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Hosts the project may ever request: registrable domains, any subdomain of them.
PEOPLE_DOMAINS = ("people.com.cn", "people.cn")

# people.com.cn article pages: /n1/ (2016 on), /n/ (≈2012-2015), /n2/ (provincial), optionally
# under a channel folder (cpc.people.com.cn/xuexi/n1/…). Page N of a long article adds "-N".
PEOPLE_ARTICLE = re.compile(
    r"^https?://(?P<host>[a-z0-9.-]+)/(?:[a-z0-9_]+/)?(?P<era>n1|n|n2)/"
    r"(?P<year>\d{4})/(?P<mmdd>\d{4})/c(?P<catalog>\d+)-(?P<contentid>\d+)"
    r"(?:-(?P<page>\d+))?\.html$"
)

# 人民日报 e-paper, up to Nov 2024: page (版面) and article.
PAPER_LAYOUT_OLD = re.compile(
    r"^https?://paper\.people\.com\.cn/rmrb/html/(?P<ym>\d{4}-\d{2})/(?P<dd>\d{2})/"
    r"nbs\.D110000renmrb_(?P<page>\d{2})\.htm$"
)
PAPER_ARTICLE_OLD = re.compile(
    r"^https?://paper\.people\.com\.cn/rmrb/html/\d{4}-\d{2}/\d{2}/"
    r"nw\.D110000renmrb_(?P<ymd>\d{8})_(?P<serial>\d+)-(?P<page>\d{2})\.htm$"
)
# From Dec 2024: pc/layout/YYYYMM/DD/node_NN.html and pc/content/YYYYMM/DD/content_N.html.
PAPER_LAYOUT_NEW = re.compile(
    r"^https?://paper\.people\.com\.cn/rmrb/pc/layout/(?P<ym>\d{6})/(?P<dd>\d{2})/"
    r"node_(?P<page>\d{2})\.html$"
)
PAPER_ARTICLE_NEW = re.compile(
    r"^https?://paper\.people\.com\.cn/rmrb/pc/content/(?P<ym>\d{6})/(?P<dd>\d{2})/"
    r"content_(?P<contentid>\d+)\.html$"
)
# The first day published in the pc/ scheme.
PAPER_NEW_SCHEME_SINCE = dt.date(2024, 12, 1)

# Channel list pages and their pagination: /GB/{node}/index.html, index2.html, …
CHANNEL_LIST = re.compile(r"^https?://[a-z0-9.-]+/GB/(?:\d+/)+index(?P<page>\d*)\.html$")


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """Which article a page URL belongs to, and which page of it it is."""

    article_id: str
    first_page_url: str
    page: int
    date: dt.date
    site: str  # "people" or "paper"


def is_in_scope(url: str) -> bool:
    """True for http(s) URLs on a People's Daily host."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme in ("http", "https") and any(
        host == d or host.endswith("." + d) for d in PEOPLE_DOMAINS
    )


def parse_article_url(url: str) -> ArticleRef | None:
    """The article a people.com.cn or e-paper article URL names, or None for any other URL."""
    if m := PEOPLE_ARTICLE.match(url):
        if not is_in_scope(url):
            return None
        page = int(m["page"] or 1)
        first = url if page == 1 else url[: m.start("page") - 1] + ".html"
        date = _date(m["year"], m["mmdd"][:2], m["mmdd"][2:])
        return date and ArticleRef(f"people-{m['contentid']}", first, page, date, "people")
    if m := PAPER_ARTICLE_NEW.match(url):
        date = _date(m["ym"][:4], m["ym"][4:], m["dd"])
        return date and ArticleRef(f"rmrb-{date:%Y%m%d}-{m['contentid']}", url, 1, date, "paper")
    if m := PAPER_ARTICLE_OLD.match(url):
        ymd = m["ymd"]
        date = _date(ymd[:4], ymd[4:6], ymd[6:])
        return date and ArticleRef(f"rmrb-{ymd}-{m['serial']}-{m['page']}", url, 1, date, "paper")
    return None


def is_channel_list(url: str) -> bool:
    return bool(CHANNEL_LIST.match(url)) and is_in_scope(url)


def paper_layout_page(url: str) -> int | None:
    """The page (版面) number of an e-paper layout URL, or None."""
    m = PAPER_LAYOUT_NEW.match(url) or PAPER_LAYOUT_OLD.match(url)
    return int(m["page"]) if m else None


def paper_layout_url(day: dt.date, page: int = 1) -> str:
    """The e-paper layout URL of page ``page`` on ``day``, in the scheme that day used."""
    if day >= PAPER_NEW_SCHEME_SINCE:
        return f"http://paper.people.com.cn/rmrb/pc/layout/{day:%Y%m}/{day:%d}/node_{page:02d}.html"
    return f"http://paper.people.com.cn/rmrb/html/{day:%Y-%m}/{day:%d}/nbs.D110000renmrb_{page:02d}.htm"


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:  # 0230 and the like: not an article URL after all
        return None
