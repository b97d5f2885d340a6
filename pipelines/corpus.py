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
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from core.locks import FileLock
from core.output import OutputRoot
from pipelines import schema
from pipelines.dataset import ParquetWriteError, scan, write_file
from pipelines.derived import conform
from pipelines.quotekey import normalise
from pipelines.records import DistinctQuotation
from pipelines.variants import Candidate, link_variants

logger = logging.getLogger(__name__)

DATASET = "quotes"
FILE_NAME = "quotes.parquet"
LOCK_FILE = ".quotes.lock"
# What an article-quotation row must say for the quotes/ row: read from quotations/.
_OCCURRENCE_COLUMNS = schema.columns(
    "quotations", "quote_key", "article_id", "article_version", "ordinal", "text", "speaker",
    "speaker_kind", "said_on", "said_precision", "occasion", "occasion_kind", "source_work",
)  # fmt: skip
# The order occurrences are grouped in: one key's printings earliest first (undated last), then
# by article and place in it, so the choices among equals do not depend on the order the files
# were listed in.
_OCCURRENCE_ORDER = [
    ("quote_key", "ascending"), ("published_at", "ascending"), ("article_id", "ascending"),
    ("ordinal", "ascending"),
]  # fmt: skip
_KEY = schema.columns("quotations", "quote_key")
_PUBLISHED_COLUMNS = schema.columns("articles", "article_id", "version", "published_at")
# The fields on which articles may disagree about one quotation.
DISPUTED = ("speaker", "said_on", "occasion")
# Quotation rows turned into Python objects at once while quotes/ rows are computed: about 1 KB
# each, so the batch bounds the memory that takes.
GROUP_BATCH = 50_000
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


def with_variants(table: pa.Table) -> pa.Table:
    """The quotes/ rows of ``table`` with ``variant_of`` set anew over all of them, sorted by
    key. Linking needs four columns of each row, read as such; the rows stay Arrow's."""
    table = table.sort_by("quote_key")
    keys = table.column("quote_key").to_pylist()
    undated = _UNDATED.timestamp() * 1000
    in_ms = table.column("first_published_at").cast(pa.timestamp("ms", tz="UTC"))
    published = pc.cast(in_ms, pa.int64()).to_pylist()
    links = link_variants(
        Candidate(key, normalise(text or ""), count, (undated if when is None else when) / 1000)
        for key, text, count, when in zip(
            keys,
            table.column("text").to_pylist(),
            table.column("article_count").to_pylist(),
            published,
            strict=True,
        )
    )
    variants = pa.array([links.get(k) for k in keys], schema.QUOTES.field("variant_of").type)
    at = table.schema.get_field_index("variant_of")
    return table.set_column(at, schema.QUOTES.field("variant_of"), variants)


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
        meanwhile counts too. The rows kept stay Arrow columns (the variants are linked over
        all rows, from their keys and texts); only the rows recomputed become Python objects,
        a batch at a time."""
        with self._locked():
            existing = self._read()
            known = existing.column("quote_key").combine_chunks()
            wanted = set(keys) | self._keys_of(changed_articles) | self._lacking(known)
            if not wanted:
                return 0
            kept = existing.filter(pc.invert(pc.is_in(known, value_set=_strings(wanted))))
            # No file yet (or a damaged one): every key is wanted, and reading them all is
            # cheaper than asking each file for a set of all of them.
            fresh = self._distinct(wanted if existing.num_rows else None)
            self._write(with_variants(pa.concat_tables([kept, fresh])))
            return len(wanted)

    def rebuild(self) -> int:
        """Every row computed anew from the quotation rows; how many there are."""
        with self._locked():
            rows = with_variants(self._distinct(None))
            self._write(rows)
            return rows.num_rows

    def lacking(self) -> bool:
        """True when the dataset has quotations but no quotes/ file."""
        return self.output.exists("quotations") and not self.output.exists(DATASET, FILE_NAME)

    # -- reading ---------------------------------------------------------------------------------
    def _read(self) -> pa.Table:
        """The rows of the file, in the current schema; none when it is missing or cannot be
        read (then every row is computed again from the quotation rows: the file lacks them)."""
        if not self.output.exists(DATASET, FILE_NAME):
            return schema.QUOTES.empty_table()
        try:
            table = pq.read_table(self.path, filesystem=self.output.fs)
        except (OSError, pa.ArrowException) as exc:
            logger.error("Cannot read %s (%s): it is built again", self.path, exc)
            return schema.QUOTES.empty_table()
        return conform(table, schema.QUOTES)

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
        found.discard(None)  # type: ignore[arg-type]
        return found

    def _lacking(self, known: pa.Array) -> set[str]:
        """The quotation keys in quotations/ (of any version) that ``known`` lacks: rows a
        failed update left out, or written by a run that did not update."""
        keys = [
            pc.unique(table["quote_key"].combine_chunks())
            for table in self._quotation_rows(_KEY, None)
        ]
        if not keys:
            return set()
        every = pc.unique(pa.concat_arrays(keys)).drop_null()
        return set(every.filter(pc.invert(pc.is_in(every, value_set=known))).to_pylist())

    def _distinct(self, keys: set[str] | None) -> pa.Table:
        """The rows of ``keys`` (all when None) from the latest versions' quotation rows: the
        occurrences chosen and given their publication times column-wise, then grouped by key
        a batch at a time, so only one batch is ever Python objects."""
        # articles/ read once, three narrow columns: the latest versions and their times.
        articles = pa.concat_tables(
            [
                _PUBLISHED_COLUMNS.empty_table(),
                *scan(self.output.uri, "articles", _PUBLISHED_COLUMNS),
            ]
        )
        latest = _latest_versions(articles)
        where = None if keys is None else _isin("quote_key", keys)
        found = pa.concat_tables(
            [
                _OCCURRENCE_COLUMNS.empty_table(),
                *self._quotation_rows(_OCCURRENCE_COLUMNS, where),
            ]
        )
        found = found.filter(
            pc.is_in(_version_keys(found["article_id"], found["article_version"]), latest)
        )
        published = _published(articles, pc.unique(found["article_id"]), latest)
        at = pc.index_in(found["article_id"], value_set=published["article_id"])
        found = found.append_column(
            _PUBLISHED_COLUMNS.field("published_at"), published["published_at"].take(at)
        ).sort_by(_OCCURRENCE_ORDER)
        tables = [schema.QUOTES.empty_table()]
        for rows in _by_key(found):
            grouped: dict[str, list[Occurrence]] = {}
            for r in rows:
                del r["article_version"], r["ordinal"]
                grouped.setdefault(r["quote_key"], []).append(Occurrence(**r))
            distinct_rows = [distinct(key, printed) for key, printed in grouped.items()]
            tables.append(schema.to_table(distinct_rows, schema.QUOTES))
        return pa.concat_tables(tables)

    # -- writing ---------------------------------------------------------------------------------
    def _write(self, table: pa.Table) -> None:
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
    return pc.field(column).isin(_strings(values))


def _strings(values: set[str]) -> pa.Array:
    return pa.array(sorted(values), pa.string())


def _latest_versions(articles: pa.Table) -> pa.Array:
    """The ``_version_keys`` of each article's latest version (a version left null counts as
    1, as ``pipelines.dataset.read_versions`` counts it)."""
    versions = pa.table(
        {"article_id": articles["article_id"], "version": pc.fill_null(articles["version"], 1)}
    )
    newest = versions.group_by("article_id").aggregate([("version", "max")])
    return _version_keys(newest["article_id"], newest["version_max"])


def _published(articles: pa.Table, wanted: pa.Array, latest: pa.Array) -> pa.Table:
    """``articles``' rows (id, version, publication time) of the latest version of each of
    ``wanted``: chosen once over the whole column, not with a set built per file."""
    chosen = pc.and_(
        pc.is_in(articles["article_id"], wanted),
        pc.is_in(_version_keys(articles["article_id"], articles["version"]), latest),
    )
    return articles.filter(chosen)


def _version_keys(article_ids: pa.Array, versions: pa.Array) -> pa.Array:
    """``article_id`` and version as one string per row, to match rows to the latest versions
    with ``is_in`` (a hash set of the latest keys; lighter than a join, and keeps row order)."""
    joined = pc.binary_join_element_wise(article_ids, pc.cast(versions, pa.string()), "\x1f")
    return joined.combine_chunks() if isinstance(joined, pa.ChunkedArray) else joined


def _by_key(table: pa.Table) -> Iterator[list[dict[str, Any]]]:
    """The rows of ``table`` (sorted by ``quote_key``) as dicts, about ``GROUP_BATCH`` at a time,
    never splitting one key's rows between two batches."""
    carry: list[dict[str, Any]] = []
    for batch in table.to_batches(max_chunksize=GROUP_BATCH):
        rows = carry + batch.to_pylist()
        last, cut = rows[-1]["quote_key"], len(rows)
        while cut and rows[cut - 1]["quote_key"] == last:
            cut -= 1
        if cut:
            yield rows[:cut]
        carry = rows[cut:]
    if carry:
        yield carry
