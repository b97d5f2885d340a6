"""Near-duplicate quotations: linked, not merged.

Two distinct quotations (two ``quote_key``) are variants of one another when, normalised
(``pipelines.quotekey.normalise``) and at least ``MIN_LINK_CHARS`` long,

- one contains the other (a compilation quoting a shortened passage), or
- they differ by a few characters: a Levenshtein distance of at most ``max_edits(length)`` (a
  character misprinted, a word added).

A variant points at a canonical quotation it is itself alike, never at one it only reaches
through a third: two passages that each contain the same shorter one are not linked to each
other (that would merge them blindly). Taken in order of rank (quoted in most articles, then
the longest, then the earliest published, then the smallest key), a quotation alike one or more
canonical quotations is a variant of the highest ranked of them (its ``variant_of`` is that
key); one alike none is canonical (``variant_of`` null), as is a quotation with no variant. So
``variant_of`` always names a canonical row, and ``coalesce(variant_of, quote_key)`` groups.

Finding the pairs without comparing every pair: each text is indexed by its fingerprints, chosen
by winnowing (Schleimer, Wilkerson and Aiken, 2003): of every ``WINDOW`` consecutive
``SHINGLE_CHARS``-character substrings, the one with the smallest hash. The choice depends on
the text alone, so a text contained in another has all its fingerprints in it, and any text of
``WINDOW + SHINGLE_CHARS - 1`` characters or more has one; a text a few edits away keeps most
of them. Candidates are checked exactly (substring, or rapidfuzz's Levenshtein distance).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from rapidfuzz.distance import Levenshtein

# Texts shorter than this (normalised) are never linked: a short phrase recurs in unrelated
# passages.
MIN_LINK_CHARS = 12
SHINGLE_CHARS = 4
WINDOW = 4
# The shingle hash: a polynomial over code points, then mixed (splitmix64's constants).
_BASE = np.uint64(1_000_003)
_SHIFT = np.uint64(31)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
# Texts fingerprinted at once: the arrays are per character, so this bounds their memory.
FINGERPRINT_BATCH = 20_000
# A fingerprint found in more distinct texts than this (a set phrase) says nothing about which
# texts are alike: it is not paired through, except for a text made of such fingerprints,
# whose candidates are then the texts holding every one of them (a famous sentence, and the
# many longer passages quoting it). One in more than FLOOD_SHINGLE texts is not used at all.
COMMON_SHINGLE = 64
FLOOD_SHINGLE = 8192
# The most characters two variants may differ by, however long (see max_edits).
MAX_EDITS = 6


def max_edits(length: int) -> int:
    """How many characters two texts of about ``length`` may differ by and be variants."""
    return max(1, min(MAX_EDITS, length // 20))


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the linking needs to know of one distinct quotation."""

    key: str
    normalised: str
    article_count: int
    first_published: float  # a timestamp; earlier wins a tie

    def rank(self) -> tuple[int, int, float]:
        """Higher is more canonical: most quoted, then longest, then earliest."""
        return (self.article_count, len(self.normalised), -self.first_published)


def link_variants(quotes: Iterable[Candidate]) -> dict[str, str]:
    """``variant_of`` for every quotation that is a variant: key → the canonical key."""
    linkable = {q.key: q for q in quotes if len(q.normalised) >= MIN_LINK_CHARS}
    alike: dict[str, set[str]] = defaultdict(set)
    for a, b in _pairs(list(linkable.values())):
        alike[a].add(b)
        alike[b].add(a)
    links: dict[str, str] = {}
    canonical: set[str] = set()
    for quote in sorted((linkable[k] for k in alike), key=_by_rank):
        # Every canonical one so far outranks this one: the first of them in rank order wins.
        heads = [linkable[k] for k in alike[quote.key] if k in canonical]
        if heads:
            links[quote.key] = min(heads, key=_by_rank).key
        else:
            canonical.add(quote.key)
    return links


def _by_rank(quote: Candidate) -> tuple[int, int, float, str]:
    """Most canonical first; the smallest key wins a tie."""
    count, length, earliest = quote.rank()
    return (-count, -length, -earliest, quote.key)


def _pairs(quotes: list[Candidate]) -> Iterable[tuple[str, str]]:
    """The pairs of variants among ``quotes`` (each pair found once or more)."""
    prints, owners = _fingerprints_of(q.normalised for q in quotes)
    own = np.bincount(owners, minlength=len(quotes))  # fingerprints per text
    order = np.argsort(prints, kind="stable")
    prints, owners = prints[order], owners[order]
    starts = np.flatnonzero(np.r_[True, prints[1:] != prints[:-1]])
    sizes = np.diff(np.r_[starts, len(prints)])
    needed = np.maximum(1, own // 2)  # fingerprints a candidate must share
    shared: Counter[tuple[int, int]] = Counter()
    rare = np.zeros(len(quotes), np.int64)  # fingerprints paired through, per text
    common: list[np.ndarray] = []  # the texts of each common fingerprint
    for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
        texts = owners[start : start + size]
        if size <= COMMON_SHINGLE:
            shared.update(itertools.permutations(texts.tolist(), 2))
            rare[texts] += 1
        elif size <= FLOOD_SHINGLE:
            common.append(texts)
    for (i, j), count in shared.items():
        if count >= needed[i] and _alike(quotes[i].normalised, quotes[j].normalised):
            yield quotes[i].key, quotes[j].key
    for i, holders in _made_of_common(common, rare, needed).items():
        text = quotes[i].normalised
        within = len(text) + MAX_EDITS  # a text longer still is alike only if it holds text
        for j in _holding_all(holders).tolist():
            other = quotes[j].normalised
            if j != i and (text in other or (len(other) <= within and _alike(text, other))):
                yield quotes[i].key, quotes[j].key


def _made_of_common(
    common: list[np.ndarray], rare: np.ndarray, needed: np.ndarray
) -> dict[int, list[np.ndarray]]:
    """The texts that only their common fingerprints could pair (too few of the others), each
    with the holders of those fingerprints."""
    if not common:
        return {}
    counts = np.bincount(np.concatenate(common), minlength=len(rare))
    starved = (rare < needed) & (rare + counts >= needed)
    found: dict[int, list[np.ndarray]] = defaultdict(list)
    for texts in common:
        for i in texts[starved[texts]].tolist():
            found[i].append(texts)
    return found


def _holding_all(holders: list[np.ndarray]) -> np.ndarray:
    """The texts holding every one of a text's common fingerprints (each array sorted)."""
    holders = sorted(holders, key=len)
    found = holders[0]
    for texts in holders[1:]:
        if len(found) <= 1:
            break
        found = np.intersect1d(found, texts, assume_unique=True)
    return found


def _alike(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if short in long:
        return True
    edits = max_edits(len(long))
    return len(long) - len(short) <= edits and (
        Levenshtein.distance(short, long, score_cutoff=edits) <= edits
    )


def _fingerprints_of(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every text's winnowed fingerprints (see the docstring) as one array, each once per text,
    and the index of the text each belongs to: ``FINGERPRINT_BATCH`` texts at a time, each
    batch in a few array operations (the arrays of a batch take some 50 bytes a character;
    the fingerprints kept, about a third of that)."""
    texts = list(texts)
    prints, owners = [np.empty(0, np.uint64)], [np.empty(0, np.int64)]
    for first in range(0, len(texts), FINGERPRINT_BATCH):
        found, of = _batch_fingerprints(texts[first : first + FINGERPRINT_BATCH])
        prints.append(found)
        owners.append(of + first)
    return np.concatenate(prints), np.concatenate(owners)


def _batch_fingerprints(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``_fingerprints_of`` for one batch, its texts numbered from 0."""
    encoded = [t.encode("utf-32-le") for t in texts]
    lengths = np.fromiter(map(len, encoded), np.int64, len(encoded)) // 4
    points = np.frombuffer(b"".join(encoded), "<u4").astype(np.uint64)
    owner = np.repeat(np.arange(len(encoded)), lengths)
    shingles = len(points) - SHINGLE_CHARS + 1
    if shingles <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    hashes = np.zeros(shingles, np.uint64)
    for offset in range(SHINGLE_CHARS):  # a polynomial hash of each shingle, mod 2**64
        hashes = hashes * _BASE + points[offset : offset + shingles]
    hashes = (hashes ^ (hashes >> _SHIFT)) * _MIX  # mixed: code points are close together
    # A window's minimum, where the window's shingles all lie in one text.
    span = WINDOW + SHINGLE_CHARS - 1
    windows = max(0, len(points) - span + 1)
    prints = sliding_window_view(hashes, WINDOW).min(axis=1) if windows else hashes[:0]
    whole = owner[:windows] == owner[span - 1 : span - 1 + windows]
    prints, owners = prints[whole], owner[:windows][whole]
    # Neighbouring windows mostly share their minimum: one of each run of equals is enough.
    changes = np.r_[True, (prints[1:] != prints[:-1]) | (owners[1:] != owners[:-1])]
    prints, owners = prints[changes], owners[changes]
    # A text too short for one window: the minimum of its shingles.
    short = np.flatnonzero((lengths >= SHINGLE_CHARS) & (lengths < span))
    if len(short):
        starts = np.r_[0, np.cumsum(lengths)[:-1]][short]
        minima = [
            hashes[a : a + n - SHINGLE_CHARS + 1].min()
            for a, n in zip(starts, lengths[short], strict=True)
        ]
        prints = np.r_[prints, np.array(minima, np.uint64)]
        owners = np.r_[owners, short]
    order = np.lexsort((prints, owners))  # by text, then fingerprint: repeats side by side
    prints, owners = prints[order], owners[order]
    first = np.r_[True, (prints[1:] != prints[:-1]) | (owners[1:] != owners[:-1])]
    return prints[first], owners[first]
