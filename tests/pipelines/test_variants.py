"""Near-duplicate quotations are linked to one canonical quotation, not merged."""

from __future__ import annotations

from pipelines.quotekey import normalise
from pipelines.variants import MIN_LINK_CHARS, Candidate, link_variants

FULL = "坚持以人民为中心的发展思想把人民对美好生活的向往作为奋斗目标"
SHORT = FULL[:16]  # a shortened printing


def q(key: str, text: str, articles: int = 1, first: float = 0.0) -> Candidate:
    return Candidate(key, normalise(text), articles, first)


def test_a_shortened_printing_points_at_the_full_passage() -> None:
    assert link_variants([q("full", FULL, 3), q("short", SHORT, 1)]) == {"short": "full"}


def test_the_most_quoted_is_canonical_even_when_shorter() -> None:
    assert link_variants([q("full", FULL, 1), q("short", SHORT, 5)]) == {"full": "short"}


def test_a_few_characters_apart_are_variants() -> None:
    misprinted = FULL.replace("奋斗", "奋进")  # two characters changed
    assert link_variants([q("a", FULL, 2), q("b", misprinted, 1)]) == {"b": "a"}


def test_many_characters_apart_are_not() -> None:
    other = FULL[:10] + "推动高质量发展不断取得新成效让发展成果更多更公平惠及全体人民"
    assert link_variants([q("a", FULL), q("b", other)]) == {}


def test_short_texts_are_never_linked() -> None:
    phrase = "青年兴则国家兴"  # recurs inside unrelated passages
    assert len(phrase) < MIN_LINK_CHARS
    assert (
        link_variants([q("a", "青年兴则国家兴青年强则国家强这是历史的规律"), q("b", phrase)]) == {}
    )


def test_a_group_follows_links_through_and_ties_go_to_the_earliest_then_the_smallest_key() -> None:
    middle = FULL[:24]
    found = link_variants([q("c", SHORT, first=5), q("b", middle, first=1), q("a", FULL, first=9)])
    assert found == {"c": "a", "b": "a"}  # the longest wins among equally quoted ones
    same = link_variants([q("y", FULL, first=1), q("x", FULL.replace("奋斗", "奋进"), first=1)])
    assert same == {"y": "x"}  # same count, length and date: the smallest key


def test_unrelated_passages_stay_apart_at_scale() -> None:
    import random

    rng = random.Random(7)
    chars = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000))
    quotes = [q(f"k{i}", "".join(rng.choices(chars, k=40)), 1) for i in range(2000)]
    assert link_variants(quotes) == {}
    quotes.append(q("short", quotes[0].normalised[:20], 1))
    assert link_variants(quotes) == {"short": "k0"}
