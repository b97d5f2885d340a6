"""Every gold-annotated page read as the annotations say (tests/pipelines/gold.py)."""

from __future__ import annotations

import pytest

from pipelines.article import extract_article
from pipelines.records import Caption, Credit
from tests.pipelines import gold
from tests.pipelines.gold import GOLD_PAGES, GoldPage


@pytest.mark.parametrize("page", GOLD_PAGES, ids=[p.name for p in GOLD_PAGES])
def test_gold_page(page: GoldPage) -> None:
    if not page.available:
        pytest.skip(f"{page.file} not present (the real corpus is in the team checkout only)")
    extracted = extract_article(gold.article_pages(page))
    a = extracted.article
    assert a.title == page.title
    assert gold.published_key(a.published_at, a.published_precision) == page.published_at
    assert a.source == page.source
    assert tuple(a.editors) == page.editors
    found = [
        gold.GoldQuote(
            q.said_on.isoformat() if q.said_on else None,
            q.speaker,
            q.occasion,
            q.text[: len(expected.starts)],
            q.text[-len(expected.ends) :],
        )
        for q, expected in zip(extracted.quotations, page.quotes, strict=False)
    ]
    assert found == list(page.quotes)
    assert len(extracted.quotations) == len(page.quotes)
    if page.body is not None:  # every body paragraph, in order, and nothing else
        paragraphs = a.body.splitlines() if a.body else []
        assert gold.body_found(page.body, paragraphs) == len(page.body) == len(paragraphs)


@pytest.mark.parametrize(
    "page", gold.GENERIC_REAL_PAGES, ids=[p.name for p in gold.GENERIC_REAL_PAGES]
)
def test_real_pages_without_a_template_are_read_by_the_generic_fallback(page: GoldPage) -> None:
    if not page.available:
        pytest.skip(f"{page.file} not present (the real corpus is in the team checkout only)")
    a = extract_article(gold.article_pages(page)).article
    assert (a.template, a.problem) == ("generic", None)


def test_body_found_counts_gold_paragraphs_in_order() -> None:
    found = ["新华社北京电 记者", "图片说明", "第二段正文", "第三段"]
    assert gold.body_found(("新华社北京电记者", "第二段", "第三段"), found) == 3
    assert gold.body_found(("第三段", "第二段"), found) == 1  # out of order: one of them
    assert gold.body_found(("第二段", "第二段"), found) == 1  # one paragraph matches once
    assert gold.body_found(("第四段",), found) == 0


def test_variants_page_every_field() -> None:
    """The fields the gold list does not carry, on the page written for every variant."""
    (page,) = gold.TEST_PAGE_GOLD
    extracted = extract_article(gold.article_pages(page))
    a = extracted.article
    assert (a.contentid, a.template, a.language, a.problem) == ("40232700", "rm_txt", "zh", None)
    assert a.pretitle == "学习贯彻习近平文化思想"
    assert a.subtitle == "——习近平总书记关于文化建设的重要论述摘编"  # a subtitle, not a quotation
    assert a.original_title == "习近平文化思想学习摘编"
    assert a.byline == "本报记者 李 纯 张晓东"
    assert a.authors == ["李纯", "张晓东"]
    assert a.breadcrumb == ["人民网", "理论", "学习路上"]
    assert a.channel == "学习路上"
    assert a.published_precision == "minute"
    assert a.source_url == a.print_url
    assert a.print_url and a.print_url.endswith("nw.D110000renmrb_20240510_3-09.htm")
    assert a.print_edition == "《人民日报》（2024年05月10日 第09版）"
    assert a.print_page == 9
    assert a.credits == [Credit("整理", "曹磊"), Credit("整理", "詹云")]
    assert a.headings == [
        "一、坚定文化自信",
        "二、讲好中国故事",
        "三、在基层",
        "在文艺工作座谈会上的讲话",
        "高举中国特色社会主义伟大旗帜 为全面建设社会主义现代化国家而团结奋斗",
    ]
    assert a.captions == [
        Caption(
            "2014年9月24日，纪念孔子诞辰2565周年国际学术研讨会在北京开幕。", "新华社记者 兰红光"
        ),
        Caption("2023年6月2日，习近平在北京出席文化传承发展座谈会。", "央视新闻客户端"),
    ]
    assert a.body is not None
    assert "兰红光" not in a.body and "整理" not in a.body.splitlines()[-1]
    assert "分享让更多人看到" not in a.body and "人民日报 》" not in a.body

    q = {quote.ordinal: quote for quote in extracted.quotations}
    assert q[1].section is None and q[2].section == "一、坚定文化自信"
    assert q[1].attribution == "――2014年10月15日，习近平在文艺工作座谈会上的讲话"  # as printed
    assert q[2].speaker_title == "总书记"
    assert q[2].text.endswith("最深层的精神追求。")  # the endnote [3] is dropped
    assert q[3].speaker_title == "国家主席"
    assert str(q[4].said_until) == "2014-09-28"
    assert "——（清）林则徐" in q[4].text  # a poem author inside a quotation stays text
    assert q[5].source_work == "习近平谈治国理政"
    assert q[6].text == "讲故事是国际传播的最佳方式。"  # a <br> splits quote and attribution
    assert q[8].said_precision == "month"
    assert q[9].said_on is None and q[9].said_precision is None
    # Speech headers: the header's lines are the attribution; its title is the section.
    assert q[10].attribution == "在文艺工作座谈会上的讲话\n（2014年10月15日）"
    assert q[10].text.count("\n") == 1
    assert q[11].section.startswith("高举中国特色社会主义伟大旗帜")
    assert q[11].attribution.splitlines()[1] == "——在中国共产党第二十次全国代表大会上的报告"
    # The lead, the dialogue, the bullet point and the captions are in no quotation.
    for quote in extracted.quotations:
        assert "编者按" not in quote.text and "您好" not in quote.text
        assert "在认识上" not in quote.text and "摄" not in quote.text
    assert len({quote.quote_id for quote in extracted.quotations}) == 11
