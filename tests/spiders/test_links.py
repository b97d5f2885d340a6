from __future__ import annotations

from pathlib import Path

from samplesite.server import SITE_ROOT
from spiders.links import (
    ARTICLE_PAGER_MARK,
    FeedLinks,
    article_page_urls,
    feed_links,
    list_links,
    may_have_article_pager,
    paper_layout,
)


def sample(url: str) -> str:
    return (SITE_ROOT / url.removeprefix("http://")).read_text(encoding="utf-8")


def test_list_page_links_articles_and_next_page_only() -> None:
    url = "http://politics.people.com.cn/GB/1024/index.html"
    links = list_links(url, sample(url))
    assert links.articles == [
        "http://cpc.people.com.cn/n1/2022/1111/c164113-32564489.html",
        "http://politics.people.com.cn/n1/2022/1110/c1001-32562002.html",
        "http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html",
    ]
    assert links.list_pages == ["http://politics.people.com.cn/GB/1024/index2.html"]


def test_second_list_page_skips_later_pages_and_other_editions() -> None:
    url = "http://politics.people.com.cn/GB/1024/index2.html"
    links = list_links(url, sample(url))
    # The photo gallery's page 3 and the English edition are not article first pages.
    assert links.articles == ["http://www.people.com.cn/n1/2022/1109/c1001-32561003.html"]
    assert links.list_pages == ["http://politics.people.com.cn/GB/1024/index.html"]


def test_pager_of_a_two_page_article() -> None:
    url = "http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html"
    assert article_page_urls(url, sample(url)) == [
        "http://politics.people.com.cn/n1/2022/1110/c1001-32562001-2.html"
    ]
    assert article_page_urls(url.replace(".html", "-2.html"), sample(url)) == [
        "http://politics.people.com.cn/n1/2022/1110/c1001-32562001-2.html"
    ]


def test_the_pager_is_ruled_out_from_the_bytes_only_when_it_surely_is_absent() -> None:
    url = "http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html"
    html = sample(url)
    without = html.replace(ARTICLE_PAGER_MARK, "other")
    for charset in ("gb18030", "utf-8"):
        assert may_have_article_pager(html.encode(charset), charset)
        assert not may_have_article_pager(without.encode(charset), charset)
        assert article_page_urls(url, without) == []
    # A charset that does not write the mark as ASCII: the page must be decoded to tell.
    assert may_have_article_pager(without.encode("utf-16"), "utf-16")
    assert may_have_article_pager(without.encode("utf-8"), "no-such-charset")


def test_pager_of_a_real_four_page_article(real_corpus: Path) -> None:
    html = (real_corpus / "gne_people_culture_2019_c1013-31153719_2016wb_template.html").read_text(
        encoding="utf-8"
    )
    url = "http://culture.people.com.cn/n1/2019/0615/c1013-31153719.html"
    assert article_page_urls(url, html) == [
        f"http://culture.people.com.cn/n1/2019/0615/c1013-31153719-{n}.html" for n in (2, 3, 4)
    ]


def test_paper_layout_skips_non_articles() -> None:
    url = "http://paper.people.com.cn/rmrb/pc/layout/202501/15/node_01.html"
    layout = paper_layout(url, sample(url))
    assert (layout.page, layout.page_name) == (1, "要闻")
    assert layout.articles == [
        "http://paper.people.com.cn/rmrb/pc/content/202501/15/content_30051234.html"
    ]
    assert layout.layout_pages == []


def test_rss_feed_entries() -> None:
    body = (SITE_ROOT / "www.people.com.cn/rss/politics.xml").read_bytes()
    links = feed_links("http://www.people.com.cn/rss/politics.xml", body)
    assert links.pages == [
        "http://cpc.people.com.cn/n1/2022/1111/c164113-32564489.html",
        "http://politics.people.com.cn/n1/2022/1108/c1001-32560500.html",
    ]
    assert links.feeds == []


def test_opml_lists_feeds_in_scope_only() -> None:
    body = (SITE_ROOT / "www.people.com.cn/rss/opml.xml").read_bytes()
    links = feed_links("http://www.people.com.cn/rss/opml.xml", body)
    assert links.feeds == [
        "http://www.people.com.cn/rss/politics.xml",
        "http://www.people.com.cn/rss/world.xml",
        "http://www.people.com.cn/rss/finance.xml",
    ]  # not www.example.org


def test_sitemap_index_then_urlset() -> None:
    index = feed_links(
        "http://www.people.com.cn/sitemap_index.xml",
        (SITE_ROOT / "www.people.com.cn/sitemap_index.xml").read_bytes(),
    )
    assert index.feeds == ["http://www.people.com.cn/sitemap_2022.xml"]
    urlset = feed_links(
        index.feeds[0], (SITE_ROOT / "www.people.com.cn/sitemap_2022.xml").read_bytes()
    )
    assert "http://society.people.com.cn/n1/2022/1105/c1008-32559000.html" in urlset.pages


def test_xml_entities_are_never_expanded() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<rss><channel><item><link>http://www.people.com.cn/n1/2022/1110/c1-1.html&lol2;&ext;</link></item>
</channel></rss>"""
    links = feed_links("http://www.people.com.cn/rss/x.xml", bomb)
    assert all("lollol" not in u and "root:" not in u for u in links.pages)
    assert feed_links("http://www.people.com.cn/rss/x.xml", b"not xml at all") == FeedLinks([], [])


def test_list_links_take_other_kinds_only_when_asked() -> None:
    url = "http://world.people.com.cn/GB/157278/index.html"
    html = sample(url)
    assert list_links(url, html).articles == [
        "http://world.people.com.cn/n1/2019/0615/c1002-31153800.html"
    ]
    wider = list_links(url, html, frozenset({"article", "foreign"}))
    assert "http://en.people.cn/n3/2022/1123/c90000-10175286.html" in wider.articles
    assert not any("mongol" in u for u in wider.articles)
