"""quotes/ on a crawl of the generated site: it groups exactly the re-published passages the
site planted (the same passage in many articles, shortened, punctuated otherwise, misdated)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from bench.grouping import score
from samplesite import SampleSite
from samplesite.generated import GeneratedSite
from tests.conftest import run_scrapy

ARTICLES = 350  # 50 compilations, each passage printed about five times


def test_quotes_groups_exactly_the_planted_passages(tmp_path: Path) -> None:
    pages = GeneratedSite(ARTICLES)
    site = SampleSite(generated=pages, keep_exchanges=False).start()
    try:
        crawled = run_scrapy(
            [
                "crawl",
                "people",
                "-a",
                "start_urls=" + ",".join(pages.start_urls()),
                "-s",
                f"OUTPUT_DIR={tmp_path}",
                "-s",
                "DOWNLOAD_DELAY=0",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                "CRAWL_DELAY_OVERRIDE=0",
                "-s",
                "CONCURRENT_REQUESTS_PER_DOMAIN=8",
            ],
            site.proxy_url,
            tmp_path,
            timeout=600,
        )
    finally:
        site.stop()
    assert crawled.returncode == 0, crawled.log[-3000:]
    grouping = score(pages, tmp_path)
    planted = [p for n in range(ARTICLES) for p in pages.planted(n)]
    assert grouping.printings == len(planted) > 200
    assert grouping.passages == grouping.groups == len({p.passage for p in planted})
    assert (grouping.precision, grouping.recall) == (1.0, 1.0)

    quotes = f"read_parquet('{tmp_path}/quotes/*.parquet')"
    variants = {v for p in planted for v in [p.variant]}
    assert variants == {"exact", "shortened", "punctuation", "conflicting_date"}
    shortened, conflicted = (
        duckdb.connect()
        .sql(
            f"SELECT count(*) FILTER (variant_of IS NOT NULL), count(*) FILTER (conflicts > 0) "
            f"FROM {quotes}"
        )
        .fetchall()[0]
    )
    assert shortened > 0 and conflicted > 0  # linked, not merged; disagreements counted
    [(keys, rows)] = (
        duckdb.connect().sql(f"SELECT count(DISTINCT quote_key), count(*) FROM {quotes}").fetchall()
    )
    assert keys == rows
