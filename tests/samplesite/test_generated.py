"""The generated site: every article reachable from the channel lists once, read as written."""

from __future__ import annotations

import datetime as dt
import gzip

from core.items import ArticlePages, FetchedPage
from pipelines.article import extract_article
from samplesite.generated import QUOTATIONS_EVERY, GeneratedSite
from spiders.links import article_page_urls, list_links


def html_of(site: GeneratedSite, url: str) -> str:
    answer = site.respond(url)
    assert answer is not None, url
    status, headers, body = answer
    assert status == 200
    if ("Content-Encoding", "gzip") in headers:
        body = gzip.decompress(body)
    assert ("Content-Type", "text/html; charset=GB2312") in headers
    return body.decode("gb18030")


def test_the_lists_lead_to_every_article_once() -> None:
    site = GeneratedSite(500)
    found: list[str] = []
    pending, seen = list(site.start_urls()), set(site.start_urls())
    while pending:
        url = pending.pop()
        links = list_links(url, html_of(site, url))
        found += links.articles
        for page in links.list_pages:
            if page not in seen:
                seen.add(page)
                pending.append(page)
    assert sorted(found) == sorted(site.article_url(n) for n in range(500))


def test_pages_read_as_they_were_written() -> None:
    site = GeneratedSite(100)
    for n in (0, 7, 24, 50):
        url = site.article_url(n)
        pages = [url, *article_page_urls(url, html_of(site, url))]
        item = ArticlePages(
            site.article_id(n),
            url,
            "people",
            [FetchedPage.from_text(u, html_of(site, u), dt.datetime.now(dt.UTC)) for u in pages],
        )
        extracted = extract_article(item)
        assert extracted.article.template == "rm_txt"
        assert extracted.article.published_at is not None
        assert extracted.article.published_at.date() == dt.date(2021, 1, 4) + dt.timedelta(
            days=n // 24
        )
        assert extracted.article.editors == ["王静", "胡永秋"]
        assert len(pages) == (2 if n == 24 else 1)  # every 25th article has a second page
        if n % QUOTATIONS_EVERY == 0:
            assert len(extracted.quotations) == len(site.planted(n)) > 0  # the lead is none
            assert all(q.speaker == "习近平" and q.said_on for q in extracted.quotations)
        else:
            assert not extracted.quotations and not site.planted(n)


def test_urls_outside_the_site_are_not_its() -> None:
    site = GeneratedSite(10)
    assert site.respond(site.article_url(10)) is None  # one past the last article
    assert site.respond(site.article_url(3, page=2)) is None  # a one-page article
    assert site.respond("http://politics.people.com.cn/GB/1024/index99.html") is None
    assert site.respond("http://politics.people.com.cn/robots.txt") is None


def test_kept_pages_are_the_pages_built() -> None:
    site, kept = GeneratedSite(30), GeneratedSite(30, keep_pages=True)
    assert sorted(kept.urls()) == sorted(site.urls())
    for url in kept.urls():
        assert kept.respond(url) == site.respond(url) == kept.respond(url)
