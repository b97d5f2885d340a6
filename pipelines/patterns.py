"""What People's Daily text looks like: date lines, credits, captions and attribution lines.

Text patterns only, apart from the logic that uses them (``pipelines.page``,
``pipelines.attribution``, ``pipelines.quotations``); where things sit in the markup is
``pipelines.selectors``. Each form is described in ``../shared/notes/peoples-daily.md``.
"""

from __future__ import annotations

import re

# Characters XML (and so lxml, when text is set on a node) refuses: C0 controls but tab and
# newlines, lone surrogates, U+FFFE/U+FFFF. Broken pages carry them; they are dropped on input.
NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The C0 controls among them, as UTF-8 bytes: deleted with bytes.translate, ten times faster
# than the pattern (no such byte occurs inside a multi-byte UTF-8 character).
NOT_XML_BYTES = bytes(c for c in range(0x20) if c not in b"\t\n\r")
# The others, looked for before the (slower) pattern is run: most pages have none.
NOT_XML_RARE = ("\ufffe", "\uffff")

# --- Date lines and the page head -------------------------------------------------------------

# "2022年11月11日13:10" on the date line of web pages (full-width colon too).
DATELINE_MINUTE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})"
)
# "11:35, November 23, 2022" on the English edition.
DATELINE_ENGLISH = re.compile(
    r"(?P<H>\d{1,2}):(?P<M>\d{2}),\s*(?P<month>January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+(?P<d>\d{1,2}),\s*(?P<y>\d{4})"
)
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
DATELINE_DAY = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# The value of <meta name="publishdate">: "2024-05-10".
META_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# "来源：党建网微平台" when the source is not a link; also the meta source value.
SOURCE_TEXT = re.compile(r"来源\s*[:：]\s*(?P<source>[^|｜\s]+)")
# Print original cited on the date line of web pages: a link to the e-paper.
PRINT_URL = re.compile(r"^https?://paper\.people\.com\.cn/rmrb/(?:html|pc/content)/")
# The print edition, its date and page: "《 人民日报 》（ 2024年05月10日   04 版）" under web
# articles, "《人民日报》（2025年01月15日 第 09 版）" on e-paper articles.
PRINT_EDITION = re.compile(
    r"《\s*(?P<paper>[^》]{2,12}?)\s*》\s*[（(]\s*(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*"
    r"(?P<d>\d{1,2})\s*日\s*(?:第\s*)?(?P<page>\d{1,3})\s*版\s*[)）]"
)
# "原标题：…" of reprints.
ORIGINAL_TITLE = re.compile(r"^\s*原标题\s*[:：]\s*")

# --- People: editors, credits, authors, captions ----------------------------------------------

# "(责编：王静、胡永秋)" with ASCII or full-width brackets and colon.
EDITORS_LINE = re.compile(
    r"[(（]?\s*(?:责编|责任编辑|Web editor)\s*[:：]\s*(?P<names>[^)）]+)[)）]?"
)
# Separators between names in editor, credit and byline lines.
NAME_SEPARATORS = re.compile(r"[、,，;；/]")
# "监制：张振明" ... several roles may share one line.
CREDIT_ROLES = ("监制", "审核", "责编", "校对", "制作", "整理", "策划", "统筹", "编辑", "设计")
CREDIT_ENTRY = re.compile(
    r"(?P<role>"
    + "|".join(CREDIT_ROLES)
    + r")\s*[:：]\s*(?P<names>.*?)(?=\s*(?:"
    + "|".join(CREDIT_ROLES)
    + r")\s*[:：]|[)）]?\s*$)"
)
CREDIT_LINE = re.compile(r"^[(（]?\s*(?:" + "|".join(CREDIT_ROLES) + r")\s*[:：].*$")
# What precedes names on a byline: "本报记者 王乐文 方敏", "作者：张三".
BYLINE_ROLE = re.compile(
    r"(?:本报|本网|人民网|新华社|人民日报|光明日报|央视|中新社)?(?:特约|驻\S{1,6})?(?:记者|通讯员|评论员|实习生)|"
    r"作者|文\s*[/|｜]|By\b|[:：|｜]"
)
# Endings of picture captions and the credit they carry: "新华社记者 李涛 摄",
# "(图源:央视新闻客户端)", "图片来源：…".
CAPTION_CREDIT = re.compile(
    r"(?:(?:^|(?<=[\s。，,；;！!？?]))(?P<photographer>(?:[^\s。，,；;:：]{0,10}(?:记者|摄影师?|通讯员)\s*)?"
    r"(?:[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff]\s+[\u4e00-\u9fff]{1,2}))\s*摄"
    r"|[(（]\s*图(?:源|片来源)?\s*[:：]\s*(?P<source>[^)）]*)[)）]"
    r"|图(?:源|片来源)\s*[:：]\s*(?P<tail>.*))\s*$"
)

# Only paragraphs ending so, or holding one of the words, are searched with CAPTION_CREDIT.
CAPTION_ENDINGS = ("摄", ")", "）")
CAPTION_WORDS = ("图源", "图片来源")

# --- Generic fallback: pages no template fits (other state media, drift) ---------------------
# Used by pipelines.page._read_generic only; the templates above never see them.

# A site suffix on a <title>, stripped one at a time from the end: "标题-新华网",
# "标题 _光明网", "标题_新闻频道_中国青年网", "标题--社会·法治--人民网", "标题 - 中国日报网".
# The part cut off is short, holds no sentence punctuation or book-title marks, and does not
# open with a digit ("第1-2季度", "COVID-19" keep theirs).
GENERIC_TITLE_SUFFIX = re.compile(
    r"\s*(?:--|[-_|｜—])\s*(?![0-9])[^-_|｜—:：，,。！？!?《》“”\s][^-_|｜—:：，,。！？!?《》“”]{0,11}$"
)
# A stripped title shorter than this is not a title: the suffix was the title.
GENERIC_MIN_TITLE_CHARS = 2
# The printed time near the title, numeric: "2019-12-10 07:57:40", "2024/05/09 22:27", and
# news.cn's year printed apart from the day, "2024 05/09 22:27:02" (each in its own span).
GENERIC_NUMERIC_MINUTE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?:\s*[-/.]\s*|\s+)(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})"
    r"\s+(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})"
)
GENERIC_NUMERIC_DAY = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"
)
# Every form of a printed time to the minute, and to the day, a generic page is searched for.
GENERIC_MINUTE_FORMS = (DATELINE_MINUTE, GENERIC_NUMERIC_MINUTE)
GENERIC_DAY_FORMS = (DATELINE_DAY, GENERIC_NUMERIC_DAY)
# A timestamp in a <meta> (article:published_time, og:release_date, pubdate…):
# "2020-01-02 17:11", "2024-05-10T06:58:12+08:00"; the time and the offset are optional.
GENERIC_META_TIME = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})"
    r"(?::\d{2}(?:\.\d+)?)?\s*(?P<tz>Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?"
)
# A body paragraph that only names the source: "来源：人民日报", "（稿件来源：新华社）".
GENERIC_SOURCE_LINE = re.compile(
    r"^[(（【\[]?\s*(?:稿件|文章|信息)?来源\s*[:：]\s*(?P<source>[^)）】\]\s|｜]{1,30})\s*[)）】\]]?$"
)
# The <meta name="source"> of other sites names the outlet bare: "中国日报网", "央广网".
GENERIC_META_SOURCE = re.compile(r"^(?:来源\s*[:：]\s*)?(?P<source>[^\s|｜]{2,30})$")
# An editor line, the whole line (a text node or a body paragraph): "责任编辑：尹世杰",
# "【责任编辑:王頔】", "[ 责编：杨煜 ]", "（责任编辑： 黄帅 ）", "编辑:李楠",
# "[作者: 刘满仓 责任编辑: 杨丹宇 ]". The names run to a closing bracket or the end.
GENERIC_EDITOR_LINE = re.compile(
    r"^[\[(（【\s]*(?:作者\s*[:：][^\]）)】]{0,12}?\s*)?(?P<role>责任编辑|责编|编辑)\s*[:：]\s*"
    r"(?P<names>[^)）】\]]{0,30}?)\s*[)）】\]]?\s*$"
)
# Which role names the web editors when a page prints several: the 责任编辑 over an 编辑 line
# (China Daily prints "（编辑：严玉洁 王辉）" under the text and "【责任编辑：严玉洁】" below it).
GENERIC_EDITOR_RANK = {"责任编辑": 0, "责编": 0, "编辑": 1}
# A byline before the body or opening it: "半月谈记者 史卫燕", "本报记者 王乐文 方 敏",
# "新华网黑龙江频道 记者 伊琳 李清芬", "作者：张三", "文/李四".
GENERIC_BYLINE = re.compile(
    r"^(?:[\u4e00-\u9fff\s]{0,12}?(?:记者|通讯员)|作者\s*[:：]|文\s*[/／|｜])\s*"
    r"(?P<names>[\u4e00-\u9fff·][\u4e00-\u9fff·\s、，,]{1,29})$"
)
# What a page footer says: a block of paragraphs saying it is not the body.
GENERIC_FOOTER = re.compile(r"版权所有|Copyright|©|All rights reserved|ICP备|ICP证", re.I)
# Lines of a body that are the page's furniture, dropped where no template's noise selectors
# name them (a redesign renamed them): share bars, "follow us", a pager "【1】 【2】 【3】".
GENERIC_NOISE_LINE = re.compile(
    r"^(?:分享让更多人看到|分享到[:：]?.{0,40}|关注公众号[:：].{0,30}|【\d{1,2}】(?:\s*【\d{1,2}】)*)$"
)
# A paragraph after a picture is its caption only when it reads like one: it opens with the
# day the picture was taken ("5月13日，在河北省遵化市…") and is short. (People's Daily
# templates take any paragraph after a picture; other sites put text right under pictures.)
GENERIC_PICTURE_CAPTION = re.compile(r"^(?=.{0,120}$)(?:\d{4}年)?\d{1,2}月\d{1,2}日[，,]")
# A picture credit on a line of its own: "新华社发（刘满仓摄）", "（新华社记者 才扬 摄）".
GENERIC_PHOTO_CREDIT = re.compile(r"^(?:\S{0,8}发\s*)?[（(]\s*[^()（）]{2,16}?\s*摄\s*[)）]$")

# --- Attribution lines -----------------------------------------------------------------------

# Two or more dashes open the line: U+2014 (em dash), U+2015 (gb2312 decoding), U+2500 (box
# drawing), U+FF0D (full-width hyphen) and ASCII hyphens.
LEADING_DASHES = re.compile(r"^\s*[\u2014\u2015\u2500\uff0d-]{2,}\s*")
# A line longer than this is prose that happens to start with dashes.
MAX_ATTRIBUTION_CHARS = 160
# A sentence ends inside the line: prose (a bullet point), not an attribution.
SENTENCE_INSIDE = re.compile(r"[。！？；!?;](?=[^”’」』）)》\s])")
# Chinese numerals used in dates: 二〇一四年十一月十九日.
CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}  # fmt: skip
_CN = "〇零一二三四五六七八九"
_YEAR = rf"\d{{4}}|[{_CN}]{{4}}"
_MONTH = rf"\d{{1,2}}|[{_CN}十]{{1,2}}"
_DAY = rf"\d{{1,2}}|[{_CN}十]{{1,3}}"
# A part of a year or a month, read as the year or the month: "1992年春", "2014年7月下旬".
_PART = r"(?:[春夏秋冬]天?|[初底末]|[上中下]旬|前后)?"
# Between the two ends of a range: 至, 到, a tilde, or one or two dashes of any kind.
_RANGE = r"(?:[至到~～]|[\-—–―－]{1,2})"
# Year, then optionally month, then optionally day, then optionally the end of a range, to a
# day, a month or a year: "2014年9月25日至28日", "1992年1月18日至2月21日", "2019年12月31日—2020年
# 1月2日", "2014年7月至8月", "1942年至1945年". Used with match() (at the start of the text, or at a
# position) and fullmatch().
DATE = re.compile(
    rf"(?P<y>{_YEAR})\s*年"
    rf"(?:\s*(?P<m>{_MONTH})\s*月(?:\s*(?P<d>{_DAY})\s*[日号])?)?{_PART}"
    rf"(?:\s*{_RANGE}\s*(?:"
    rf"(?:(?P<to_y>{_YEAR})\s*年\s*)?(?:(?P<to_m>{_MONTH})\s*月\s*)?(?P<to_d>{_DAY})\s*[日号]"
    rf"|(?:(?P<to_y2>{_YEAR})\s*年\s*)?(?P<to_m2>{_MONTH})\s*月"
    rf"|(?P<to_y3>{_YEAR})\s*年"
    rf"){_PART})?"
)
# Between the date and the speaker: a comma or nothing.
AFTER_DATE = re.compile(r"^[\s,，、:：]*")
# A date in parentheses: after the occasion or the work, when none opens the line ("…上的讲话
# （2001年7月1日）", "——毛泽东：《论联合政府》（1945年4月24日）"), and, as a whole line
# (fullmatch), the date line of a speech header: a title, then "（2022年10月16日）".
DATE_IN_PARENTHESES = re.compile(r"[（(]\s*(?P<date>[^（()）]{5,30}?)\s*[)）]")
# A work, a comma, then the date, when none opens the line:
# "——毛泽东：《中国共产党在抗日时期的任务》，1937年5月3日，《毛泽东选集》第一卷".
WORK_THEN_DATE = re.compile(r"》\s*[，,]\s*")
# The date closing the line after a comma, when none opens it:
# "——江泽民在庆祝中国共产党成立八十周年大会上的讲话，2001年7月1日".
COMMA_THEN_DATE = re.compile(r"[，,]\s*")
# "——摘自…", "——选自…": an excerpt; a 《work》 may follow.
_EXCERPT = r"(?:摘自|选自|节选自|出自|引自)"
EXCERPT = re.compile(rf"^{_EXCERPT}\s*")
# The work named: "摘自《习近平谈治国理政》", anywhere in the line.
EXCERPT_WORK = re.compile(rf"{_EXCERPT}\s*《(?P<work>[^《》]{{1,60}})》")
# What follows an excerpt word to the end of the occasion: not part of the occasion's kind.
EXCERPT_TAIL = re.compile(rf"[\s,，、]*{_EXCERPT}.*$")
# A work opening the occasion: "——毛泽东：《论联合政府》", "——《解放思想，…》（1978年12月13日），
# 《邓小平文选》第2卷第143页". It is the source only when something says the line cites it (see
# ``pipelines.attribution``): "——《诗经·小雅》" and "——李白《将进酒》" under a poem are not.
SOURCE_WORK = re.compile(r"^《(?P<work>[^《》]{1,60})》")
# A work the speaker wrote, named after the verb: "——习近平主席撰文《中非友谊万古长青》".
WRITTEN_WORK = re.compile(r"^(?:撰文|发表(?:题为)?)\s*《(?P<work>[^《》]{1,60})》")
# Every work a line names.
ANY_WORK = re.compile(r"《(?P<work>[^《》]{1,60})》")
# The volume printed right after a work: "《习近平谈治国理政》第四卷", "《邓小平文选》第2卷",
# "《毛泽东选集》第二卷，…", "《周恩来选集》下卷". Kept as 第{Chinese numeral}{卷|册|辑} (第2卷 and
# 第二卷 both give "第二卷"), or 上卷/中卷/下卷 as printed.
CITED_VOLUME = re.compile(
    r"》\s*[，,、]?\s*(?:第\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?P<unit>[卷册辑])"
    r"|(?P<part>[上中下])\s*(?P<part_unit>[卷册]))"
)
# The page printed after a work: "第373页", "第2-3页" (the first page of a range is kept).
# "第2版" (an edition) is not a page.
CITED_PAGE = re.compile(r"第\s*(?P<page>\d{1,4})\s*(?:[-—–~～至]\s*\d{1,4}\s*)?页")
# A line in parentheses, no dashes, citing a work: "（《邓小平文选》第三卷，第373页）". It is an
# attribution only when it prints a volume or a page (CITED_VOLUME, CITED_PAGE), so "（整理：…）",
# "（图源：…）", "（《人民日报》2024年05月10日 04版）" and "（《诗经》）" stay what they are.
CITATION_LINE = re.compile(
    rf"^\s*[（(]\s*(?P<body>(?:{_EXCERPT}\s*)?《[^《》]{{1,60}}》[^（()）]{{0,60}}?)\s*[)）]\s*$"
)

# --- Speakers --------------------------------------------------------------------------------
# A speaker is whoever the line's grammar puts between the date and the occasion (or before
# ：《…》, or at the end of the line), with titles printed before or after the name. The lexicon
# of leaders in ``pipelines.leaders`` only helps to decide.

_HAN = "\u4e00-\u9fff"
# Where or to whom it was said, or how: the words an occasion opens with (同, but not 同志).
_OCCASION_WORDS = (
    r"在|致|给|向|同(?!志)|与|对|会见|出席|主持|考察|视察|参观|接见|看望|接受|发表|复信|回信|署名"
)
# Offices printed with a name: before it, several joined by 、 ("中共中央总书记、国家主席、
# 中央军委主席习近平", "国务院总理李强"), or after it ("习近平主席", "周恩来总理"); 同志 after it.
_OFFICE = (
    r"(?:总(?:书记|理|司令|统)|副(?:主席|总理|委员长)|主(?:席|任)|委员长?|国务委员|秘书长|书记|常委"
    r"|部长|司令员?|政委|发言人|大使|首相|院长|省长|市长)"
)  # 总书记, 总理, 副主席, 主席, 主任, 委员长, 委员…: grouped by first character, to be quick
_TITLE = rf"[{_HAN}]{{0,12}}?{_OFFICE}"
_TITLE_AFTER = rf"(?:{_OFFICE}|同志)"
# A person's name: the fewest characters (two to four) after which the grammar lets a name end,
# or a name with a middle dot (阿沛·阿旺晋美).
_NAME = rf"[{_HAN}]{{1,8}}·[{_HAN}]{{1,8}}|[{_HAN}]{{2,4}}?"
# Organisations that speak in their own name: party and state organs, newspapers' commentators
# and editorials (人民日报评论员, 本报评论员, 《人民日报》社论); several may share a line
# (中共中央、国务院).
ORGANISATIONS = (
    "中共中央", "党中央", "国务院", "中央军委", "全国人大常委会", "全国人大", "全国政协",
    "中央纪委", "国家监委", "共青团中央", "中央宣传部", "中宣部", "中央组织部", "中组部",
)  # fmt: skip
_ORG_SUFFIX = r"(?:委员会|常委会|办公厅|办公室|人民政府|编辑部|评论员|社论|党组)"
_ORG_ONE = rf"(?:{'|'.join(ORGANISATIONS)}|(?:《[{_HAN}]{{2,8}}》|[{_HAN}]{{2,10}}?){_ORG_SUFFIX})"
_ORG = rf"{_ORG_ONE}(?:、{_ORG_ONE})*"
ORGANISATION = re.compile(_ORG)  # fullmatch: the speaker is an organisation
# What may follow a speaker: an occasion word, a preposition (就, 为, 于, 通过…), a verb of
# saying, writing or issuing, 的, 重要 (…讲话), a date ("习近平总书记2016年4月19日在…"), a work
# (《, or ：《), a parenthesis, or the end of the line. A span followed by anything else is no
# name. 于 is a surname too: it may end a speaker, not open an occasion.
_SPEAKER_END = (
    rf"(?={_OCCASION_WORDS}|就|为|于|通过|率|到|分别|关于|的|印发|发布|签署|作出|指出|强调|说|谈|讲|题"
    rf"|写|批示|撰文|文章|寄语|重要|深情|亲切|号召|要求|希望|提出|勉励|嘱托|阐述|曾"
    rf"|(?:\d{{4}}|[{_CN}]{{4}})\s*年|[（(《]|[：:]\s*(?:《|{_OCCASION_WORDS})|\s*$)"
)
SPEAKER = re.compile(
    rf"^(?P<before>{_TITLE}(?:、{_TITLE})*\s*)??(?!{_OCCASION_WORDS})"
    rf"(?P<speaker>{_ORG}|{_NAME})(?P<after>{_TITLE_AFTER})?{_SPEAKER_END}"
)
# A collection or document whose title names its author: 《邓小平文选》, 《毛泽东军事文选》,
# 《习近平谈治国理政》, 《习近平著作选读》, 《中共中央关于…的决定》. The author is the speaker of a
# line that cites it and names no other.
WORK_AUTHOR = re.compile(
    rf"(?P<author>{_ORG}|{_NAME})(?:同志)?(?:(?:军事|经济|外交|新闻|国防|文艺|哲学|教育)?"
    r"(?:文选|选集|文集|全集|著作选读|著作选编|著作专题摘编|诗词选?|书信选集)|谈治国理政"
    r"|(?:关于|论)[^《》]{2,})"
)
# Common Chinese surnames (single, then compound): a name-like span that opens with one and is
# two or three characters long (three or four after a compound surname) is taken for a person's
# name. A heuristic for speaker_kind only; characters that open common words (国, 全, 文, 时…)
# are left out, so 国家 or 全国 are never taken for names.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘"
    "祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾"
    "尤阳穆卓古吉缪简车项连芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁"
    "荣巫寇桑郎甄丛仲虞敖巩佘池邝封匡鞠惠荆冀郁胥栗燕楚鄢谌奚粟冼蔺楼闻厉伊仝郜阚帅屠朴练廉禹"
    "井祖漆巴丰支卿狄计索宣晋芮扈晁阙浦戈伏鹿薄邸雍辜裘亓邰赫杭况宿逯隆茹诸嵇湛戎勾茅揭尉"
)
_COMPOUND_SURNAMES = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|令狐|司徒|夏侯|端木|长孙"
PERSON_NAME = re.compile(
    rf"(?:{_COMPOUND_SURNAMES})[{_HAN}]{{1,2}}|[{_SURNAMES}][{_HAN}]{{1,2}}|[{_HAN}]+·[{_HAN}]+"
)  # fullmatch
# A subtitle of reportage, not an attribution, even when it names a leader: "——习近平总书记考察
# 湖南纪实", "——记习近平总书记在湖南考察", "——…峰会侧记"; and an archive picture's caption
# ("——1992年1月，邓小平在深圳视察（资料图片）").
SUBTITLE = re.compile(
    r"^记|(?:纪实|侧记|纪事|记事|素描|综述|述评|特写|札记|手记|速写|掠影|巡礼)$"
    r"|[（(](?:资料(?:图片|照片)|图片|照片)[)）]$"
)
# An occasion that is only where the speaker was: "——习近平同志在正定", "——毛泽东在延安" (a
# subtitle); "在湖南考察" says what was done there, and is one.
ONLY_A_PLACE = re.compile(rf"^在[{_HAN}]{{1,6}}$")
# An occasion without a named speaker must read like one: it opens with where or to whom it
# was said, or it ends by naming a kind of speech or writing.
OCCASION_START = re.compile(rf"^(?:{_OCCASION_WORDS})")
OCCASION_END = re.compile(
    r"(?:讲话|演讲|致辞|贺词|贺信|贺电|回信|复信|的信|报告|谈话|指示|批示|文章|发言|强调|指出|"
    r"表示|答问|序言|采访|寄语|致电|口信|意见|决定|决议|通知|公报)[”」》）)]*。?$"
)

# --- Occasion kinds --------------------------------------------------------------------------
# occasion_kind of a quotation: the first row whose pattern is found in the occasion wins,
# "other" when none is (null when there is no occasion). The occasion is read without what
# follows an excerpt word (…的报告，摘自《…》 is a 报告), and an occasion that is a work is read
# by the work's title (《在延安文艺座谈会上的讲话》 is a 讲话). What the occasion ends with (its
# head noun) is tried first, so "在湖南考察时的讲话" is a 讲话 and "在湖南考察时强调" a 考察.
_ENDS = r"[”」』》）)]*。?$"
OCCASION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("署名文章", re.compile(rf"(?:署名)?文章{_ENDS}|^撰文|文章《[^《》]+》{_ENDS}")),
    ("贺信", re.compile(rf"(?:贺信|贺电|贺函){_ENDS}")),
    ("回信", re.compile(rf"(?:回信|复信|回电|复电){_ENDS}")),
    ("书信", re.compile(rf"(?:的信|书信|信件|口信|致信){_ENDS}|^致信")),
    ("致辞", re.compile(rf"(?:致辞|致词|贺词|祝词|献词|开幕词|闭幕词|祝酒辞|祝酒词){_ENDS}")),
    ("报告", re.compile(rf"报告{_ENDS}")),
    ("讲话", re.compile(rf"(?:讲话|演讲|演说|讲演|发言|答问|讲课){_ENDS}")),
    ("谈话", re.compile(rf"(?:谈话|谈话要点|答记者问|采访|对话|座谈){_ENDS}")),
    ("批示", re.compile(rf"(?:批示|指示|批语|题词){_ENDS}")),
    # What the occasion names before 中强调/时指出…: "在给…的回信中强调".
    ("回信", re.compile(r"(?:回信|复信)中")),
    ("考察", re.compile(r"考察|视察|调研")),
    ("会见", re.compile(r"会见|会谈|会晤|接见|通电话|通话")),
    # Said at a meeting: "在中央全面深化改革委员会第十次会议上强调".
    ("讲话", re.compile(rf"^在.{{2,80}}?(?:会议?|典礼|仪式|论坛)上(?:强调|指出|表示|说){_ENDS}")),
    # Said at a study session of the Politburo: "在中央政治局第三十次集体学习时强调".
    ("讲话", re.compile(rf"集体学习时(?:强调|指出|表示|说){_ENDS}")),
)

# --- Quotation boundaries --------------------------------------------------------------------

# The lead of a compilation announces it: "党建网微平台整理了…一起学习领会！".
LEAD_MARKER = re.compile(
    r"编者按|一起(?:来)?(?:学习|聆听|重温|领会|回顾|感悟|品读)|整理了|梳理了|重要论述|金句"
)
# An endnote reference closing a quoted paragraph: "…民族伟大复兴。[1]".
ENDNOTE = re.compile(r"\s*(?:\[\d{1,3}\]|〔\d{1,3}〕|［\d{1,3}］)$")
