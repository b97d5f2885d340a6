"""Reading one People's Daily page: metadata and the body's classified paragraphs, with lxml.

``read_page(url, html)`` is pure and never raises on bad input: a page it cannot read comes back
with ``template=None`` and a ``problem`` saying why. lxml parses the whole page once; the parts
are found by the selectors in ``pipelines.selectors``, the body's noise is dropped, and the
paragraphs of what is left are sorted into text, headings, captions, credits, attributions and
speech-header dates by the patterns in ``pipelines.patterns``, all on that one tree. The tree is
plain ``lxml.etree``: lxml.html's element classes would cost a Python call for every element
the reader touches (a tenth of the time of a page).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from typing import Literal
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from core.clock import SHANGHAI, shanghai_time
from pipelines import patterns as P
from pipelines import selectors as S
from pipelines.attribution import Attribution, parse_attribution, parse_speech_date
from pipelines.records import Caption, Credit

BlockKind = Literal["text", "heading", "caption", "credit", "attribution", "speech_date"]
# Put where a <br> was, so one paragraph's lines can be told apart in its text.
_LINE_BREAK = "\u2028"


@dataclass(slots=True)
class Block:
    """One paragraph of a body, classified."""

    kind: BlockKind
    text: str
    attribution: Attribution | None = None  # attribution and speech_date blocks
    credit: str | None = None  # caption blocks: the photographer or picture source


@dataclass(slots=True)
class PageContent:
    """Everything read off one page."""

    url: str
    template: str | None
    title: str | None = None
    pretitle: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    original_title: str | None = None
    breadcrumb: list[str] = field(default_factory=list)
    contentid: str | None = None
    language: str | None = None
    published_at: dt.datetime | None = None
    published_precision: str | None = None
    source: str | None = None
    source_url: str | None = None
    editors: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    print_url: str | None = None
    print_edition: str | None = None
    print_page: int | None = None
    blocks: list[Block] = field(default_factory=list)
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A template with its selectors compiled once."""

    name: str
    body: CSSSelector
    title: CSSSelector
    pretitle: CSSSelector
    subtitle: CSSSelector
    byline: CSSSelector
    dateline: CSSSelector
    editors: CSSSelector
    source: CSSSelector | None
    scope: CSSSelector | None
    # The class and id names one of which the body selector needs in the page, or None when
    # it is no list of simple "tag.class"/"tag#id" selectors: see _may_hold_body.
    body_names: frozenset[str] | None


def _compile(t: S.Template) -> _Compiled:
    fields = ("body", "title", "pretitle", "subtitle", "byline", "dateline", "editors")
    simple = [_SIMPLE_SELECTOR.fullmatch(part.strip()) for part in t.body.split(",")]
    return _Compiled(
        t.name,
        *(CSSSelector(getattr(t, f)) for f in fields),
        CSSSelector(t.source) if t.source else None,
        CSSSelector(t.scope) if t.scope else None,
        frozenset(m["name"] for m in simple if m) if all(simple) else None,
    )


# "div.rm_txt_con", "#p_content": a selector that needs one class or id name in the page.
_SIMPLE_SELECTOR = re.compile(r"[a-z0-9]*[.#](?P<name>[\w-]+)")
_CLASS_VALUES = etree.XPath("//@class", smart_strings=False)
_ID_VALUES = etree.XPath("//@id", smart_strings=False)


_TEMPLATES = tuple(_compile(t) for t in S.TEMPLATES)
_TITLE = CSSSelector("title")
_BODY_NOISE = CSSSelector(S.BODY_NOISE)
_META_PUBLISHDATE = CSSSelector(S.META_PUBLISHDATE)
_META_SOURCE = CSSSelector(S.META_SOURCE)
_META_CONTENTID = CSSSelector(S.META_CONTENTID)
_BREADCRUMB = CSSSelector(S.BREADCRUMB)
_ORIGINAL_TITLE = CSSSelector(S.ORIGINAL_TITLE)
_PRINT_EDITION = CSSSelector(S.PRINT_EDITION)
# The generic fallback's.
_META_TITLE = CSSSelector(S.META_TITLE)
_GENERIC_TITLE = CSSSelector(S.GENERIC_TITLE)
_GENERIC_META_PUBLISHED = CSSSelector(S.GENERIC_META_PUBLISHED)
_GENERIC_DIVS_OF_TEXT = etree.XPath(S.GENERIC_DIVS_OF_TEXT)
_GENERIC_PARAGRAPHS = etree.XPath(S.GENERIC_PARAGRAPHS)
_GENERIC_TEXT_DIVS = etree.XPath(S.GENERIC_TEXT_DIV)
_GENERIC_TEXT_BEFORE = etree.XPath(S.GENERIC_TEXT_BEFORE)
_GENERIC_TEXT_AFTER = etree.XPath(S.GENERIC_TEXT_AFTER, smart_strings=False)
_LINK_TEXT = etree.XPath(S.GENERIC_LINK_TEXT, smart_strings=False)
_TEXT_LENGTH = etree.XPath(S.GENERIC_TEXT_LENGTH)
# An element's text: what lxml.html's text_content() gives, on a plain lxml.etree element.
_STRING = etree.XPath("string()", smart_strings=False)
# Pages reach the parser as UTF-8 bytes (_parse): a <meta charset> in them must not override it.
# huge_tree: without it libxml2 stops at 256 levels of nesting, which an old page's unclosed
# <font> tags reach, and silently drops the rest of the page; with it the limit is 2,048.
_UTF8_HTML = etree.HTMLParser(encoding="utf-8", huge_tree=True)
TOO_DEEP = "nested deeper than 2048 elements: read up to there, the rest lost"


def read_page(url: str, html: str) -> PageContent:
    """Metadata and classified body paragraphs of one page."""
    try:
        doc = _parse(html)
    except (etree.ParserError, ValueError) as exc:
        return PageContent(url, None, problem=f"unparseable HTML: {exc}")
    # The log of the parse just done: one parser for the module, so one thread (the crawl's
    # extraction runs in worker processes, one page at a time each).
    cut_off = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _UTF8_HTML.error_log)
    names: set[str] | None = None
    for i, t in enumerate(_TEMPLATES):
        if i and t.body_names is not None:  # the first (the most common) is tried as it is
            names = _class_and_id_names(doc) if names is None else names
            if names.isdisjoint(t.body_names):
                continue  # its body selector cannot match: not worth a walk of the page
        if bodies := t.body(doc):
            page = _read_template(url, doc, t, bodies[0])
            break
    else:
        page = _read_generic(url, doc)
    _fill_from_head(page, doc)
    if cut_off and page.problem is None:
        page.problem = TOO_DEEP
    return page


def _class_and_id_names(doc: etree._Element) -> set[str]:
    """Every class name and id in the page, gathered in two passes: a page no template fits
    would otherwise be walked once for each template's body selector (a millisecond on a big
    page), and the templates' results are the same."""
    names = set(_ID_VALUES(doc))
    for value in _CLASS_VALUES(doc):
        names.update(value.split())
    return names


def _parse(html: str) -> etree._Element:
    """The page's tree, without the characters lxml would refuse later (P.NOT_XML_TEXT).

    lxml is given UTF-8 bytes, not text: it reads them faster, and the C0 controls are then
    deleted at C speed; lone surrogates are dropped by the encoding itself.
    """
    if any(c in html for c in P.NOT_XML_RARE):
        html = P.NOT_XML_TEXT.sub("", html)
    data = html.encode("utf-8", "ignore").translate(None, P.NOT_XML_BYTES)
    doc = etree.fromstring(data, parser=_UTF8_HTML)
    if doc is None:
        raise etree.ParserError("Document is empty")
    return doc


def _read_template(
    url: str, doc: etree._Element, t: _Compiled, body: etree._Element
) -> PageContent:
    scopes = t.scope(doc) if t.scope is not None else []
    find = partial(_find_in, scopes[0] if scopes else None, doc)  # the template's own element

    page = PageContent(
        url,
        t.name,
        title=_first_text(find(t.title)),
        pretitle=_first_text(find(t.pretitle)),
        subtitle=_first_text(find(t.subtitle)),
        byline=_first_text(find(t.byline)),
    )
    if datelines := find(t.dateline):
        _read_dateline(page, datelines[0])
        if page.byline:  # the e-paper prints the date inside the byline paragraph
            page.byline = page.byline.replace(_text(datelines[0]), "").strip() or None
    if t.source is not None and (sources := find(t.source)):
        _read_source(page, sources[0], labelled=False)
    if editors := find(t.editors):
        page.editors = _editors(_text(editors[0]))
    page.authors = _authors(page.byline) if page.byline else []
    if t.name == "en":
        page.language = "en"
    _read_body(page, body)
    return page


def _find_in(
    part: etree._Element | None, doc: etree._Element, selector: CSSSelector
) -> list[etree._Element]:
    """Matches in ``part`` of the page (a template's own element, the head: a fraction of the
    page to walk), else in the whole page."""
    return (part is not None and selector(part)) or selector(doc)


def _read_body(
    page: PageContent, *bodies: etree._Element, picture_caption: re.Pattern[str] | None = None
) -> None:
    """Parts kept apart from the text first, then the paragraphs of what is left (of each part
    of the body, in order; a template's body is one)."""
    for body in bodies:
        if titles := _ORIGINAL_TITLE(body):
            page.original_title = P.ORIGINAL_TITLE.sub("", _text(titles[0])) or None
        for el in _PRINT_EDITION(body):
            _read_print_edition(page, _text(el))
        for noise in _BODY_NOISE(body):
            lxml.html.HtmlMixin.drop_tree(noise)  # lxml.html's, on a plain element
        for br in body.iter("br"):
            br.tail = _LINE_BREAK + (br.tail or "")
    page.blocks = _blocks(bodies, picture_caption)
    page.credits = [c for b in page.blocks if b.kind == "credit" for c in _credits(b.text)]


def _fill_from_head(page: PageContent, doc: etree._Element) -> None:
    """What the page body did not say, from the head: date (day only), source, ids, language."""
    metas = _in_head(doc, _META_PUBLISHDATE) if page.published_at is None else []
    m = P.META_DATE.fullmatch((metas[0].get("content") or "").strip()) if metas else None
    if m and (when := shanghai_time(*m.groups())) is not None:
        page.published_at, page.published_precision = when, "day"
    if page.source is None:
        page.source = _source_in_head(doc, P.SOURCE_TEXT.search)
    if page.source_url and P.PRINT_URL.match(page.source_url):
        page.print_url = page.source_url
    if metas := _in_head(doc, _META_CONTENTID):
        page.contentid = (metas[0].get("content") or "").strip() or None
    crumbs = [_text(a) for a in _BREADCRUMB(doc)]
    page.breadcrumb = [c for c in crumbs if c]
    if page.language is None:
        lang = doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang") or "zh"
        page.language = lang.split("-")[0].lower() or "zh"


def _read_dateline(page: PageContent, el: etree._Element) -> None:
    text = _text(el)
    when, precision = None, None
    if m := P.DATELINE_MINUTE.search(text):
        when, precision = shanghai_time(m["y"], m["m"], m["d"], m["H"], m["M"]), "minute"
    elif m := P.DATELINE_DAY.search(text):
        when, precision = shanghai_time(m["y"], m["m"], m["d"]), "day"
    elif m := P.DATELINE_ENGLISH.search(text):
        month = P.ENGLISH_MONTHS.index(m["month"]) + 1
        when, precision = shanghai_time(m["y"], month, m["d"], m["H"], m["M"]), "minute"
    if when is not None:
        page.published_at, page.published_precision = when, precision
    if "来源" in text:
        _read_source(page, el)
    _read_print_edition(page, text)


def _read_print_edition(page: PageContent, text: str) -> None:
    if m := P.PRINT_EDITION.search(text):
        page.print_edition = (
            f"《{m['paper']}》（{m['y']}年{int(m['m']):02d}月{int(m['d']):02d}日 "
            f"第{int(m['page']):02d}版）"
        )
        page.print_page = int(m["page"])


def _read_source(page: PageContent, el: etree._Element, *, labelled: bool = True) -> None:
    """The outlet after "来源：", and its link when the outlet's name is one. In an element that
    holds nothing but the source (``labelled=False``), an unlabelled link will do."""
    m = P.SOURCE_TEXT.search(_text(el))
    if m is None:
        links = [] if labelled else el.xpath(".//a[@href]")
        if links and (name := _text(links[0])):
            page.source, page.source_url = name, _absolute(page.url, links[0].get("href"))
        return
    page.source = m["source"]
    for link in el.xpath(".//a[@href]"):
        name = _text(link)
        if name and name.startswith(page.source):
            page.source, page.source_url = name, _absolute(page.url, link.get("href"))
            return


# --- Generic fallback: a page no template fits ------------------------------------------------


def _read_generic(url: str, doc: etree._Element) -> PageContent:
    """No template fits (another site, or drift): the densest block of paragraphs and its
    sibling parts; the title from the head or an <h1> near it; the date line and 来源 in the
    text just before the body; the editors in the text just after it, or in the body's own
    lines, which are kept out of the text with the byline, 来源 and print-edition lines."""
    title = _generic_title(doc)
    bodies = _body_parts(doc)
    if not bodies:
        return PageContent(url, None, title=title, problem="no known template, no body")
    page = PageContent(url, "generic", title=title)
    before = _header_lines(_GENERIC_TEXT_BEFORE(bodies[0]), title)
    after = [_clean(t) for t in _GENERIC_TEXT_AFTER(_last_paragraph(bodies[-1]))]
    _read_generic_time(page, before, doc)
    if m := next(filter(None, (P.GENERIC_BYLINE.match(_clean(t)) for t in before)), None):
        page.byline, page.authors = m[0], _names(m["names"])
    labelled = (_labelled_element(t) for t in before if "来源" in t)
    if (el := next((e for e in labelled if P.SOURCE_TEXT.search(_text(e))), None)) is not None:
        _read_source(page, el)
    for body in bodies:
        _divs_as_paragraphs(body)
    _read_body(page, *bodies, picture_caption=P.GENERIC_PICTURE_CAPTION)
    editor_lines = _sort_generic_lines(page)
    page.editors = _generic_editors([*after, *reversed(editor_lines), *before])
    if page.source is None:
        page.source = _source_in_head(doc, lambda text: P.GENERIC_META_SOURCE.match(_clean(text)))
    return page


def _absolute(url: str, href: str) -> str:
    """``href`` resolved against the page; as it stands when it is no URL ("http://[")."""
    try:
        return urljoin(url, href)
    except ValueError:
        return href


def _in_head(doc: etree._Element, selector: CSSSelector) -> list[etree._Element]:
    """The elements ``selector`` finds in the head, else anywhere in the page."""
    return _find_in(doc.find("head"), doc, selector)


def _source_in_head(doc: etree._Element, read: Callable[[str], re.Match[str] | None]) -> str | None:
    """The outlet named by ``<meta name="source">``, as ``read`` finds it in the content."""
    metas = _in_head(doc, _META_SOURCE)
    m = read(metas[0].get("content") or "") if metas else None
    return m["source"] if m else None


def _generic_title(doc: etree._Element) -> str | None:
    """og:title or the meta title; else the first <h1> the <title> holds (a menu's <h1>,
    "全部导航", is not in it); else the <title> without its site suffix; else the first <h1>."""
    for el in _in_head(doc, _META_TITLE):
        if text := _clean(el.get("content") or ""):
            return _without_site_suffix(text)
    titles = _in_head(doc, _TITLE)
    page_title = _text(titles[0]) if titles else ""
    headings = [text for h1 in _GENERIC_TITLE(doc) if (text := _text(h1))]
    stripped = _without_site_suffix(page_title) if page_title else None
    for text in headings:
        if stripped and text in page_title and 2 * len(text) >= len(stripped):
            return text
    return stripped or (headings[0] if headings else None)


def _without_site_suffix(title: str) -> str:
    """The title without its site suffixes, cut off one at a time: 标题_新闻频道_中国青年网."""
    while (m := P.GENERIC_TITLE_SUFFIX.search(title)) and m.start() >= P.GENERIC_MIN_TITLE_CHARS:
        title = title[: m.start()]
    return title


def _body_parts(doc: etree._Element) -> list[etree._Element]:
    """The densest block of paragraphs, with the siblings that continue it (a body split by
    pictures, ads or a player), in page order."""
    body = _densest_block(doc)
    parent = body.getparent() if body is not None else None
    if parent is None:
        return [body] if body is not None else []
    siblings = [el for el in parent if isinstance(el.tag, str)]  # no comments
    at = siblings.index(body)
    return [el for i, el in enumerate(siblings) if i == at or _continues_body(el, after=i > at)]


def _densest_block(doc: etree._Element) -> etree._Element | None:
    """The element whose own paragraphs (<p>, or <div>s of text) hold the most text that is
    not links; a short one that reads like the page's footer is passed over."""
    lengths: dict[etree._Element, int] = {}
    for el in chain(doc.iter("p"), _GENERIC_DIVS_OF_TEXT(doc)):
        if (parent := el.getparent()) is not None:
            lengths[parent] = lengths.get(parent, 0) + _chars(el)[0]
    for block in sorted(lengths, key=lengths.__getitem__, reverse=True):  # equals: page order
        if lengths[block] < S.GENERIC_MIN_BODY_CHARS:
            break
        if not _reads_like_a_footer(block, lengths[block]):
            return block
    return None


def _reads_like_a_footer(el: etree._Element, chars: int) -> bool:
    return chars <= S.GENERIC_MAX_FOOTER_CHARS and P.GENERIC_FOOTER.search(_text(el)) is not None


def _continues_body(el: etree._Element, *, after: bool) -> bool:
    """A sibling of the body block that is body too, mostly not links and no footer: after the
    block, a <p> or an element of paragraphs holding some text; before it, only an element of
    paragraphs holding as much as a body must (a <p> before the body is the date line more
    often)."""
    if el.tag == "p":
        counts = [_chars(el)] if after else []
    else:
        counts = [_chars(child) for child in _paragraphs(_GENERIC_PARAGRAPHS(el))]
    text, links = sum(c[0] for c in counts), sum(c[1] for c in counts)
    minimum = S.GENERIC_MIN_CONTINUATION_CHARS if after else S.GENERIC_MIN_BODY_CHARS
    mostly_text = links <= S.GENERIC_MAX_LINK_SHARE * (text + links)
    return text >= minimum and mostly_text and not _reads_like_a_footer(el, text)


def _chars(el: etree._Element) -> tuple[int, int]:
    """Characters of the element's text outside links, and inside them (runs of ASCII white
    space counted as one, as XPath's normalize-space counts them: in C, unlike _text)."""
    text = int(_TEXT_LENGTH(el))
    if next(el.iter("a"), None) is None:  # most paragraphs: no link to look into
        return text, 0
    links = sum(len(t.strip()) for t in _LINK_TEXT(el))
    return max(text - links, 0), links


def _divs_as_paragraphs(body: etree._Element) -> None:
    """The body's <div>s of text (or of a picture) become the paragraphs they are, for the
    paragraph reader, which reads <p>s."""
    for div in _paragraphs(_GENERIC_TEXT_DIVS(body)):
        if _text(div) or div.find(".//img") is not None:
            div.tag = "p"


def _last_paragraph(body: etree._Element) -> etree._Element:
    paragraphs = _paragraphs(_GENERIC_PARAGRAPHS(body))
    return paragraphs[-1] if paragraphs else body


def _paragraphs(found: list[etree._Element]) -> list[etree._Element]:
    """The paragraphs among the <p>s and inline-children <div>s an XPath found: the <div>s
    with nothing but inline markup all through (no <div> inside a <span>)."""
    return [el for el in found if el.tag == "p" or _is_text_div(el)]


def _is_text_div(div: etree._Element) -> bool:
    return all(
        not isinstance(inner.tag, str) or inner.tag in S.GENERIC_INLINE_TAGS
        for inner in div.iterdescendants()
    )


def _header_lines(
    nodes: list[etree._ElementUnicodeResult], title: str | None
) -> list[etree._ElementUnicodeResult]:
    """The text nodes before the body from the last that shows the title on (the date line,
    来源, a share bar), or the last few when the title is not shown there. Each keeps the node
    it came from (lxml's smart strings), for the 来源 link."""
    lines = [t for t in nodes if _clean(t)]
    shown = [
        i
        for i, t in enumerate(lines)
        if title and (text := _clean(t)) and (title in text or (len(text) >= 6 and text in title))
    ]
    return lines[shown[-1] + 1 :] if shown else lines[-S.GENERIC_HEADER_NODES :]


def _labelled_element(label: etree._ElementUnicodeResult) -> etree._Element:
    """The element around a text node saying "来源：…" that also holds what follows it (the
    outlet is often in a <span> or link of its own)."""
    el = label.getparent()
    if label.is_tail and el.getparent() is not None:
        el = el.getparent()
    for _ in range(3):  # "来源：" in an <i>, the outlet in the next <span>: their parent
        if P.SOURCE_TEXT.search(_text(el)) or el.getparent() is None:
            break
        el = el.getparent()
    return el


def _read_generic_time(
    page: PageContent, before: list[etree._ElementUnicodeResult], doc: etree._Element
) -> None:
    """The time printed before the body, to the minute; else a timestamp in the head; else the
    day printed before the body (then the head's publishdate, for every page)."""
    text = "\n".join(_clean(t) for t in before)
    if (m := _earliest(P.GENERIC_MINUTE_FORMS, text)) is not None:
        when = shanghai_time(m["y"], m["m"], m["d"], m["H"], m["M"])
        if when is not None:
            page.published_at, page.published_precision = when, "minute"
            return
    for meta in _in_head(doc, _GENERIC_META_PUBLISHED):
        if (m := P.GENERIC_META_TIME.match(meta.get("content") or "")) and m["H"] is not None:
            when = _meta_time(m)
            if when is not None:
                page.published_at, page.published_precision = when, "minute"
                return
    m = _earliest(P.GENERIC_DAY_FORMS, text)
    if m is not None and (when := shanghai_time(m["y"], m["m"], m["d"])) is not None:
        page.published_at, page.published_precision = when, "day"


def _earliest(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    matches = [m for pattern in patterns if (m := pattern.search(text))]
    return min(matches, key=lambda m: m.start(), default=None)


def _meta_time(m: re.Match[str]) -> dt.datetime | None:
    """A head timestamp in Beijing time: converted when it states another offset."""
    when = shanghai_time(m["y"], m["m"], m["d"], m["H"], m["M"])
    if when is None or not m["tz"]:
        return when
    offset = dt.datetime.strptime(m["tz"].replace(":", "").replace("Z", "+0000"), "%z").tzinfo
    return when.replace(tzinfo=offset).astimezone(SHANGHAI)


def _sort_generic_lines(page: PageContent) -> list[str]:
    """Byline, 来源, editor, print-edition, 原标题 and picture-credit lines out of the body's
    text (the fields they fill), and share bars and pagers dropped; returns the editor lines,
    the credit block's among them."""
    kept: list[Block] = []
    editor_lines: list[str] = []
    for block in page.blocks:
        text = block.text
        if P.GENERIC_EDITOR_LINE.match(text):
            editor_lines.append(text)
            if block.kind == "credit":
                kept.append(block)
        elif not kept and page.byline is None and (m := P.GENERIC_BYLINE.match(text)):
            page.byline, page.authors = text, _names(m["names"])
        elif m := P.GENERIC_SOURCE_LINE.match(text):
            page.source = page.source or m["source"]
        elif (m := P.PRINT_EDITION.search(text)) and len(m[0]) == len(text):
            _read_print_edition(page, text)
        elif P.ORIGINAL_TITLE.match(text):
            page.original_title = page.original_title or P.ORIGINAL_TITLE.sub("", text) or None
        elif P.GENERIC_NOISE_LINE.match(text):
            continue
        else:
            if block.kind == "text" and P.GENERIC_PHOTO_CREDIT.match(text):
                block.kind = "credit"
            kept.append(block)
    page.blocks = kept
    return editor_lines


def _generic_editors(lines: list[str]) -> list[str]:
    """The names on the best-ranked editor line among ``lines`` (责任编辑 before 编辑), the
    first of that rank: the lines after the body come first (the web editor's line closes the
    page; a 责编 in the body may be one of a credits block's)."""
    found = [
        (P.GENERIC_EDITOR_RANK[m["role"]], i, names)
        for i, text in enumerate(lines)
        if (m := P.GENERIC_EDITOR_LINE.match(_clean(text))) and (names := _names(m["names"]))
    ]
    return min(found)[2] if found else []


_PARAGRAPHS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
# A paragraph inside another is read as part of it: a <p> a generic page's <div> became inside
# an <h2> too (_divs_as_paragraphs), which would otherwise be read twice.
_OUTER = frozenset(_PARAGRAPHS)


def _blocks(
    bodies: tuple[etree._Element, ...], picture_caption: re.Pattern[str] | None = None
) -> list[Block]:
    """The (noise-free) body parts' paragraphs, each line of each classified. A paragraph
    right after a picture is its caption, or, with ``picture_caption``, only when it matches."""
    blocks: list[Block] = []
    after_picture = False
    for body in bodies:
        for p in body.iter(*_PARAGRAPHS):
            if _nested(p, body):
                continue  # its text belongs to the outer paragraph
            lines = [_clean(line) for line in " ".join(p.itertext()).split(_LINE_BREAK)]
            lines = [line for line in lines if line]
            if not lines:
                after_picture = after_picture or next(p.iter("img"), None) is not None
                continue
            blocks.extend(
                _classify(p, line, after_picture and _matches(picture_caption, line))
                for line in lines
            )
            after_picture = False
    return blocks


def _matches(pattern: re.Pattern[str] | None, text: str) -> bool:
    return pattern is None or pattern.match(text) is not None


def _nested(p: etree._Element, body: etree._Element) -> bool:
    """Inside another paragraph of the same body part."""
    if p is body:
        return False
    for parent in p.iterancestors():
        if parent.tag in _OUTER:
            return True
        if parent is body:
            break
    return False


def _classify(p: etree._Element, text: str, after_picture: bool) -> Block:
    if attribution := parse_attribution(text):
        return Block("attribution", text, attribution)
    if speech_date := parse_speech_date(text):
        return Block("speech_date", text, speech_date)
    if P.CREDIT_LINE.match(text):
        return Block("credit", text)
    if _may_credit(text) and (credit := P.CAPTION_CREDIT.search(text)):
        who = credit["photographer"] or credit["source"] or credit["tail"]
        return Block("caption", text[: credit.start()].strip() or text, credit=_clean(who))
    if _is_bold(p):  # before the picture test: a section may open with a picture
        return Block("heading", text)
    if after_picture or _is_centered(p):
        return Block("caption", text)
    return Block("text", text)


def _may_credit(text: str) -> bool:
    """Cheap test before the caption-credit search, which most paragraphs would fail slowly."""
    return text.endswith(P.CAPTION_ENDINGS) or any(word in text for word in P.CAPTION_WORDS)


def _is_centered(p: etree._Element) -> bool:
    return p.get("align") == "center" or bool(S.CENTERED_STYLE.search(p.get("style") or ""))


def _is_bold(p: etree._Element) -> bool:
    """True when every piece of the paragraph's text sits in strong/b or a bold-styled span:
    an element's own text in it or in one of its ancestors below ``p``, its tail in its
    parent's."""
    for el in p.iter():
        if isinstance(el.tag, str) and _shows(el.text) and not _in_bold(el, p):
            return False  # a comment's text is not the page's
        if el is not p and _shows(el.tail) and not _in_bold(el.getparent(), p):
            return False
    return True


def _shows(text: str | None) -> bool:
    return bool(text and text.strip())


def _in_bold(el: etree._Element, p: etree._Element) -> bool:
    while el is not p:
        if el.tag in ("strong", "b") or (
            el.tag == "span" and S.BOLD_STYLE.search(el.get("style") or "")
        ):
            return True
        el = el.getparent()
    return False


def captions(blocks: list[Block]) -> list[Caption]:
    """The picture captions among ``blocks``, with their credits."""
    return [Caption(b.text, b.credit) for b in blocks if b.kind == "caption"]


def _editors(text: str) -> list[str]:
    m = P.EDITORS_LINE.search(text)
    return _names(m["names"]) if m else []


def _credits(text: str) -> list[Credit]:
    return [Credit(m["role"], n) for m in P.CREDIT_ENTRY.finditer(text) for n in _names(m["names"])]


def _authors(byline: str) -> list[str]:
    """Names on a byline: "本报记者 王乐文 方 敏" gives [王乐文, 方敏]."""
    return _names(P.BYLINE_ROLE.sub("、", byline))


def _names(text: str) -> list[str]:
    """Names from "王静、胡永秋" or "古丽娟 王群星"; "王 寒" (padded) is one name, and so is
    "Du Mingming"."""
    names: list[str] = []
    for part in P.NAME_SEPARATORS.split(text):
        if part.isascii():
            names.extend([part.strip()] if part.strip() else [])
        else:
            names.extend(_join_padded(part.split()))
    return names


def _join_padded(tokens: list[str]) -> list[str]:
    """A Chinese name is never one character: runs of single characters are padded names
    ("方 敏"), two characters each when the run is longer than three."""
    names: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1:
            run.append(token)
            continue
        if run:
            size = len(run) if len(run) <= 3 else 2
            names.extend("".join(run[i : i + size]) for i in range(0, len(run), size))
            run = []
        if token:
            names.append(token)
    return names


def _first_text(elements: list[etree._Element]) -> str | None:
    return (_text(elements[0]) or None) if elements else None


def _text(el: etree._Element) -> str:
    return _clean(_STRING(el))


def _clean(text: str) -> str:
    """Runs of white space (U+3000 and U+00A0 among them) as one space, none at the ends:
    str.split() splits where a regular expression's \\s would, twice as fast."""
    return " ".join(text.split())
