"""Near-duplicate quotations are linked to one canonical quotation, not merged."""

from __future__ import annotations

from pipelines.quotekey import normalise
from pipelines.variants import COMMON_SHINGLE, MIN_LINK_CHARS, Candidate, link_variants

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


def test_each_printing_points_at_the_canonical_ties_to_the_earliest_then_smallest_key() -> None:
    middle = FULL[:24]
    found = link_variants([q("c", SHORT, first=5), q("b", middle, first=1), q("a", FULL, first=9)])
    assert found == {"c": "a", "b": "a"}  # the longest wins among equally quoted ones
    same = link_variants([q("y", FULL, first=1), q("x", FULL.replace("奋斗", "奋进"), first=1)])
    assert same == {"y": "x"}  # same count, length and date: the smallest key


def test_two_passages_sharing_a_shorter_one_are_not_linked_to_each_other() -> None:
    shared = "坚持以人民为中心的发展思想"  # quoted alone, and inside two different passages
    first = "我们要" + shared + "把人民对美好生活的向往作为奋斗目标"
    second = shared + "是马克思主义政治经济学的根本立场不断推动高质量发展"
    found = link_variants([q("a", first, 3), q("b", second, 2), q("x", shared, 1)])
    assert found == {"x": "a"}  # the shared phrase goes to the most quoted; b stays itself
    found = link_variants([q("a", first, 1), q("b", second, 1), q("x", shared, 5)])
    assert found == {"a": "x", "b": "x"}  # both contain the canonical one: both its variants


def test_a_variant_of_a_variant_points_at_no_variant() -> None:
    one = FULL.replace("奋斗", "奋进")  # one character from FULL
    two = one.replace("向往", "向望")  # one from that, two from FULL: alike one only
    found = link_variants([q("full", FULL, 3), q("one", one, 2), q("two", two, 1)])
    assert found == {"one": "full"}  # two is canonical: it is not alike FULL itself
    assert set(found.values()).isdisjoint(found)


def test_unrelated_passages_stay_apart_at_scale() -> None:
    import random

    rng = random.Random(7)
    chars = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000))
    quotes = [q(f"k{i}", "".join(rng.choices(chars, k=40)), 1) for i in range(2000)]
    assert link_variants(quotes) == {}
    quotes.append(q("short", quotes[0].normalised[:20], 1))
    assert link_variants(quotes) == {"short": "k0"}


def test_a_passage_quoted_inside_many_longer_ones_is_linked_to_each() -> None:
    """Its fingerprints are each in more texts than a set phrase's (COMMON_SHINGLE): found
    through the texts holding all of them."""
    import random

    rng = random.Random(11)
    chars = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000))
    famous = "".join(rng.choices(chars, k=40))
    longer = [
        q(
            f"long{n}",
            "".join(rng.choices(chars, k=20)) + famous + "".join(rng.choices(chars, k=20)),
        )
        for n in range(3 * COMMON_SHINGLE)
    ]
    found = link_variants([q("famous", famous, 500), *longer])
    assert found == {f"long{n}": "famous" for n in range(3 * COMMON_SHINGLE)}
