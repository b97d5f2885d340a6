"""The attribution-line parser: every variant in the notes, the look-alikes, and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.attribution import Attribution, parse_attribution, parse_speech_date

D = dt.date


def said(
    on: dt.date | None,
    precision: str | None,
    speaker: str | None,
    occasion: str | None,
    title: str | None = None,
    until: dt.date | None = None,
    work: str | None = None,
) -> Attribution:
    return Attribution(on, precision, speaker, occasion, title, until, work)


VARIANTS = [
    # comma after the date (full-width, and ASCII as in the seed document)
    ("——2014年11月19日，习近平向首届世界互联网大会致贺词",
     said(D(2014, 11, 19), "day", "习近平", "向首届世界互联网大会致贺词")),
    ("——2014年11月19日,习近平向首届世界互联网大会致贺词",
     said(D(2014, 11, 19), "day", "习近平", "向首届世界互联网大会致贺词")),
    # no comma, zero-padded month
    ("——2015年05月24日习近平致国际教育信息化大会的贺信",
     said(D(2015, 5, 24), "day", "习近平", "致国际教育信息化大会的贺信")),
    # no speaker: implied by the article
    ("——2018年8月24日在中央全面依法治国委员会第一次会议上的讲话",
     said(D(2018, 8, 24), "day", None, "在中央全面依法治国委员会第一次会议上的讲话")),
    # month precision
    ("——2014年7月，习近平给“南京青奥会志愿者”的回信",
     said(D(2014, 7, 1), "month", "习近平", "给“南京青奥会志愿者”的回信")),
    # year precision
    ("——2017年，习近平在某次会议上的讲话",
     said(D(2017, 1, 1), "year", "习近平", "在某次会议上的讲话")),
    # an inner dash stays in the occasion
    ("——2021年7月16日，习近平在参观“友好往来 命运与共——党和国家领导人外交活动礼品展”时强调",
     said(D(2021, 7, 16), "day", "习近平",
          "在参观“友好往来 命运与共——党和国家领导人外交活动礼品展”时强调")),
    # U+2015 dashes (GB2312 decoded with Python's gb2312 codec), U+2500, U+FF0D, ASCII, four
    ("――2016年11月16日，习近平在第三届世界互联网大会开幕式上的视频讲话",
     said(D(2016, 11, 16), "day", "习近平", "在第三届世界互联网大会开幕式上的视频讲话")),
    ("──2016年11月16日，习近平在第三届世界互联网大会开幕式上的视频讲话",
     said(D(2016, 11, 16), "day", "习近平", "在第三届世界互联网大会开幕式上的视频讲话")),
    ("－－2016年11月16日，习近平在第三届世界互联网大会开幕式上的视频讲话",
     said(D(2016, 11, 16), "day", "习近平", "在第三届世界互联网大会开幕式上的视频讲话")),
    ("-- 2016年11月16日，习近平在第三届世界互联网大会开幕式上的视频讲话",
     said(D(2016, 11, 16), "day", "习近平", "在第三届世界互联网大会开幕式上的视频讲话")),
    # a title after the name, or before it
    ("——2018年7月20日，习近平主席在塞内加尔《太阳报》发表题为《让中塞友谊之花绽放得更加绚丽多彩》的署名文章",
     said(D(2018, 7, 20), "day", "习近平",
          "在塞内加尔《太阳报》发表题为《让中塞友谊之花绽放得更加绚丽多彩》的署名文章", "主席")),
    ("——2019年3月18日，习近平总书记在学校思想政治理论课教师座谈会上的讲话",
     said(D(2019, 3, 18), "day", "习近平", "在学校思想政治理论课教师座谈会上的讲话", "总书记")),
    ("——2015年9月22日，国家主席习近平在华盛顿州当地政府和美国友好团体联合欢迎宴会上的演讲",
     said(D(2015, 9, 22), "day", "习近平",
          "在华盛顿州当地政府和美国友好团体联合欢迎宴会上的演讲", "国家主席")),
    ("——2021年1月1日，中共中央总书记、国家主席、中央军委主席习近平发表二〇二一年新年贺词",
     said(D(2021, 1, 1), "day", "习近平", "发表二〇二一年新年贺词",
          "中共中央总书记、国家主席、中央军委主席")),
    # Chinese-numeral dates
    ("——二〇一四年十一月十九日，习近平向首届世界互联网大会致贺词",
     said(D(2014, 11, 19), "day", "习近平", "向首届世界互联网大会致贺词")),
    ("——二〇二〇年三月，习近平在湖北省考察新冠肺炎疫情防控工作时的讲话",
     said(D(2020, 3, 1), "month", "习近平", "在湖北省考察新冠肺炎疫情防控工作时的讲话")),
    # ranges: the start, and said_until
    ("——2015年9月22日至25日，习近平对美国进行国事访问期间的讲话",
     said(D(2015, 9, 22), "day", "习近平", "对美国进行国事访问期间的讲话",
          until=D(2015, 9, 25))),
    ("——2019年9月30日至10月2日，习近平在国庆活动期间的讲话",
     said(D(2019, 9, 30), "day", "习近平", "在国庆活动期间的讲话", until=D(2019, 10, 2))),
    # no date
    ("——习近平", said(None, None, "习近平", None)),
    ("——习近平在中央全面深化改革委员会第十次会议上强调",
     said(None, None, "习近平", "在中央全面深化改革委员会第十次会议上强调")),
    ("————摘自习近平在同各界优秀青年代表座谈时的讲话",
     said(None, None, "习近平", "在同各界优秀青年代表座谈时的讲话")),
    ("——在中央党校（国家行政学院）中青年干部培训班开班式上的讲话",
     said(None, None, None, "在中央党校（国家行政学院）中青年干部培训班开班式上的讲话")),
    # an excerpt from a book
    ("——摘自《习近平谈治国理政》第三卷",
     said(None, None, None, "《习近平谈治国理政》第三卷", work="习近平谈治国理政")),
    ("——2017年10月18日，习近平在中国共产党第十九次全国代表大会上的报告，摘自《习近平谈治国理政》第三卷",
     said(D(2017, 10, 18), "day", "习近平",
          "在中国共产党第十九次全国代表大会上的报告，摘自《习近平谈治国理政》第三卷",
          work="习近平谈治国理政")),
    # leading full-width indent, as every paragraph has
    ("　　——2022年11月9日,习近平向2022年世界互联网大会乌镇峰会致贺信",
     said(D(2022, 11, 9), "day", "习近平", "向2022年世界互联网大会乌镇峰会致贺信")),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), VARIANTS, ids=range(len(VARIANTS)))
def test_attribution_variants(line: str, expected: Attribution) -> None:
    assert parse_attribution(line) == expected


LOOK_ALIKES = [
    "——（宋）陆游",  # poem author
    "——（汉）东方朔",
    "——《诗经·小雅》",  # a classic's title, no speaker
    "——记乌镇的一位公交司机",  # subtitle
    "——写在中国共产党成立一百周年之际",
    "——习近平总书记的殷切寄语激励广大青年奋斗逐梦",  # subtitle naming the speaker
    "——2023年全国两会特别报道",  # dated subtitle
    "——记者手记：一趟准点的公交车",
    "———“你们辛苦了！”",  # dialogue
    "——“大家好！”“总书记好！”",
    # a bullet point of prose that starts like an occasion
    "——在认识上，深化了对中国式现代化的内涵和本质的认识。概括形成了中国式现代化的中国特色。",
    "——经济量质齐升带动全球经济增长。十多年来，中国从制造大国加快转向制造强国。",
    "2022年11月9日，2022年世界互联网大会乌镇峰会在浙江乌镇开幕。(图源:央视新闻客户端)",
    "2015年12月16日，第二届世界互联网大会在浙江省乌镇开幕。新华社记者 李涛 摄",
    "《 人民日报 》（ 2024年05月10日   04 版）",
    "监制：张振明 审核：古丽娟",
    "（整理：曹磊 詹云）",
    "当今时代，以信息技术为核心的新一轮科技革命正在孕育兴起。",
    "——2022年2月30日，习近平向某会议致贺信",  # no such day
    "——二〇二二年十三月一日，习近平向某会议致贺信",  # no such month
    "——" + "很长的一段话" * 40,
    "——————",
    "——",
]


@pytest.mark.parametrize("line", LOOK_ALIKES)
def test_look_alikes_are_not_attributions(line: str) -> None:
    assert parse_attribution(line) is None


@pytest.mark.parametrize(
    ("line", "on", "precision", "until"),
    [
        ("（2022年10月16日）", D(2022, 10, 16), "day", None),
        ("(2014年11月19日)", D(2014, 11, 19), "day", None),
        ("（二〇一四年十一月十九日）", D(2014, 11, 19), "day", None),
        ("（2019年9月）", D(2019, 9, 1), "month", None),
        ("（2015年9月22日至25日）", D(2015, 9, 22), "day", D(2015, 9, 25)),
    ],
)
def test_speech_header_dates(line: str, on: dt.date, precision: str, until: dt.date | None) -> None:
    a = parse_speech_date(line)
    assert a is not None
    assert (a.said_on, a.said_precision, a.said_until, a.speaker) == (on, precision, until, None)


@pytest.mark.parametrize(
    "line",
    ["（整理：曹磊 詹云）", "（2022年2月30日）", "2022年10月16日", "（本报记者）", "（图源:新华）"],
)
def test_not_speech_header_dates(line: str) -> None:
    assert parse_speech_date(line) is None


# --- Properties -------------------------------------------------------------------------------

_CN = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """11 → 十一, 20 → 二十, 9 → 九."""
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens]) + "十" if tens else "") + (_CN[units] if units else "")


def render_date(day: dt.date, precision: str, style: str) -> str:
    if style == "cn":
        parts = ["".join(_CN[int(c)] for c in str(day.year)) + "年"]
        parts += [cn_number(day.month) + "月"] if precision != "year" else []
        parts += [cn_number(day.day) + "日"] if precision == "day" else []
        return "".join(parts)
    fmt = "{:02d}" if style == "padded" else "{}"
    text = f"{day.year}年"
    text += (fmt.format(day.month) + "月") if precision != "year" else ""
    return text + ((fmt.format(day.day) + "日") if precision == "day" else "")


DASHES = st.sampled_from(["——", "――", "──", "－－", "--", "———", "————", "—— "])
# Occasion words with no digits, dashes, names or sentence ends: what follows cannot be misread.
WORDS = st.text(alphabet="国际会议大学中青年论坛开幕式人民友好合作博览全体", min_size=1, max_size=9)
OCCASIONS = st.builds(
    lambda kind, words: kind.format(words),
    st.sampled_from(["在{}上的讲话", "向{}致贺信", "给{}的回信", "在{}时强调", "同{}谈话"]),
    WORDS,
)
SPEAKERS = st.sampled_from(
    [(None, None), ("习近平", None), ("习近平主席", "主席"), ("习近平总书记", "总书记"),
     ("国家主席习近平", "国家主席")]
)  # fmt: skip


@given(
    dashes=DASHES,
    day=st.dates(dt.date(1949, 10, 1), dt.date(2035, 12, 31)),
    precision=st.sampled_from(["day", "month", "year"]),
    style=st.sampled_from(["plain", "padded", "cn"]),
    comma=st.sampled_from(["，", ",", "", " "]),
    speaker=SPEAKERS,
    occasion=OCCASIONS,
)
def test_generated_attributions_read_back(
    dashes: str,
    day: dt.date,
    precision: str,
    style: str,
    comma: str,
    speaker: tuple[str | None, str | None],
    occasion: str,
) -> None:
    name, title = speaker
    line = f"{dashes}{render_date(day, precision, style)}{comma}{name or ''}{occasion}"
    a = parse_attribution(line)
    assert a is not None, line
    start = {"day": day, "month": day.replace(day=1), "year": day.replace(month=1, day=1)}
    assert a.said_on == start[precision]
    assert a.said_precision == precision
    assert a.speaker == ("习近平" if name else None)
    assert a.speaker_title == title
    assert a.occasion == occasion
    assert a.said_until is None and a.source_work is None


@given(st.text(max_size=200))
def test_any_text_is_read_or_refused_never_raises(text: str) -> None:
    for line in (text, "——" + text, "——2014年" + text, f"（{text}）"):
        a = parse_attribution(line) or parse_speech_date(line)
        if a is not None and a.said_on is not None and a.said_until is not None:
            assert a.said_until >= a.said_on


DASH_CHARS = "\u2014\u2015\u2500\uff0d-"


def opens_with_dashes(text: str) -> bool:
    start = text.lstrip()[:2]
    return len(start) == 2 and all(c in DASH_CHARS for c in start)


@given(st.text(max_size=80).filter(lambda t: not opens_with_dashes(t)))
def test_no_leading_dashes_no_attribution(text: str) -> None:
    assert parse_attribution(text) is None
