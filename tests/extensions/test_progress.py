"""The progress line a person tailing a scheduled run's log reads."""

from __future__ import annotations

from scrapy import Spider
from scrapy.utils.test import get_crawler

from core import stats as S
from extensions.progress import Progress


def test_the_line_names_the_run_and_counts_from_the_stats() -> None:
    crawler = get_crawler(Spider, {"RUN_ID": "20261202T000000Z-abcdef12"})
    assert crawler.stats is not None
    for key, value in {
        S.RESPONSES: 120,
        S.ARTICLES_EXTRACTED: 30,
        S.ARTICLE_OUTCOME + "new": 12,
        S.QUOTATIONS_EXTRACTED: 90,
        S.FAILED + "http_404": 2,
        S.EXTRACT_ERRORS: 1,
        S.INCREMENTAL_SKIPPED: 7,
    }.items():
        crawler.stats.set_value(key, value)
    assert Progress(crawler, interval=60).line() == (
        "Progress 20261202T000000Z-abcdef12: 120 pages (120/min), 30 articles (12 new), "
        "90 quotations, 3 errors, 7 skipped as archived"
    )
