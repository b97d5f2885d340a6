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

# people.com.cn article pages: /n1/ (2016 on), /n/ (≈2012-2015), /n2/ (provincial), /n3/ (the
# English and other foreign-language editions, whose ids are their own), optionally under a
# channel folder (cpc.people.com.cn/xuexi/n1/…). Page N of a long article adds "-N".
PEOPLE_ARTICLE = re.compile(
    r"^https?://(?P<host>[a-z0-9.-]+)/(?:[a-z0-9_]+/)?(?P<era>n1|n|n2|n3)/"
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

# Channel list pages and their pagination: /GB/{node}/index.html, index2.html, … (also the bare
# folder /GB/{node}/).
CHANNEL_LIST = re.compile(r"^https?://[a-z0-9.-]+/GB/(?:\d+/)+(?:index(?P<page>\d*)\.html)?$")
# Official RSS feeds (www.people.com.cn/rss/politics.xml) and their OPML list (rss/opml.xml).
FEED = re.compile(r"^https?://[a-z0-9.-]+/rss/[a-z0-9_]+\.(?:xml|opml)$")
# Sitemaps and sitemap indexes.
SITEMAP = re.compile(r"^https?://[a-z0-9.-]+/[a-z0-9_/-]*sitemap[a-z0-9_-]*\.xml$", re.I)

# Hosts whose pages are not Chinese-language news articles: skipped unless configured
# (PEOPLE_INCLUDE_KINDS). Photo galleries and videos use the article URL grammar too.
PHOTO_HOSTS = ("pic.people.com.cn", "picchina.people.com.cn", "photo.people.com.cn")
VIDEO_HOSTS = ("v.people.cn", "video.people.com.cn", "tv.people.com.cn", "5g.people.cn")
FOREIGN_LANGUAGE_HOSTS = (
    "en.people.cn", "english.people.com.cn", "j.people.com.cn", "japanese.people.com.cn",
    "french.people.com.cn", "fr.people.cn", "spanish.people.com.cn", "es.people.cn",
    "russian.people.com.cn", "ru.people.cn", "arabic.people.com.cn", "arabic.people.cn",
    "kr.people.com.cn", "korea.people.com.cn", "german.people.com.cn", "de.people.cn",
    "portuguese.people.com.cn", "pt.people.cn", "italian.people.com.cn",
)  # fmt: skip
MINORITY_LANGUAGE_HOSTS = (
    "mongol.people.com.cn", "tibet.people.com.cn", "xizang.people.com.cn",
    "uyghur.people.com.cn", "kazakh.people.com.cn", "korean.people.com.cn",
    "yi.people.com.cn", "zhuang.people.com.cn",
)  # fmt: skip
# Kinds of page a URL may be; the first four are fetched, the others only when configured.
KINDS = ("article", "list", "feed", "sitemap", "photo", "video", "foreign", "minority")


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
        prefix = "people-n3" if m["era"] == "n3" else "people"
        return date and ArticleRef(f"{prefix}-{m['contentid']}", first, page, date, "people")
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


def classify(url: str) -> str | None:
    """The kind of page ``url`` names (one of KINDS), or None when it is none of them.

    The host decides first: a photo gallery or an English page is "photo" or "foreign" even
    when its path follows the article grammar.
    """
    if not is_in_scope(url):
        return None
    host = (urlsplit(url).hostname or "").lower()
    for kind, hosts in (
        ("photo", PHOTO_HOSTS),
        ("video", VIDEO_HOSTS),
        ("foreign", FOREIGN_LANGUAGE_HOSTS),
        ("minority", MINORITY_LANGUAGE_HOSTS),
    ):
        if host in hosts:
            return kind
    if parse_article_url(url) is not None:
        return "article"
    if is_channel_list(url):
        return "list"
    if FEED.match(url):
        return "feed"
    if SITEMAP.match(url):
        return "sitemap"
    return None


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
