"""The rows of the dataset, declared once: Python types, Arrow types and descriptions together.

``docs/schema.md`` documents the same columns for analysts; ``pipelines.schema`` builds the Arrow
schemas from these declarations, so there is one place to add a column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pyarrow as pa

from core.clock import SHANGHAI_NAME
from pipelines.quotekey import quote_key

TIMESTAMP = pa.timestamp("ms", tz=SHANGHAI_NAME)
CREDIT = pa.struct([("role", pa.string()), ("name", pa.string())])
CAPTION = pa.struct([("text", pa.string()), ("credit", pa.string())])


def column(
    arrow_type: pa.DataType,
    doc: str,
    *,
    nullable: bool = True,
    default: Any = None,
    repeated: bool = False,
) -> Any:
    """A dataclass field that also says its Arrow type and meaning; ``repeated`` marks strings
    with few distinct values, which are dictionary-encoded in the files."""
    meta = {"arrow_type": arrow_type, "doc": doc, "nullable": nullable, "repeated": repeated}
    if not nullable and default is None:
        return field(metadata=meta)  # required: no default
    if default is None:
        return field(default=None, metadata=meta)
    return field(default_factory=default, metadata=meta)


class Credit(NamedTuple):
    """An in-body credit line entry, e.g. ("监制", "张振明")."""

    role: str
    name: str


class Caption(NamedTuple):
    """A picture caption and whom it credits, e.g. ("…乌镇开幕。", "新华社记者 李涛")."""

    text: str
    credit: str | None


@dataclass(slots=True)
class Article:
    """One article (all its pages merged)."""

    article_id: str = column(
        pa.string(),
        "Stable article id: people-{contentid} for people.com.cn, rmrb-{YYYYMMDD}-{id} for the "
        "e-paper.",
        nullable=False,
    )
    url: str = column(pa.string(), "URL of the article's first page.", nullable=False)
    site: str = column(
        pa.string(), '"people" (people.com.cn/people.cn) or "paper" (e-paper).', repeated=True
    )
    contentid: str | None = column(
        pa.string(), "The CMS id of people.com.cn pages (<meta name=contentid>); null elsewhere."
    )
    template: str | None = column(
        pa.string(),
        'Page template the extractor recognised ("rm_txt", "2016wb", "paper", "generic"…); '
        "null when it found no body.",
        repeated=True,
    )
    problem: str | None = column(
        pa.string(),
        "Why the page could not be read (no body, unparseable) or was read only up to where it"
        " nests too deep; null when it was read whole.",
    )
    language: str | None = column(
        pa.string(), '"zh", or "en" for the English edition.', repeated=True
    )
    title: str | None = column(pa.string(), "Headline.")
    pretitle: str | None = column(pa.string(), "引题 (line above the headline), when present.")
    subtitle: str | None = column(pa.string(), "副题 (line below the headline), when present.")
    original_title: str | None = column(pa.string(), "原标题 of a reprint, when given.")
    byline: str | None = column(pa.string(), "Author line as printed, e.g. 本报记者 王乐文 方 敏.")
    authors: list[str] = column(
        pa.list_(pa.string()), "Names on the byline, roles removed: [王乐文, 方敏].", default=list
    )
    breadcrumb: list[str] = column(
        pa.list_(pa.string()), "Channel path above the title: [人民网, 经济·科技].", default=list
    )
    channel: str | None = column(
        pa.string(), "The last breadcrumb entry: the page's channel.", repeated=True
    )
    published_at: dt.datetime | None = column(
        TIMESTAMP, "Publication time, Asia/Shanghai (midnight when only the day is known)."
    )
    published_precision: str | None = column(
        pa.string(), '"minute" or "day": how much of published_at the page states.', repeated=True
    )
    source: str | None = column(
        pa.string(), "来源: the outlet named on the date line.", repeated=True
    )
    source_url: str | None = column(pa.string(), "Link of the 来源, when it has one.")
    editors: list[str] = column(
        pa.list_(pa.string()), "Web editors from the (责编：…) line.", default=list
    )
    credits: list[Credit] = column(
        pa.list_(CREDIT),
        "In-body credits of the syndicating outlet (监制/审核/责编/校对/制作…) as (role, name).",
        default=list,
    )
    body: str | None = column(
        pa.string(),
        'Body text: paragraphs and section headings joined by "\\n" (no captions, no credits).',
    )
    headings: list[str] = column(
        pa.list_(pa.string()), "Section headings of the body, in order.", default=list
    )
    captions: list[Caption] = column(
        pa.list_(CAPTION),
        "Picture captions with their credit (photographer or 图源), in order.",
        default=list,
    )
    page_count: int = column(pa.int16(), "Number of pages merged into this row.", default=int)
    print_url: str | None = column(
        pa.string(), "The e-paper article a web article cites as its print original."
    )
    print_edition: str | None = column(
        pa.string(), "Print edition as cited: 《人民日报》（2024年05月10日 第04版）."
    )
    print_page: int | None = column(pa.int16(), "Print page (版面) number.")
    print_page_name: str | None = column(
        pa.string(), "E-paper page name, e.g. 要闻.", repeated=True
    )
    content_hash: str = column(
        pa.string(),
        "Hash of everything read off the article (not when or where it was fetched): an "
        "unchanged article has the same hash in every run.",
        default=str,
    )
    version: int = column(
        pa.int32(),
        "1 for the first capture of an article; +1 each time a crawl finds it changed.",
        default=lambda: 1,
    )
    fetched_at: dt.datetime | None = column(TIMESTAMP, "When the first page was fetched.")
    warc_filename: str | None = column(pa.string(), "WARC file holding the first page's capture.")
    warc_offset: int | None = column(pa.int64(), "Byte offset of that response record.")
    warc_record_id: str | None = column(pa.string(), "WARC-Record-ID of that response record.")


@dataclass(slots=True)
class Quotation:
    """One dated quotation: the quoted paragraphs and the attribution line that closes them."""

    quote_id: str = column(
        pa.string(),
        "Stable id: hash of article_id, text and attribution (same quote, same id, every run).",
        nullable=False,
    )
    article_id: str = column(
        pa.string(), "The article it was found in.", nullable=False, repeated=True
    )
    article_url: str = column(
        pa.string(), "URL of that article's first page.", nullable=False, repeated=True
    )
    quote_key: str = column(
        pa.string(),
        "The quotation's identity across articles: a hash of its normalised text (NFKC, no "
        "punctuation, quote marks or spaces; pipelines/quotekey.py). The row of quotes/.",
        nullable=False,
        default=str,
    )
    article_version: int = column(
        pa.int32(), "The version of the article the quotation was read from.", default=lambda: 1
    )
    ordinal: int = column(
        pa.int16(), "1-based position among the article's quotations.", default=int
    )
    text: str = column(pa.string(), 'Quoted paragraphs joined by "\\n".', default=str)
    speaker: str | None = column(
        pa.string(),
        "Who said it: the person or organisation the line names (习近平, 毛泽东, 中共中央, "
        "人民日报评论员; titles removed), or the author a cited collection is named after "
        "(《邓小平文选》: 邓小平); null when the line names none.",
        repeated=True,
    )
    speaker_title: str | None = column(
        pa.string(),
        "The title printed with the name (主席, 总书记, 国家主席, 同志…), if any.",
        repeated=True,
    )
    speaker_kind: str | None = column(
        pa.string(),
        '"person", "organisation" (party and state organs, newspapers\' commentators and '
        'editorials) or "unknown" (a name by the line\'s grammar, of neither kind by its '
        "form); null when speaker is.",
        repeated=True,
    )
    said_on: dt.date | None = column(
        pa.date32(), "When it was said; first day of the month/year when coarser."
    )
    said_precision: str | None = column(
        pa.string(), '"day", "month" or "year": how much of said_on the line states.', repeated=True
    )
    said_until: dt.date | None = column(
        pa.date32(), "Last day, when the line gives a range (9月25日至28日)."
    )
    occasion: str | None = column(
        pa.string(), "The rest of the line: where/how it was said.", repeated=True
    )
    occasion_kind: str | None = column(
        pa.string(),
        "The kind of occasion: 讲话, 报告, 贺信, 回信, 致辞, 谈话, 考察, 会见, 署名文章, 书信, "
        '批示 or "other"; null when there is no occasion.',
        repeated=True,
    )
    source_work: str | None = column(
        pa.string(),
        "The work cited (摘自《…》, ——毛泽东：《…》, （《…》第三卷，第373页）), without the 《》.",
        repeated=True,
    )
    source_volume: str | None = column(
        pa.string(),
        "The volume the line cites, numbered in Chinese numerals (第3卷 gives 第三卷), or "
        "上卷/中卷/下卷; null when none is printed.",
        repeated=True,
    )
    source_page: int | None = column(
        pa.int16(), "The page the line cites (the first of a range); null when none is printed."
    )
    section: str | None = column(
        pa.string(), "The section heading it stands under; null if none.", repeated=True
    )
    attribution: str = column(
        pa.string(), "The attribution line as printed (a speech header: its lines).", default=str
    )

    def __post_init__(self) -> None:
        if not self.quote_key:
            self.quote_key = quote_key(self.text)


@dataclass(slots=True)
class DistinctQuotation:
    """One distinct quotation across the corpus (the quotes/ dataset): every article quoting it,
    and what they say of it."""

    quote_key: str = column(
        pa.string(), "The quotation's key (quote_key of its quotation rows).", nullable=False
    )
    text: str = column(
        pa.string(),
        "Its text as most often printed (the earliest such printing wins a tie).",
        default=str,
    )
    speaker: str | None = column(
        pa.string(), "Who said it, as most articles name them.", repeated=True
    )
    speaker_kind: str | None = column(
        pa.string(), '"person", "organisation" or "unknown": what that speaker is.', repeated=True
    )
    said_on: dt.date | None = column(pa.date32(), "When it was said, as most articles date it.")
    said_precision: str | None = column(
        pa.string(), '"day", "month" or "year", of that date.', repeated=True
    )
    occasion: str | None = column(
        pa.string(), "Where or how it was said, as most articles put it.", repeated=True
    )
    occasion_kind: str | None = column(
        pa.string(),
        "The kind of that occasion (讲话, 贺信, …; as on quotation rows).",
        repeated=True,
    )
    source_work: str | None = column(
        pa.string(), "The work it is taken from, as most articles cite it.", repeated=True
    )
    article_count: int = column(
        pa.int32(), "Articles quoting it (their latest versions).", default=int
    )
    quotation_count: int = column(
        pa.int32(), "Quotation rows behind it (an article may quote it twice).", default=int
    )
    first_article_id: str | None = column(pa.string(), "The earliest published article quoting it.")
    first_published_at: dt.datetime | None = column(TIMESTAMP, "When that article was published.")
    latest_article_id: str | None = column(pa.string(), "The latest published article quoting it.")
    latest_published_at: dt.datetime | None = column(TIMESTAMP, "When that one was published.")
    article_ids: list[str] = column(
        pa.list_(pa.string()), "Every article quoting it, earliest published first.", default=list
    )
    variant_of: str | None = column(
        pa.string(),
        "The quote_key of the canonical quotation this one is a near-duplicate of (a shortened "
        "or slightly different passage; pipelines/variants.py); null when it is canonical or has "
        "no variant.",
    )
    conflicts: int = column(
        pa.int32(),
        "Quotation rows that disagree with this row's speaker, said_on or occasion (a null "
        "never disagrees).",
        default=int,
    )
    conflict_fields: list[str] = column(
        pa.list_(pa.string()),
        'Which of "speaker", "said_on", "occasion" the articles disagree on.',
        default=list,
    )


@dataclass(slots=True)
class ExtractedArticle:
    """What the extraction pipeline hands on: an article and its quotations."""

    article: Article
    quotations: list[Quotation]
