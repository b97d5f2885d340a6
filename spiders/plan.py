"""``-a plan=1``: what a crawl would request, how big and how long, from what is cheap to count.

A plan run is a dry run of either spider. It requests the discovery pages only (the e-paper's
layout pages of a sample of the days, the channel lists paged down to ``since``, the feeds and
sitemaps, and each host's robots.txt), no article page; it writes no Parquet row, no WARC record
and no run record, and touches neither ``JOBDIR`` nor a Redis queue. From what it read:

- **articles**: the distinct article links in range, less those the dataset has and would not
  fetch again (``spiders.incremental``); for the e-paper, the sampled days' mean times the days;
- **requests per host**: the discovery pages again (a crawl reads them too), the articles and the
  later pages of multi-page ones, one robots.txt;
- **bytes**: WARC bytes, from the archive's own history where it has some (the CDXJ of
  ``OUTPUT_DIR/warc``: mean record length of the articles archived, and pages per article),
  else ``PLAN_ARTICLE_BYTES``; discovery pages at the gzipped size of those read;
- **hours**: per host, requests × max(the host's delay, its mean response time), the delay being
  its robots.txt Crawl-delay as the crawl applies it (``spiders.politeness``), else
  ``DOWNLOAD_DELAY``; hosts are fetched side by side, so the busiest host's hours are the run's.
  A lower bound: AutoThrottle waits longer for a slow host, and retries come on top.

The counting is here, free of Scrapy (``PlanCounter``, ``Plan``); the spiders feed it.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from archive.index import CDXJ_SUFFIX, read_cdxj
from spiders.urls import parse_article_url

# Archived article records read, newest files first, for the mean size and pages per article.
HISTORY_RECORDS = 5000


@dataclass(frozen=True, slots=True)
class ArticleSizes:
    """What one article costs in the archive: WARC bytes per page (its response record, and its
    share of the request records and the rest of the file), and pages per article."""

    bytes_per_page: float
    pages_per_article: float
    source: str  # where the figures come from, for the plan's assumptions
    file_overhead: float = 1.0  # a WARC file's bytes over those of its response records


def sample_days(days: list[dt.date], most: int) -> list[dt.date]:
    """At most ``most`` of ``days``, evenly spread from the first to the last (every day when
    there are no more than that, and when ``most`` is 0)."""
    if most <= 0 or len(days) <= most:
        return list(days)
    if most == 1:
        return [days[len(days) // 2]]
    step = (len(days) - 1) / (most - 1)
    return [days[round(i * step)] for i in range(most)]


def archived_sizes(warc_dir: Path | None, site: str, default_bytes: float) -> ArticleSizes:
    """From the CDXJ indexes in ``warc_dir`` (newest files first, until ``HISTORY_RECORDS``
    article pages): the mean record length of the ``site``'s ("paper", "people") article pages,
    pages per article, and how much bigger the WARC files are than their response records
    (request records, robots.txt, warcinfo); ``default_bytes`` and one page when there are none."""
    indexes = sorted(warc_dir.glob(f"*{CDXJ_SUFFIX}"), reverse=True) if warc_dir else []
    lengths: list[int] = []
    first_pages = later_pages = 0
    indexed = stored = 0  # response records' bytes, and their files' bytes
    for index in indexes:
        warc = next((w for w in index.parent.glob(index.stem + ".warc*") if w.is_file()), None)
        for capture in read_cdxj([index]):
            indexed += capture.length
            ref = parse_article_url(capture.url)
            if ref is None or ref.site != site or capture.status != 200 or capture.revisit:
                continue
            lengths.append(capture.length)
            first_pages += ref.page == 1
            later_pages += ref.page > 1
        stored += warc.stat().st_size if warc else indexed
        if len(lengths) >= HISTORY_RECORDS:
            break
    if not first_pages:
        return ArticleSizes(default_bytes, 1.0, "PLAN_ARTICLE_BYTES, no archive history")
    return ArticleSizes(
        sum(lengths) / len(lengths),
        (first_pages + later_pages) / first_pages,
        f"the mean of {len(lengths):,} article pages archived in {warc_dir}",
        stored / indexed if indexed else 1.0,
    )


@dataclass(slots=True)
class PlanCounter:
    """What a plan run read: discovery pages (by host, with their size and response time), the
    distinct article links in range, and which of them the dataset has and would skip."""

    settled: frozenset[str] = frozenset()  # article ids a crawl would skip as archived
    gzip_level: int = 6
    pages: Counter[str] = field(default_factory=Counter)  # host → discovery pages read
    failed: Counter[str] = field(default_factory=Counter)  # host → discovery pages not read
    page_bytes: int = 0
    latency: Counter[str] = field(default_factory=Counter)  # host → seconds, summed
    articles: dict[str, str] = field(default_factory=dict)  # article URL → host
    known: int = 0

    def page_read(self, url: str, body: bytes, latency: float) -> None:
        host = _host(url)
        self.pages[host] += 1
        self.latency[host] += latency
        self.page_bytes += len(zlib.compress(body, self.gzip_level))  # as a WARC would hold it

    def page_failed(self, url: str) -> None:
        self.failed[_host(url)] += 1

    def article(self, url: str) -> bool:
        """Count an article link; True when it is new to the plan."""
        if url in self.articles:
            return False
        self.articles[url] = _host(url)
        ref = parse_article_url(url)
        self.known += bool(ref and ref.article_id in self.settled)
        return True

    @property
    def pages_read(self) -> int:
        return sum(self.pages.values())


@dataclass(frozen=True, slots=True)
class HostDelay:
    seconds: float
    source: str  # "robots.txt Crawl-delay", "DOWNLOAD_DELAY"


@dataclass(frozen=True, slots=True)
class PlanScope:
    """What a spider's plan covers and how it read it (each spider says)."""

    title: str  # "scrapy crawl paper, 2025-01-01 to 2025-12-31 (365 day(s), newest first)"
    read: str  # what the plan itself requested, in words
    discovery: str  # "layout pages", "list pages, feeds and sitemaps"
    scale: float = 1.0  # the whole run over what was read (a sample of the days)
    assumptions: tuple[str, ...] = ()
    per_unit: str = ""  # "a day": discovery pages and articles per unit are shown too
    units: int = 0


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan's figures, extrapolated to the whole run."""

    scope: PlanScope
    counter: PlanCounter
    sizes: ArticleSizes
    crawl_delays: Mapping[str, float]  # host → its robots.txt Crawl-delay, as a crawl applies it
    download_delay: float
    per_host: int = 1  # CONCURRENT_REQUESTS_PER_DOMAIN

    @property
    def scale(self) -> float:
        return self.scope.scale

    @property
    def discovery_pages(self) -> float:
        return self.counter.pages_read * self.scale

    @property
    def articles(self) -> float:
        return len(self.counter.articles) * self.scale

    @property
    def articles_known(self) -> float:
        return self.counter.known * self.scale

    def requests_by_host(self) -> dict[str, float]:
        """What a crawl would request of each host: discovery pages, article pages, robots.txt."""
        counter, hosts = self.counter, Counter[str]()
        for host, n in (counter.pages + counter.failed).items():
            hosts[host] += n * self.scale
        share_new = 1 - counter.known / len(counter.articles) if counter.articles else 0.0
        per_article = share_new * self.sizes.pages_per_article * self.scale
        for host in counter.articles.values():
            hosts[host] += per_article
        return {host: n + 1 for host, n in hosts.items()}  # and its robots.txt

    def archive_bytes(self) -> float:
        """Response records of the discovery pages and the new articles' pages, and the rest of
        the files in the proportion the archive shows (none known: response records only)."""
        sizes, discovery = self.sizes, self.counter.page_bytes * self.scale
        new = self.articles - self.articles_known
        records = discovery + new * sizes.pages_per_article * sizes.bytes_per_page
        return records * sizes.file_overhead

    def host_seconds(self) -> dict[str, float]:
        """Seconds each host needs: its requests × its pace."""
        return {host: n * self.pace(host).seconds for host, n in self.requests_by_host().items()}

    def pace(self, host: str) -> HostDelay:
        """Seconds per request to ``host``: its delay, or, when longer, its mean response time
        in the plan over the requests a host may have under way at once (Scrapy waits the
        delay between sends, and sends no more than that many at a time)."""
        delay = self.delay(host)
        read = self.counter.pages[host]
        latency = self.counter.latency[host] / read / max(1, self.per_host) if read else 0.0
        if delay.seconds >= latency:
            return delay
        return HostDelay(latency, "its mean response time in the plan")

    def delay(self, host: str) -> HostDelay:
        """The delay a crawl keeps between requests to ``host``: its robots.txt Crawl-delay as
        the politeness middleware applies it (capped, overridden as configured) when longer
        than ``DOWNLOAD_DELAY``, else ``DOWNLOAD_DELAY``."""
        declared = self.crawl_delays.get(host)
        if declared is not None and declared > self.download_delay:
            return HostDelay(declared, "robots.txt Crawl-delay")
        return HostDelay(self.download_delay, "DOWNLOAD_DELAY")

    def lines(self) -> list[str]:
        """The plan in a few lines, for a person deciding whether to start the run."""
        requests = self.requests_by_host()
        seconds = self.host_seconds()
        busiest = max(seconds, key=lambda h: (seconds[h], h)) if seconds else None
        scope = self.scope
        lines = [
            f"Plan: {scope.title}",
            f"  read: {scope.read}; no article requested, nothing written",
            f"  {scope.discovery}: {_about(self.discovery_pages, self.scale)}"
            f"{self._per_unit(self.discovery_pages)}",
            f"  articles: {_about(self.articles, self.scale)}{self._per_unit(self.articles)}, "
            f"{_about(self.articles_known, self.scale)} of them in the dataset already "
            "(not fetched again)",
            f"  requests: {_about(sum(requests.values()), self.scale)}, to {len(requests)} host(s)",
            f"  archive: about {_size(self.archive_bytes())} of WARC (articles "
            f"{_size(self.sizes.bytes_per_page)} a page: {self.sizes.source}; "
            f"{scope.discovery} {_size(self._page_bytes())} each, gzipped as read; "
            + (
                f"request records and the rest {100 * (self.sizes.file_overhead - 1):.0f}% more"
                if self.sizes.file_overhead != 1
                else "response records only"
            )
            + ")",
        ]
        if busiest is None:
            lines.append("  time: nothing to fetch")
        else:
            pace = self.pace(busiest)
            lines.append(
                f"  time: at least {_duration(seconds[busiest])} at the configured politeness, "
                f"the busiest host's: {busiest}, {requests[busiest]:,.0f} requests × "
                f"{pace.seconds:.3g} s ({pace.source})"
            )
            others = sorted((h for h in seconds if h != busiest), key=lambda h: -seconds[h])
            if others:
                lines.append(
                    "  other hosts, side by side: "
                    + ", ".join(
                        f"{h} {_duration(seconds[h])} ({self.pace(h).source})" for h in others[:4]
                    )
                    + (f", {len(others) - 4} more" if len(others) > 4 else "")
                )
        assumed = [
            *scope.assumptions,
            f"{self.sizes.pages_per_article:.2f} page(s) per article ({self.sizes.source})",
            "AutoThrottle may wait longer for a slow host; retries come on top",
        ]
        lines.append("  assumed: " + "; ".join(assumed))
        return lines

    def _per_unit(self, value: float) -> str:
        scope = self.scope
        return f" ({value / scope.units:.1f} {scope.per_unit})" if scope.units else ""

    def _page_bytes(self) -> float:
        read = self.counter.pages_read
        return self.counter.page_bytes / read if read else 0.0


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _about(value: float, scale: float) -> str:
    """A count, "about" when it was extrapolated."""
    return f"{value:,.0f}" if scale == 1 else f"about {value:,.0f}"


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000:
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{math.ceil(seconds)} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    hours = seconds / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours:.0f} h ({hours / 24:.1f} days)"
