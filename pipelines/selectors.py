"""Where things are on People's Daily pages: CSS selectors, apart from the logic.

A site redesign should be a change to this file (and, for text forms, to ``pipelines.patterns``).
Templates are tried in order; the first whose ``body`` selector matches wins. See
``../shared/notes/peoples-daily.md`` for each form.

Each template also says which article fields its pages carry (``promises``) and names one page
of it (``example``): ``scrapy check-site`` fetches that page and says whether the selectors
still find those fields; the drift check of every run watches the same fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The article fields a template's selectors fill, as ``pipelines.records.Article`` names them.
PROMISED_FIELDS = ("title", "published_at", "source", "editors", "body")


@dataclass(frozen=True, slots=True)
class Template:
    """CSS selectors of one page template (comma lists: the first match in the page wins)."""

    name: str
    body: str
    title: str
    pretitle: str
    subtitle: str
    byline: str
    dateline: str  # element holding the date (and, on most templates, the 来源 link)
    editors: str
    source: str = ""  # element holding the 来源 when the date line does not
    # The element the other parts lie in, when there is one: they are looked for in it first
    # (a fraction of the page), then, when not found there, in the whole page.
    scope: str = ""
    # A page of this template (the sample site serves one at the same URL), and the fields
    # every page of it has.
    example: str = ""
    promises: tuple[str, ...] = PROMISED_FIELDS


TEMPLATES: tuple[Template, ...] = (
    # people.com.cn, 2020 on. The 2025-26 variant puts the body in div#rm_txt_zw inside
    # .rm_txt_con and the time in b#newstime inside the same date line.
    # Where the element is known it is named: "div#x" tests the page's divs, "#x" every element,
    # five times the work on a 40 KB page (a tenth of the whole extraction for this template).
    Template(
        name="rm_txt",
        body="div.rm_txt_con, div#rm_txt_zw",
        title="div.rm_txt h1",
        pretitle="div.rm_txt h3.pre",
        subtitle="div.rm_txt h4.sub",
        byline="div.rm_txt div.author",
        dateline="div.rm_txt div.channel .col-1-1, b#newstime",
        editors="div.edit",
        scope="div.rm_txt",
        example="http://finance.people.com.cn/n1/2024/0510/c1004-40232600.html",
    ),
    # people.com.cn "2016wb", about 2016-2019.
    Template(
        name="2016wb",
        body="div#rwb_zw",
        title=".text_title h1",
        pretitle=".text_title h3.pre",
        subtitle=".text_title h4.sub",
        byline=".text_title p.author",
        dateline=".text_title .box01 .fl",
        editors="div.edit",
        example="http://world.people.com.cn/n1/2019/0615/c1002-31153800.html",
    ),
    # theory.people.com.cn and cpc.people.com.cn "text_c" pages.
    Template(
        name="show_text",
        body="div.show_text",
        title="div.text_c h1",
        pretitle="div.text_c h3#jtitle",
        subtitle="div.text_c h2#ftitle",
        byline="div.text_c h4",
        dateline="div.text_c p.sou",
        editors="div.edit",
        example="http://theory.people.com.cn/n1/2022/1107/c40531-32560001.html",
    ),
    # health.people.com.cn.
    Template(
        name="artDet",
        body="div.artDet",
        title="div.title h2",
        pretitle="div.title h3",
        subtitle="div.title h4",
        byline="div.artOri .author",
        dateline="div.artOri",
        editors="div.editor",
        example="http://health.people.com.cn/n1/2024/0510/c14739-40233000.html",
    ),
    # About 2008-2012: every part has an id.
    Template(
        name="p_content",
        body="#p_content",
        title="#p_title",
        pretitle="#p_jtitle",
        subtitle="#p_ftitle",
        byline="#p_author",
        dateline="#p_publishtime",
        editors="#p_editor",
        source="#p_origin",
        example="http://opinion.people.com.cn/n/2012/0601/c1003-17000001.html",
    ),
    # English edition (en.people.cn /n3/): crawled only when asked for, read all the same.
    Template(
        name="en",
        body="div.d2txtCon",
        title="div.d2txtCon h1",
        pretitle="div.d2txtCon h3.pre",
        subtitle="div.d2txtCon h4.sub",
        byline="div.d2txtCon .author",
        dateline="div.d2txtCon .origin",
        editors="div.d2txtCon .editor",
        source="div.d2txtCon .origin",
        example="http://en.people.cn/n3/2022/1123/c90000-10175286.html",
    ),
    # 人民日报 e-paper article pages, every period.
    Template(
        name="paper",
        body="#ozoom",
        title=".article h1",
        pretitle=".article h3",
        subtitle=".article h2",
        byline=".article p.sec",
        dateline=".article p.sec span.date, .article span.date",
        editors=".article .editor",
        example="http://paper.people.com.cn/rmrb/pc/content/202501/15/content_30051234.html",
        # The e-paper names no web editors; its source is the paper itself.
        promises=("title", "published_at", "source", "body"),
    ),
)

# The head, read on every page for what its body did not say: the day, the source, the CMS id.
META_PUBLISHDATE = "meta[name='publishdate']"
META_SOURCE = "meta[name='source']"
# The CMS id of people.com.cn pages, the number that ends their URL.
META_CONTENTID = "meta[name='contentid']"

# Breadcrumb above the title: 人民网>>经济·科技 (rm_txt, 2016wb and most channels): a div or a span.
BREADCRUMB = "div#rwb_navpath a, span#rwb_navpath a"
# 原标题 of reprints, a div inside the body container.
ORIGINAL_TITLE = "div.otitle"
# The print edition under web articles: 《 人民日报 》（ 2024年05月10日   04 版）.
PRINT_EDITION = "#paper_num"

# The source of every e-paper article.
PAPER_SOURCE = "人民日报"

# Parts of a body container that are not article text; rt and rp are a ruby annotation's
# reading (字<rt>zì</rt>), template is never shown.
BODY_NOISE = (
    "script, style, div.bza, div.zdfy, center, div.edit, #paper_num, p.paper_num, div.tjewm, "
    "div.otitle, iframe, video, rt, rp, template"
)
# Inline styles that centre a paragraph: captions under pictures are centred.
CENTERED_STYLE = re.compile(r"text-align\s*:\s*center", re.I)
# Inline styles that make a span a heading.
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)

# --- Generic fallback: where a page no template fits keeps its parts ----------------------------
# Used by pipelines.page._read_generic only: the title from the head or an <h1> near it, the
# element holding the most paragraph text (and its sibling parts), the date line and 来源 in the
# text just before it, the editors in the text just after it.

META_TITLE = "meta[property='og:title'], meta[name='title']"
GENERIC_TITLE = "h1"
# A body candidate must hold at least this much paragraph text (characters, links left out).
GENERIC_MIN_BODY_CHARS = 60
# A candidate this short that reads like a page footer (pipelines.patterns.GENERIC_FOOTER) is
# passed over for the next: a short article must not lose to the copyright lines.
GENERIC_MAX_FOOTER_CHARS = 300
# Timestamps in the head: the first of them (in page order) that carries a time is read when
# the page prints none (publishdate, the day only, is read last, by the head fallback).
GENERIC_META_PUBLISHED = (
    "meta[property='article:published_time'], meta[name='pubdate'], meta[name='PubDate'], "
    "meta[property='og:release_date'], meta[itemprop='datePublished'], meta[name='pubtime']"
)
# The text just before the body (title, date line, 来源) and just after it (editors), as text
# nodes, nearest first in the XPath sense and returned in page order; scripts and styles left
# out. Counted in text nodes: a date line is a few, a share bar a dozen.
GENERIC_TEXT_BEFORE = (
    "preceding::text()[normalize-space()][not(parent::script or parent::style)][position() <= 80]"
)
GENERIC_TEXT_AFTER = (
    "following::text()[normalize-space()][not(parent::script or parent::style)][position() <= 40]"
)
# The text of an element's links, and the length of its text with runs of white space counted
# as one: how much of a block is links (menus, related news) is measured with them, in C.
GENERIC_LINK_TEXT = ".//a//text()"
GENERIC_TEXT_LENGTH = "string-length(normalize-space())"
# Where the title is not found in the text before the body, this many of its last text nodes
# are taken for the date line.
GENERIC_HEADER_NODES = 30
# Tags a <div> may hold and still be one paragraph of text (a body written in divs, not <p>).
GENERIC_INLINE_TAGS = ("a", "span", "b", "strong", "em", "i", "u", "font", "br", "img", "sub",
                       "sup", "small")  # fmt: skip
# A paragraph of a generic body, as XPath from the body: a <p>, or a <div> whose children are
# all inline (lxml tests them in C; pipelines.page._is_text_div then checks the few found all
# through, for a <div> inside a <span>).
GENERIC_TEXT_DIV = (
    "div[not(*[not(" + " or ".join(f"self::{t}" for t in GENERIC_INLINE_TAGS) + ")])]"
)
GENERIC_PARAGRAPHS = f"p | {GENERIC_TEXT_DIV}"
# In the whole page, where a block of paragraphs is looked for, only the <div>s of text that
# weigh in it: those with a line of text of their own (not a menu's "|"), children all inline.
# Found from the text nodes up: the own-text test leaves a few <div>s for the other.
GENERIC_DIVS_OF_TEXT = (
    "//div/text()[string-length(normalize-space()) >= 10]/parent::*[not(*[not("
    + " or ".join(f"self::{t}" for t in GENERIC_INLINE_TAGS)
    + ")])]"
)
# A body split in sibling parts (pictures, ads, a player between them): a sibling after the
# body block is read with it when its paragraphs (or it, a <p>) hold this much text; one before
# it, when they hold GENERIC_MIN_BODY_CHARS; either only when no more than this share of their
# text is links.
GENERIC_MIN_CONTINUATION_CHARS = 20
GENERIC_MAX_LINK_SHARE = 0.3
