"""The leaders People's Daily quotes, with the offices they held: a lexicon that helps read
attribution lines, never the only way a speaker is found.

``pipelines.attribution`` finds a speaker by the line's grammar (a name between the date and the
occasion, before ``：《…》``, with titles or 同志 beside it), whoever it is. The lexicon serves
where grammar alone cannot decide:

- a line that is only a name, or a name and a work (``——毛泽东``, ``——邓小平《…》``), is an
  attribution when the name is a leader's; ``——陆游`` and ``——李白《将进酒》`` under a poem are
  not;
- a known leader's name is a person (``speaker_kind``) even when no title or 同志 says so.

Offices are the highest party and state posts, with the calendar years in which they were held
(``None``: still held). They document whom the lexicon means; they do not decide anything.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Office:
    title: str  # as People's Daily prints it: 国务院总理, 中共中央总书记…
    start: int
    end: int | None  # None: still held


@dataclass(frozen=True, slots=True)
class Leader:
    name: str
    offices: tuple[Office, ...]


def _leader(name: str, *offices: tuple[str, int, int | None]) -> Leader:
    return Leader(name, tuple(Office(*o) for o in offices))


LEADERS = (
    _leader("毛泽东", ("中共中央主席", 1945, 1976), ("中央人民政府主席", 1949, 1954),
            ("中华人民共和国主席", 1954, 1959), ("中央军委主席", 1949, 1976)),
    _leader("刘少奇", ("全国人大常委会委员长", 1954, 1959), ("中华人民共和国主席", 1959, 1968)),
    _leader("周恩来", ("政务院总理", 1949, 1954), ("国务院总理", 1954, 1976),
            ("外交部部长", 1949, 1958)),
    _leader("朱德", ("中华人民共和国副主席", 1954, 1959), ("全国人大常委会委员长", 1959, 1976)),
    _leader("陈云", ("中共中央副主席", 1956, 1966), ("中共中央副主席", 1978, 1982),
            ("中央顾问委员会主任", 1987, 1992)),
    _leader("邓小平", ("中共中央总书记", 1956, 1966), ("中共中央副主席", 1977, 1982),
            ("中央顾问委员会主任", 1982, 1987), ("中央军委主席", 1981, 1990)),
    _leader("华国锋", ("中共中央主席", 1976, 1981), ("国务院总理", 1976, 1980)),
    _leader("叶剑英", ("全国人大常委会委员长", 1978, 1983)),
    _leader("胡耀邦", ("中共中央主席", 1981, 1982), ("中共中央总书记", 1980, 1987)),
    _leader("李先念", ("中华人民共和国主席", 1983, 1988)),
    _leader("杨尚昆", ("中华人民共和国主席", 1988, 1993)),
    _leader("江泽民", ("中共中央总书记", 1989, 2002), ("中华人民共和国主席", 1993, 2003),
            ("中央军委主席", 1989, 2004)),
    _leader("李鹏", ("国务院总理", 1988, 1998), ("全国人大常委会委员长", 1998, 2003)),
    _leader("朱镕基", ("国务院总理", 1998, 2003)),
    _leader("胡锦涛", ("中华人民共和国副主席", 1998, 2003), ("中共中央总书记", 2002, 2012),
            ("中华人民共和国主席", 2003, 2013), ("中央军委主席", 2004, 2012)),
    _leader("温家宝", ("国务院总理", 2003, 2013)),
    _leader("吴邦国", ("全国人大常委会委员长", 2003, 2013)),
    _leader("习近平", ("中华人民共和国副主席", 2008, 2013), ("中共中央总书记", 2012, None),
            ("中央军委主席", 2012, None), ("中华人民共和国主席", 2013, None)),
    _leader("李克强", ("国务院总理", 2013, 2023)),
    _leader("张德江", ("全国人大常委会委员长", 2013, 2018)),
    _leader("栗战书", ("全国人大常委会委员长", 2018, 2023)),
    _leader("李强", ("国务院总理", 2023, None)),
    _leader("赵乐际", ("全国人大常委会委员长", 2023, None)),
)  # fmt: skip

LEADER_NAMES = frozenset(leader.name for leader in LEADERS)


def is_leader(name: str) -> bool:
    """True for a name in the lexicon."""
    return name in LEADER_NAMES
