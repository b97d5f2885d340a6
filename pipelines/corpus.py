"""The quotes/ dataset: one row per distinct quotation, across every article that quotes it.

Built from the quotation rows of each article's latest version (``quote_key`` says which rows
are one quotation): how many articles quote it, the first and the latest, what they say of its
speaker, date and occasion (the most frequent value; the rows that disagree are counted in
``conflicts``), and which other quotation it is a near-duplicate of (``variant_of``,
``pipelines.variants``).

The dataset is one file, ``quotes/quotes.parquet``, replaced whole each time it changes (written
aside and renamed; one PUT on an object store), so a reader never sees two versions of a row.
Every crawl and replay updates it as it closes: it recomputes the rows of the quotations it
wrote (and of those its changed articles no longer hold, and of any the file lacks), keeps the
others as they were, and links the variants again over all of them. ``scrapy compact``
rebuilds it whole. Updates take ``.quotes.lock`` (an exclusive flock, waited for) on a local
root, so two runs closing at once do not lose each other's rows.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from core.locks import FileLock
from core.output import OutputRoot
from pipelines import schema
from pipelines.dataset import ParquetWriteError, read_versions, scan, write_file
from pipelines.quotekey import normalise
from pipelines.records import DistinctQuotation
from pipelines.variants import Candidate, link_variants

if TYPE_CHECKING:
    import pyarrow.compute as pc

logger = logging.getLogger(__name__)

DATASET = "quotes"
FILE_NAME = "quotes.parquet"
LOCK_FILE = ".quotes.lock"
# What an article-quotation row must say for the quotes/ row: read from quotations/.
_OCCURRENCE_COLUMNS = schema.columns(
    "quotations", "quote_key", "article_id", "article_version", "text", "speaker",
    "speaker_kind", "said_on", "said_precision", "occasion", "occasion_kind", "source_work",
)  # fmt: skip
_KEY = schema.columns("quotations", "quote_key")
_PUBLISHED_COLUMNS = schema.columns("articles", "article_id", "version", "published_at")
# The fields on which articles may disagree about one quotation.
DISPUTED = ("speaker", "said_on", "occasion")
# An article with no publication date sorts after every dated one.
_UNDATED = dt.datetime.max.replace(tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A quotation as one article's latest version prints it."""

    quote_key: str
    article_id: str
    published_at: dt.datetime | None
    text: str
    speaker: str | None
    speaker_kind: str | None
    said_on: dt.date | None
    said_precision: str | None
    occasion: str | None
    occasion_kind: str | None
    source_work: str | None

    @property
    def order(self) -> tuple[dt.datetime, str]:
        return (self.published_at or _UNDATED, self.article_id)


def distinct(key: str, occurrences: list[Occurrence]) -> DistinctQuotation:
    """The quotes/ row of one quotation from every article's printing of it (pure)."""
    printed = sorted(occurrences, key=lambda o: o.order)  # earliest first: it wins ties
    chosen = {name: _most_frequent(getattr(o, name) for o in printed) for name in DISPUTED}
    disagree = [
        o
        for o in printed
        if any(getattr(o, n) is not None and getattr(o, n) != chosen[n] for n in DISPUTED)
    ]
    fields = [n for n in DISPUTED if any(getattr(o, n) not in (None, chosen[n]) for o in printed)]
    dated = next((o for o in printed if o.said_on == chosen["said_on"]), printed[0])
    named = next((o for o in printed if o.speaker == chosen["speaker"]), printed[0])
    placed = next((o for o in printed if o.occasion == chosen["occasion"]), printed[0])
    articles = list(dict.fromkeys(o.article_id for o in printed))
    first, latest = printed[0], printed[-1]
    return DistinctQuotation(
        quote_key=key,
        text=_most_frequent(o.text for o in printed) or printed[0].text,
        speaker=chosen["speaker"],
        speaker_kind=named.speaker_kind if chosen["speaker"] is not None else None,
        said_on=chosen["said_on"],
        said_precision=dated.said_precision if chosen["said_on"] is not None else None,
        occasion=chosen["occasion"],
        occasion_kind=placed.occasion_kind if chosen["occasion"] is not None else None,
        source_work=_most_frequent(o.source_work for o in printed),
        article_count=len(articles),
        quotation_count=len(printed),
        first_article_id=first.article_id,
        first_published_at=first.published_at,
        latest_article_id=latest.article_id,
        latest_published_at=latest.published_at,
        article_ids=articles,
        conflicts=len(disagree),
        conflict_fields=fields,
    )


def _most_frequent(values: Iterable[Any]) -> Any:
    """The most frequent value that is not None (the first seen wins a tie); None if none."""
    counts = Counter(v for v in values if v is not None)
    return max(counts, key=counts.__getitem__) if counts else None  # dicts keep first-seen order


def with_variants(rows: Iterable[DistinctQuotation]) -> list[DistinctQuotation]:
    """``rows`` with ``variant_of`` set anew over all of them, sorted by key."""
    rows = sorted(rows, key=lambda r: r.quote_key)
    links = link_variants(
        Candidate(
            r.quote_key,
            normalise(r.text),
            r.article_count,
            (r.first_published_at or _UNDATED).timestamp(),
        )
        for r in rows
    )
    for row in rows:
        row.variant_of = links.get(row.quote_key)
    return rows


class QuoteCorpus:
    """The quotes/ dataset under an output root: ``update`` after a run, ``rebuild`` in full."""

    def __init__(self, root: Path | str, run_id: str) -> None:
        self.output = OutputRoot.of(root)
        self.run_id = run_id
        self.relative = f"{DATASET}/{FILE_NAME}"
        self.path = self.output.join(DATASET, FILE_NAME)

    def update(self, keys: set[str], changed_articles: set[str]) -> int:
        """Recompute the rows of ``keys``, of the quotations ``changed_articles`` held in their
        earlier versions, and of any quotation the file lacks. Returns how many rows were
        recomputed. The articles' versions are read under the lock: what another run wrote
        meanwhile counts too."""
        with self._locked():
            existing = {r.quote_key: r for r in self._read()}
            wanted = (
                set(keys) | self._keys_of(changed_articles) | (self._all_keys() - existing.keys())
            )
            if not wanted:
                return 0
            fresh = self._distinct(wanted)
            kept = [r for k, r in existing.items() if k not in wanted]
            self._write(with_variants([*kept, *fresh]))
            return len(wanted)

    def rebuild(self) -> int:
        """Every row computed anew from the quotation rows; how many there are."""
        with self._locked():
            rows = with_variants(self._distinct(None))
            self._write(rows)
            return len(rows)

    def lacking(self) -> bool:
        """True when the dataset has quotations but no quotes/ file."""
        return self.output.exists("quotations") and not self.output.exists(DATASET, FILE_NAME)

    # -- reading ---------------------------------------------------------------------------------
    def _read(self) -> list[DistinctQuotation]:
        """The rows of the file; none when it is missing or cannot be read (then every row is
        computed again from the quotation rows: the file lacks them all)."""
        if not self.output.exists(DATASET, FILE_NAME):
            return []
        try:
            table = pq.read_table(self.path, filesystem=self.output.fs)
        except (OSError, pa.ArrowException) as exc:
            logger.error("Cannot read %s (%s): it is built again", self.path, exc)
            return []
        known = {f.name for f in schema.QUOTES}
        return [
            DistinctQuotation(**{k: v for k, v in row.items() if k in known})
            for row in table.to_pylist()
        ]

    def _quotation_rows(
        self, columns: pa.Schema, where: pc.Expression | None
    ) -> Iterator[pa.Table]:
        # Files older than quote_key give it from their text (pipelines.dataset.scan).
        return scan(self.output.uri, "quotations", columns, where)

    def _keys_of(self, articles: set[str]) -> set[str]:
        if not articles:
            return set()
        found: set[str] = set()
        columns = schema.columns("quotations", "quote_key", "article_id")
        for table in self._quotation_rows(columns, _isin("article_id", articles)):
            found.update(table.column("quote_key").to_pylist())
        return found

    def _all_keys(self) -> set[str]:
        """Every quotation key in quotations/ (of any version: a row the file lacks is one a
        failed update left out, or one written by a run that did not update)."""
        found: set[str] = set()
        for table in self._quotation_rows(_KEY, None):
            found.update(table.column("quote_key").to_pylist())
        return found

    def _distinct(self, keys: set[str] | None) -> list[DistinctQuotation]:
        """The rows of ``keys`` (all when None) from the latest versions' quotation rows."""
        latest = {
            article_id: version
            for article_id, (version, _) in read_versions(self.output.uri).items()
        }
        where = None if keys is None else _isin("quote_key", keys)
        rows: list[dict[str, Any]] = []
        for table in self._quotation_rows(_OCCURRENCE_COLUMNS, where):
            rows.extend(
                r for r in table.to_pylist() if latest.get(r["article_id"]) == r["article_version"]
            )
        published = self._published({r["article_id"] for r in rows}, latest)
        grouped: dict[str, list[Occurrence]] = {}
        for r in rows:
            del r["article_version"]
            grouped.setdefault(r["quote_key"], []).append(
                Occurrence(**r, published_at=published.get(r["article_id"]))
            )
        return [distinct(key, found) for key, found in grouped.items()]

    def _published(self, articles: set[str], latest: dict[str, int]) -> dict[str, dt.datetime]:
        if not articles:
            return {}
        published: dict[str, dt.datetime] = {}
        for table in scan(
            self.output.uri, "articles", _PUBLISHED_COLUMNS, _isin("article_id", articles)
        ):
            for article_id, version, when in zip(
                *_columns(table, "article_id", "version", "published_at"), strict=True
            ):
                if latest.get(article_id) == version and when is not None:
                    published[article_id] = when
        return published

    # -- writing ---------------------------------------------------------------------------------
    def _write(self, rows: list[DistinctQuotation]) -> None:
        table = schema.to_table(rows, schema.QUOTES)
        local = self.output.local
        try:
            if local is None:  # an object store: one PUT, whole or not at all
                write_file(table, self.path, DATASET, self.run_id, filesystem=self.output.fs)
                return
            final = local / DATASET / FILE_NAME
            final.parent.mkdir(parents=True, exist_ok=True)
            aside = final.with_name(f".{FILE_NAME}.{self.run_id}")
            try:
                write_file(table, aside, DATASET, self.run_id)
                aside.replace(final)
            finally:
                aside.unlink(missing_ok=True)
        except (OSError, pa.ArrowException) as exc:
            raise ParquetWriteError(f"cannot write {self.path}: {exc}") from exc

    def _locked(self) -> AbstractContextManager[object]:
        local = self.output.local
        if local is None:
            return nullcontext()  # object stores have no flock: the scheduler keeps runs apart
        return FileLock(local / LOCK_FILE, exclusive=True, wait=True)


def _isin(column: str, values: set[str]) -> pc.Expression:
    import pyarrow.compute as pc  # a fifth of a second: only when quotes/ is built

    return pc.field(column).isin(pa.array(sorted(values), pa.string()))


def _columns(table: pa.Table, *names: str) -> list[list[Any]]:
    return [table.column(n).to_pylist() for n in names]
