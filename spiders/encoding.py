"""Decoding page bytes: trust the declared charset, except where the bytes prove it wrong.

Scrapy already decodes by HTTP header, BOM, then ``<meta>``, and reads GB2312/GBK as GB18030.
People's Daily pages are sometimes mislabelled: UTF-8 bytes under a GB2312 declaration (copies
and re-encoded pages), or GB bytes under UTF-8. The bytes settle it: text in a GB encoding is
almost never valid UTF-8, and UTF-8 that fails strict decoding is not UTF-8.
"""

from __future__ import annotations

from scrapy.http import TextResponse
from w3lib.encoding import resolve_encoding

GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312", "hz"})


def page_text(response: TextResponse) -> tuple[str, str | None]:
    """The response body as text, and the name of the charset it was mislabelled with (if any)."""
    declared = resolve_encoding(response.encoding) or response.encoding
    body = response.body
    if declared in GB_FAMILY and not body.isascii():
        try:
            return body.decode("utf-8"), declared
        except UnicodeDecodeError:
            pass
    elif declared == "utf-8" and not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            try:
                return body.decode("gb18030"), declared
            except UnicodeDecodeError:
                pass
    return response.text, None
