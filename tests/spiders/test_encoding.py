from __future__ import annotations

from scrapy.http import HtmlResponse

from spiders.encoding import page_text

TEXT = "<html><body><p>人民网——镕铸新质生产力，喆人喆事。</p></body></html>"


def response(body: bytes, charset: str) -> HtmlResponse:
    headers = {"Content-Type": f"text/html; charset={charset}"}
    return HtmlResponse("http://www.people.com.cn/a.html", body=body, headers=headers)


def test_gb2312_label_is_read_as_gb18030() -> None:
    text, mislabelled = page_text(response(TEXT.encode("gb18030"), "GB2312"))
    assert (text, mislabelled) == (TEXT, None)


def test_utf8_bytes_under_a_gb2312_label() -> None:
    text, mislabelled = page_text(response(TEXT.encode("utf-8"), "GB2312"))
    assert (text, mislabelled) == (TEXT, "gb18030")


def test_gb_bytes_under_a_utf8_label() -> None:
    text, mislabelled = page_text(response(TEXT.encode("gb18030"), "utf-8"))
    assert (text, mislabelled) == (TEXT, "utf-8")


def test_utf8_as_declared() -> None:
    assert page_text(response(TEXT.encode("utf-8"), "utf-8")) == (TEXT, None)
