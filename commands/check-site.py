"""``scrapy check-site [--channels NAMES]``: do the site's pages still read as the selectors expect?

For the first contact with the live site, and for after a drift alert (exit status 9 of a
crawl): one request to each channel's start pages (``spiders/channels.py``) and one to each
template's example page (``pipelines/selectors.py``), with the project's politeness (robots.txt
obeyed, its Crawl-delay kept: www.people.com.cn asks for 120 s, so a few minutes in all), and
one line for each page: a start page's article links, an example's template and the promised
fields found or missing. Nothing is written: no dataset, no WARC, no run record.

Exit status (``core.outcome``): 0 every page reads as expected; 9 (DRIFT) one does not, or did
not answer; 4 (START_UNREACHABLE) none answered at all (the network, a proxy).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, ClassVar

import scrapy
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from core.outcome import ExitStatus
from extensions.drift import empty_fields
from pipelines.article import extract_article
from pipelines.selectors import TEMPLATES, Template
from spiders.base import DRY_RUN_SETTINGS, PeoplesDailySpider, split_arg
from spiders.channels import CHANNELS, DEFAULT_CHANNELS
from spiders.links import feed_links, list_links
from spiders.urls import classify


@dataclass(frozen=True, slots=True)
class Target:
    """A page to check: a channel's start page, or a template's example (``template`` set)."""

    what: str  # "channel politics", "template rm_txt"
    url: str
    template: Template | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    answered: bool  # an HTTP answer came (a 404 too)
    detail: str


def targets(channels: list[str]) -> list[Target]:
    """The start pages of ``channels``, then the examples."""
    if unknown := [name for name in channels if name not in CHANNELS]:
        raise UsageError(
            f"check-site: unknown channel(s) {', '.join(unknown)}; known: {', '.join(CHANNELS)}",
            print_help=False,
        )
    return [
        *(Target(f"channel {name}", url) for name in channels for url in CHANNELS[name].start_urls),
        *(Target(f"template {t.name}", t.example, t) for t in TEMPLATES if t.example),
    ]


def judge_start_page(url: str, body: bytes, html: str) -> Verdict:
    """A start page is well when it links articles, as a list page or as a feed."""
    if classify(url) in ("feed", "sitemap"):
        links = feed_links(url, body)
        found, kind = len(links.articles()), "feed"
        if not found and links.feeds:  # an index of feeds or sitemaps: it links those
            return Verdict(True, True, f"{kind}, {len(links.feeds)} feed(s) or sitemap(s)")
    else:
        found, kind = len(list_links(url, html).articles), "list page"
    return Verdict(bool(found), True, f"{kind}, {found or 'no'} article link(s)")


def judge_example(template: Template, extracted: Any) -> Verdict:
    """An example is well when its template reads it and finds every field it promises."""
    article = extracted.article
    missing = empty_fields(article, template.promises)
    found = [f for f in template.promises if f not in missing]
    read = article.template or "nothing"
    as_expected = "" if read == template.name else f" (not {template.name})"
    detail = f"read as {read}{as_expected}; found {', '.join(found) or 'nothing'}"
    if missing:
        detail += f"; missing {', '.join(missing)}"
    return Verdict(read == template.name and not missing, True, detail)


class SiteCheckSpider(PeoplesDailySpider):
    """Fetches each target once and judges it; ``verdicts`` holds what it found, by URL."""

    name = "check-site"
    # A check is no run of the dataset: nothing stored, no record (and so no drift baseline),
    # an example fetched even when the dataset has it.
    custom_settings: ClassVar[dict[str, Any]] = {**DRY_RUN_SETTINGS, "PROGRESS_INTERVAL": 0}

    def __init__(self, targets: list[Target], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.targets = targets
        self.verdicts: dict[str, Verdict] = {}

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for target in self.targets:
            yield scrapy.Request(
                target.url,
                callback=self.parse,
                errback=self.failed,
                cb_kwargs={"target": target},
                dont_filter=True,
            )

    def parse(self, response: scrapy.http.Response, target: Target) -> None:
        if target.template is None:
            page = self.fetched_page(response)
            verdict = (
                judge_start_page(response.url, page.body, page.html)
                if page is not None
                else Verdict(False, True, "not a text page")
            )
        elif (article := self.first_page(response)) is None:
            verdict = Verdict(False, True, f"not an article page ({response.url})")
        else:
            verdict = judge_example(target.template, extract_article(article))
        self.verdicts[target.url] = verdict

    def failed(self, failure: Failure) -> None:
        target: Target = failure.request.cb_kwargs["target"]  # type: ignore[attr-defined]
        if failure.check(HttpError):
            status = failure.value.response.status
            verdict = Verdict(False, True, f"HTTP {status}")
        else:
            verdict = Verdict(False, False, f"no answer: {failure.getErrorMessage()}")
        self.verdicts[target.url] = verdict


def _not_disabled_notices(record: logging.LogRecord) -> bool:
    """Scrapy's warning for each component that switched itself off ("Disabled …: …")."""
    return not str(record.msg).startswith("Disabled ")


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Fetch each channel start page and template example once; say what still reads"

    def long_desc(self) -> str:
        return (
            "One polite request (robots.txt obeyed, crawl delays kept) to each start page of "
            "the channels (default: the default channels) and to each template's example page; "
            "one line per page: a start page's article links, an example's template and the "
            "fields found or missing. Writes nothing. Exit status 0 when every page reads as "
            "expected, 9 when one does not (or did not answer), 4 when none answered."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--channels",
            metavar="NAMES",
            help=f"comma-separated channels to check (by default {','.join(DEFAULT_CHANNELS)})",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """The lines printed are the output: the log says only what went wrong, unless asked."""
        super().process_options(args, opts)
        assert self.settings is not None
        if self.settings.getpriority("LOG_LEVEL") < SETTINGS_PRIORITIES["cmdline"]:
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
        if self.settings.get("LOG_LEVEL") != "DEBUG":  # what the check switched off, on purpose
            logging.getLogger("scrapy.middleware").addFilter(_not_disabled_notices)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("check-site takes no arguments (use --channels NAMES)")
        checked = targets(split_arg(opts.channels) or list(DEFAULT_CHANNELS))
        assert self.crawler_process is not None
        crawler = self.crawler_process.create_crawler(SiteCheckSpider)
        self.crawler_process.crawl(crawler, targets=checked)
        self.crawler_process.start()
        spider: SiteCheckSpider = crawler.spider  # type: ignore[assignment]
        unseen = Verdict(False, False, "not fetched (robots.txt, or out of scope)")
        verdicts = [(t, spider.verdicts.get(t.url, unseen)) for t in checked]
        width = max(len(t.what) for t in checked)
        for target, verdict in verdicts:
            mark = "ok" if verdict.ok else "BROKEN"
            print(f"{mark:<6}  {target.what:<{width}}  {target.url}  {verdict.detail}")
        good = sum(v.ok for _, v in verdicts)
        if not any(v.answered for _, v in verdicts):
            status = ExitStatus.START_UNREACHABLE
        else:
            status = ExitStatus.OK if good == len(verdicts) else ExitStatus.DRIFT
        print(
            f"check-site: {good} of {len(verdicts)} page(s) read as expected; "
            f"exit status {int(status)} ({status.name})"
        )
        self.exitcode = int(status)
