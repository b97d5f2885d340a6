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
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq

from pipelines import schema
from pipelines.records import Article, ExtractedArticle, Quotation

if TYPE_CHECKING:
    from typing import Self

    import pyarrow as pa
    from scrapy.crawler import Crawler

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
        self._articles: list[Article] = []
        self._quotations: list[Quotation] = []

    def add(self, extracted: ExtractedArticle) -> None:
        self._articles.append(extracted.article)
        self._quotations.extend(extracted.quotations)
        if len(self._articles) >= self.batch_items:
            self.flush()

    def flush(self) -> None:
        """Write what is buffered (one file per dataset and partition) and clear the buffer."""
        if not self._articles:
            return
        self._batch += 1
        by_partition: dict[tuple[int, int], list[Article]] = defaultdict(list)
        partition_by_article: dict[str, tuple[int, int]] = {}
        for a in self._articles:
            key = partition_of(a)
            by_partition[key].append(a)
            partition_by_article[a.article_id] = key
        quotes_by_partition: dict[tuple[int, int], list[Quotation]] = defaultdict(list)
        for q in self._quotations:
            quotes_by_partition[partition_by_article[q.article_id]].append(q)
        for key, articles in sorted(by_partition.items()):
            self._write("articles", key, schema.to_table(articles, schema.ARTICLES))
            if quotes := quotes_by_partition.get(key):
                self._write("quotations", key, schema.to_table(quotes, schema.QUOTATIONS))
        self.rows["articles"] += len(self._articles)
        self.rows["quotations"] += len(self._quotations)
        self._articles, self._quotations = [], []

    def _write(self, dataset: str, key: tuple[int, int], table: pa.Table) -> None:
        year, month = key
        name = f"part-{self.run_tag}-{self._batch:05d}.parquet"
        final = self.root / dataset / f"year={year}" / f"month={month}" / name
        staging = self.root / STAGING / f"{dataset}-{year}-{month}-{name}"
        try:
            staging.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, staging, compression="zstd", use_dictionary=True)
            final.parent.mkdir(parents=True, exist_ok=True)
            staging.replace(final)
        except OSError as exc:
            staging.unlink(missing_ok=True)
            raise ParquetWriteError(f"cannot write {final}: {exc}") from exc
        self.files.append(final)


class ParquetPipeline:
    """Scrapy item pipeline: ExtractedArticle items into the datasets under ``OUTPUT_DIR``.

    Settings: ``OUTPUT_DIR``, ``PARQUET_BATCH_ITEMS`` (articles per batch).
    """

    def __init__(self, writer: DatasetWriter, crawler: Crawler) -> None:
        self.writer = writer
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        writer = DatasetWriter(
            Path(s.get("OUTPUT_DIR", "data")), s.getint("PARQUET_BATCH_ITEMS", 500)
        )
        return cls(writer, crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ExtractedArticle):
            self.writer.add(item)
            self._report()
        return item

    def close_spider(self) -> None:
        try:
            self.writer.flush()
        finally:
            self._report()

    def _report(self) -> None:
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("parquet/files", [str(p) for p in self.writer.files])
        stats.set_value("parquet/rows/articles", self.writer.rows["articles"])
        stats.set_value("parquet/rows/quotations", self.writer.rows["quotations"])
