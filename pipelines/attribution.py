"""Attribution lines that close a dated quotation, e.g. ``——2014年11月19日，习近平向…致贺词``.

``parse_attribution`` is a pure function of one line of text: it returns the date, its precision,
the speaker and the occasion, or None for anything that only looks like one (poem authors,
subtitles, dialogue). The variants are listed in ``../shared/notes/peoples-daily.md``.

>>> a = parse_attribution("——2014年7月，习近平给“南京青奥会志愿者”的回信")
>>> (str(a.said_on), a.said_precision, a.speaker, a.occasion)
('2014-07-01', 'month', '习近平', '给“南京青奥会志愿者”的回信')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Two to four dashes open the line: U+2014 (em dash), U+2015 (gb2312 decoding), U+2500 (box
# drawing), U+FF0D (full-width hyphen) and ASCII hyphens.
LEADING_DASHES = re.compile(r"^\s*[\u2014\u2015\u2500\uff0d-]{2,}\s*")
# A line longer than this is prose that happens to start with a dash.
MAX_ATTRIBUTION_CHARS = 160
# Chinese numerals used in dates: 二〇一四年十一月十九日.
CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}  # fmt: skip
CN_NUM = "〇零一二三四五六七八九十"
# Year, then optionally month, then optionally day (Arabic or Chinese numerals); a range such as
# "9月25日至28日" is consumed so the occasion does not start with it.
DATE = re.compile(
    rf"^(?P<y>\d{{4}}|[{CN_NUM}]{{4}})\s*年"
    rf"(?:\s*(?P<m>\d{{1,2}}|[{CN_NUM}]{{1,2}})\s*月"
    rf"(?:\s*(?P<d>\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*日)?)?"
    rf"(?:\s*[至到\-—~～]\s*(?:(?:\d{{1,2}}|[{CN_NUM}]{{1,2}})\s*月\s*)?(?:\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*日)?"
)
# Between the date and the speaker: a comma or nothing.
AFTER_DATE = re.compile(r"^[\s,，、]*")
# Speakers recognised at the start of the occasion, with the titles that may follow the name.
SPEAKERS = ("习近平",)
SPEAKER_TITLES = ("总书记", "主席", "同志")
SPEAKER = re.compile(
    r"^(?P<speaker>" + "|".join(SPEAKERS) + r")(?P<title>" + "|".join(SPEAKER_TITLES) + r")?"
)
# Without a date or a speaker, a line still attributes when it names the speech or the source.
IMPLIED_SPEAKER_START = re.compile(r"^(?:在|摘自|选自|出自|引自|致|给|向|同)")


@dataclass(frozen=True, slots=True)
class Attribution:
    """What an attribution line says."""

    said_on: dt.date | None
    said_precision: str | None  # "day" | "month" | "year"
    speaker: str | None
    occasion: str | None


def parse_attribution(line: str) -> Attribution | None:
    """The attribution a line of text states, or None when it is not an attribution line."""
    if len(line) > MAX_ATTRIBUTION_CHARS:
        return None
    dashes = LEADING_DASHES.match(line)
    if dashes is None:
        return None
    rest = line[dashes.end() :].strip()
    said_on, precision = None, None
    if date := DATE.match(rest):
        said_on, precision = _date(date)
        if said_on is None:
            return None
        rest = rest[date.end() :]
        rest = rest[AFTER_DATE.match(rest).end() :]  # type: ignore[union-attr]
    speaker = None
    if who := SPEAKER.match(rest):
        speaker = who["speaker"]
        rest = rest[who.end() :].lstrip(" ,，:：")
    if said_on is None and speaker is None and not IMPLIED_SPEAKER_START.match(rest):
        return None
    return Attribution(said_on, precision, speaker, rest.strip() or None)


def _date(m: re.Match[str]) -> tuple[dt.date | None, str]:
    year, month, day = _number(m["y"]), _number(m["m"]), _number(m["d"])
    precision = "day" if day is not None else "month" if month is not None else "year"
    try:
        return dt.date(year, month or 1, day or 1), precision  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None, precision


def _number(text: str | None) -> int | None:
    """An Arabic or Chinese-numeral number: "2014", "二〇一四", "十一", "十九", "二十八"."""
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    if "十" not in text:  # digit by digit: 二〇一四
        return int("".join(str(CN_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)
