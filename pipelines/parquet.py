"""Writing the articles and quotations datasets: batched, hive-partitioned, atomically; and,
as a run closes, bringing the quotes/ corpus up to date with them (``pipelines.corpus``).

Layout under the output root::

    articles/year=2022/month=11/part-{run_id}-{batch:05d}.parquet
    quotations/year=2022/month=11/part-{run_id}-{batch:05d}.parquet

Partition key: year and month of the article's publication in Asia/Shanghai (of the fetch when
the page states no date); quotations sit with their article. Each file is written under
``{root}/.staging/`` and renamed into place, so a reader never sees a partial file; its metadata
names the run that wrote it (``run_id``, as in its name and the run record).

Runs add versions, not duplicates: the writer knows the latest ``(version, content_hash)`` of
every article already in the dataset; an article read again unchanged is not written, a changed
one is written as the next version, with its quotations.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import pyarrow as pa
from scrapy.utils.defer import deferred_from_coro

from core import stats as S
from core.clock import SHANGHAI, utc_now
from core.errors import DatasetBusy
from core.locks import DatasetLock
from core.output import OutputRoot
from core.run import new_run_id, run_id_of
from pipelines import schema
from pipelines.corpus import QuoteCorpus
from pipelines.dataset import STAGING, ParquetWriteError, read_versions, write_file
from pipelines.records import Article, ExtractedArticle

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def partition_of(article: Article) -> tuple[int, int]:
    when = article.published_at or article.fetched_at or utc_now()
    local = when.astimezone(SHANGHAI)
    return local.year, local.month


class DatasetWriter:
    """Buffers extracted articles and writes both datasets in batches of whole articles.

    ``open()`` takes the dataset's shared lock (``core.locks``) and reads the versions already
    there; ``finish()`` writes what is buffered and brings quotes/ up to date with what was
    written (``pipelines.corpus``); ``close()`` lets the lock go (it writes nothing).
    ``outcomes`` counts what ``add`` made of each article: "new", "changed" (written as the next
    version) or "unchanged" (not written again).
    """

    def __init__(self, root: Path | str, batch_items: int, run_id: str | None = None) -> None:
        """``run_id``: the run writing (core.run), in the files' names and metadata."""
        self.output = OutputRoot.of(root)
        self.root = Path(root) if self.output.local else None  # as given; None on a store
        self.batch_items = max(1, batch_items)
        self.run_id = run_id or new_run_id()
        self.files: list[Path | str] = []
        self.rows = {"articles": 0, "quotations": 0, "quotes": 0}
        self.outcomes = {S.NEW: 0, S.CHANGED: 0, S.UNCHANGED: 0}
        self._batch = 0
        self._quoted: set[str] = set()  # quote_key of every quotation row added
        self._changed: set[str] = set()  # articles added as a new version of an earlier one
        self._buffer: dict[tuple[int, int], list[ExtractedArticle]] = {}
        self._versions: dict[str, tuple[int, str | None]] = {}
        # Locks are flock(2) locks: a local root has them, an object store does not.
        self._lock = DatasetLock(self.root, exclusive=False) if self.root else None

    def open(self) -> None:
        """Take the shared lock (DatasetBusy while a compaction runs) and learn the versions."""
        if self._lock is not None:
            self._lock.acquire()
        self._versions = read_versions(self.output.uri)
        # pyarrow imports pandas (when installed) at its first conversion of Python values, a
        # fifth of a second: spent now, while the run starts, not at the first batch's write.
        schema.to_table([], schema.ARTICLES)

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def pending(self) -> int:
        """Articles buffered and not yet written."""
        return sum(map(len, self._buffer.values()))  # one list per partition: a handful

    def add(self, extracted: ExtractedArticle) -> str:
        """Buffer the article unless the dataset has it unchanged; say which it was."""
        article = extracted.article
        known = self._versions.get(article.article_id)
        if known is not None and known[1] == article.content_hash:
            self.outcomes[S.UNCHANGED] += 1
            return S.UNCHANGED
        outcome = S.NEW if known is None else S.CHANGED
        article.version = 1 if known is None else known[0] + 1
        for quotation in extracted.quotations:
            quotation.article_version = article.version
        self._versions[article.article_id] = (article.version, article.content_hash)
        self._quoted.update(q.quote_key for q in extracted.quotations)
        if known is not None:
            self._changed.add(article.article_id)
        self.outcomes[outcome] += 1
        self._buffer.setdefault(partition_of(article), []).append(extracted)
        if self.pending >= self.batch_items:
            self.flush()
        return outcome

    def flush(self) -> None:
        """Write what is buffered, one file per dataset and partition.

        A partition leaves the buffer only once both its files are in place, so a failure (a full
        disk) keeps exactly the rows not yet written, and a later flush writes each row once.
        """
        if not self._buffer:
            return
        self._batch += 1
        for key in sorted(self._buffer):
            extracted = self._buffer[key]
            self._write_partition(key, extracted)
            del self._buffer[key]
            self.rows["articles"] += len(extracted)
            self.rows["quotations"] += sum(len(e.quotations) for e in extracted)

    def finish(self) -> None:
        """Write what is buffered, then the quotes/ rows of what this writer wrote (all of
        quotes/ when the dataset has quotations and no quotes/ yet: one written before it
        existed)."""
        self.flush()
        corpus = QuoteCorpus(self.output.uri, self.run_id)
        if not (self._quoted or self._changed or corpus.lacking()):
            return
        self.rows["quotes"] += corpus.update(self._quoted, self._changed)
        self._quoted, self._changed = set(), set()
        written = self.root / corpus.relative if self.root else corpus.path  # as the root was given
        if written not in self.files:
            self.files.append(written)

    def _write_partition(self, key: tuple[int, int], extracted: list[ExtractedArticle]) -> None:
        year, month = key
        name = f"part-{self.run_id}-{self._batch:05d}.parquet"
        tables = {"articles": schema.to_table([e.article for e in extracted], schema.ARTICLES)}
        if quotes := [q for e in extracted for q in e.quotations]:
            tables["quotations"] = schema.to_table(quotes, schema.QUOTATIONS)
        if self.root is None:
            self._put_partition(tables, f"year={year}", f"month={month}", name)
            return
        moves = [
            (
                self.root / STAGING / f"{dataset}-{year}-{month}-{name}",
                self.root / dataset / f"year={year}" / f"month={month}" / name,
            )
            for dataset in tables
        ]
        moved: list[Path] = []
        try:
            for (staging, final), (dataset, table) in zip(moves, tables.items(), strict=True):
                staging.parent.mkdir(parents=True, exist_ok=True)
                write_file(table, staging, dataset, self.run_id)
                final.parent.mkdir(parents=True, exist_ok=True)
            for staging, final in moves:  # both files are ready: only renames can fail now
                staging.replace(final)
                moved.append(final)
        except OSError as exc:
            for path in (*(staging for staging, _ in moves), *moved):
                path.unlink(missing_ok=True)
            raise ParquetWriteError(f"cannot write {moves[0][1]}: {exc}") from exc
        self.files.extend(moved)

    def _put_partition(self, tables: dict[str, pa.Table], *where: str) -> None:
        """On an object store: each file written once to its final name (a PUT appears whole)."""
        fs, written = self.output.fs, []
        try:
            for dataset, table in tables.items():
                path = self.output.join(dataset, *where)
                write_file(table, path, dataset, self.run_id, filesystem=fs)
                written.append(path)
        except (OSError, pa.ArrowException) as exc:
            for path in written:  # not half a partition: the retry writes both again
                fs.delete_file(path)
            raise ParquetWriteError(
                f"cannot write {self.output.uri} {'/'.join(where)}: {exc}"
            ) from exc
        self.files.extend(written)


class ParquetPipeline:
    """Scrapy item pipeline: ExtractedArticle items into the datasets under ``OUTPUT_DIR``.

    Settings: ``OUTPUT_DIR``, ``PARQUET_BATCH_ITEMS`` (articles per batch), ``RUN_ID``.
    """

    def __init__(self, writer: DatasetWriter, crawler: Crawler) -> None:
        self.writer = writer
        self.crawler = crawler
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        writer = DatasetWriter(s.get("OUTPUT_DIR"), s.getint("PARQUET_BATCH_ITEMS"), run_id_of(s))
        return cls(writer, crawler)

    def open_spider(self) -> None:
        try:
            self.writer.open()
        except DatasetBusy as exc:  # fetching what cannot be written would be wasted
            self._fail(exc, S.DATASET_BUSY)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ExtractedArticle) and not self.failed:
            written = len(self.writer.files)
            try:
                outcome = self.writer.add(item)
                self._stats.set_value(S.ARTICLE_OUTCOME + outcome, self.writer.outcomes[outcome])
            except ParquetWriteError as exc:
                self._fail(exc)
            if len(self.writer.files) != written:
                self._report()
        return item

    def close_spider(self) -> None:
        try:
            self.writer.finish()  # retried after a failure too: the disk may have room now
        except ParquetWriteError as exc:
            logger.error("%s; %d article(s) could not be written", exc, self.writer.pending)
            self._stats.set_value(S.PARQUET_ERROR, str(exc))
        finally:
            self.writer.close()
            self._report()

    def _fail(self, exc: Exception, reason: str = S.PARQUET_WRITE_FAILED) -> None:
        """Rows that cannot be written should not be fetched on: stop, keep the buffer."""
        self.failed = True
        logger.error("%s; closing the spider", exc)
        self._stats.set_value(S.PARQUET_ERROR, str(exc))
        engine = self.crawler.engine
        assert engine is not None
        deferred_from_coro(engine.close_spider_async(reason=reason))

    @property
    def _stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def _report(self) -> None:
        self._stats.set_value(S.PARQUET_FILES, [str(p) for p in self.writer.files])
        for dataset, rows in self.writer.rows.items():
            self._stats.set_value(S.PARQUET_ROWS + dataset, rows)
        for outcome, count in self.writer.outcomes.items():
            self._stats.set_value(S.ARTICLE_OUTCOME + outcome, count)
