"""Link discovery on list pages, article pagers and e-paper layouts: pure functions of (url, html).

The spiders call these on live responses, ``scrapy replay`` on archived ones, so an archive is
read with exactly the discovery logic that built it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from parsel import Selector

from spiders.urls import is_channel_list, is_in_scope, paper_layout_page, parse_article_url

# Pager of a multi-page article: 【1】【2】… links (div.zdfy), present in rm_txt and 2016wb.
ARTICLE_PAGER_LINKS = "div.zdfy a::attr(href)"
# E-paper layout page: links to the day's other pages and to the articles on this page.
PAPER_PAGE_NAV_LINKS = "#pageList a::attr(href), .swiper-slide a::attr(href)"
PAPER_ARTICLE_LINKS = "ul.news-list li a"
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
class PaperLayout:
    """What one e-paper page (版面) holds."""

    page: int | None
    page_name: str | None
    articles: list[str]
    layout_pages: list[str]


def list_links(url: str, html: str) -> ListLinks:
    """Article (first-page) URLs and further list pages linked from a channel list page."""
    sel = Selector(text=html)
    articles: dict[str, None] = {}
    list_pages: dict[str, None] = {}
    for href in sel.css("a::attr(href)").getall():
        link = _absolute(url, href)
        if link is None:
            continue
        ref = parse_article_url(link)
        if ref is not None and ref.site == "people" and ref.page == 1:
            articles[link] = None
        elif is_channel_list(link) and _same_list(url, link):
            list_pages[link] = None
    return ListLinks(list(articles), [u for u in list_pages if u != url])


def article_page_urls(url: str, html: str) -> list[str]:
    """The URLs of pages 2..N of the article whose first page this is, in page order."""
    ref = parse_article_url(url)
    if ref is None:
        return []
    sel = Selector(text=html)
    pages: dict[int, str] = {}
    for href in sel.css(ARTICLE_PAGER_LINKS).getall():
        link = _absolute(url, href)
        other = parse_article_url(link) if link else None
        if other and other.article_id == ref.article_id and other.page > 1:
            pages[other.page] = link
    return [pages[n] for n in sorted(pages)]


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


def _same_list(url: str, other: str) -> bool:
    """True when ``other`` is a pagination sibling of list page ``url`` (same /GB/… folder)."""
    return other.rsplit("/", 1)[0] == url.rsplit("/", 1)[0]
