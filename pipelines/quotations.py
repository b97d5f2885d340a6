"""Dated quotations from classified body paragraphs.

Two layouts. Usually a quotation is every text paragraph between the previous boundary and the
attribution line that closes it. Boundaries: another attribution, a section heading, a picture
caption, a credit line, and the lead (a paragraph announcing the compilation, before anything
else). So the lead, captions and credits never leak into a quotation's text.

The speech-header layout puts the attribution first: a title (a heading, perhaps followed by a
``——在…上的讲话`` line), then ``（2022年10月16日）`` on its own line, then the quoted
paragraphs, which run until the next boundary.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from pipelines import patterns as P
from pipelines.attribution import Attribution
from pipelines.page import Block
from pipelines.records import Quotation


class _Collector:
    """Turns (paragraphs, attribution) pairs into numbered Quotation rows."""

    def __init__(self, article_id: str, article_url: str) -> None:
        self.article_id, self.article_url = article_id, article_url
        self.quotes: list[Quotation] = []

    def add(self, paragraphs: list[str], a: Attribution, line: str, section: str | None) -> None:
        text = P.ENDNOTE.sub("", "\n".join(paragraphs))
        if not text:
            return
        self.quotes.append(
            Quotation(
                quote_id=quote_id(self.article_id, text, line),
                article_id=self.article_id,
                article_url=self.article_url,
                ordinal=len(self.quotes) + 1,
                text=text,
                speaker=a.speaker,
                speaker_title=a.speaker_title,
                speaker_kind=a.speaker_kind,
                said_on=a.said_on,
                said_precision=a.said_precision,
                said_until=a.said_until,
                occasion=a.occasion,
                occasion_kind=a.occasion_kind,
                source_work=a.source_work,
                source_volume=a.source_volume,
                source_page=a.source_page,
                section=section,
                attribution=line,
            )
        )


def find_quotations(article_id: str, article_url: str, blocks: Iterable[Block]) -> list[Quotation]:
    """The quotations in ``blocks`` (an article's paragraphs in reading order)."""
    out = _Collector(article_id, article_url)
    pending: list[str] = []
    section: str | None = None
    header: tuple[Attribution, str] | None = None  # an open speech header and its lines
    title: list[Block] = []  # blocks since the last text: a speech header's title lines
    started = False  # a boundary or a quotation was seen: no lead any more
    for block in blocks:
        if block.kind == "text":
            if not started and P.LEAD_MARKER.search(block.text):
                pending = []  # the lead and whatever came before it
                started = True
                continue
            pending.append(block.text)
            title = []
            continue
        started = True
        if block.kind == "attribution" and block.attribution and pending:
            out.add(pending, block.attribution, block.text, section)
            header = None
        elif block.kind == "speech_date" and block.attribution and title:
            header = _speech_header(block, title)
            section = next((b.text for b in title if b.kind == "heading"), section)
        else:  # any other boundary ends a group of paragraphs; under a speech header, a quote
            if header:
                out.add(pending, *header, section)
            if block.kind == "credit":  # credits close the article
                header = None
            elif block.kind == "heading":
                section = block.text
        title = [*title, block] if block.kind in ("heading", "attribution") else []
        pending = []
    if header:
        out.add(pending, *header, section)
    return out.quotes


def _speech_header(date_line: Block, title: list[Block]) -> tuple[Attribution, str]:
    """The attribution a speech header states: the date from its date line, the occasion from
    the ``——在…`` line under the title, or from the title itself."""
    assert date_line.attribution is not None
    said = date_line.attribution
    under = next((b.attribution for b in reversed(title) if b.attribution), None)
    occasion = under.occasion if under else title[-1].text
    speaker = under.speaker if under else None
    speaker_title = under.speaker_title if under else None
    a = Attribution(
        said.said_on,
        said.said_precision,
        speaker,
        occasion,
        speaker_title=speaker_title,
        said_until=said.said_until,
    )
    return a, "\n".join(b.text for b in (*title, date_line))


def quote_id(article_id: str, text: str, attribution: str) -> str:
    """Content-derived id: the same quotation in the same article has the same id in every run."""
    digest = hashlib.sha256("\x1f".join((article_id, text, attribution)).encode()).hexdigest()
    return digest[:20]
