"""Where things are on People's Daily pages: selectors and text patterns, apart from the logic.

A site redesign should be a change to this file alone. Templates are tried in order; the first
whose ``body`` selector matches wins. See ``../shared/notes/peoples-daily.md`` for each form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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


TEMPLATES: tuple[Template, ...] = (
    # people.com.cn, 2020 on. The 2025-26 variant puts the body in #rm_txt_zw inside
    # .rm_txt_con and the time in b#newstime inside the same date line.
    Template(
        name="rm_txt",
        body="div.rm_txt_con, #rm_txt_zw",
        title=".rm_txt h1",
        pretitle=".rm_txt h3.pre",
        subtitle=".rm_txt h4.sub",
        byline=".rm_txt div.author",
        dateline=".rm_txt div.channel .col-1-1, #newstime",
        editors="div.edit",
    ),
    # people.com.cn "2016wb", about 2016-2019.
    Template(
        name="2016wb",
        body="#rwb_zw",
        title=".text_title h1",
        pretitle=".text_title h3.pre",
        subtitle=".text_title h4.sub",
        byline=".text_title p.author",
        dateline=".text_title .box01 .fl",
        editors="div.edit",
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
    ),
)

# Generic fallback for pages no template fits: head metadata, then the date-line pattern, then
# the element holding the most paragraph text.
META_TITLE = "meta[property='og:title'], meta[name='title']"
META_PUBLISHDATE = "meta[name='publishdate']"
# Its value: "2024-05-10".
META_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
META_SOURCE = "meta[name='source']"
GENERIC_TITLE = "h1"
# A body candidate must hold at least this much paragraph text (characters).
GENERIC_MIN_BODY_CHARS = 60

# The source of every e-paper article.
PAPER_SOURCE = "人民日报"

# Parts of a body container that are not article text.
BODY_NOISE = (
    "script, style, div.bza, div.zdfy, center, div.edit, #paper_num, p.paper_num, div.tjewm, "
    "div.otitle, iframe, video"
)
# Inline styles that centre a paragraph: captions under pictures are centred.
CENTERED_STYLE = re.compile(r"text-align\s*:\s*center", re.I)
# Inline styles that make a span a heading.
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)

# "2022年11月11日13:10" on the date line of web pages (full-width colon too).
DATELINE_MINUTE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})"
)
# "11:35, November 23, 2022" on the English edition.
DATELINE_ENGLISH = re.compile(
    r"(?P<H>\d{1,2}):(?P<M>\d{2}),\s*(?P<month>January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+(?P<d>\d{1,2}),\s*(?P<y>\d{4})"
)
DATELINE_DAY = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# "来源：党建网微平台" when the source is not a link; also the meta source value.
SOURCE_TEXT = re.compile(r"来源\s*[:：]\s*(?P<source>[^|｜\s]+)")
# Print original cited on the date line of web pages: a link to the e-paper.
PRINT_URL = re.compile(r"^https?://paper\.people\.com\.cn/rmrb/(?:html|pc/content)/")
# "(责编：王静、胡永秋)" with ASCII or full-width brackets and colon.
EDITORS_LINE = re.compile(
    r"[(（]?\s*(?:责编|责任编辑|Web editor)\s*[:：]\s*(?P<names>[^)）]+)[)）]?"
)
# Separators between names in editor and credit lines.
NAME_SEPARATORS = re.compile(r"[、,，;；/]")
# "监制：张振明" ... several roles may share one line.
CREDIT_ROLES = ("监制", "审核", "责编", "校对", "制作", "整理", "策划", "统筹", "编辑", "设计")
CREDIT_ENTRY = re.compile(
    r"(?P<role>"
    + "|".join(CREDIT_ROLES)
    + r")\s*[:：]\s*(?P<names>.*?)(?=\s*(?:"
    + "|".join(CREDIT_ROLES)
    + r")\s*[:：]|$)"
)
CREDIT_LINE = re.compile(r"^[(（]?\s*(?:" + "|".join(CREDIT_ROLES) + r")\s*[:：].*$")
# Endings of picture captions: "新华社记者 李涛 摄", "(图源:央视新闻客户端)".
CAPTION_TAIL = re.compile(r"(?:\s摄|[(（]\s*图(?:源|片来源)?\s*[:：][^)）]*[)）]|图源\s*[:：].*)$")
# The <title> suffix: "标题--频道--人民网".
TITLE_SUFFIX = re.compile(r"\s*--.*$")
