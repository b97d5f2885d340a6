"""Where things are on People's Daily pages: selectors and text patterns, apart from the logic.

A site redesign should be a change to this file alone. Templates are tried in order; the first
whose ``body`` selector matches wins. See ``../shared/notes/peoples-daily.md`` for each form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Template:
    """CSS selectors of one page template (first match wins within each comma list)."""

    name: str
    body: str
    title: str
    pretitle: str
    subtitle: str
    byline: str
    dateline: str  # element holding the date (and for web pages the 来源 link)
    editors: str


TEMPLATES: tuple[Template, ...] = (
    # people.com.cn, 2020 on; the 2025-26 variant wraps the body in #rm_txt_zw.
    Template(
        name="rm_txt",
        body="div.rm_txt_con #rm_txt_zw, div.rm_txt_con",
        title=".rm_txt h1",
        pretitle=".rm_txt h3.pre",
        subtitle=".rm_txt h4.sub",
        byline=".rm_txt div.author",
        dateline=".rm_txt div.channel .col-1-1, #newstime",
        editors="div.edit",
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
DATELINE_DAY = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# "来源：党建网微平台" when the source is not a link.
SOURCE_TEXT = re.compile(r"来源\s*[:：]\s*(?P<source>[^|｜\s]+)")
# "(责编：王静、胡永秋)" with ASCII or full-width brackets and colon.
EDITORS_LINE = re.compile(r"[(（]?\s*责编\s*[:：]\s*(?P<names>[^)）]+)[)）]?")
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
