from __future__ import annotations

from pathlib import Path

from samplesite.server import SITE_ROOT
from spiders.links import article_page_urls, list_links, paper_layout


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
