"""The datasets as files: how every Parquet file of the project is written, and read back.

``write_file`` writes one file as every writer here does (zstd, the dictionary-encoded columns,
row groups, the run id in its metadata). The read side is what the writers, the incremental
crawl and the tools ask of the datasets, and the public surface of this stage for the others:
``known_articles`` is what a crawl consults to skip what it has (``spiders.incremental``).
Files are read column by column through the documented schema, so a file written before a
column existed reads it as nulls, and a file that cannot be read costs its rows, not the run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from core.errors import OutputError
from core.output import OutputRoot
from pipelines import schema
from pipelines.derived import sources_of, with_derived

if TYPE_CHECKING:
    import pyarrow.compute as pc

logger = logging.getLogger(__name__)

# Where files are written before they are renamed into a dataset.
STAGING = ".staging"
# Rows per row group: large enough for scans to skip by statistics, small enough to stream.
ROW_GROUP_ROWS = 128 * 1024


class ParquetWriteError(OutputError):
    """A Parquet file could not be written or moved into the dataset."""


def write_file(
    table: pa.Table,
    path: Path | str,
    dataset: str,
    run_id: str,
    filesystem: pafs.FileSystem | None = None,
    **metadata: str,
) -> None:
    """One Parquet file of ``dataset``, as every writer of this project writes it: the run that
    wrote it (and any other ``metadata``) in the file's metadata, beside the schema's."""
    extra = {"run_id": run_id, **metadata}
    pq.write_table(
        table.replace_schema_metadata({**(table.schema.metadata or {}), **extra}),
        str(path),
        compression="zstd",
        use_dictionary=schema.DICTIONARY_COLUMNS[dataset],
        row_group_size=ROW_GROUP_ROWS,
        filesystem=filesystem,
    )


# The columns read_versions needs; files older than the columns read them as nulls.
_VERSION_COLUMNS = schema.columns("articles", "article_id", "version", "content_hash")
_KNOWN_COLUMNS = schema.columns("articles", "article_id", "published_at")
# An article the dataset has with no publication time counts as old.
_UNDATED = dt.datetime.min.replace(tzinfo=dt.UTC)


def scan(
    root: Path | str, dataset: str, columns: pa.Schema, where: pc.Expression | None = None
) -> Iterator[pa.Table]:
    """``columns`` of every file of ``dataset`` under ``root`` (a path or URI), file by file,
    only the rows ``where`` holds when given.

    Files written before a column existed give it derived from their other columns where
    ``pipelines.derived`` says how (``quote_key`` from ``text``…), else as nulls; a file that
    cannot be read is logged and skipped, so a damaged file costs its rows, not the run.
    """
    output = OutputRoot.of(root)
    if not output.exists(dataset):
        return
    # Imported here: it takes a third of a second (pandas with it, where installed), and a run
    # into a new output root never needs it.
    import pyarrow.dataset as ds

    found = ds.dataset(output.join(dataset), format="parquet", schema=columns, filesystem=output.fs)
    parquet = ds.ParquetFileFormat()
    for path in found.files:
        # A fragment of its own for each file, dropped when read: the dataset's fragments keep
        # each file's footer once read (some 150 KB each with the columns' descriptions), which
        # over the thousands of files of a large dataset is hundreds of MB held for nothing.
        fragment = parquet.make_fragment(path, filesystem=found.filesystem)
        try:
            missing = set(columns.names) - set(fragment.physical_schema.names)
            if not sources_of(dataset, missing):
                yield fragment.to_table(schema=columns, filter=where)
                continue
            # An older file: its rows read whole with what the missing columns come from, the
            # columns derived, then the rows chosen (a filter on a derived column needs them).
            full = schema.SCHEMAS[dataset]
            needed = list(dict.fromkeys([*columns.names, *sources_of(dataset, missing)]))
            read = pa.schema(
                [columns.field(n) if n in columns.names else full.field(n) for n in needed]
            )
            table = with_derived(fragment.to_table(schema=read), dataset, missing, read)
            if where is not None:
                table = table.filter(where)
            yield table.select(columns.names)
        except (OSError, pa.ArrowException) as exc:
            logger.error("Cannot read %s (%s); its rows are left out", fragment.path, exc)


def read_versions(root: Path | str) -> dict[str, tuple[int, str | None]]:
    """The latest (version, content_hash) of every article in the dataset under ``root``."""
    latest: dict[str, tuple[int, str | None]] = {}
    for table in scan(root, "articles", _VERSION_COLUMNS):
        for article_id, version, digest in zip(
            *(table.column(name).to_pylist() for name in _VERSION_COLUMNS.names), strict=True
        ):
            version = version or 1
            if article_id not in latest or version > latest[article_id][0]:
                latest[article_id] = (version, digest)
    return latest


def known_articles(root: Path | str) -> dict[str, dt.datetime]:
    """article_id → publication time, for every article in the dataset under ``root``."""
    known: dict[str, dt.datetime] = {}
    for table in scan(root, "articles", _KNOWN_COLUMNS):
        for article_id, published in zip(
            table.column("article_id").to_pylist(),
            table.column("published_at").to_pylist(),
            strict=True,
        ):
            known[article_id] = published or _UNDATED
    return known
