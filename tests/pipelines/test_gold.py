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
    page = gold.VARIANTS
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


def test_leaders_page_every_field() -> None:
    """Several leaders in one compilation: each quotation's kinds, title and cited work."""
    extracted = extract_article(gold.article_pages(gold.LEADERS))
    rows = [
        (q.speaker, q.speaker_kind, q.speaker_title, q.occasion_kind, q.source_work,
         q.source_volume, q.source_page)
        for q in extracted.quotations
    ]  # fmt: skip
    assert rows == [
        ("毛泽东", "person", None, "other", "论联合政府", None, None),
        ("周恩来", "person", "总理", "报告", None, None, None),
        ("刘少奇", "person", "同志", "other", "论共产党员的修养", None, None),
        ("邓小平", "person", None, "other", "解放思想，实事求是，团结一致向前看", None, None),
        ("邓小平", "person", None, "谈话", None, None, None),
        ("邓小平", "person", None, "other", "邓小平文选", "第三卷", 377),
        ("陈云", "person", "同志", "谈话", None, None, None),
        ("江泽民", "person", None, "讲话", None, None, None),
        ("胡锦涛", "person", None, "报告", None, None, None),
        ("习近平", "person", "中共中央总书记", "讲话", None, None, None),
        ("习近平", "person", None, "other", "习近平谈治国理政", "第四卷", None),
        ("中共中央", "organisation", None, "other", None, None, None),
        ("人民日报评论员", "organisation", None, "other", "以史为鉴、开创未来", None, None),
    ]
    q = {quote.ordinal: quote for quote in extracted.quotations}
    assert str(q[5].said_until) == "1992-02-21"
    assert q[6].attribution == "（《邓小平文选》第三卷，第377页）"  # as printed, no dashes
    assert "——（宋）文天祥" in q[7].text  # a poem author inside a quotation stays text
    # The caption naming a leader, the dialogue, the poem author with a work, the subtitle and
    # the credit line are in no quotation, and nothing after the last attribution is one.
    assert extracted.article.captions[0].text.startswith("1949年10月1日，毛泽东")
    for quote in extracted.quotations:
        assert "毛主席好" not in quote.text and "李白" not in quote.text
        assert "天安门" not in quote.text and "整理" not in quote.text
