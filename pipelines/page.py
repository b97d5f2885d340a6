"""Reading one People's Daily page: metadata with lxml, the body's paragraphs with BeautifulSoup.

``read_page(url, html)`` is pure and never raises on bad input: a page it cannot read comes back
with ``template=None`` and a ``problem`` saying why. lxml parses the whole page (fast), finds the
parts by the selectors in ``pipelines.selectors`` and drops the body's noise; BeautifulSoup is
given only the paragraphs of what is left, and sorts them into text, headings, captions, credits,
attributions and speech-header dates by the patterns in ``pipelines.patterns``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import partial
from itertools import takewhile
from typing import Literal

import lxml.html
from bs4 import BeautifulSoup, NavigableString, SoupStrainer, Tag
from lxml import etree
from lxml.cssselect import CSSSelector

from core.clock import shanghai_time
from pipelines import patterns as P
from pipelines import selectors as S
from pipelines.attribution import Attribution, parse_attribution, parse_speech_date
from pipelines.records import Caption, Credit

BlockKind = Literal["text", "heading", "caption", "credit", "attribution", "speech_date"]
_WHITESPACE = re.compile(r"[\s\u3000\xa0]+")
# Put where a <br> was, so one paragraph's lines can be told apart after get_text().
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


def _compile(t: S.Template) -> _Compiled:
    fields = ("body", "title", "pretitle", "subtitle", "byline", "dateline", "editors")
    return _Compiled(
        t.name,
        *(CSSSelector(getattr(t, f)) for f in fields),
        CSSSelector(t.source) if t.source else None,
        CSSSelector(t.scope) if t.scope else None,
    )


_TEMPLATES = tuple(_compile(t) for t in S.TEMPLATES)
_TITLE = CSSSelector("title")
_BODY_NOISE = CSSSelector(S.BODY_NOISE)
_META_TITLE = CSSSelector(S.META_TITLE)
_META_PUBLISHDATE = CSSSelector(S.META_PUBLISHDATE)
_META_SOURCE = CSSSelector(S.META_SOURCE)
_META_CONTENTID = CSSSelector(S.META_CONTENTID)
_GENERIC_TITLE = CSSSelector(S.GENERIC_TITLE)
_BREADCRUMB = CSSSelector(S.BREADCRUMB)
_ORIGINAL_TITLE = CSSSelector(S.ORIGINAL_TITLE)
_PRINT_EDITION = CSSSelector(S.PRINT_EDITION)
# Pages reach the parser as UTF-8 bytes (_parse): a <meta charset> in them must not override it.
_UTF8_HTML = lxml.html.HTMLParser(encoding="utf-8")


def read_page(url: str, html: str) -> PageContent:
    """Metadata and classified body paragraphs of one page."""
    try:
        doc = _parse(html)
    except (etree.ParserError, ValueError) as exc:
        return PageContent(url, None, problem=f"unparseable HTML: {exc}")
    for t in _TEMPLATES:
        if bodies := t.body(doc):
            page = _read_template(url, doc, t, bodies[0])
            break
    else:
        page = _read_generic(url, doc)
    _fill_from_head(page, doc)
    return page


def _parse(html: str) -> etree._Element:
    """The page's tree, without the characters lxml would refuse later (P.NOT_XML_TEXT).

    lxml is given UTF-8 bytes, not text: it reads them faster, and the C0 controls are then
    deleted at C speed; lone surrogates are dropped by the encoding itself.
    """
    if any(c in html for c in P.NOT_XML_RARE):
        html = P.NOT_XML_TEXT.sub("", html)
    data = html.encode("utf-8", "ignore").translate(None, P.NOT_XML_BYTES)
    return lxml.html.document_fromstring(data, parser=_UTF8_HTML)


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


def _read_generic(url: str, doc: etree._Element) -> PageContent:
    """No template fits: the densest block of paragraphs, title and date from wherever found."""
    body = _densest_block(doc)
    if body is None:
        return PageContent(url, None, title=_page_title(doc), problem="no known template, no body")
    page = PageContent(url, "generic", title=_page_title(doc))
    headings = _GENERIC_TITLE(doc)
    if headings and headings[0].getparent() is not None:
        _read_dateline(page, headings[0].getparent())
    _read_body(page, body)
    return page


def _read_body(page: PageContent, body: etree._Element) -> None:
    """Parts kept apart from the text first, then the paragraphs of what is left."""
    if titles := _ORIGINAL_TITLE(body):
        page.original_title = P.ORIGINAL_TITLE.sub("", _text(titles[0])) or None
    for el in _PRINT_EDITION(body):
        _read_print_edition(page, _text(el))
    for noise in _BODY_NOISE(body):  # cheaper in lxml, and BeautifulSoup gets less to parse
        noise.drop_tree()
    for br in body.iter("br"):
        br.tail = _LINE_BREAK + (br.tail or "")
    page.blocks = _blocks(lxml.html.tostring(body, encoding="unicode"))
    page.credits = [c for b in page.blocks if b.kind == "credit" for c in _credits(b.text)]


def _fill_from_head(page: PageContent, doc: etree._Element) -> None:
    """What the page body did not say, from the head: date (day only), source, ids, language."""
    find = partial(_find_in, doc.find("head"), doc)

    metas = find(_META_PUBLISHDATE) if page.published_at is None else []
    m = P.META_DATE.fullmatch((metas[0].get("content") or "").strip()) if metas else None
    if m and (when := shanghai_time(*m.groups())) is not None:
        page.published_at, page.published_precision = when, "day"
    metas = find(_META_SOURCE) if page.source is None else []
    if metas and (m := P.SOURCE_TEXT.search(metas[0].get("content") or "")):
        page.source = m["source"]
    if page.source_url and P.PRINT_URL.match(page.source_url):
        page.print_url = page.source_url
    if metas := find(_META_CONTENTID):
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
            page.source, page.source_url = name, links[0].get("href")
        return
    page.source = m["source"]
    for link in el.xpath(".//a[@href]"):
        name = _text(link)
        if name and name.startswith(page.source):
            page.source, page.source_url = name, link.get("href")
            return


def _page_title(doc: etree._Element) -> str | None:
    for selector, attr in ((_META_TITLE, "content"), (_GENERIC_TITLE, None), (_TITLE, None)):
        for el in selector(doc):
            text = _clean(el.get(attr) or "") if attr else _text(el)
            if text:
                return P.TITLE_SUFFIX.sub("", text) or None
    return None


def _densest_block(doc: etree._Element) -> etree._Element | None:
    """The element whose own <p> children hold the most text."""
    best, best_len = None, S.GENERIC_MIN_BODY_CHARS - 1
    parents = dict.fromkeys(p.getparent() for p in doc.iter("p"))  # document order, once each
    for parent in (p for p in parents if p is not None):
        length = sum(len(_clean(p.text_content())) for p in parent.iterchildren("p"))
        if length > best_len:
            best, best_len = parent, length
    return best


_PARAGRAPHS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
_PARAGRAPH_NAMES = frozenset(_PARAGRAPHS)
_OUTER = frozenset(("p", "li", "blockquote"))
# BeautifulSoup builds only the paragraphs (and what they hold), not the divs around them.
_ONLY_PARAGRAPHS = SoupStrainer(_PARAGRAPHS)


def _blocks(fragment: str) -> list[Block]:
    """The (noise-free) body fragment's paragraphs, each line of each classified."""
    soup = BeautifulSoup(fragment, "lxml", parse_only=_ONLY_PARAGRAPHS)
    blocks: list[Block] = []
    after_picture = False
    # Walked by hand: BeautifulSoup's find_all() costs more in matching than this in walking.
    paragraphs = (
        el for el in soup.descendants if isinstance(el, Tag) and el.name in _PARAGRAPH_NAMES
    )
    for p in paragraphs:
        if _nested(p):
            continue  # its text belongs to the outer paragraph
        lines = [_clean(line) for line in p.get_text(" ").split(_LINE_BREAK)]
        lines = [line for line in lines if line]
        if not lines:
            after_picture = after_picture or any(
                isinstance(el, Tag) and el.name == "img" for el in p.descendants
            )
            continue
        blocks.extend(_classify(p, line, after_picture) for line in lines)
        after_picture = False
    return blocks


def _nested(p: Tag) -> bool:
    parent = p.parent
    while parent is not None:
        if parent.name in _OUTER:
            return True
        parent = parent.parent
    return False


def _classify(p: Tag, text: str, after_picture: bool) -> Block:
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


def _is_centered(p: Tag) -> bool:
    return p.get("align") == "center" or bool(S.CENTERED_STYLE.search(p.get("style") or ""))


def _is_bold(p: Tag) -> bool:
    """True when every piece of the paragraph's text sits in strong/b or a bold-styled span."""
    for piece in p.descendants:
        if (
            isinstance(piece, NavigableString)
            and piece.strip()
            and not any(map(_bold_element, takewhile(lambda a: a is not p, piece.parents)))
        ):
            return False
    return True


def _bold_element(el: Tag) -> bool:
    if el.name in ("strong", "b"):
        return True
    return el.name == "span" and bool(S.BOLD_STYLE.search(el.get("style") or ""))


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
    return _clean(el.text_content())


def _clean(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()
