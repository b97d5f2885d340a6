"""How well quotes/ groups the quotations the generated site planted: pairwise precision and
recall of the grouping, for ``make bench`` and the tests.

Every quotation row of a crawl of the generated site is one printing of a known passage
(``GeneratedSite.planted``); quotes/ puts it in a group (``coalesce(variant_of, quote_key)``).
Of the pairs of printings quotes/ puts in one group, precision is the share that print one
passage; of the pairs that print one passage, recall is the share quotes/ puts in one group.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from math import comb
from pathlib import Path

import duckdb

from samplesite.generated import FIRST_CONTENT_ID, GeneratedSite

# Each quotation row of the latest article versions, with the group quotes/ gives it.
_ROWS = """
    SELECT q.article_id, q.ordinal, coalesce(c.variant_of, c.quote_key) AS grp
    FROM read_parquet('{root}/quotations/**/*.parquet') AS q
    JOIN (SELECT article_id, max(version) AS version
          FROM read_parquet('{root}/articles/**/*.parquet') GROUP BY article_id) AS a
      ON q.article_id = a.article_id AND q.article_version = a.version
    LEFT JOIN read_parquet('{root}/quotes/*.parquet') AS c ON c.quote_key = q.quote_key
"""


@dataclass(frozen=True, slots=True)
class Grouping:
    printings: int
    passages: int  # planted passages among them
    groups: int  # groups quotes/ made of them
    precision: float
    recall: float


def score(site: GeneratedSite, root: Path) -> Grouping:
    """The grouping quotes/ under ``root`` made of a crawl of ``site``."""
    pairs: list[tuple[int, str]] = []
    for article_id, ordinal, group in duckdb.connect().sql(_ROWS.format(root=root)).fetchall():
        n = int(article_id.removeprefix("people-")) - FIRST_CONTENT_ID
        pairs.append((site.planted(n)[ordinal - 1].passage, group))
    together = sum(comb(c, 2) for c in Counter(pairs).values())
    in_groups = sum(comb(c, 2) for c in Counter(g for _, g in pairs).values())
    in_passages = sum(comb(c, 2) for c in Counter(p for p, _ in pairs).values())
    return Grouping(
        printings=len(pairs),
        passages=len({p for p, _ in pairs}),
        groups=len({g for _, g in pairs}),
        precision=together / in_groups if in_groups else 1.0,
        recall=together / in_passages if in_passages else 1.0,
    )
