"""Attribution lines that close a dated quotation, e.g. ``——2014年11月19日，习近平向…致贺词``.

``parse_attribution`` is a pure function of one line of text: it returns the date (with its
precision and the end of a range, wherever the line prints it), the speaker (whoever the line's
grammar names, of kind person, organisation or unknown) and the title printed with the name, the
occasion and its kind, and the work cited with its volume and page; or None for anything that
only looks like an attribution (poem authors, subtitles, dialogue, bullet points, credits).
Besides the lines opened by dashes, a parenthesised citation on its own line is one:
``（《邓小平文选》第三卷，第373页）``. ``parse_speech_date`` reads the ``（2022年10月16日）`` line
under a speech title. The patterns live in ``pipelines.patterns``, the lexicon of leaders in
``pipelines.leaders``; the variants are listed in ``../shared/notes/peoples-daily.md``.

>>> a = parse_attribution("——2014年7月，习近平给“南京青奥会志愿者”的回信")
>>> (str(a.said_on), a.said_precision, a.speaker, a.occasion)
('2014-07-01', 'month', '习近平', '给“南京青奥会志愿者”的回信')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from pipelines import patterns as P
from pipelines.leaders import is_leader

# When a line says it was said: the start, the end of a range (or None), the precision.
_Said = tuple[dt.date, dt.date | None, str]


@dataclass(frozen=True, slots=True)
class Attribution:
    """What an attribution line says."""

    said_on: dt.date | None
    said_precision: str | None  # "day" | "month" | "year"
    speaker: str | None
    occasion: str | None
    speaker_title: str | None = None  # as printed: 主席, 总书记, 国家主席, 同志…
    said_until: dt.date | None = None  # last day of a range such as 9月25日至28日
    source_work: str | None = None  # the work cited: 摘自《…》, ：《…》, （《…》第三卷，第373页）
    source_volume: str | None = None  # 第三卷 (第3卷 is written 第三卷), 上卷…
    source_page: int | None = None

    @property
    def speaker_kind(self) -> str | None:
        return speaker_kind(self.speaker, self.speaker_title)

    @property
    def occasion_kind(self) -> str | None:
        return occasion_kind(self.occasion)


def speaker_kind(speaker: str | None, title: str | None = None) -> str | None:
    """What a speaker is: a leader of the lexicon, a name with a title or 同志, or a name of a
    person's form is a "person"; an organ or a newspaper's voice (P.ORGANISATION) an
    "organisation"; any other name "unknown". None when the line names no speaker."""
    if speaker is None:
        return None
    if is_leader(speaker):
        return "person"
    if P.ORGANISATION.fullmatch(speaker):
        return "organisation"
    if title or P.PERSON_NAME.fullmatch(speaker):
        return "person"
    return "unknown"


def occasion_kind(occasion: str | None) -> str | None:
    """The kind of an occasion by ``P.OCCASION_KINDS`` (first match wins), "other" when none
    matches; None when there is no occasion."""
    if occasion is None:
        return None
    work = P.SOURCE_WORK.match(occasion)
    text = work["work"] if work else P.EXCERPT_TAIL.sub("", occasion)
    return next((kind for kind, pattern in P.OCCASION_KINDS if pattern.search(text)), "other")


def parse_attribution(line: str) -> Attribution | None:
    """The attribution a line of text states, or None when it is not an attribution line."""
    if len(line) > P.MAX_ATTRIBUTION_CHARS:
        return None
    if dashes := P.LEADING_DASHES.match(line):
        rest, citation = line[dashes.end() :].strip(), False
    elif cited := P.CITATION_LINE.match(line):
        rest, citation = cited["body"], True
    else:
        return None
    if P.SENTENCE_INSIDE.search(rest):
        return None  # a bullet point of prose, not a line naming who said it
    if P.SUBTITLE.search(rest):
        return None  # "——习近平总书记考察湖南纪实": a report's subtitle
    excerpt = P.EXCERPT.match(rest)
    if excerpt:
        rest = rest[excerpt.end() :]
    said: _Said | None = None
    if date := P.DATE.match(rest):
        if (said := _dates(date)) is None:
            return None
        rest = P.AFTER_DATE.sub("", rest[date.end() :], count=1)
    speaker = title = None
    if who := P.SPEAKER.match(rest):
        speaker = who["speaker"]
        title = _join_titles(who["before"], who["after"])
        rest = rest[who.end() :].lstrip(" ,，:：")
        if said is None and (date := P.DATE.match(rest)) and (said := _dates(date)):
            rest = P.AFTER_DATE.sub("", rest[date.end() :], count=1)  # "习近平2016年4月19日在…"
    occasion = rest.strip() or None
    if said is None and occasion and "年" in occasion:  # no 年, no date: most lines
        said, occasion = _date_after_occasion(occasion)
    # Named by a leader's name, a title, 同志 or an organisation's name: a speaker the grammar
    # alone does not vouch for ("——陆游" under a poem) must come with a speech or a work.
    vouched = speaker is not None and (
        is_leader(speaker) or title is not None or bool(P.ORGANISATION.fullmatch(speaker))
    )
    located = _volume_and_page(line) if "《" in line else (None, None)
    work = _cited_work(line, occasion, cited=vouched or said is not None or located != (None, None))
    volume, page = located if work else (None, None)
    if citation and volume is None and page is None:
        return None  # a parenthesised line is an attribution only as a citation with a locator
    if speaker is None and work:
        speaker = next(
            (
                m["author"]
                for w in P.ANY_WORK.finditer(line)
                if (m := P.WORK_AUTHOR.fullmatch(w["work"]))
            ),
            None,
        )
    if not _states_who_or_where(said, speaker, vouched, occasion, excerpt is not None, work):
        return None
    on, until, precision = said or (None, None, None)
    return Attribution(
        on,
        precision,
        speaker,
        occasion,
        speaker_title=title,
        said_until=until,
        source_work=work,
        source_volume=volume,
        source_page=page,
    )


def parse_speech_date(line: str) -> Attribution | None:
    """The date of a speech header line such as ``（2022年10月16日）``; None for anything else."""
    m = P.DATE_IN_PARENTHESES.fullmatch(line)
    date = P.DATE.fullmatch(m["date"]) if m else None
    said = _dates(date) if date else None
    if said is None:
        return None
    on, until, precision = said
    return Attribution(on, precision, None, None, said_until=until)


def _date_after_occasion(occasion: str) -> tuple[_Said | None, str | None]:
    """The date printed after the occasion or the work, when none opens the line, and the
    occasion without it: "…的讲话（2001年7月1日）", "《…任务》，1937年5月3日，《…》第一卷"."""
    for m in P.DATE_IN_PARENTHESES.finditer(occasion):
        if (date := P.DATE.fullmatch(m["date"])) and (said := _dates(date)):
            return said, _without(occasion, m.start(), m.end())
    for m in P.WORK_THEN_DATE.finditer(occasion):
        if (date := P.DATE.match(occasion, m.end())) and (said := _dates(date)):
            return said, _without(occasion, m.start() + 1, date.end())
    for m in P.COMMA_THEN_DATE.finditer(occasion):
        date = P.DATE.match(occasion, m.end())
        if date and date.end() == len(occasion) and (said := _dates(date)):
            return said, _without(occasion, m.start(), date.end())
    return None, occasion


def _without(text: str, start: int, end: int) -> str | None:
    return (text[:start] + text[end:]).strip(" ,，") or None


def _cited_work(line: str, occasion: str | None, *, cited: bool) -> str | None:
    """The work a line cites: after 摘自/选自 anywhere, or opening the occasion when the line
    reads as a citation (``cited``: a vouched speaker, a date, a volume or a page) or the work's
    title names its author; so "——《诗经·小雅》" and "——李白《将进酒》" under poems cite nothing."""
    if "《" not in line:  # most lines: no work at all
        return None
    if excerpt := P.EXCERPT_WORK.search(line):
        return excerpt["work"]
    if occasion and (written := P.WRITTEN_WORK.match(occasion)):
        return written["work"]
    bare = P.SOURCE_WORK.match(occasion) if occasion else None
    if bare and (cited or P.WORK_AUTHOR.fullmatch(bare["work"])):
        return bare["work"]
    return None


def _volume_and_page(line: str) -> tuple[str | None, int | None]:
    """The volume and page a citation prints after a work (see ``P.CITED_VOLUME``)."""
    volume = None
    if m := P.CITED_VOLUME.search(line):
        if m["part"]:
            volume = m["part"] + m["part_unit"]
        elif (numeral := _chinese_numeral(_number(m["n"]))) is not None:
            volume = f"第{numeral}{m['unit']}"
    first_work = line.find("》")
    page = P.CITED_PAGE.search(line, first_work) if first_work >= 0 else None
    return volume, int(page["page"]) if page else None


def _states_who_or_where(
    said: _Said | None,
    speaker: str | None,
    vouched: bool,
    occasion: str | None,
    excerpt: bool,
    work: str | None,
) -> bool:
    """An attribution names a speaker or an occasion that reads like one (a speech, a letter…)."""
    if work is not None or (excerpt and (speaker or occasion)):
        return True
    if said is None and occasion is not None and P.ONLY_A_PLACE.match(occasion):
        return False  # "——毛泽东在延安": a subtitle
    if occasion is None:
        return vouched  # "——习近平", "——毛泽东同志", "——人民日报评论员"; not "——陆游"
    names_speech = bool(P.OCCASION_END.search(occasion))
    if speaker is not None and vouched:
        # With a date any occasion goes; without one, "——习近平总书记的殷切寄语激励…" is a
        # subtitle, not an attribution.
        return said is not None or names_speech or bool(P.OCCASION_START.match(occasion))
    if speaker is None and said is not None:
        return names_speech or bool(P.OCCASION_START.match(occasion))
    # A name only the grammar found, or no date and no speaker: it must name a kind of speech
    # ("——在…上的讲话"); a bullet point such as "——在实践上，…" opens the same way.
    return names_speech


def _join_titles(before: str | None, after: str | None) -> str | None:
    titles = [t.strip("、 ") for t in (before, after) if t and t.strip("、 ")]
    return "、".join(titles) or None


def _dates(m: re.Match[str]) -> _Said | None:
    """Start, end (ranges only) and precision of a matched DATE; None when it is no date."""
    year, month, day = _number(m["y"]), _number(m["m"]), _number(m["d"])
    if (m["m"] and month is None) or (m["d"] and day is None):
        return None  # a part printed but no number: 十十月
    precision = "day" if day is not None else "month" if month is not None else "year"
    start = _date(year, month or 1, day or 1)
    if start is None:
        return None
    until = None
    if m["to_d"] is not None:  # to a day: "至2月21日", "至28日"
        until = _date(_number(m["to_y"]) or year, _number(m["to_m"]) or month, _number(m["to_d"]))
    elif m["to_m2"] is not None:  # to a month: "2014年7月至8月", to its last day
        until = _last_day(_number(m["to_y2"]) or year, _number(m["to_m2"]))
    elif m["to_y3"] is not None:  # to a year: "1942年至1945年", to its last day
        until = _date(_number(m["to_y3"]), 12, 31)
    if until is not None and until < start:
        until = None
    return start, until, precision


def _date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    try:
        return dt.date(year, month, day)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # 2月30日: not a date after all
        return None


def _last_day(year: int | None, month: int | None) -> dt.date | None:
    if year is None or month is None or not 1 <= month <= 12:
        return None
    return _date(year, month, calendar.monthrange(year, month)[1])


def _number(text: str | None) -> int | None:
    """An Arabic or Chinese-numeral number: "2014", "二〇一四", "十一", "十九", "二十八"; None
    for what only looks like one (十十, 二十三十)."""
    if not text:
        return None
    if text.isascii():
        return int(text)
    if "十" not in text:  # digit by digit: 二〇一四
        return int("".join(str(P.CN_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    if (
        len(tens) > 1
        or len(units) > 1
        or ((tens + units) and not set(tens + units) <= P.CN_DIGITS.keys())
    ):
        return None
    return (P.CN_DIGITS[tens] if tens else 1) * 10 + (P.CN_DIGITS[units] if units else 0)


def _chinese_numeral(n: int | None) -> str | None:
    """3 → 三, 10 → 十, 12 → 十二, 20 → 二十: how volumes are numbered (第三卷); None for a
    number no volume has (none, or 100 and more)."""
    if n is None or not 0 < n < 100:
        return None
    digits = "〇一二三四五六七八九"
    tens, units = divmod(n, 10)
    if not tens:
        return digits[units]
    return (digits[tens] if tens > 1 else "") + "十" + (digits[units] if units else "")
