from __future__ import annotations

import datetime as dt

import pytest

from spiders.urls import (
    classify,
    is_channel_list,
    is_in_scope,
    paper_layout_page,
    paper_layout_url,
    parse_article_url,
)


@pytest.mark.parametrize(
    ("url", "article_id", "page", "first"),
    [
        (
            "http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html",
            "people-32562001",
            1,
            "http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html",
        ),
        (
            "http://culture.people.com.cn/n1/2019/0615/c1013-31153719-3.html",
            "people-31153719",
            3,
            "http://culture.people.com.cn/n1/2019/0615/c1013-31153719.html",
        ),
        (
            "http://cpc.people.com.cn/xuexi/n1/2022/1111/c385474-32564000.html",
            "people-32564000",
            1,
            "http://cpc.people.com.cn/xuexi/n1/2022/1111/c385474-32564000.html",
        ),
        (
            "http://sh.people.com.cn/n2/2024/0510/c134768-40837411.html",
            "people-40837411",
            1,
            "http://sh.people.com.cn/n2/2024/0510/c134768-40837411.html",
        ),
        (
            "http://paper.people.com.cn/rmrb/pc/content/202501/15/content_30051234.html",
            "rmrb-20250115-30051234",
            1,
            "http://paper.people.com.cn/rmrb/pc/content/202501/15/content_30051234.html",
        ),
        (
            "http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_2-04.htm",
            "rmrb-20240510-2-04",
            1,
            "http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_2-04.htm",
        ),
    ],
)
def test_article_urls(url: str, article_id: str, page: int, first: str) -> None:
    ref = parse_article_url(url)
    assert ref is not None
    assert (ref.article_id, ref.page, ref.first_page_url) == (article_id, page, first)


@pytest.mark.parametrize(
    "url",
    [
        "http://politics.people.com.cn/GB/1024/index.html",  # list page
        "http://www.xinhuanet.com/n1/2022/1110/c1001-32562001.html",  # another site
        "http://politics.people.com.cn/n1/2022/0230/c1001-32562001.html",  # no such day
        "ftp://politics.people.com.cn/n1/2022/1110/c1001-32562001.html",
        "http://people.com.cn.evil.example/n1/2022/1110/c1001-32562001.html",
    ],
)
def test_not_article_urls(url: str) -> None:
    assert parse_article_url(url) is None


def test_scope_is_the_registrable_domains_only() -> None:
    assert is_in_scope("http://www.people.com.cn/")
    assert is_in_scope("https://people.cn/x")
    assert not is_in_scope("http://notpeople.com.cn/")
    assert not is_in_scope("http://people.com.cn.example.org/")
    assert not is_in_scope("javascript:void(0)")


def test_channel_lists_and_paper_layouts() -> None:
    assert is_channel_list("http://politics.people.com.cn/GB/1024/index2.html")
    assert not is_channel_list("http://politics.people.com.cn/n1/2022/1110/c1001-1.html")
    day_new, day_old = dt.date(2025, 1, 15), dt.date(2024, 5, 10)
    assert paper_layout_url(day_new) == (
        "http://paper.people.com.cn/rmrb/pc/layout/202501/15/node_01.html"
    )
    assert paper_layout_url(day_old, 4) == (
        "http://paper.people.com.cn/rmrb/html/2024-05/10/nbs.D110000renmrb_04.htm"
    )
    assert paper_layout_page(paper_layout_url(day_new, 12)) == 12
    assert paper_layout_page(paper_layout_url(day_old, 4)) == 4


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html", "article"),
        ("http://politics.people.com.cn/GB/1024/index2.html", "list"),
        ("http://theory.people.com.cn/GB/409499/", "list"),
        ("http://www.people.com.cn/rss/politics.xml", "feed"),
        ("http://www.people.com.cn/sitemap_index.xml", "sitemap"),
        ("http://pic.people.com.cn/n1/2022/1109/c1016-32561100.html", "photo"),
        ("http://v.people.cn/n1/2022/1110/c61600-32562100.html", "video"),
        ("http://en.people.cn/n3/2022/1123/c90000-10175286.html", "foreign"),
        ("http://mongol.people.com.cn/n1/2022/1110/c1-32562200.html", "minority"),
        ("http://www.people.com.cn/", None),
        ("http://www.example.org/n1/2022/1110/c1001-32562001.html", None),
    ],
)
def test_classify(url: str, kind: str | None) -> None:
    assert classify(url) == kind


def test_english_edition_ids_do_not_collide_with_chinese_ones() -> None:
    ref = parse_article_url("http://en.people.cn/n3/2022/1123/c90000-10175286.html")
    assert ref is not None and ref.article_id == "people-n3-10175286"
