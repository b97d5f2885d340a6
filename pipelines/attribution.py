"""Attribution lines that close a dated quotation, e.g. ``——2014年11月19日，习近平向…致贺词``.

``parse_attribution`` is a pure function of one line of text: it returns the date (with its
precision and the end of a range), the speaker and the title printed with the name, the occasion
and the work an excerpt comes from, or None for anything that only looks like an attribution
(poem authors, subtitles, dialogue, bullet points). ``parse_speech_date`` reads the
``（2022年10月16日）`` line under a speech title. The patterns live in ``pipelines.patterns``;
the variants are listed in ``../shared/notes/peoples-daily.md``.

>>> a = parse_attribution("——2014年7月，习近平给“南京青奥会志愿者”的回信")
>>> (str(a.said_on), a.said_precision, a.speaker, a.occasion)
('2014-07-01', 'month', '习近平', '给“南京青奥会志愿者”的回信')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipelines import patterns as P


@dataclass(frozen=True, slots=True)
class Attribution:
    """What an attribution line says."""

    said_on: dt.date | None
    said_precision: str | None  # "day" | "month" | "year"
    speaker: str | None
    occasion: str | None
    speaker_title: str | None = None  # as printed: 主席, 总书记, 国家主席…
    said_until: dt.date | None = None  # last day of a range such as 9月25日至28日
    source_work: str | None = None  # the book of a 摘自《…》 line


def parse_attribution(line: str) -> Attribution | None:
    """The attribution a line of text states, or None when it is not an attribution line."""
    if len(line) > P.MAX_ATTRIBUTION_CHARS:
        return None
    dashes = P.LEADING_DASHES.match(line)
    if dashes is None:
        return None
    rest = line[dashes.end() :].strip()
    if P.SENTENCE_INSIDE.search(rest):
        return None  # a bullet point of prose, not a line naming who said it
    excerpt = P.EXCERPT.match(rest)
    if excerpt:
        rest = rest[excerpt.end() :]
    said_on = said_until = precision = None
    if date := P.DATE.match(rest):
        said_on, said_until, precision = _dates(date)
        if said_on is None:
            return None
        rest = P.AFTER_DATE.sub("", rest[date.end() :], count=1)
    speaker = title = None
    if who := P.SPEAKER.match(rest):
        speaker = who["speaker"]
        title = _join_titles(who["before"], who["after"])
        rest = rest[who.end() :].lstrip(" ,，:：")
    occasion = rest.strip() or None
    work = P.EXCERPT_WORK.search(line)
    if work is None and occasion and (bare := P.SOURCE_WORK.match(occasion)):
        work = bare if any(name in bare["work"] for name in P.SPEAKERS) else None
    if not _states_who_or_where(said_on, speaker, occasion, excerpt is not None, work):
        return None
    return Attribution(
        said_on,
        precision,
        speaker,
        occasion,
        speaker_title=title,
        said_until=said_until,
        source_work=work["work"] if work else None,
    )


def parse_speech_date(line: str) -> Attribution | None:
    """The date of a speech header line such as ``（2022年10月16日）``; None for anything else."""
    m = P.SPEECH_DATE.match(line)
    if m is None:
        return None
    date = P.DATE.fullmatch(m["date"])
    if date is None:
        return None
    said_on, said_until, precision = _dates(date)
    if said_on is None:
        return None
    return Attribution(said_on, precision, None, None, said_until=said_until)


def _states_who_or_where(
    said_on: dt.date | None,
    speaker: str | None,
    occasion: str | None,
    excerpt: bool,
    work: re.Match[str] | None,
) -> bool:
    """An attribution names a speaker or an occasion that reads like one (a speech, a letter…)."""
    if work is not None or (excerpt and (speaker or occasion)):
        return True
    if occasion is None:
        return speaker is not None  # "——习近平"
    names_speech = bool(P.OCCASION_END.search(occasion))
    if speaker is not None:
        # With a date any occasion goes; without one, "——习近平总书记的殷切寄语激励…" is a
        # subtitle, not an attribution.
        return said_on is not None or names_speech or bool(P.OCCASION_START.match(occasion))
    if said_on is not None:
        return names_speech or bool(P.OCCASION_START.match(occasion))
    # No date, no speaker: it must name a kind of speech ("——在…上的讲话"); a bullet point
    # such as "——在实践上，…" opens the same way.
    return names_speech


def _join_titles(before: str | None, after: str | None) -> str | None:
    titles = [t.strip("、 ") for t in (before, after) if t and t.strip("、 ")]
    return "、".join(titles) or None


def _dates(m: re.Match[str]) -> tuple[dt.date | None, dt.date | None, str]:
    """Start, end (ranges only) and precision of a matched DATE."""
    year, month, day = _number(m["y"]), _number(m["m"]), _number(m["d"])
    precision = "day" if day is not None else "month" if month is not None else "year"
    start = _date(year, month or 1, day or 1)
    until = None
    if m["to_d"] is not None and start is not None:
        until = _date(
            _number(m["to_y"]) or year,
            _number(m["to_m"]) or month,
            _number(m["to_d"]),
        )
        if until is not None and until < start:
            until = None
    return start, until, precision


def _date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    try:
        return dt.date(year, month, day)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # 2月30日: not a date after all
        return None


def _number(text: str | None) -> int | None:
    """An Arabic or Chinese-numeral number: "2014", "二〇一四", "十一", "十九", "二十八"."""
    if not text:
        return None
    if text.isascii():
        return int(text)
    if "十" not in text:  # digit by digit: 二〇一四
        return int("".join(str(P.CN_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    return (P.CN_DIGITS[tens] if tens else 1) * 10 + (P.CN_DIGITS[units] if units else 0)
