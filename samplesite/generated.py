"""A generated People's Daily–style site of any size, for benchmarks and long crawls.

Nothing is stored: every page is built on request from its number, so a 20,000-article site costs
no memory. Articles are spread over ``CHANNELS``; each channel's list pages (``index.html``,
``index2.html``, …) link its articles newest first, ``PER_LIST`` per page, as the real channel
lists do. Articles use the rm_txt template; every ``QUOTATIONS_EVERY``-th is a compilation of
dated quotations, every ``TWO_PAGES_EVERY``-th runs over two pages, every ``GZIP_EVERY``-th is
sent gzip-compressed, and one in ``NO_EDITORS_EVERY`` names no web editors (some real ones do not
either: the share of an empty field then varies from one run to the next, as on the real site).
Bytes are GB18030 under a GB2312 label, like the real site's.

Compilations re-publish ``PASSAGES`` passages, as the real ones re-use the same passages for
years: each passage is quoted in many articles, some printings shortened, some with other
punctuation, some with a conflicting date (``planted``). What was planted where is known
(``GeneratedSite.planted``), so a test can check that quotes/ groups exactly that.
"""

from __future__ import annotations

import datetime as dt
import gzip
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

# What the server sends: status, headers, body.
Answer = tuple[int, list[tuple[str, str]], bytes]
# (host, list folder under /GB/, catalog id in article URLs, channel name in the breadcrumb)
CHANNELS = (
    ("politics.people.com.cn", "1024", 1001, "时政"),
    ("theory.people.com.cn", "409499", 40531, "理论"),
    ("opinion.people.com.cn", "159301", 1003, "观点"),
    ("cpc.people.com.cn", "64093/64094", 164113, "党建"),
    ("world.people.com.cn", "157278", 1002, "国际"),
    ("finance.people.com.cn", "70846", 1004, "经济·科技"),
)
PER_LIST = 60  # article links on one list page
FIRST_CONTENT_ID = 50_000_000  # article n has contentid FIRST_CONTENT_ID + n
FIRST_DAY = dt.date(2021, 1, 4)  # article n is dated FIRST_DAY + n // ARTICLES_PER_DAY
ARTICLES_PER_DAY = 24
QUOTATIONS_EVERY = 7
TWO_PAGES_EVERY = 25
GZIP_EVERY = 3
NO_EDITORS_EVERY = 9  # article n has no editors line when n % NO_EDITORS_EVERY == 4
EDITORS_LINE = '<div class="edit cf">(责编：王静、胡永秋)</div>'

# An article page of this site: host, date folder, catalog, contentid, optional page number.
GENERATED_ARTICLE = re.compile(
    r"^http://(?P<host>[a-z.]+)/n1/(?P<year>\d{4})/(?P<mmdd>\d{4})/c(?P<catalog>\d+)-"
    r"(?P<contentid>\d+)(?:-(?P<page>2))?\.html$"
)
GENERATED_LIST = re.compile(r"^http://(?P<host>[a-z.]+)/GB/(?P<node>[\d/]+)/index(?P<n>\d*)\.html$")

# Sentences the bodies are made of (the site's own prose, in the register of the real pages).
SENTENCES = (
    "各地区各部门认真贯彻落实党中央决策部署，推动经济社会发展取得新成效。",
    "会议强调，要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念。",
    "记者从有关部门获悉，今年以来重点项目建设进展顺利，投资结构持续优化。",
    "专家表示，这一举措有利于激发市场主体活力，增强发展内生动力。",
    "当地干部群众表示，将以实际行动把各项任务落到实处，不断增进民生福祉。",
    "统计数据显示，前三季度规模以上工业增加值同比增长，消费市场稳步恢复。",
    "与会代表围绕科技创新、乡村振兴、生态保护等议题进行了深入交流。",
    "有关负责人介绍，下一步将进一步完善政策体系，加强统筹协调和督促检查。",
)
OCCASIONS = (
    "在中央经济工作会议上的讲话",
    "在庆祝改革开放40周年大会上的讲话",
    "在参加十三届全国人大一次会议广东代表团审议时的讲话",
    "向首届世界互联网大会致贺词",
    "在北京大学师生座谈会上的讲话",
)
# The passages compilations quote, and how a printing may differ from the passage itself.
PASSAGES = 40
VARIANTS = ("exact", "shortened", "punctuation", "conflicting_date")
# The lead every compilation opens with (it announces the compilation: not a quotation).
LEAD = "本网整理了相关重要论述，一起学习领会。"
# Characters the page furniture (link blocks) is written with: varied like real headlines, so
# pages compress like the real site's (about 3.5 : 1), not like a repeated string.
CHARACTERS = (
    "中国人民共和国家发展经济社会建设改革开放创新科技文化教育卫生健康生态环境保护城乡区域协调"
    "现代化产业体系农业农村工业制造服务贸易投资消费市场金融财政税收就业收入民生保障医疗养老"
    "住房交通能源水利资源安全稳定法治政府治理党员干部群众企业青年学生国际合作交流会议论坛座谈"
    "调研考察推进落实部署强调指出要求提高加强完善深化扩大促进实现坚持全面高质量新时代重要讲话"
)
NAV_LINKS = "".join(
    f'<li><a href="http://{host}/" target="_blank">{name}</a></li>' for host, _, _, name in CHANNELS
)
# A stand-in for the inline scripts every real page carries (statistics, sharing, ads).
SCRIPT = (
    "<script type='text/javascript'>"
    + "".join(f"var k{i}='{random.Random(i).getrandbits(128):032x}';" for i in range(300))
    + "</script>"
)
LINKS_PER_BLOCK = 90
# The rm_txt article template, as the real pages lay it out (see the sample site's pages).
ARTICLE_TEMPLATE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head>\n'
    '<meta http-equiv="content-type" content="text/html;charset=GB2312"/>\n'
    "<title>{title}--{name}--人民网</title>\n"
    '<meta name="catalogs" content="{catalog}" />'
    '<meta name="contentid" content="{contentid}" />\n'
    '<meta name="publishdate" content="{day}" /><meta name="source" content="来源：人民日报" />\n'
    '<link href="http://www.people.com.cn/img/2020wbc/css/page202102.css" rel="stylesheet" />\n'
    '</head><body><div class="main">\n'
    '<div class="rm_nav cf" id="rm_topnav"><ul class="cf">{nav}</ul></div>\n'
    '<div class="layout route cf" id="rwb_navpath">'
    '<a href="http://www.people.com.cn/" class="clink">人民网</a>&gt;&gt;'
    '<a href="http://{host}/" class="clink">{name}</a></div>\n'
    '<div class="layout rm_txt cf"><div class="col col-1 fl">\n'
    '<h3 class="pre"></h3><h1>{title}</h1><h4 class="sub"></h4><div class="author cf"></div>\n'
    '<div class="channel cf"><div class="col-1-1 fl">{dateline} | 来源：'
    '<a href="http://paper.people.com.cn/" target="_blank">人民网－人民日报</a></div></div>\n'
    '<div class="rm_txt_con cf">{body}{pager}'
    "{editors}</div>\n"
    '</div><div class="col col-2 fr"><div class="rm_ranking cf"><h3>热门排行</h3>'
    "{ranking}</div></div></div>\n"
    '<div class="foot"><p>人民网版权所有，未经书面授权禁止使用</p></div></div>'
    "{related}{script}</body></html>"
)


@dataclass(frozen=True, slots=True)
class GeneratedSite:
    """``articles`` articles over ``CHANNELS``; ``respond`` serves any of its URLs.

    ``keep_pages``: keep every page built, for a benchmark crawling the site several times
    (the server then costs the machine what a static web server would: next to nothing).
    """

    articles: int
    keep_pages: bool = False
    _kept: dict[str, Answer] = field(default_factory=dict, compare=False, repr=False)

    # -- the URL space ---------------------------------------------------------------------------
    def start_urls(self) -> list[str]:
        """Each channel's first list page."""
        return [f"http://{host}/GB/{node}/index.html" for host, node, _, _ in CHANNELS]

    def article_url(self, n: int, page: int = 1) -> str:
        host, _, catalog, _ = CHANNELS[n % len(CHANNELS)]
        day = FIRST_DAY + dt.timedelta(days=n // ARTICLES_PER_DAY)
        suffix = "-2" if page == 2 else ""
        return f"http://{host}/n1/{day:%Y/%m%d}/c{catalog}-{FIRST_CONTENT_ID + n}{suffix}.html"

    def article_urls(self) -> Iterator[str]:
        """Every page of every article (first pages and second pages)."""
        for n in range(self.articles):
            yield self.article_url(n)
            if _two_pages(n):
                yield self.article_url(n, 2)

    def urls(self) -> Iterator[str]:
        """Every page of the site: list pages, then articles."""
        for channel, (host, node, _, _) in enumerate(CHANNELS):
            for number in range(1, self._list_pages(channel) + 1):
                yield f"http://{host}/GB/{node}/index{'' if number == 1 else number}.html"
        yield from self.article_urls()

    def article_id(self, n: int) -> str:
        return f"people-{FIRST_CONTENT_ID + n}"

    def planted(self, n: int) -> list[Planted]:
        """The quotations article ``n`` prints, in reading order: which passage each is and how
        it is printed (none unless it is a compilation)."""
        pages = (1, 2) if _two_pages(n) else (1,)
        return [printing for page in pages for printing in _planted_on(n, page)]

    # -- answers ---------------------------------------------------------------------------------
    def respond(self, url: str) -> Answer | None:
        """Status, headers and body for a URL of this site, or None when it is not one."""
        if (kept := self._kept.get(url)) is not None:
            return kept
        answer = self._build(url)
        if answer is not None and self.keep_pages:
            self._kept[url] = answer
        return answer

    def _build(self, url: str) -> Answer | None:
        if m := GENERATED_ARTICLE.match(url):
            n = int(m["contentid"]) - FIRST_CONTENT_ID
            page = int(m["page"] or 1)
            if not (0 <= n < self.articles) or url != self.article_url(n, page):
                return None
            if page == 2 and not _two_pages(n):
                return None
            return _html(_article_page(self, n, page), gzipped=n % GZIP_EVERY == 0)
        if m := GENERATED_LIST.match(url):
            channel = next(
                (i for i, c in enumerate(CHANNELS) if (c[0], c[1]) == (m["host"], m["node"])), None
            )
            number = int(m["n"] or 1)
            if channel is None or not 1 <= number <= self._list_pages(channel):
                return None
            return _html(_list_page(self, channel, number), gzipped=False)
        return None

    def _channel_articles(self, channel: int) -> range:
        """The channel's article numbers, newest first."""
        last = self.articles - 1
        last -= (last - channel) % len(CHANNELS)
        return range(last, channel - 1, -len(CHANNELS)) if last >= channel else range(0)

    def _list_pages(self, channel: int) -> int:
        return max(1, -(-len(self._channel_articles(channel)) // PER_LIST))


def _two_pages(n: int) -> bool:
    return n % TWO_PAGES_EVERY == TWO_PAGES_EVERY - 1


def _html(text: str, gzipped: bool) -> Answer:
    body = text.encode("gb18030")
    headers = [("Content-Type", "text/html; charset=GB2312")]
    if gzipped:
        body = gzip.compress(body, compresslevel=1, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    return 200, headers, body


def _list_page(site: GeneratedSite, channel: int, number: int) -> str:
    _, node, _, name = CHANNELS[channel]
    numbers = site._channel_articles(channel)[(number - 1) * PER_LIST : number * PER_LIST]
    items = "".join(
        f'<li><a href="{site.article_url(n)}" target="_blank">{_title(n)}</a> '
        f"<i>{FIRST_DAY + dt.timedelta(days=n // ARTICLES_PER_DAY)}</i></li>"
        for n in numbers
    )
    pages = site._list_pages(channel)
    pager = " ".join(
        f'<a href="/GB/{node}/index{"" if p == 1 else p}.html">{p}</a>'
        for p in range(max(1, number - 3), min(pages, number + 3) + 1)
        if p != number
    )
    return (
        "<!DOCTYPE html><html><head>"
        '<meta http-equiv="content-type" content="text/html;charset=GB2312"/>'
        f"<title>{name}--人民网</title></head><body>"
        f'<div class="rm_nav"><ul>{NAV_LINKS}</ul></div>'
        f'<div class="ej_list_box clear"><ul class="list_16 mt10">{items}</ul>'
        f'<div class="page_n clearfix">{pager}</div></div>'
        f'<div class="foot">人民网版权所有</div>{SCRIPT}</body></html>'
    )


def _title(n: int) -> str:
    if n % QUOTATIONS_EVERY == 0:
        return f"学习习近平重要论述摘编（第{n}期）"
    return f"{SENTENCES[n % len(SENTENCES)][:14]}（{n}）"


def _article_page(site: GeneratedSite, n: int, page: int) -> str:
    host, _, catalog, name = CHANNELS[n % len(CHANNELS)]
    day = FIRST_DAY + dt.timedelta(days=n // ARTICLES_PER_DAY)
    title = _title(n)
    paragraphs = _body(n, page)
    pager = ""
    if _two_pages(n):
        first, second = site.article_url(n), site.article_url(n, 2)
        pager = (
            f'<div class="zdfy clearfix"><a href="{first}">【1】</a>'
            f'<a href="{second}">【2】</a></div>'
        )
    body = "".join(f"<p>\u3000\u3000{escape(p)}</p>" for p in paragraphs)
    return ARTICLE_TEMPLATE.format(
        title=title,
        name=name,
        host=host,
        catalog=catalog,
        contentid=FIRST_CONTENT_ID + n,
        day=day,
        dateline=f"{day:%Y年%m月%d日}{n % 24:02d}:{n % 60:02d}",
        nav=NAV_LINKS,
        body=body,
        pager=pager,
        editors="" if n % NO_EDITORS_EVERY == 4 else EDITORS_LINE,
        ranking=_link_block(-n),
        related=_link_block(n),
        script=SCRIPT,
    )


def _link_block(seed: int) -> str:
    """A block of links to other pages with made-up headlines (ranking, related news)."""
    rng = random.Random(seed)
    links = "".join(
        f'<li><a href="http://politics.people.com.cn/n1/2020/0101/c1001-{rng.randrange(10**8)}'
        f'.html" target="_blank">{"".join(rng.choices(CHARACTERS, k=rng.randrange(10, 24)))}'
        "</a></li>"
        for _ in range(LINKS_PER_BLOCK)
    )
    return f'<ul class="list_14">{links}</ul>'


@dataclass(frozen=True, slots=True)
class Planted:
    """One printing of a passage in a compilation: which passage, and how it is printed."""

    passage: int
    variant: str  # one of VARIANTS


@dataclass(frozen=True, slots=True)
class _Passage:
    clauses: tuple[str, ...]
    said: dt.date
    occasion: str

    def printed(self, variant: str) -> tuple[str, dt.date]:
        """The text and the date of a printing of this passage."""
        if variant == "shortened":  # the first clauses only
            return "，".join(self.clauses[: max(2, len(self.clauses) // 2)]) + "。", self.said
        if variant == "punctuation":  # half-width marks, and quotation marks around it
            return "“" + ", ".join(self.clauses) + ".”", self.said
        said = self.said.replace(year=self.said.year + 1) if variant == "conflicting_date" else None
        return "，".join(self.clauses) + "。", said or self.said


def _passage(p: int) -> _Passage:
    """Passage ``p``: clauses of made-up words (distinct from every other passage's)."""
    rng = random.Random(f"passage-{p}")
    clauses = tuple(
        "".join(rng.choices(CHARACTERS, k=rng.randrange(7, 12))) for _ in range(rng.randrange(3, 6))
    )
    said = dt.date(2013 + p % 10, 1 + p % 12, 1 + p % 28)
    return _Passage(clauses, said, OCCASIONS[p % len(OCCASIONS)])


def _planted_on(n: int, page: int) -> list[Planted]:
    """The printings on page ``page`` of article ``n`` (none unless it is a compilation)."""
    if n % QUOTATIONS_EVERY != 0:
        return []
    found = []
    for i in range(3 + n % 4):
        k = n // QUOTATIONS_EVERY + i * 11 + page * 5  # passages differ within an article
        spread = (n * 31 + i * 17 + page) % 20
        variant = (
            "shortened" if spread < 3
            else "punctuation" if spread < 6
            else "conflicting_date" if spread == 6
            else "exact"
        )  # fmt: skip
        found.append(Planted(k % PASSAGES, variant))
    return found


def _body(n: int, page: int) -> list[str]:
    """Paragraphs of article ``n``'s page: prose, or a lead then dated quotations."""
    prose = [
        "".join(SENTENCES[(n + i + j) % len(SENTENCES)] for j in range(3)) for i in range(6 + n % 5)
    ]
    if n % QUOTATIONS_EVERY != 0:
        return prose[: 3 + page]
    paragraphs = [LEAD] if page == 1 else []  # page 2 goes on with the quotations
    for printing in _planted_on(n, page):
        passage = _passage(printing.passage)
        text, said = passage.printed(printing.variant)
        paragraphs.append(text)
        paragraphs.append(f"——{said.year}年{said.month}月{said.day}日，习近平{passage.occasion}")
    return paragraphs
