"""Extraction from (url, html) alone, on the sample site's pages and real saved pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from core.items import ArticlePages, FetchedPage
from pipelines.article import extract_article
from pipelines.page import read_page
from samplesite.server import SITE_ROOT
from spiders.urls import parse_article_url
from tests.conftest import SEED_TEXT
from tests.pipelines import gold
from tests.pipelines import seed_expected as seed

FETCHED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def sample_html(url: str) -> str:
    """A sample-site page decoded the way a crawl decodes it (GB18030 bytes, GB2312 label)."""
    path = SITE_ROOT / url.removeprefix("http://")
    body = path.read_text(encoding="utf-8").encode("gb18030")
    headers = {"Content-Type": "text/html; charset=GB2312"}
    return HtmlResponse(url, body=body, headers=headers).text


def article_of(*urls: str) -> ArticlePages:
    ref = parse_article_url(urls[0])
    assert ref is not None
    pages = [FetchedPage.from_text(u, sample_html(u), FETCHED) for u in urls]
    return ArticlePages(ref.article_id, ref.first_page_url, ref.site, pages)


def test_seed_article_metadata() -> None:
    a = extract_article(article_of(seed.URL)).article
    assert a.article_id == seed.ARTICLE_ID
    assert a.template == "rm_txt"
    assert a.title == seed.TITLE
    assert a.published_at is not None
    assert a.published_at.isoformat() == seed.PUBLISHED_AT
    assert a.published_precision == "minute"
    assert a.source == seed.SOURCE
    assert a.editors == seed.EDITORS
    assert [tuple(c) for c in a.credits] == seed.CREDITS
    assert a.body is not None
    assert "监制" not in a.body  # credits are not body text


def test_seed_article_nine_quotations() -> None:
    quotes = extract_article(article_of(seed.URL)).quotations
    assert len(quotes) == 9
    for q, (said_on, occasion, section, text) in zip(quotes, seed.QUOTATIONS, strict=True):
        assert q.said_on == said_on
        assert q.said_precision == "day"
        assert q.speaker == "习近平"
        assert q.occasion == occasion
        assert q.section == seed.SECTIONS[section]
        assert q.text == text
        assert (
            q.attribution == f"——{said_on.year}年{said_on.month}月{said_on.day}日,习近平{occasion}"
        )
    assert [q.ordinal for q in quotes] == list(range(1, 10))
    # Captions, the lead and the credits never leak into a quotation.
    for q in quotes:
        assert "摄" not in q.text and "图源" not in q.text
        assert "党建网梳理" not in q.text
        assert "监制" not in q.text and "责编" not in q.text
    assert len({q.quote_id for q in quotes}) == 9


def test_seed_expectations_agree_with_the_users_document() -> None:
    if not SEED_TEXT.is_file():
        pytest.skip(f"{SEED_TEXT} not present (only in the team checkout)")
    document = SEED_TEXT.read_text(encoding="utf-8")
    assert seed.TITLE in document
    for said_on, occasion, _, text in seed.QUOTATIONS:
        attribution = f"——{said_on.year}年{said_on.month}月{said_on.day}日,习近平{occasion}"
        paragraphs = "\n\n".join(text.split("\n"))  # the document parts paragraphs by a blank line
        assert f"{paragraphs}\n\n{attribution}\n" in document
    for section in seed.SECTIONS:
        assert f"\n{section}\n" in document


def test_quote_ids_are_stable_across_extractions() -> None:
    first = [q.quote_id for q in extract_article(article_of(seed.URL)).quotations]
    again = [q.quote_id for q in extract_article(article_of(seed.URL)).quotations]
    assert first == again


def test_two_page_article_is_merged_in_order() -> None:
    base = "http://politics.people.com.cn/n1/2022/1110/c1001-32562001"
    extracted = extract_article(article_of(f"{base}.html", f"{base}-2.html"))
    assert extracted.article.page_count == 2
    assert [q.said_on for q in extracted.quotations] == [
        dt.date(2013, 3, 23),
        dt.date(2017, 1, 17),
        dt.date(2021, 7, 16),
    ]
    last = extracted.quotations[-1]
    assert last.occasion == "在参观“友好往来 命运与共——党和国家领导人外交活动礼品展”时强调"
    assert last.section == "以中国的新发展为世界提供新机遇"
    assert extracted.quotations[0].text.startswith("这个世界，各国相互联系")
    # The lead of page 1 is not part of the first quotation.
    assert "正在举办的北京2022年冬奥会" not in extracted.quotations[0].text


def test_news_article_without_quotations() -> None:
    url = "http://politics.people.com.cn/n1/2022/1110/c1001-32562002.html"
    extracted = extract_article(article_of(url))
    assert extracted.quotations == []  # the date-led caption and the "——记者手记" line are not
    assert extracted.article.title == "乌镇峰会期间浙江桐乡加密公交班次"
    assert extracted.article.source == "人民网－浙江频道"
    assert extracted.article.byline == "王方"


def test_paper_article() -> None:
    url = "http://paper.people.com.cn/rmrb/pc/content/202501/15/content_30051234.html"
    html = (SITE_ROOT / url.removeprefix("http://")).read_text(encoding="utf-8")
    item = ArticlePages(
        "rmrb-20250115-30051234", url, "paper", [FetchedPage.from_text(url, html, FETCHED)]
    )
    extracted = extract_article(item)
    a = extracted.article
    assert (a.template, a.pretitle, a.title, a.subtitle) == (
        "paper",
        "推动构建人类命运共同体",
        "朝着构建人类命运共同体方向不断迈进",
        "——习近平总书记重要论述摘编",
    )
    assert a.byline == "本报记者 李丹"
    assert a.source == "人民日报"
    assert a.published_at == dt.datetime(2025, 1, 15, tzinfo=a.published_at.tzinfo)
    assert a.published_precision == "day"
    # One attribution uses U+2015 dashes.
    assert [q.said_on for q in extracted.quotations] == [
        dt.date(2021, 10, 1),
        dt.date(2021, 10, 25),
    ]


@pytest.mark.parametrize(
    "html",
    ["", "   ", "\x00\x01garbage", "<html><body><p>只有一段话</p></body></html>", "<<<>>>" * 1000],
)
def test_unreadable_pages_are_recorded_not_raised(html: str) -> None:
    page = read_page("http://www.people.com.cn/n1/2022/1111/c1-1.html", html)
    assert page.template is None
    assert page.problem


def test_real_rm_txt_page(real_corpus: Path) -> None:
    name = "magichtml_people_finance_2024_c1004-40232587_rm_txt_template.html"
    html = (real_corpus / name).read_text(encoding="utf-8")  # UTF-8 bytes under a GB2312 meta
    page = read_page("http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html", html)
    assert page.template == "rm_txt"
    assert page.title == "在新时代中部地区崛起中争先出彩（推动高质量发展·权威发布）"
    assert page.pretitle == "河南着力培育新动能塑造新优势"
    assert page.byline == "本报记者 王乐文 方 敏"
    assert page.published_at == dt.datetime(2024, 5, 10, 6, 58, tzinfo=page.published_at.tzinfo)
    assert page.source == "人民网－人民日报"
    assert page.source_url.startswith("http://paper.people.com.cn/rmrb/html/2024-05/10/")
    assert page.editors == ["胡永秋", "杨光宇"]
    texts = [b.text for b in page.blocks]
    assert texts[0].startswith("5月9日，国务院新闻办举行")
    assert texts[-1].startswith("孙守刚表示")
    assert not any(
        "人民日报 》" in t or "分享让更多人看到" in t or "关注公众号" in t for t in texts
    )
    headings = [b.text for b in page.blocks if b.kind == "heading"]
    assert headings == [
        "扛稳粮食安全重任，加快建设农业强省",
        "系统谋划推进改革，科技创新跑出加速度",
        "生态优先、绿色发展，推进黄河生态保护治理",
    ]


def test_real_2016wb_page(real_corpus: Path) -> None:
    name = "gne_people_culture_2019_c1013-31153719_2016wb_template.html"
    page = read_page(
        "http://culture.people.com.cn/n1/2019/0615/c1013-31153719.html",
        (real_corpus / name).read_text(encoding="utf-8"),
    )
    assert page.template == "2016wb"
    assert page.title == "女儿出嫁，郑板桥画了几笔兰花当嫁妆"
    assert page.published_at == dt.datetime(2019, 6, 15, 8, 18, tzinfo=page.published_at.tzinfo)
    assert page.source == "人民网-文化频道"
    assert page.editors == ["汤诗瑶", "丁涛"]
    texts = [b.text for b in page.blocks]
    assert any(t.startswith("父亲的教诲像一盏灯") for t in texts)
    assert texts[-1].startswith("虽然，东方朔为人洒脱不羁")
    assert not any("【1】" in t or "分享到" in t for t in texts)  # pager and share bar dropped


def test_real_english_edition_page(real_corpus: Path) -> None:
    page = read_page(
        "http://en.people.cn/n3/2022/1123/c90000-10175286.html",
        (real_corpus / "magichtml_en_people_cn_2022_n3_c90000-10175286.html").read_text(
            encoding="utf-8"
        ),
    )
    assert page.template == "en"
    assert page.title == "Monitoring system aids wild animal protection efforts in NE China"
    assert page.published_at == dt.datetime(2022, 11, 23, 11, 35, tzinfo=page.published_at.tzinfo)
    assert page.editors == ["Hongyu", "Du Mingming"]
    assert page.blocks[0].text.startswith("Since it was established in October 2021")
    assert page.blocks[-1].text.startswith("Thanks to this technology")


def test_generic_fallback_reads_an_unknown_layout() -> None:
    html = (
        "<html><head><title>某标题--社会--人民网</title>"
        '<meta name="publishdate" content="2022-11-05">'
        '<meta name="source" content="来源：人民日报">'
        "</head><body><div class='nav'><p>导航</p></div><div class='x'><h1>某标题</h1>"
        + "".join(
            f"<p>第{n}段正文，内容足够长，足够长，足够长，足够长，足够长。</p>" for n in range(4)
        )
        + "</div></body></html>"
    )
    page = read_page("http://society.people.com.cn/n1/2022/1105/c1008-1.html", html)
    assert page.template == "generic"
    assert page.title == "某标题"
    assert page.published_precision == "day"
    assert page.published_at == dt.datetime(2022, 11, 5, tzinfo=page.published_at.tzinfo)
    assert page.source == "人民日报"
    assert [b.text[:4] for b in page.blocks] == ["第0段正", "第1段正", "第2段正", "第3段正"]


def test_an_xhtml_page_with_an_encoding_declaration_is_read() -> None:
    """The page's text is already decoded: its declared charsets (XML and <meta>) are ignored,
    and a page that opens with one is read, not refused."""
    html = (
        '<?xml version="1.0" encoding="gb2312"?>\n<html><head><meta charset="gb2312">'
        '<title>某标题--社会--人民网</title></head><body><div class="rm_txt"><h1>某标题</h1>'
        '<div class="rm_txt_con"><p>第一段正文，镕铸与喆字都在。</p></div></div></body></html>'
    )
    page = read_page("http://society.people.com.cn/n1/2022/1105/c1008-1.html", html)
    assert (page.template, page.title, page.problem) == ("rm_txt", "某标题", None)
    assert [b.text for b in page.blocks] == ["第一段正文，镕铸与喆字都在。"]


@pytest.mark.parametrize(
    "dateline",
    ["2024年13月10日08:47", "2024年02月30日", "11:35, November 31, 2022"],
)
def test_impossible_dates_are_no_date_not_an_error(dateline: str) -> None:
    html = (
        "<html><body><div class='artBox'><div class='title'><h2>题</h2></div>"
        f"<div class='artOri'>{dateline}</div><div class='artDet'><p>正文。</p></div>"
        "</div></body></html>"
    )
    page = read_page("http://health.people.com.cn/n1/2024/0510/c1-1.html", html)
    assert page.template == "artDet"
    assert (page.published_at, page.published_precision) == (None, None)


_VARIANTS_HTML = gold.VARIANTS.html()


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(0, len(_VARIANTS_HTML)), junk=st.text(max_size=40), drop=st.integers(0, 400))
def test_mutated_pages_never_raise(cut: int, junk: str, drop: int) -> None:
    """Cut, spliced and truncated pages are read or refused with a reason; nothing raises."""
    html = _VARIANTS_HTML[:cut] + junk + _VARIANTS_HTML[cut + drop :]
    page = read_page(gold.VARIANTS_URL, html)
    assert page.template is not None or page.problem is not None
    for truncated in (html[:cut], junk):
        result = read_page(gold.VARIANTS_URL, truncated)
        assert result.template is not None or result.problem is not None
