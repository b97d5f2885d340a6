"""Decoding page bytes: trust the declared charset, except where the bytes prove it wrong.

Scrapy already decodes by HTTP header, BOM, then ``<meta>``, and reads GB2312/GBK as GB18030.
People's Daily pages are sometimes mislabelled: UTF-8 bytes under a GB2312 declaration (copies
and re-encoded pages), or GB bytes under UTF-8. The bytes settle it: text in a GB encoding is
almost never valid UTF-8, and UTF-8 that fails strict decoding is not UTF-8.

``decode_page`` needs only the body and the charset Scrapy resolved, not Scrapy: the extraction
workers decode the pages a crawl or ``scrapy replay`` hands them as bytes (``FetchedPage.html``);
the crawl itself only asks ``mislabelled``, to count such pages.
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode, resolve_encoding

GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312", "hz"})


def decode_page(body: bytes, encoding: str) -> tuple[str, str | None]:
    """``body`` as text, ``encoding`` being the charset Scrapy resolved for it
    (``TextResponse.encoding``), and the name of that charset when the bytes prove it wrong."""
    if (wrong := mislabelled(body, encoding)) is not None:
        actual, declared = wrong
        return body.decode(actual), declared
    # What TextResponse.text gives: a BOM wins over the declaration; bad bytes are replaced.
    return html_to_unicode(f"charset={encoding}", body)[1], None


def mislabelled(body: bytes, encoding: str) -> tuple[str, str] | None:
    """(the charset ``body`` is really in, the one declared) when its bytes prove the declared
    one wrong, else None. Cheap for a GB page: its bytes stop being UTF-8 at the first CJK
    character, so a crawl can count mislabelled pages without decoding them."""
    declared = resolve_encoding(encoding) or encoding
    if body.isascii():
        return None
    if declared in GB_FAMILY and _decodes(body, "utf-8"):
        return "utf-8", declared
    if declared == "utf-8" and not _decodes(body, "utf-8") and _decodes(body, "gb18030"):
        return "gb18030", declared
    return None


def _decodes(body: bytes, charset: str) -> bool:
    try:
        body.decode(charset)
    except UnicodeDecodeError:
        return False
    return True
