"""The Scrapy pipeline that turns fetched pages into rows, in extraction workers."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from core import stats as S
from core.items import ArticlePages
from core.process import HELPER_NICENESS
from pipelines.article import extract_article
from pipelines.workers import ExtractorPool

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    """Turns each ArticlePages item into an ExtractedArticle; counts what it found.

    Settings: ``EXTRACTION_WORKERS``, processes that extract while the crawl goes on (0: in the
    crawl's own process; see pipelines/workers.py).
    """

    def __init__(self, crawler: Crawler, workers: int) -> None:
        self.crawler = crawler
        self.pool = ExtractorPool(extract_article, workers, nice=HELPER_NICENESS)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.getint("EXTRACTION_WORKERS"))

    def open_spider(self) -> None:
        self.pool.start()

    def close_spider(self) -> None:
        self.pool.close()

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticlePages):
            return item
        stats = self.crawler.stats
        assert stats is not None
        try:
            extracted = await self.pool.extract(item)
        except Exception as exc:  # a bug must cost one row, not the run; the WARC keeps the page
            stats.inc_value(S.EXTRACT_ERRORS)
            logger.error("Extraction failed on %s (%r); its capture is in the WARC", item.url, exc)
            logger.debug("Extraction failure on %s", item.url, exc_info=exc)
            raise DropItem(f"extraction failed on {item.url}: {exc!r}") from exc
        stats.inc_value(S.ARTICLES_EXTRACTED)
        stats.inc_value(S.QUOTATIONS_EXTRACTED, len(extracted.quotations))
        if extracted.article.template is None:
            stats.inc_value(S.NO_TEMPLATE)
            logger.warning("No known template on %s; recorded with what could be read", item.url)
        return extracted
