from __future__ import annotations

import datetime as dt

from scrapy.http import HtmlResponse

from core.encoding import decode_page
from core.items import FetchedPage

TEXT = "<html><body><p>人民网——镕铸新质生产力，喆人喆事。</p></body></html>"


def response(body: bytes, charset: str) -> HtmlResponse:
    headers = {"Content-Type": f"text/html; charset={charset}"}
    return HtmlResponse("http://www.people.com.cn/a.html", body=body, headers=headers)


def page_text(r: HtmlResponse) -> tuple[str, str | None]:
    """The response's text as the extraction workers decode it, and the wrong label if any."""
    return decode_page(r.body, r.encoding)


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


def test_a_fetched_page_reads_as_the_response_text() -> None:
    """What the extraction workers decode is what Scrapy decodes, BOM and bad bytes included."""
    bodies = [
        (TEXT.encode("gb18030"), "GB2312"),
        (TEXT.encode("utf-8"), "GB2312"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "GB2312"),
        (TEXT.encode("utf-8")[:-30] + b"\xff\xfe" + TEXT.encode("utf-8")[-30:], "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
    ]
    for body, charset in bodies:
        r = response(body, charset)
        page = FetchedPage(r.url, r.body, r.encoding, dt.datetime.now(dt.UTC))
        text, wrong_label = page_text(r)
        assert page.html == text
        if wrong_label is None:  # a mislabelled page is read by its bytes, not as Scrapy does
            assert text == r.text
