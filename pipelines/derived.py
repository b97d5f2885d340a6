"""Columns a later schema added that older rows can be given from what they hold already.

A file written under an older ``schema_version`` lacks the newer columns. Where a newer column
is a function of columns the older file has, it is derived, the same way wherever old rows are
read: by the datasets' reader (``pipelines.dataset.scan``) and by ``scrapy compact``, which
rewrites the files with it (``pipelines.compaction``). Schema 3 added, on quotation rows:

- ``quote_key``, from ``text`` (``pipelines.quotekey``);
- ``speaker_kind``, from ``speaker`` and ``speaker_title``; ``occasion_kind``, from ``occasion``
  (``pipelines.attribution``);
- ``source_volume`` and ``source_page``, from the ``attribution`` line, read again by today's
  parser (a line it reads as no attribution, a speech header's lines, gives none).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa

from pipelines.attribution import Attribution, occasion_kind, parse_attribution, speaker_kind
from pipelines.quotekey import quote_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Derivation:
    """``columns`` computed from ``sources``, all at once (one pass over the rows)."""

    columns: tuple[str, ...]
    sources: tuple[str, ...]
    derive: Callable[[pa.Table], tuple[list[object], ...]]


def _values(table: pa.Table, column: str) -> list[object]:
    """A column's values, nulls for a column the table lacks."""
    if column not in table.column_names:
        return [None] * table.num_rows
    return table.column(column).to_pylist()


def _kinds(table: pa.Table) -> tuple[list[object], ...]:
    speakers = zip(_values(table, "speaker"), _values(table, "speaker_title"), strict=True)
    return (
        [speaker_kind(who, title) for who, title in speakers],  # type: ignore[arg-type]
        [occasion_kind(where) for where in _values(table, "occasion")],  # type: ignore[arg-type]
    )


def _citations(table: pa.Table) -> tuple[list[object], ...]:
    empty = Attribution(None, None, None, None)
    read = [parse_attribution(str(line or "")) or empty for line in _values(table, "attribution")]
    return [a.source_volume for a in read], [a.source_page for a in read]


DERIVED: dict[str, tuple[Derivation, ...]] = {
    "quotations": (
        Derivation(
            ("quote_key",),
            ("text",),
            lambda t: ([quote_key(str(x or "")) for x in _values(t, "text")],),
        ),
        Derivation(
            ("speaker_kind", "occasion_kind"), ("speaker", "speaker_title", "occasion"), _kinds
        ),
        Derivation(("source_volume", "source_page"), ("attribution",), _citations),
    ),
}


def sources_of(dataset: str, missing: set[str]) -> set[str]:
    """The columns needed to derive those of ``missing`` that can be."""
    return {
        source for d in DERIVED.get(dataset, ()) if missing & set(d.columns) for source in d.sources
    }


def with_derived(table: pa.Table, dataset: str, missing: set[str], target: pa.Schema) -> pa.Table:
    """``table`` with the columns of ``missing`` that can be derived set from its other columns
    (typed as in ``target``); the others are left as they are."""
    for derivation in DERIVED.get(dataset, ()):
        wanted = [c for c in derivation.columns if c in missing]
        if not wanted:
            continue
        values = dict(zip(derivation.columns, derivation.derive(table), strict=True))
        for name in wanted:
            array = pa.array(values[name], type=target.field(name).type)
            if name in table.column_names:
                table = table.set_column(table.schema.get_field_index(name), name, array)
            else:
                table = table.append_column(target.field(name), array)
    return table


def conform(table: pa.Table, target: pa.Schema) -> pa.Table:
    """``table`` with exactly the columns of ``target``: files written before a column existed
    get it derived from their other columns where ``pipelines.derived`` says how, else as
    nulls; a column
    the schema no longer has is dropped (with a warning)."""
    extra = set(table.column_names) - set(target.names)
    if extra:
        logger.warning("dropping columns the schema no longer has: %s", ", ".join(sorted(extra)))
    dataset = (target.metadata or {}).get(b"dataset", b"").decode()
    table = with_derived(table, dataset, set(target.names) - set(table.column_names), target)
    columns = [
        table.column(f.name).cast(f.type)
        if f.name in table.column_names
        else pa.nulls(table.num_rows, f.type)
        for f in target
    ]
    return pa.Table.from_arrays(columns, schema=target)
