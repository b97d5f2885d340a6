"""Writing the articles and quotations datasets: batched, hive-partitioned, atomically.

Layout under the output root::

    articles/year=2022/month=11/part-{run}-{batch:05d}.parquet
    quotations/year=2022/month=11/part-{run}-{batch:05d}.parquet

Partition key: year and month of the article's publication in Asia/Shanghai (of the fetch when
the page states no date); quotations sit with their article. Each file is written under
``{root}/.staging/`` and renamed into place, so a reader never sees a partial file.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
from scrapy.utils.defer import deferred_from_coro

from pipelines import schema
from pipelines.records import Article, ExtractedArticle

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)
SHANGHAI = ZoneInfo("Asia/Shanghai")
STAGING = ".staging"


class ParquetWriteError(OSError):
    """A Parquet file could not be written or moved into the dataset."""


def new_run_tag() -> str:
    """A file-name tag unique to one writer: UTC time plus a random suffix."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def partition_of(article: Article) -> tuple[int, int]:
    when = article.published_at or article.fetched_at or dt.datetime.now(dt.UTC)
    local = when.astimezone(SHANGHAI)
    return local.year, local.month


class DatasetWriter:
    """Buffers extracted articles and writes both datasets in batches of whole articles."""

    def __init__(self, root: Path, batch_items: int = 500, run_tag: str | None = None) -> None:
        self.root = Path(root)
        self.batch_items = max(1, batch_items)
        self.run_tag = run_tag or new_run_tag()
        self.files: list[Path] = []
        self.rows = {"articles": 0, "quotations": 0}
        self._batch = 0
        self._buffer: dict[tuple[int, int], list[ExtractedArticle]] = {}

    @property
    def pending(self) -> int:
        """Articles buffered and not yet written."""
        return sum(map(len, self._buffer.values()))  # one list per partition: a handful

    def add(self, extracted: ExtractedArticle) -> None:
        self._buffer.setdefault(partition_of(extracted.article), []).append(extracted)
        if self.pending >= self.batch_items:
            self.flush()

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

    def _write_partition(self, key: tuple[int, int], extracted: list[ExtractedArticle]) -> None:
        year, month = key
        name = f"part-{self.run_tag}-{self._batch:05d}.parquet"
        tables = {"articles": schema.to_table([e.article for e in extracted], schema.ARTICLES)}
        if quotes := [q for e in extracted for q in e.quotations]:
            tables["quotations"] = schema.to_table(quotes, schema.QUOTATIONS)
        moves = [
            (
                self.root / STAGING / f"{dataset}-{year}-{month}-{name}",
                self.root / dataset / f"year={year}" / f"month={month}" / name,
            )
            for dataset in tables
        ]
        moved: list[Path] = []
        try:
            for (staging, final), table in zip(moves, tables.values(), strict=True):
                staging.parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(table, staging, compression="zstd", use_dictionary=True)
                final.parent.mkdir(parents=True, exist_ok=True)
            for staging, final in moves:  # both files are ready: only renames can fail now
                staging.replace(final)
                moved.append(final)
        except OSError as exc:
            for path in (*(staging for staging, _ in moves), *moved):
                path.unlink(missing_ok=True)
            raise ParquetWriteError(f"cannot write {moves[0][1]}: {exc}") from exc
        self.files.extend(moved)


class ParquetPipeline:
    """Scrapy item pipeline: ExtractedArticle items into the datasets under ``OUTPUT_DIR``.

    Settings: ``OUTPUT_DIR``, ``PARQUET_BATCH_ITEMS`` (articles per batch).
    """

    def __init__(self, writer: DatasetWriter, crawler: Crawler) -> None:
        self.writer = writer
        self.crawler = crawler
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        writer = DatasetWriter(
            Path(s.get("OUTPUT_DIR", "data")), s.getint("PARQUET_BATCH_ITEMS", 500)
        )
        return cls(writer, crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ExtractedArticle) and not self.failed:
            written = len(self.writer.files)
            try:
                self.writer.add(item)
            except ParquetWriteError as exc:
                self._fail(exc)
            if len(self.writer.files) != written:
                self._report()
        return item

    def close_spider(self) -> None:
        try:
            self.writer.flush()  # retried after a failure too: the disk may have room now
        except ParquetWriteError as exc:
            logger.error("%s; %d article(s) could not be written", exc, self.writer.pending)
            self._stats.set_value("parquet/error", str(exc))
        finally:
            self._report()

    def _fail(self, exc: ParquetWriteError) -> None:
        """Rows that cannot be written should not be fetched on: stop, keep the buffer."""
        self.failed = True
        logger.error("%s; closing the spider", exc)
        self._stats.set_value("parquet/error", str(exc))
        engine = self.crawler.engine
        assert engine is not None
        deferred_from_coro(engine.close_spider_async(reason="parquet_write_failed"))

    @property
    def _stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def _report(self) -> None:
        self._stats.set_value("parquet/files", [str(p) for p in self.writer.files])
        self._stats.set_value("parquet/rows/articles", self.writer.rows["articles"])
        self._stats.set_value("parquet/rows/quotations", self.writer.rows["quotations"])
