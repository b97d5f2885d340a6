"""Extraction benchmark: this extractor against trafilatura, htmldate, GNE and newspaper4k.

Every tool reads the same gold-annotated pages (``tests/pipelines/gold.py``: the sample site,
the variants test page and, in the team checkout, the real pages of ``../shared/corpus/real``)
in one run, page by page with every tool in turn. Printed per tool: field accuracy (title,
published_at to the minute, source, web editors, quotations precision/recall), body recall and
precision on the pages whose body is annotated, and the milliseconds per page (the median over
the pages), then the time on a 60 KB compilation page built from the variants page. A page's
time is the CPU time of this process (every tool here runs in one thread) in the fastest of its
runs: on a machine shared with other work, the time spent waiting for a core is not the tool's,
and the slower runs measure the other work more than the tool (as ``timeit``'s documentation
says of its repeats). A second table scores the real pages no People's Daily template reads (the
generic fallback's), where drift leaves a crawl.

    make bench-extraction          # or: python -m bench.extraction [--runs N] [--tools a,b]

A field a tool does not attempt is shown as "—". A published time of 00:00 counts as the day
only (that is what date-only tools print), and a day-only value is right only where the page
states the day only. Body recall is the share of a page's gold paragraphs that open one of the
tool's paragraphs, in order; body precision the share of the tool's paragraphs that are such
(captions, credit, 来源 and editor lines are not body); both are averaged over the pages, and a
page where a tool finds no body scores 0 on both.
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipelines.article import extract_article
from tests.pipelines import gold
from tests.pipelines.gold import GoldPage, GoldQuote

FIELDS = ("title", "published", "source", "editors")
TARGET_PAGE_BYTES = 60_000
_SPACES = re.compile(r"\s+")


@dataclass
class Reading:
    """What one tool read off one page; None for a field the tool does not attempt."""

    title: str | None = None
    published: str | None = None
    source: str | None = None
    editors: tuple[str, ...] | None = None
    quotes: list[GoldQuote] | None = None
    attempts: frozenset[str] = frozenset()
    body: list[str] | None = None  # the body's paragraphs, for a tool that extracts one


@dataclass
class Score:
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    pages: int = 0
    found: int = 0
    true_positives: int = 0
    gold_quotes: int = 0
    errors: int = 0
    ms: list[float] = field(default_factory=list)
    body_recall: list[float] = field(default_factory=list)  # one per page with a gold body
    body_precision: list[float] = field(default_factory=list)


# --- The tools, each as (url, html) -> Reading ---------------------------------------------------


def ours(page: GoldPage, html: str) -> Reading:
    extracted = extract_article(gold.article_pages(page, html))
    a = extracted.article
    quotes = [
        GoldQuote(
            q.said_on.isoformat() if q.said_on else None, q.speaker, q.occasion, q.text, q.text
        )
        for q in extracted.quotations
    ]
    return Reading(
        a.title,
        gold.published_key(a.published_at, a.published_precision),
        a.source,
        tuple(a.editors),
        quotes,
        frozenset((*FIELDS, "quotes", "body")),
        paragraphs(a.body),
    )


def trafilatura_tool(page: GoldPage, html: str) -> Reading:
    import trafilatura

    attempts = frozenset(("title", "published", "source", "body"))
    doc = trafilatura.bare_extraction(html, url=page.url, with_metadata=True)
    if doc is None:
        return Reading(attempts=attempts)
    return Reading(
        doc.title,
        day_or_minute(doc.date),
        doc.sitename,
        attempts=attempts,
        body=paragraphs(doc.text),
    )


def htmldate_tool(page: GoldPage, html: str) -> Reading:
    import htmldate

    found = htmldate.find_date(
        html, url=page.url, outputformat="%Y-%m-%d %H:%M", extensive_search=True
    )
    return Reading(published=day_or_minute(found), attempts=frozenset(("published",)))


def gne_tool(page: GoldPage, html: str) -> Reading:
    from gne import GeneralNewsExtractor

    result = GeneralNewsExtractor().extract(html)
    author = (result.get("author") or "").strip()
    return Reading(
        result.get("title") or None,
        day_or_minute(result.get("publish_time")),
        # GNE's "author" is the 责任编辑 line where a page has one: scored as the editors.
        editors=tuple(n for n in re.split(r"[、,，\s]+", author) if n),
        attempts=frozenset(("title", "published", "editors", "body")),
        body=paragraphs(result.get("content")),
    )


def newspaper_tool(page: GoldPage, html: str) -> Reading:
    import newspaper

    language = "en" if "en.people" in page.url else "zh"
    article = newspaper.article(page.url, input_html=html, language=language)
    when = article.publish_date
    return Reading(
        article.title or None,
        day_or_minute(when.strftime("%Y-%m-%d %H:%M") if when else None),
        attempts=frozenset(("title", "published", "body")),
        body=paragraphs(article.text),
    )


TOOLS: dict[str, Callable[[GoldPage, str], Reading]] = {
    "ours": ours,
    "trafilatura": trafilatura_tool,
    "htmldate": htmldate_tool,
    "gne": gne_tool,
    "newspaper4k": newspaper_tool,
}


def paragraphs(text: str | None) -> list[str]:
    """A tool's body text as its paragraphs: every tool here puts one (or a blank line) between
    paragraphs."""
    return [line for line in (text or "").splitlines() if line.strip()]


def day_or_minute(value: Any) -> str | None:
    """A tool's date as the gold writes it: "YYYY-MM-DD HH:MM", or the day when no time."""
    if not value:
        return None
    text = _SPACES.sub(" ", str(value)).strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?", text)
    if m is None:
        return text
    y, mo, d, hh, mm = m.groups()
    day = f"{y}-{int(mo):02d}-{int(d):02d}"
    if hh is None or (int(hh), int(mm)) == (0, 0):
        return day
    return f"{day} {int(hh):02d}:{mm}"


# --- Scoring -----------------------------------------------------------------------------------


def score_page(score: Score, page: GoldPage, reading: Reading) -> None:
    score.pages += 1
    expected = {
        "title": _norm(page.title),
        "published": page.published_at,
        "source": page.source,
        "editors": page.editors,
    }
    got = {
        "title": _norm(reading.title),
        "published": reading.published,
        "source": reading.source,
        "editors": reading.editors or (),
    }
    for name in FIELDS:
        if name in reading.attempts and got[name] == expected[name]:
            score.right[name] += 1
    if page.body is not None and "body" in reading.attempts:
        found = gold.body_found(page.body, reading.body or [])
        score.body_recall.append(found / len(page.body))
        score.body_precision.append(found / len(reading.body) if reading.body else 0.0)
    score.gold_quotes += len(page.quotes)
    if reading.quotes is None:
        return
    score.found += len(reading.quotes)
    unmatched = list(page.quotes)
    for q in reading.quotes:
        for g in unmatched:
            if (q.said_on, q.speaker, q.occasion) == (g.said_on, g.speaker, g.occasion) and (
                q.starts.startswith(g.starts) and q.ends.endswith(g.ends)
            ):
                score.true_positives += 1
                unmatched.remove(g)
                break


def _norm(text: str | None) -> str | None:
    return _SPACES.sub(" ", text).strip() if text else None


def timed(tool: Callable[[GoldPage, str], Reading], page: GoldPage, html: str, runs: int):
    """The tool's reading and its milliseconds of CPU time in the fastest of ``runs`` runs."""
    times = []
    reading = Reading()
    gc.collect()
    for _ in range(runs):
        start = time.process_time()
        reading = tool(page, html)
        times.append((time.process_time() - start) * 1000)
    return reading, min(times)


def sixty_kb_page() -> tuple[GoldPage, str]:
    """The variants page, its quote paragraphs repeated until the page is 60 KB (UTF-8)."""
    page = gold.VARIANTS
    html = page.html()
    start = html.index("<p>", html.index('class="rm_txt_con'))
    end = html.index("<p><strong>　　在文艺工作座谈会上的讲话")
    block = html[start:end]
    while len(html.encode()) < TARGET_PAGE_BYTES:
        html = html[:end] + block + html[end:]
    return page, html


# --- Report ------------------------------------------------------------------------------------


def tally(pages: list[GoldPage], readings: list[tuple[Reading, float]]) -> Score:
    """One tool's score over ``pages``, from its reading and time on each."""
    score = Score()
    for page, (reading, ms) in zip(pages, readings, strict=True):
        score.errors += ms != ms  # NaN: the tool failed on the page
        score.ms.append(ms)
        score_page(score, page, reading)
    return score


def print_table(
    scores: dict[str, Score],
    attempts: dict[str, frozenset[str]],
    big_ms: dict[str, float] | None = None,
) -> None:
    header = (
        f"{'tool':<12} {'title':>6} {'publ.':>6} {'source':>6} {'editors':>7} "
        f"{'quote P':>7} {'quote R':>7} {'body R':>6} {'body P':>6} {'ms/page':>8}"
        + (f" {'60KB ms':>8}" if big_ms else "")
        + f" {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, score in scores.items():
        tried = attempts[name]
        cells = [
            f"{score.right[f] / score.pages:6.2f}" if f in tried else f"{'—':>6}" for f in FIELDS
        ]
        if "quotes" in tried:
            precision = f"{score.true_positives / score.found:7.2f}" if score.found else f"{'—':>7}"
            recall = (
                f"{score.true_positives / score.gold_quotes:7.2f}" if score.gold_quotes else "—"
            )
        else:
            precision = recall = "—"
        body = [
            f"{statistics.mean(values):6.2f}" if "body" in tried and values else "—"
            for values in (score.body_recall, score.body_precision)
        ]
        print(
            f"{name:<12} {' '.join(cells[:2])} {cells[2]:>6} {cells[3]:>7} {precision:>7} "
            f"{recall:>7} {body[0]:>6} {body[1]:>6} {_median(score.ms):8.2f}"
            + (f" {big_ms[name]:8.2f}" if big_ms else "")
            + f" {score.errors:6d}"
        )


def _median(ms: list[float]) -> float:
    valid = [m for m in ms if m == m]
    return statistics.median(valid) if valid else float("nan")


def _ratio(scores: dict[str, Score]) -> float:
    """How many times faster this extractor is than trafilatura, median page against median."""
    return _median(scores["trafilatura"].ms) / _median(scores["ours"].ms)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page (the fastest)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated tool names")
    args = parser.parse_args(argv)
    names = [t for t in args.tools.split(",") if t]
    unknown = set(names) - set(TOOLS)
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    warnings.simplefilter("ignore")  # the peers' deprecation noise is not a result

    pages = [p for p in gold.GOLD_PAGES if p.available]
    missing = len(gold.GOLD_PAGES) - len(pages)
    htmls = {p.name: p.html() for p in pages}
    big_page, big_html = sixty_kb_page()
    print(
        f"extraction benchmark: {len(pages)} gold pages"
        + (f" ({missing} real pages not present: no ../shared/corpus/real)" if missing else "")
        + f", CPU ms of the fastest of {args.runs} runs a page; Python {sys.version.split()[0]}"
    )
    tools = {}
    for name in names:
        try:
            TOOLS[name](pages[0], htmls[pages[0].name])  # warm-up: imports, models, caches
        except ImportError as exc:
            print(f"  {name}: not installed ({exc.name}); pip install -e '.[bench]'")
            continue
        tools[name] = TOOLS[name]
    readings: dict[str, list[tuple[Reading, float]]] = {name: [] for name in tools}
    # Page by page, every tool in turn: a slow moment of the machine falls on all of them.
    for page in pages:
        for name, tool in tools.items():
            try:
                readings[name].append(timed(tool, page, htmls[page.name], args.runs))
            except Exception:  # a peer failing on a page scores nothing for it
                readings[name].append((Reading(), float("nan")))
    big_ms = {name: timed(tool, big_page, big_html, args.runs)[1] for name, tool in tools.items()}
    attempts = {name: TOOLS[name](pages[0], htmls[pages[0].name]).attempts for name in tools}

    everything = {name: tally(pages, readings[name]) for name in tools}
    print_table(everything, attempts, big_ms)
    if "ours" in tools and "trafilatura" in tools:
        print(
            f"ours vs trafilatura: {_ratio(everything):.1f}x faster per page; "
            f"60 KB page: ours {big_ms['ours']:.2f} ms (target 5 ms), "
            f"trafilatura {big_ms['trafilatura']:.2f} ms"
        )
    generic = [i for i, p in enumerate(pages) if p in gold.GENERIC_REAL_PAGES]
    if generic:
        print(f"\nreal pages no People's Daily template reads (generic fallback): {len(generic)}")
        subset = {
            name: tally([pages[i] for i in generic], [readings[name][i] for i in generic])
            for name in tools
        }
        print_table(subset, attempts)
        if "ours" in tools and "trafilatura" in tools:
            print(f"ours vs trafilatura on these pages: {_ratio(subset):.1f}x faster per page")
    print(f"60 KB page: {len(big_html.encode()) / 1000:.0f} KB UTF-8, the variants page repeated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
