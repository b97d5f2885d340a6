"""Arrow schemas of the two datasets, built from the declarations in ``pipelines.records``."""

from __future__ import annotations

import dataclasses
from typing import Any

import pyarrow as pa

from pipelines.records import Article, DistinctQuotation, Quotation

# Bump on any change of columns or their meaning; written into every file's metadata.
SCHEMA_VERSION = "3"


def arrow_schema(record_type: type, name: str) -> pa.Schema:
    """The Arrow schema of a records dataclass, with each column's description as metadata."""
    fields = []
    for f in dataclasses.fields(record_type):
        meta = f.metadata
        fields.append(
            pa.field(
                f.name,
                meta["arrow_type"],
                nullable=meta["nullable"],
                metadata={"description": meta["doc"]},
            )
        )
    return pa.schema(
        fields,
        metadata={
            "schema_version": SCHEMA_VERSION,
            "dataset": name,
            "producer": "peoples-daily-archive",
        },
    )


ARTICLES = arrow_schema(Article, "articles")
QUOTATIONS = arrow_schema(Quotation, "quotations")
QUOTES = arrow_schema(DistinctQuotation, "quotes")
SCHEMAS = {"articles": ARTICLES, "quotations": QUOTATIONS, "quotes": QUOTES}
RECORDS = {"articles": Article, "quotations": Quotation, "quotes": DistinctQuotation}
COLUMNS: dict[str, tuple[str, ...]] = {name: tuple(s.names) for name, s in SCHEMAS.items()}


def columns(dataset: str, *names: str) -> pa.Schema:
    """A reader's schema: ``names`` of ``dataset`` with their declared types. Nullable all: a
    reader takes what older files give (a column they lack reads as nulls)."""
    declared = SCHEMAS[dataset]
    return pa.schema([declared.field(name).with_nullable(True) for name in names])


# Strings with few distinct values: dictionary-encoded. Long unique text (body, quote text,
# ids, URLs of articles) is not, where a dictionary would only cost space and time.
DICTIONARY_COLUMNS: dict[str, list[str]] = {
    name: [f.name for f in dataclasses.fields(record) if f.metadata["repeated"]]
    for name, record in RECORDS.items()
}


def to_table(rows: list[Any], schema: pa.Schema) -> pa.Table:
    """Rows (records dataclasses) as a table of ``schema``."""
    # Column by column: twice as fast as a dict per row (Table.from_pylist).
    return pa.Table.from_pydict({n: [getattr(r, n) for r in rows] for n in schema.names}, schema)
