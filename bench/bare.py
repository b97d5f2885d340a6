"""The benchmark's baseline: a bare Scrapy spider that fetches what ``people`` fetches, and no more.

It follows the same links (the same discovery functions, ``spiders.links``) with Scrapy's default
settings and components: no extraction, no Parquet, no WARC, none of the project's middlewares.

    python -m bench.bare --start-urls URL,URL --stats stats.json [-s NAME=VALUE ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

from spiders import ARTICLE_PRIORITY, NEXT_PAGE_PRIORITY
from spiders.links import article_page_urls, list_links


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start_urls: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.start_urls = start_urls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_list)

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        links = list_links(response.url, response.text)
        for url in links.articles:
            yield scrapy.Request(url, callback=self.parse_article, priority=ARTICLE_PRIORITY)
        for url in links.list_pages:
            yield scrapy.Request(url, callback=self.parse_list)

    def parse_article(self, response: Response) -> Iterator[scrapy.Request]:
        for url in article_page_urls(response.url, response.text):
            yield scrapy.Request(url, callback=self.parse_article, priority=NEXT_PAGE_PRIORITY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--start-urls", required=True, help="comma-separated")
    parser.add_argument("--stats", required=True, help="where to write the crawl stats (JSON)")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    settings = dict(s.split("=", 1) for s in args.settings)
    process = CrawlerProcess({"LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": True, **settings})
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, start_urls=args.start_urls.split(","))
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    Path(args.stats).write_text(json.dumps(stats, default=str, indent=1))
    return 0 if stats.get("finish_reason") == "finished" else 1


if __name__ == "__main__":
    sys.exit(main())
