"""Template drift: what a run read, measured, and held against what the last clean runs read.

A site that renames a class fails no request: its pages still answer 200, and a crawl reading
them with the old selectors stores ``template = "generic"``, no editors and half a body, with
exit status 0, for months. So each run measures what it read and keeps the measures in its run
record; at its end it compares them with those of the last clean runs of the same spider
(``extensions.driftcheck`` reads them from ``runs/*.json``):

- per template (the fallback aside): the share of its articles with each promised field empty
  (title, published_at, source, editors, body), and the quotations per compilation-like page;
- per host: the share of its articles read by the generic fallback (or by nothing), naming
  the template they were read by before (per host, not overall: the mix of hosts changes from
  one run to the next, the templates a host serves do not);
- list pages that linked no article; and the start pages of each channel that answered (a 404
  too): one that links no article now, where it linked some before, is named with its channel.

A share has drifted when it rose by more than ``margin`` (``DRIFT_MARGIN``), this run's share
taken at the low end of its Wilson interval (``Z`` = 3): chance, in a handful of articles or in
the ordinary spread from run to run, does not pass it. Quotations per compilation-like page
have drifted when they fell below ``quotation_ratio`` of the baseline's. Shares and rates are
compared only over ``min_count`` (``DRIFT_MIN_COUNT``) articles or pages, in this run and in the
baseline, which pools the newest clean runs until it has that many. Pure: no crawler, no files.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pipelines.patterns import LEAD_MARKER, LEADING_DASHES
from pipelines.records import Article, ExtractedArticle
from pipelines.selectors import PROMISED_FIELDS

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

GENERIC = "generic"  # the template name of the generic fallback (pipelines.page)
NO_TEMPLATE = "none"  # the key of articles not even the fallback could read
FALLBACKS = frozenset({GENERIC, NO_TEMPLATE})
# How many URLs a finding shows.
EXAMPLES = 3
# The Wilson interval's z: this run's share counts at the low end of its ~99.9% interval.
Z = 3.0
# A page counts at most this many quotations: one long compilation does not carry the mean.
QUOTATIONS_CAP = 10
# Body lines opening with an attribution's dashes that make a page compilation-like.
COMPILATION_DASH_LINES = 2

# Kinds of finding.
FIELD = "field"
FALLBACK = "fallback"
QUOTATIONS = "quotations"
LIST_PAGES = "list_pages"
CHANNEL = "channel"


def empty_fields(article: Article, fields: Iterable[str] = PROMISED_FIELDS) -> list[str]:
    """The fields of ``article``, among ``fields``, that were read empty."""
    return [name for name in fields if not getattr(article, name)]


def is_compilation(extracted: ExtractedArticle) -> bool:
    """A page that looks like a compilation of quotations whether or not any were found in it:
    its title or lead announces one (``LEAD_MARKER``), or lines open with an attribution's dashes.
    """
    article = extracted.article
    lines = (article.body or "").split("\n")
    if LEAD_MARKER.search(article.title or "") or LEAD_MARKER.search(lines[0]):
        return True
    return sum(1 for line in lines if LEADING_DASHES.match(line)) >= COMPILATION_DASH_LINES


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@dataclass(slots=True)
class Tally:
    """What the articles of one template, or of one host, gave."""

    articles: int = 0
    empty: Counter[str] = field(default_factory=Counter)  # field → articles with it empty
    templates: Counter[str] = field(default_factory=Counter)  # template → articles it read
    compilations: int = 0  # compilation-like pages
    quotations: int = 0  # quotations on them (QUOTATIONS_CAP at most a page)
    examples: dict[str, list[str]] = field(default_factory=dict)  # what → EXAMPLES URLs

    @property
    def fallback(self) -> int:
        """Articles read by the generic fallback, or by nothing."""
        return sum(self.templates[t] for t in FALLBACKS)

    def add(self, extracted: ExtractedArticle, compilation: bool) -> None:
        article = extracted.article
        template = article.template or NO_TEMPLATE
        self.articles += 1
        self.templates[template] += 1
        for name in empty_fields(article):
            self.empty[name] += 1
            self._example(name, article.url)
        if template in FALLBACKS:
            self._example(GENERIC, article.url)
        if compilation:
            self.compilations += 1
            self.quotations += min(len(extracted.quotations), QUOTATIONS_CAP)
            if not extracted.quotations:
                self._example(QUOTATIONS, article.url)

    def _example(self, what: str, url: str) -> None:
        urls = self.examples.setdefault(what, [])
        if len(urls) < EXAMPLES:
            urls.append(url)

    def __add__(self, other: Tally) -> Tally:
        """The two pooled (the examples are this run's, not pooled)."""
        return Tally(
            self.articles + other.articles,
            self.empty + other.empty,
            self.templates + other.templates,
            self.compilations + other.compilations,
            self.quotations + other.quotations,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "empty": dict(self.empty),
            "templates": dict(self.templates),
            "compilations": self.compilations,
            "quotations": self.quotations,
            "examples": self.examples,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tally:
        return cls(
            int(data["articles"]),
            Counter(data["empty"]),
            Counter(data["templates"]),
            int(data["compilations"]),
            int(data["quotations"]),
            dict(data.get("examples", {})),
        )


@dataclass(slots=True)
class ChannelTally:
    """A channel's start pages that answered (any HTTP status), with the article links on each."""

    pages: dict[str, int] = field(default_factory=dict)

    @property
    def links(self) -> int:
        return sum(self.pages.values())


@dataclass(slots=True)
class Measures:
    """Everything a run measured; kept in its run record, pooled by later runs as a baseline."""

    templates: dict[str, Tally] = field(default_factory=dict)
    hosts: dict[str, Tally] = field(default_factory=dict)
    list_pages: int = 0
    list_pages_empty: int = 0  # list pages that linked no article
    list_examples: list[str] = field(default_factory=list)
    channels: dict[str, ChannelTally] = field(default_factory=dict)

    def add_article(self, extracted: ExtractedArticle) -> None:
        compilation = is_compilation(extracted)
        article = extracted.article
        self.templates.setdefault(article.template or NO_TEMPLATE, Tally()).add(
            extracted, compilation
        )
        self.hosts.setdefault(host_of(article.url), Tally()).add(extracted, compilation)

    def add_list_page(self, url: str, articles: int) -> None:
        self.list_pages += 1
        if not articles:
            self.list_pages_empty += 1
            if len(self.list_examples) < EXAMPLES:
                self.list_examples.append(url)

    def start_page_answered(self, channel: str, url: str) -> None:
        self.channels.setdefault(channel, ChannelTally()).pages.setdefault(url, 0)

    def start_page_links(self, channel: str, url: str, articles: int) -> None:
        pages = self.channels.setdefault(channel, ChannelTally()).pages
        pages[url] = pages.get(url, 0) + articles

    def to_json(self) -> dict[str, Any]:
        return {
            "templates": {k: t.to_json() for k, t in self.templates.items()},
            "hosts": {k: t.to_json() for k, t in self.hosts.items()},
            "list_pages": self.list_pages,
            "list_pages_empty": self.list_pages_empty,
            "list_examples": self.list_examples,
            "channels": {k: asdict(c) for k, c in self.channels.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Measures:
        """Raises KeyError, TypeError or ValueError on a record that is not one."""
        return cls(
            {k: Tally.from_json(v) for k, v in data["templates"].items()},
            {k: Tally.from_json(v) for k, v in data["hosts"].items()},
            int(data["list_pages"]),
            int(data["list_pages_empty"]),
            list(data["list_examples"]),
            {
                k: ChannelTally({url: int(n) for url, n in v["pages"].items()})
                for k, v in data["channels"].items()
            },
        )


@dataclass(frozen=True, slots=True)
class PastRun:
    """A clean earlier run: its id and what it measured."""

    run_id: str
    measures: Measures


@dataclass(frozen=True, slots=True)
class DriftLimits:
    """When a measure has drifted (``DRIFT_MIN_COUNT``, ``DRIFT_MARGIN``,
    ``DRIFT_QUOTATION_RATIO``), and how many clean runs at most make the baseline
    (``DRIFT_BASELINE_RUNS``)."""

    min_count: int
    margin: float
    quotation_ratio: float
    baseline_runs: int

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> DriftLimits:
        return cls(
            min_count=max(1, settings.getint("DRIFT_MIN_COUNT")),
            margin=settings.getfloat("DRIFT_MARGIN"),
            quotation_ratio=settings.getfloat("DRIFT_QUOTATION_RATIO"),
            baseline_runs=max(1, settings.getint("DRIFT_BASELINE_RUNS")),
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """One measure past its threshold: where, what, before → now, and pages that show it."""

    kind: str  # FIELD, FALLBACK, QUOTATIONS, LIST_PAGES or CHANNEL
    where: str  # the template, host or channel; "list pages"
    template: str | None  # the template concerned (a host's: the one that read it before)
    field: str | None  # FIELD: the field read empty
    before: float  # the baseline's share, rate or (CHANNEL) article links
    now: float
    count: int  # the articles or pages this run's value is over
    examples: tuple[str, ...]
    also_empty: tuple[str, ...] = ()  # FALLBACK: fields now empty more often on that host

    def text(self) -> str:
        urls = f"e.g. {', '.join(self.examples)}" if self.examples else "no example kept"
        this_run = f"{self.count} this run"
        if self.kind == FIELD:
            return (
                f"template {self.template}: {self.field} empty in {self.before:.0%} → "
                f"{self.now:.0%} of its articles ({this_run}), {urls}"
            )
        if self.kind == FALLBACK:
            also = f"; now empty: {', '.join(self.also_empty)}" if self.also_empty else ""
            return (
                f"host {self.where}: read by the generic fallback, not {self.template}, in "
                f"{self.before:.0%} → {self.now:.0%} of its articles ({this_run}){also}; "
                f"{urls}"
            )
        if self.kind == QUOTATIONS:
            return (
                f"template {self.template}: quotations per compilation-like page "
                f"{self.before:.1f} → {self.now:.1f} ({this_run}), {urls}"
            )
        if self.kind == LIST_PAGES:
            return (
                f"list pages linking no article: {self.before:.0%} → {self.now:.0%} "
                f"({this_run}), {urls}"
            )
        return (
            f"channel {self.where}: start page(s) linked {self.before:.0f} → 0 articles: "
            f"{', '.join(self.examples)}"
        )

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "text": self.text()}


@dataclass(frozen=True, slots=True)
class Comparison:
    findings: list[Finding]
    compared: int  # measures that had a baseline and enough items to be compared


def wilson_low(hits: int, total: int, z: float = Z) -> float:
    """The low end of the Wilson score interval of the share ``hits / total``."""
    p, z2 = hits / total, z * z
    centre = p + z2 / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    return (centre - spread) / (1 + z2 / total)


def rose(before: tuple[int, int], now: tuple[int, int], margin: float) -> bool:
    """True when the share ``now`` (hits, total), at the low end of its interval, is more than
    ``margin`` above the share ``before``."""
    return wilson_low(*now) - before[0] / before[1] > margin


def _pooled(
    tallies: Iterable[Tally | None], size: Callable[[Tally], int], least: int
) -> Tally | None:
    """The newest tallies added up until ``size`` of the sum reaches ``least``; None if never."""
    pooled = Tally()
    for tally in tallies:
        if tally is not None:
            pooled += tally
            if size(pooled) >= least:
                return pooled
    return None


def compare(now: Measures, past: list[PastRun], limits: DriftLimits) -> Comparison:
    """This run's measures against those of ``past`` (clean runs, newest first)."""
    findings: list[Finding] = []
    compared = 0
    least, margin = limits.min_count, limits.margin
    articles, compilations = attrgetter("articles"), attrgetter("compilations")
    # The fallback's pages are as varied as the pages no template fits: they are judged per
    # host (below), where the share that falls to it is compared.
    for name, tally in sorted(now.templates.items()):
        if name in FALLBACKS:
            continue
        base = _pooled((r.measures.templates.get(name) for r in past), articles, least)
        if base is not None and tally.articles >= least:
            for f in PROMISED_FIELDS:
                compared += 1
                if rose((base.empty[f], base.articles), (tally.empty[f], tally.articles), margin):
                    findings.append(
                        Finding(
                            FIELD,
                            name,
                            name,
                            f,
                            base.empty[f] / base.articles,
                            tally.empty[f] / tally.articles,
                            tally.articles,
                            tuple(tally.examples.get(f, ())),
                        )
                    )
        base = _pooled((r.measures.templates.get(name) for r in past), compilations, least)
        if base is not None and tally.compilations >= least:
            compared += 1
            before = base.quotations / base.compilations
            rate = tally.quotations / tally.compilations
            if rate < before * limits.quotation_ratio:
                findings.append(
                    Finding(
                        QUOTATIONS,
                        name,
                        name,
                        None,
                        before,
                        rate,
                        tally.compilations,
                        tuple(tally.examples.get(QUOTATIONS, ())),
                    )
                )

    for host, tally in sorted(now.hosts.items()):
        base = _pooled((r.measures.hosts.get(host) for r in past), articles, least)
        if base is None or tally.articles < least:
            continue
        compared += 1
        if rose((base.fallback, base.articles), (tally.fallback, tally.articles), margin):
            read_by = [(n, t) for t, n in base.templates.items() if t not in FALLBACKS]
            also = [
                f
                for f in PROMISED_FIELDS
                if rose((base.empty[f], base.articles), (tally.empty[f], tally.articles), margin)
            ]
            findings.append(
                Finding(
                    FALLBACK,
                    host,
                    max(read_by)[1],  # a share can rise only from below 100%: there is one
                    None,
                    base.fallback / base.articles,
                    tally.fallback / tally.articles,
                    tally.articles,
                    tuple(tally.examples.get(GENERIC, ())),
                    tuple(also),
                )
            )

    if now.list_pages >= least and (base_lists := _pooled_lists(past, least)) is not None:
        compared += 1
        before_lists, now_lists = base_lists, (now.list_pages_empty, now.list_pages)
        if rose(before_lists, now_lists, margin):
            findings.append(
                Finding(
                    LIST_PAGES,
                    "list pages",
                    None,
                    None,
                    before_lists[0] / before_lists[1],
                    now.list_pages_empty / now.list_pages,
                    now.list_pages,
                    tuple(now.list_examples),
                )
            )

    for channel, started in sorted(now.channels.items()):
        earlier = [r.measures.channels[channel] for r in past if channel in r.measures.channels]
        if earlier and started.pages:
            compared += 1
            if (finding := _dead_start_pages(channel, started, earlier)) is not None:
                findings.append(finding)
    return Comparison(findings, compared)


def _dead_start_pages(
    channel: str, now: ChannelTally, earlier: list[ChannelTally]
) -> Finding | None:
    """The channel's start pages that link no article now and linked some before: each page
    against the newest earlier run it answered in; when none answered before (the e-paper's,
    one URL a day), the channel as a whole against the newest earlier run."""
    before = {
        url: next(c.pages[url] for c in earlier if url in c.pages)
        for url in now.pages
        if any(url in c.pages for c in earlier)
    }
    if before:
        dead = {url: links for url, links in before.items() if links and not now.pages[url]}
        linked = sum(dead.values())
    elif now.links == 0:
        dead, linked = dict(now.pages), earlier[0].links
    else:
        return None
    if not dead or not linked:
        return None
    examples = tuple(list(dead)[:EXAMPLES])
    return Finding(CHANNEL, channel, None, None, linked, 0, len(now.pages), examples)


def _pooled_lists(past: list[PastRun], least: int) -> tuple[int, int] | None:
    """(empty, all) list pages of the newest past runs, once they are ``least`` pages or more."""
    empty = pages = 0
    for run in past:
        empty, pages = empty + run.measures.list_pages_empty, pages + run.measures.list_pages
        if pages >= least:
            return empty, pages
    return None


def report(
    measures: Measures, past: list[PastRun], limits: DriftLimits, checked: bool
) -> dict[str, Any]:
    """The run record's ``drift`` section: this run's measures (a baseline for later runs) and,
    when ``checked``, the comparison with ``past``."""
    comparison = compare(measures, past, limits) if checked else Comparison([], 0)
    return {
        "checked": checked,
        "baseline_runs": [r.run_id for r in past],
        "compared": comparison.compared,
        "findings": [f.to_json() for f in comparison.findings],
        "measures": measures.to_json(),
    }


def summary_lines(section: dict[str, Any]) -> list[str]:
    """The drift lines of a run's summary, from the run record's ``drift`` section."""
    runs = len(section["baseline_runs"])
    against = f"{runs} earlier clean run(s)"
    if not section["checked"]:
        return ["  drift: not checked (DRIFT_CHECK is off); this run's measures are kept"]
    if not runs:
        return [
            "  drift: no earlier clean run to compare with (this run is the next one's baseline)"
        ]
    if not section["compared"]:
        return [f"  drift: nothing to compare (too few articles here or in {against})"]
    findings = section["findings"]
    if not findings:
        return [f"  drift: none ({section['compared']} measures compared with {against})"]
    return [
        f"  drift: {len(findings)} finding(s) against {against}:",
        *(f"    {f['text']}" for f in findings),
    ]
