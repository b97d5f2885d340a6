"""Dated quotations from classified body paragraphs.

A quotation is every text paragraph between the previous boundary and an attribution line.
Boundaries: another attribution, a section heading, a picture caption, a credit line. So the lead
(ended by a caption or heading), captions and credits never leak into a quotation's text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from pipelines.page import Block
from pipelines.records import Quotation


def find_quotations(article_id: str, article_url: str, blocks: Iterable[Block]) -> list[Quotation]:
    """The quotations in ``blocks`` (an article's paragraphs in reading order)."""
    quotes: list[Quotation] = []
    pending: list[str] = []
    section: str | None = None
    for block in blocks:
        if block.kind == "text":
            pending.append(block.text)
            continue
        if block.kind == "attribution" and pending and block.attribution is not None:
            a = block.attribution
            text = "\n".join(pending)
            quotes.append(
                Quotation(
                    quote_id=quote_id(article_id, text, block.text),
                    article_id=article_id,
                    article_url=article_url,
                    ordinal=len(quotes) + 1,
                    text=text,
                    speaker=a.speaker,
                    said_on=a.said_on,
                    said_precision=a.said_precision,
                    occasion=a.occasion,
                    section=section,
                    attribution=block.text,
                )
            )
        elif block.kind == "heading":
            section = block.text
        pending = []
    return quotes


def quote_id(article_id: str, text: str, attribution: str) -> str:
    """Content-derived id: the same quotation in the same article has the same id in every run."""
    digest = hashlib.sha256("\x1f".join((article_id, text, attribution)).encode()).hexdigest()
    return digest[:20]
