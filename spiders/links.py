"""Link discovery on list pages, article pagers and e-paper layouts: pure functions of (url, html).

The spiders call these on live responses, ``scrapy replay`` on archived ones, so an archive is
read with exactly the discovery logic that built it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from core.items import FetchedPage
from spiders.urls import classify, is_in_scope, paper_layout_page, parse_article_url

# Kinds of link a list page is followed to by default (spiders.urls.KINDS).
ARTICLE_KINDS = frozenset({"article"})
# Feeds and sitemaps are untrusted XML: no entities, no network, no huge trees.
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)

# Pager of a multi-page article: 【1】【2】… links (div.zdfy), present in rm_txt and 2016wb.
ARTICLE_PAGER_LINKS = "div.zdfy a::attr(href)"
# Text every page with that pager holds: a page without it is not parsed for one (most are not).
ARTICLE_PAGER_MARK = "zdfy"
# E-paper layout page: links to the day's other pages and to the articles on this page.
PAPER_PAGE_NAV_LINKS = "#pageList a::attr(href), .swiper-slide a::attr(href)"
PAPER_ARTICLE_LINKS = "ul.news-list li a, #titleList li a"
# The heading naming the current page, e.g. "01版：要闻" or "第01版：要闻".
PAPER_PAGE_HEADING = "p.left.ban::text, #pageName::text"
PAPER_PAGE_HEADING_PATTERN = re.compile(r"第?\s*(?P<number>\d{1,3})\s*版\s*[:：]\s*(?P<name>\S+)")
# Entries of a layout's article list that are not articles.
PAPER_NON_ARTICLE_TITLES = re.compile(r"^\s*(本版责编|图片报道|责任编辑)")


@dataclass(frozen=True, slots=True)
class ListLinks:
    """What a channel list page leads to."""

    articles: list[str]
    list_pages: list[str]


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """What an XML start point leads to: pages, and further feeds or sitemaps to read."""

    pages: list[str]
    feeds: list[str]

    def articles(self, include: frozenset[str] = frozenset()) -> list[str]:
        """The pages that are articles (or of the kinds in ``include``, as ``list_links``)."""
        wanted = ARTICLE_KINDS | include
        return [url for url in self.pages if classify(url) in wanted]


@dataclass(frozen=True, slots=True)
class PaperLayout:
    """What one e-paper page (版面) holds."""

    page: int | None
    page_name: str | None
    articles: list[str]
    layout_pages: list[str]


def list_links(url: str, html: str, include: frozenset[str] = frozenset()) -> ListLinks:
    """Article (first-page) URLs and further list pages linked from a channel list page.

    Only articles are kept, plus pages of the kinds in ``include`` (e.g. "photo").
    """
    sel = Selector(text=html)
    wanted = ARTICLE_KINDS | include
    articles: dict[str, None] = {}
    list_pages: dict[str, None] = {}
    for href in sel.css("a::attr(href)").getall():
        link = _absolute(url, href)
        if link is None:
            continue
        kind = classify(link)
        ref = parse_article_url(link)
        if ref is not None and ref.page == 1 and ref.site == "people" and kind in wanted:
            articles[link] = None
        elif kind == "list" and _same_list(url, link):
            list_pages[link] = None
    return ListLinks(list(articles), [u for u in list_pages if u != url])


def feed_links(url: str, body: bytes) -> FeedLinks:
    """Entries of an RSS feed, feeds listed in an OPML file, or URLs of a sitemap (index)."""
    try:
        root = etree.fromstring(body, parser=_SAFE_XML)
    except etree.XMLSyntaxError:
        return FeedLinks([], [])
    if root is None:
        return FeedLinks([], [])
    tag = etree.QName(root).localname.lower()
    if tag == "opml":
        feeds = [u for u in root.xpath("//outline/@xmlUrl") if is_in_scope(u)]
        return FeedLinks([], _unique(feeds))
    if tag in ("sitemapindex", "urlset"):
        locs = [t.strip() for t in root.xpath("//*[local-name()='loc']/text()")]
        locs = [u for u in locs if is_in_scope(u)]
        return (
            FeedLinks([], _unique(locs)) if tag == "sitemapindex" else FeedLinks(_unique(locs), [])
        )
    links = root.xpath(
        "//item/link/text() | //*[local-name()='entry']/*[local-name()='link']/@href"
    )
    return FeedLinks(_unique(u.strip() for u in links if is_in_scope(u.strip())), [])


def article_page_urls(url: str, html: str) -> list[str]:
    """The URLs of pages 2..N of the article whose first page this is, in page order."""
    ref = parse_article_url(url)
    if ref is None or ARTICLE_PAGER_MARK not in html:
        return []
    sel = Selector(text=html)
    pages: dict[int, str] = {}
    for href in sel.css(ARTICLE_PAGER_LINKS).getall():
        link = _absolute(url, href)
        other = parse_article_url(link) if link else None
        if other and other.article_id == ref.article_id and other.page > 1:
            pages[other.page] = link
    return [pages[n] for n in sorted(pages)]


def may_have_article_pager(body: bytes, encoding: str) -> bool:
    """False when the page ``body`` (in charset ``encoding``) surely has no pager, so that
    ``article_page_urls`` need not decode it to say so (the extraction workers decode pages).
    Only for charsets that write the mark as ASCII; pages in others are decoded to tell."""
    try:
        mark = ARTICLE_PAGER_MARK.encode(encoding)
    except (LookupError, UnicodeError):
        return True
    return mark != ARTICLE_PAGER_MARK.encode("ascii") or mark in body


def next_page_urls(first: FetchedPage) -> list[str]:
    """``article_page_urls`` of an article's fetched first page, decoding the page only when
    its bytes may hold a pager (most articles are one page)."""
    if not may_have_article_pager(first.body, first.encoding):
        return []
    return article_page_urls(first.url, first.html)


def paper_layout(url: str, html: str) -> PaperLayout:
    """Page number and name, article links and sibling pages of an e-paper layout page."""
    sel = Selector(text=html)
    number, name = paper_layout_page(url), None
    for text in sel.css(PAPER_PAGE_HEADING).getall():
        if m := PAPER_PAGE_HEADING_PATTERN.search(text):
            number, name = int(m["number"]), m["name"]
            break
    articles: dict[str, None] = {}
    for a in sel.css(PAPER_ARTICLE_LINKS):
        link = _absolute(url, a.attrib.get("href", ""))
        title = "".join(a.css("::text").getall())
        ref = parse_article_url(link) if link else None
        if ref and ref.site == "paper" and not PAPER_NON_ARTICLE_TITLES.match(title):
            articles[link] = None
    layouts: dict[str, None] = {}
    for href in sel.css(PAPER_PAGE_NAV_LINKS).getall():
        link = _absolute(url, href)
        if link and link != url and paper_layout_page(link) is not None:
            layouts[link] = None
    return PaperLayout(number, name, list(articles), list(layouts))


def _absolute(base: str, href: str) -> str | None:
    """``href`` resolved against ``base`` without its fragment, or None when out of scope."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    link = urljoin(base, href).split("#", 1)[0]
    return link if is_in_scope(link) else None


def _unique(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(urls))


def _same_list(url: str, other: str) -> bool:
    """True when ``other`` is a pagination sibling of list page ``url`` (same /GB/… folder)."""
    return other.rsplit("/", 1)[0] == url.rsplit("/", 1)[0]
