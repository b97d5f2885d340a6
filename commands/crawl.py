"""``scrapy crawl``, with spider arguments checked before the crawl starts.

A wrong ``-a`` argument (a malformed date, an unknown channel) is a usage error: one clear line
and exit status 2, not a traceback from inside the crawl.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from spiders.base import SpiderArgumentError


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                pass  # Scrapy's own command reports an unknown spider
            else:
                try:
                    spidercls(**opts.spargs)  # the spider checks its arguments on creation
                except SpiderArgumentError as exc:
                    raise UsageError(f"scrapy crawl {args[0]}: {exc}", print_help=False) from exc
        super().run(args, opts)
