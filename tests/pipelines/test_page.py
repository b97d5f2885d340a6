"""The body's paragraphs as ``read_page`` sorts them, on the lxml tree of the page."""

from __future__ import annotations

from pipelines.page import TOO_DEEP, read_page

URL = "http://society.people.com.cn/n1/2022/1105/c1008-1.html"


def rm_txt(body: str) -> str:
    """A page of the rm_txt template whose body holds ``body``."""
    return (
        "<html><head><title>某标题--社会--人民网</title></head><body><div class='rm_txt'>"
        f"<h1>某标题</h1><div class='rm_txt_con'>{body}</div></div></body></html>"
    )


def kinds(body: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in read_page(URL, rm_txt(body)).blocks]


def test_a_paragraph_inside_another_is_read_once_as_part_of_it() -> None:
    assert kinds("<ul><li>列表项<p>其中一段</p></li></ul><p>正文</p>") == [
        ("text", "列表项 其中一段"),
        ("text", "正文"),
    ]


def test_line_breaks_split_a_paragraph_into_lines() -> None:
    assert kinds("<p>第一行<br>第二行<br/><br>第三行</p>") == [
        ("text", "第一行"),
        ("text", "第二行"),
        ("text", "第三行"),
    ]


def test_a_heading_is_a_paragraph_all_in_bold() -> None:
    assert kinds(
        "<p><strong>一、标题</strong></p>"
        "<p><span style='font-weight: 700'>二、<b>标题</b></span> </p>"
        "<p><strong>加粗</strong>之后还有正文</p>"
        "<p><b>加粗</b><span>不加粗</span></p>"
    ) == [
        ("heading", "一、标题"),
        ("heading", "二、 标题"),
        ("text", "加粗 之后还有正文"),
        ("text", "加粗 不加粗"),
    ]


def test_comments_are_not_text() -> None:
    assert kinds("<p><strong>标题</strong><!-- 编者的注释 --></p><p>正<!-- x -->文</p>") == [
        ("heading", "标题"),
        ("text", "正 文"),
    ]


def test_the_paragraph_after_a_picture_is_its_caption() -> None:
    assert kinds("<p><img src='a.jpg'></p><p>图为会场。</p><p>正文</p>") == [
        ("caption", "图为会场。"),
        ("text", "正文"),
    ]


def test_a_centred_paragraph_is_a_caption() -> None:
    assert kinds("<p align='center'>居中的说明</p><p style='text-align:center'>又一条</p>") == [
        ("caption", "居中的说明"),
        ("caption", "又一条"),
    ]


def test_unclosed_font_tags_deeper_than_256_levels_lose_nothing() -> None:
    """An old page's <font> tags, opened and never closed, nest each paragraph in the last:
    libxml2 stops reading at 256 levels unless told otherwise, and the body was lost."""
    paragraphs = "".join(f"<p><font color='red'>第{n}段" for n in range(400))
    page = read_page(URL, rm_txt(paragraphs + "<p>最后一段</p>"))
    assert page.problem is None
    assert page.blocks[-1].text.endswith("最后一段")
    assert "第399段" in page.blocks[-1].text


def test_a_page_nested_past_the_parsers_limit_says_so() -> None:
    page = read_page(URL, rm_txt("<p>第一段</p>" + "<div>" * 3000 + "<p>太深</p>"))
    assert (page.template, page.problem) == ("rm_txt", TOO_DEEP)
    assert page.blocks[0].text == "第一段"


def test_a_generic_heading_holding_divs_of_text_is_read_once() -> None:
    text = "这是一段足够长的正文内容，" * 6
    page = read_page(
        "http://example.com/a/1.html", f"<html><body><h2><div>{text}</div></h2></body></html>"
    )
    assert page.template == "generic"
    assert [b.text for b in page.blocks] == [text.strip()]


def test_ruby_readings_and_templates_are_not_text() -> None:
    assert kinds(
        "<p>这个字<ruby>读<rp>(</rp><rt>dú</rt><rp>)</rp></ruby>作<template>模板</template></p>"
    ) == [("text", "这个字 读 作")]
