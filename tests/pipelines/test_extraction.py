"""Extraction from (url, html) alone, on the sample site's pages and real saved pages."""

from __future__ import annotations

import datetime as dt
import re
import zlib
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


# --- The generic fallback: one small page per rule -----------------------------------------------

_GENERIC_URL = "http://www.example.invalid/2024/0510/1.html"
_PARAGRAPHS = "".join(
    f"<p>第{n}段正文，这一段写得足够长，足够长，足够长，足够长。</p>" for n in range(1, 4)
)


def generic(body: str = _PARAGRAPHS, head: str = "", before: str = "", after: str = ""):
    """A page no template fits: ``before`` and ``after`` the body's <div>, ``head`` in the head."""
    html = (
        f"<html><head>{head}</head><body>{before}<div class='article'>{body}</div>{after}"
        "</body></html>"
    )
    page = read_page(_GENERIC_URL, html)
    assert page.template == "generic"
    return page


def texts(page) -> list[str]:
    return [b.text for b in page.blocks if b.kind not in ("caption", "credit")]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("法国全国大罢工再次严重影响交通-新华网", "法国全国大罢工再次严重影响交通"),
        ("维护全人类共同利益需联手抵制保护主义 _光明网", "维护全人类共同利益需联手抵制保护主义"),
        ("青年就业新观察_新闻频道_中国青年网", "青年就业新观察"),
        ("社区养老服务提质增效--社会·法治--人民网", "社区养老服务提质增效"),
        ("外国专家：中美合作共赢 - 中国日报网", "外国专家：中美合作共赢"),
        ("新华视界｜河北遵化：数字农机服务助力农业生产-新华网河北频道-新华网",
         "新华视界｜河北遵化：数字农机服务助力农业生产"),
        ("一季度经济运行稳中向好 1-3月", "一季度经济运行稳中向好 1-3月"),  # not a site's name
        ("时政--人民网", "时政"),
    ],
)  # fmt: skip
def test_generic_title_loses_the_site_suffix(title: str, expected: str) -> None:
    assert generic(head=f"<title>{title}</title>").title == expected


def test_generic_title_is_the_h1_the_title_holds_not_a_menu_h1() -> None:
    page = generic(
        head="<title>维护全人类共同利益需联手抵制保护主义 _光明网</title>",
        before="<div class='nav'><h1>全部导航</h1></div>"
        "<h1>维护全人类共同利益需联手抵制保护主义</h1>",
    )
    assert page.title == "维护全人类共同利益需联手抵制保护主义"
    menu_only = generic(head="<title>某报道-某网</title>", before="<h1>全部导航</h1>")
    assert menu_only.title == "某报道"


def test_generic_title_prefers_og_title() -> None:
    page = generic(
        head='<title>别的 - 中国日报网</title><meta property="og:title" content="外国专家：合作">',
    )
    assert page.title == "外国专家：合作"


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("<span class='h-time'> 2019-12-10 07:57:40</span>", (2019, 12, 10, 7, 57)),
        (
            "<div class='header-time'><span class='year'><em>2024</em></span> "
            "<span class='day'><em>05</em>/<em>09</em></span> <span class='time'>22:27:02</span>"
            "</div>",
            (2024, 5, 9, 22, 27),
        ),
        ("<div>2022年11月05日10:15 人民网－社会频道</div>", (2022, 11, 5, 10, 15)),
        ("<td>新华网河北频道 ( 2012-06-04 09:20:26 )</td>", (2012, 6, 4, 9, 20)),
    ],
)
def test_generic_time_to_the_minute_from_the_date_line(dateline: str, expected: tuple) -> None:
    page = generic(
        head='<title>某报道-某网</title><meta name="publishdate" content="2000-01-01">',
        before=f"<div class='nav'>2024年5月20日 星期一</div><h1>某报道</h1>{dateline}",
        after="<ul><li>相关新闻 2018-03-02 08:58:39</li></ul>",
    )
    assert page.published_precision == "minute"
    assert page.published_at == dt.datetime(*expected, tzinfo=page.published_at.tzinfo)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ('<meta property="og:release_date" content="2020-01-02 17:11">', (2020, 1, 2, 17, 11)),
        ('<meta property="article:published_time" content="2024-05-10T06:58:12+08:00">',
         (2024, 5, 10, 6, 58)),
        ('<meta property="article:published_time" content="2024-05-09T22:58:00Z">',
         (2024, 5, 10, 6, 58)),  # UTC, in Beijing time
    ],
)  # fmt: skip
def test_generic_time_from_the_head_when_no_minute_is_printed(meta: str, expected: tuple) -> None:
    page = generic(head=f'<meta name="publishdate" content="2000-01-01">{meta}')
    assert page.published_precision == "minute"
    assert page.published_at == dt.datetime(*expected, tzinfo=page.published_at.tzinfo)
    assert page.published_at.utcoffset() == dt.timedelta(hours=8)


def test_generic_day_when_the_page_prints_the_day_only() -> None:
    page = generic(
        head="<title>某报道</title>", before="<h1>某报道</h1><p>发布时间：2024年05月05日 | |</p>"
    )
    assert page.published_precision == "day"
    assert page.published_at == dt.datetime(2024, 5, 5, tzinfo=page.published_at.tzinfo)


@pytest.mark.parametrize(
    ("info", "source", "link"),
    [
        ("<span>来源：<a href='https://wap.peopleapp.com/a/1'>人民日报</a></span>"
         "<span>2024-05-13 08:49</span>", "人民日报", "https://wap.peopleapp.com/a/1"),
        ("<div><i>来源：</i><span class='sourceText'>新华网</span></div>", "新华网", None),
        ("<font>稿件来源： 河北日报</font>", "河北日报", None),
        ("<div>来源：<a href='//cn.chinadaily.com.cn/gtx/1'><img src='l.png'></a>"
         "<a href='//cn.chinadaily.com.cn/gtx/1'>中国日报网</a></div>",
         "中国日报网", "http://cn.chinadaily.com.cn/gtx/1"),  # the link, resolved
    ],
)  # fmt: skip
def test_generic_source_from_the_label_before_the_body(
    info: str, source: str, link: str | None
) -> None:
    page = generic(
        head="<title>某报道-某网</title><meta name='source' content='新华社'>",
        before=f"<h1>某报道</h1>{info}",
    )
    assert (page.source, page.source_url) == (source, link)


def test_generic_source_from_a_bare_meta_source() -> None:
    assert generic(head="<meta name='source' content='中国日报网'>").source == "中国日报网"


@pytest.mark.parametrize(
    ("line", "editors"),
    [
        ("<div id='articleEdit'><span>【纠错】</span> <span>【责任编辑:王頔】</span></div>",
         ["王頔"]),
        ("<span class='p-jc'>责任编辑：\n尹世杰\n</span>", ["尹世杰"]),
        ("<div><span>[ </span><span>责编：杨煜</span><span> ]</span></div>", ["杨煜"]),
        ("<span>[作者: 刘满仓 责任编辑: 杨丹宇 ]</span>", ["杨丹宇"]),
        ("<div>编辑:李楠</div>", ["李楠"]),
    ],
)  # fmt: skip
def test_generic_editors_after_the_body(line: str, editors: list[str]) -> None:
    assert generic(after=line).editors == editors


def test_generic_editor_lines_in_the_body_are_read_and_kept_out_of_it() -> None:
    page = generic(body=_PARAGRAPHS + "<p>（编辑：严玉洁 王辉）</p><div>【责任编辑：严玉洁】</div>")
    assert page.editors == ["严玉洁"]  # the 责任编辑, over the 编辑 line
    assert texts(page) == texts(generic())
    assert [tuple(c) for c in page.credits] == [("编辑", "严玉洁"), ("编辑", "王辉")]


def test_generic_source_and_print_lines_are_read_and_kept_out_of_the_body() -> None:
    page = generic(
        body=_PARAGRAPHS + "<p>来源：人民日报</p><p>《光明日报》（2024年05月20日 03版）</p>"
    )
    assert page.source == "人民日报"
    assert (page.print_edition, page.print_page) == ("《光明日报》（2024年05月20日 第03版）", 3)
    assert texts(page) == texts(generic())


def test_generic_editors_the_line_closing_the_page_over_a_credits_block() -> None:
    credits = "<p>监制：张振明<br>责编：王寒<br>校对：张璋</p>"
    page = generic(body=_PARAGRAPHS + credits, after="<div>(责编：王静、胡永秋)</div>")
    assert page.editors == ["王静", "胡永秋"]
    in_body = generic(body=_PARAGRAPHS + credits + "<div>(责编：王静、胡永秋)</div>")
    assert in_body.editors == ["王静", "胡永秋"]


def test_generic_original_title_and_furniture_lines_are_kept_out_of_the_body() -> None:
    page = generic(
        body="<p>原标题：习近平文化思想学习摘编</p>"
        + _PARAGRAPHS
        + "<p>分享让更多人看到</p><p>【1】 【2】 【3】</p><p>关注公众号：人民网财经</p>"
    )
    assert page.original_title == "习近平文化思想学习摘编"
    assert texts(page) == texts(generic())


def test_generic_byline_before_the_body() -> None:
    page = generic(
        head="<title>某报道-某网</title>",
        before="<h1>某报道</h1><div>本报记者 王乐文 方 敏</div><div>2024年05月10日06:58</div>",
    )
    assert (page.byline, page.authors) == ("本报记者 王乐文 方 敏", ["王乐文", "方敏"])


def test_generic_byline_opening_the_body() -> None:
    page = generic(body="<p><strong>半月谈记者 史卫燕</strong></p>" + _PARAGRAPHS)
    assert (page.byline, page.authors) == ("半月谈记者 史卫燕", ["史卫燕"])
    assert texts(page) == texts(generic())


def test_generic_text_under_a_picture_is_body_unless_it_reads_like_a_caption() -> None:
    picture = "<p align='center'><img src='1.jpg'></p>"
    page = generic(
        body=_PARAGRAPHS
        + picture
        + "<p>钟南山院士说：“武汉本来就是一个英雄的城市，武汉肯定能过关。”</p>"
        + picture
        + "<p>5月13日，在河北省遵化市东新庄镇一家庭农场，无人驾驶农机在播种玉米。</p>"
        + "<p>新华社发（刘满仓摄）</p>"
    )
    assert texts(page)[-1].startswith("钟南山院士说")
    assert [b.kind for b in page.blocks[-2:]] == ["caption", "credit"]


def test_generic_body_split_in_sibling_parts() -> None:
    part = "<div class='part'>{}</div>"
    page = generic(
        body=part.format(_PARAGRAPHS)
        + "<div class='ad'><a href='/ad'>广告</a></div><div class='player'><video></video></div>"
        + "<p>一段放在两部分之间的正文，也要读到，也要读到。</p>"
        + part.format("<p>后一部分的第一段，写得也足够长，足够长，足够长，足够长。</p>" * 2)
        + "<div class='related'>"
        + "<p><a href='/1'>相关新闻：另一篇报道的标题在这里，不是正文</a></p>" * 3
        + "</div>"
    )
    got = texts(page)
    assert got[:3] == texts(generic())
    assert got[3].startswith("一段放在两部分之间") and got[4].startswith("后一部分的第一段")
    assert len(got) == 6  # not the related links, nor the ad


def test_generic_body_written_in_divs() -> None:
    page = generic(
        body="".join(f"<div>第{n}段正文，<b>这一段</b>写在div里，足够长，足够长，足够长。</div>"
                     for n in range(1, 4))
        + "<div class='share'><div>分享到：</div></div>"
    )  # fmt: skip
    assert [t[:3] for t in texts(page)] == ["第1段", "第2段", "第3段"]


def test_generic_body_is_not_the_copyright_footer() -> None:
    short = "<p>一则短消息的正文，只有两段，每一段都不太长，这就是其中的一段话。</p>" * 2
    footer = (
        "<div class='foot'><p>某某网版权所有，未经书面授权禁止使用</p>"
        "<p>Copyright © 1997-2024 by www.example.invalid. all rights reserved</p></div>"
    )
    page = generic(body=short, after=footer)
    assert texts(page) == ["一则短消息的正文，只有两段，每一段都不太长，这就是其中的一段话。"] * 2


def test_generic_body_is_not_a_block_of_links() -> None:
    nav = "<div class='nav'>" + "<p><a href='/x'>一条很长很长很长很长的导航链接文字</a></p>" * 12
    page = generic(before=nav + "</div>")
    assert texts(page) == [b.text for b in generic().blocks]


def drifted(html: str) -> str:
    """The page after a redesign: every class and id renamed, so that no template matches."""
    return re.sub(
        r"""\b(class|id)=(["'])(.*?)\2""", lambda m: f'{m[1]}="r{zlib.crc32(m[3].encode())}"', html
    )


_DRIFTING = [  # the template pages (the English edition's forms are not the fallback's)
    p for p in gold.SAMPLE_SITE + gold.TEST_PAGE_GOLD
    if p.name not in ("English edition", "unknown layout (generic)")
]  # fmt: skip


@pytest.mark.parametrize("page", _DRIFTING, ids=[p.name for p in _DRIFTING])
def test_a_redesigned_page_reads_the_same_through_the_generic_fallback(page: gold.GoldPage) -> None:
    """What drift leaves a crawl with: the generic fallback reads a People's Daily page whose
    template no longer matches as its template did."""
    before = extract_article(gold.article_pages(page))
    after = extract_article(gold.article_pages(page, drifted(page.html())))
    a, b = before.article, after.article
    assert a.template != "generic" and b.template == "generic"
    fields = ("title", "published_at", "published_precision", "source", "editors", "body")
    fields += ("original_title",)
    assert [getattr(b, f) for f in fields] == [getattr(a, f) for f in fields]
    quotes = [
        [(q.text, q.said_on, q.speaker, q.occasion) for q in x.quotations] for x in (before, after)
    ]
    assert quotes[0] == quotes[1]


def test_a_template_pages_relative_source_link_is_resolved_against_the_page() -> None:
    url = "http://theory.people.com.cn/n1/2021/1115/c40531-32282911.html"
    html = (Path(__file__).parent / "pages" / "leaders.html").read_text()
    relative = html.replace('href="http://theory.people.com.cn/"', 'href="/GB/index.html"')
    assert relative != html
    page = read_page(url, relative)
    assert page.template == "rm_txt"
    assert (page.source, page.source_url) == (
        "人民网－理论频道",
        "http://theory.people.com.cn/GB/index.html",
    )
