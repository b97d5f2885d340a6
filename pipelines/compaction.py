"""Merging a dataset's small files, one partition at a time, each partition atomically.

Crawls write one file per batch and partition; after many runs a partition holds many small
files. ``compact(root)`` rewrites each partition that has more than one file, or a file of an
older schema, as a single file (rows sorted for scans, the current schema, every row kept) and
swaps the new partition folder for the old one in one step, so a reader sees either the old
files or the new file, never both and never neither. Columns an older schema lacked are filled
where they can be derived from what the rows hold (``pipelines.derived``), else left null.
Then quotes/ is rebuilt whole from the quotation rows (``pipelines.corpus``). It holds the
dataset's exclusive lock: it refuses to start while a crawl or replay writes, and they refuse to
start while it runs.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from core.errors import OutputError
from core.locks import DatasetLock
from core.output import exchange_folders
from core.progress import Progress
from core.run import new_run_id
from pipelines import schema
from pipelines.corpus import QuoteCorpus
from pipelines.dataset import STAGING, write_file
from pipelines.derived import conform

logger = logging.getLogger(__name__)

# The order rows are stored in after compaction: date-range scans skip row groups by statistics.
SORT_KEYS = {
    "articles": [("published_at", "ascending"), ("article_id", "ascending"),
                 ("version", "ascending")],
    "quotations": [("article_id", "ascending"), ("article_version", "ascending"),
                   ("ordinal", "ascending")],
}  # fmt: skip
# The datasets kept in year/month partitions (quotes/ is one file, rebuilt whole).
PARTITIONED = ("articles", "quotations")


class CompactionError(OutputError):
    """A partition could not be rewritten; the dataset is as it was before that partition."""


@dataclass(frozen=True, slots=True)
class Compacted:
    """One partition rewritten: how many files became one, and how many rows it holds."""

    dataset: str
    partition: str  # e.g. "year=2022/month=11"
    files: int
    rows: int


def compact(root: Path, progress: Progress | None = None) -> list[Compacted]:
    """Rewrite every partition that holds more than one file or an older schema's file, then
    rebuild quotes/; ``progress`` is told the partitions looked at, of how many."""
    root = Path(root)
    done: list[Compacted] = []
    with DatasetLock(root, exclusive=True):
        staging = root / STAGING
        shutil.rmtree(staging, ignore_errors=True)  # no writer runs: leftovers are a crash's
        run_id = new_run_id()
        work = staging / f"compact-{run_id}"
        partitions = [(d, p) for d in PARTITIONED for p in _partitions(root / d)]
        for seen, (dataset, partition) in enumerate(partitions, 1):
            result = _compact_partition(root, dataset, partition, work, run_id)
            if result is not None:
                done.append(result)
            if progress is not None:
                progress.update(done=seen, total=len(partitions), note=f"{len(done)} rewritten")
        shutil.rmtree(work, ignore_errors=True)
        if (root / "quotations").is_dir():
            if progress is not None:
                progress.phase("rebuilding quotes/")
            try:
                rows = QuoteCorpus(root, run_id).rebuild()
            except OSError as exc:
                raise CompactionError(f"cannot rebuild quotes/: {exc}") from exc
            done.append(Compacted("quotes", "(rebuilt)", 1, rows))
    return done


def _partitions(dataset_root: Path) -> list[Path]:
    return sorted({f.parent for f in dataset_root.glob("year=*/month=*/*.parquet")})


def _compact_partition(
    root: Path, dataset: str, partition: Path, work: Path, run_id: str
) -> Compacted | None:
    entries = sorted(partition.iterdir())
    files = [p for p in entries if p.suffix == ".parquet" and p.is_file()]
    if not files or (len(files) == 1 and _current(files[0])):
        return None
    if len(files) != len(entries):
        logger.warning("%s holds files that are not Parquet: left as it is", partition)
        return None
    name = partition.relative_to(root / dataset).as_posix()
    target = schema.SCHEMAS[dataset]
    try:
        table = pa.concat_tables(conform(pq.read_table(f), target) for f in files)
        table = table.sort_by(SORT_KEYS[dataset])
        new = work / dataset / name
        new.mkdir(parents=True)
        merged = new / f"part-{run_id}-compacted.parquet"
        write_file(table, merged, dataset, run_id, source_runs=" ".join(_runs_of(files)))
        if pq.ParquetFile(merged).metadata.num_rows != table.num_rows:
            raise CompactionError(f"{merged} does not read back whole")
        exchange_folders(new, partition)  # the partition now holds the merged file; ``new`` the old
        shutil.rmtree(new)
    except (OSError, pa.ArrowException) as exc:
        raise CompactionError(f"cannot compact {partition}: {exc}") from exc
    return Compacted(dataset, name, len(files), table.num_rows)


def _current(file: Path) -> bool:
    """True when ``file`` was written under the current schema version."""
    meta = pq.read_schema(file).metadata or {}
    return meta.get(b"schema_version") == schema.SCHEMA_VERSION.encode()


def _runs_of(files: list[Path]) -> list[str]:
    """The runs that wrote ``files``, from their metadata (files from before run ids: none)."""
    runs = set()
    for f in files:
        meta = pq.read_schema(f).metadata or {}
        runs.update((meta.get(b"source_runs") or meta.get(b"run_id") or b"").decode().split())
    return sorted(runs)
