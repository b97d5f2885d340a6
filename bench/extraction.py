"""Extraction benchmark: this extractor against trafilatura, htmldate, GNE and newspaper4k.

Every tool reads the same gold-annotated pages (``tests/pipelines/gold.py``: the sample site,
the variants test page and, in the team checkout, the real pages of ``../shared/corpus/real``)
in one run, page by page with every tool in turn. Printed per tool: field accuracy (title,
published_at to the minute, source, web editors, quotations precision/recall) and the median
milliseconds per page, then the time on a 60 KB compilation page built from the variants page.

    make bench-extraction          # or: python -m bench.extraction [--runs N] [--tools a,b]

A field a tool does not attempt is shown as "—". A published time of 00:00 counts as the day
only (that is what date-only tools print), and a day-only value is right only where the page
states the day only.
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


@dataclass
class Score:
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    pages: int = 0
    found: int = 0
    true_positives: int = 0
    gold_quotes: int = 0
    errors: int = 0
    ms: list[float] = field(default_factory=list)


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
        frozenset((*FIELDS, "quotes")),
    )


def trafilatura_tool(page: GoldPage, html: str) -> Reading:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=page.url, with_metadata=True)
    if doc is None:
        return Reading(attempts=frozenset(("title", "published", "source")))
    return Reading(
        doc.title,
        day_or_minute(doc.date),
        doc.sitename,
        attempts=frozenset(("title", "published", "source")),
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
        attempts=frozenset(("title", "published", "editors")),
    )


def newspaper_tool(page: GoldPage, html: str) -> Reading:
    import newspaper

    language = "en" if "en.people" in page.url else "zh"
    article = newspaper.article(page.url, input_html=html, language=language)
    when = article.publish_date
    return Reading(
        article.title or None,
        day_or_minute(when.strftime("%Y-%m-%d %H:%M") if when else None),
        attempts=frozenset(("title", "published")),
    )


TOOLS: dict[str, Callable[[GoldPage, str], Reading]] = {
    "ours": ours,
    "trafilatura": trafilatura_tool,
    "htmldate": htmldate_tool,
    "gne": gne_tool,
    "newspaper4k": newspaper_tool,
}


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
    """The tool's reading and its median milliseconds over ``runs`` runs."""
    times = []
    reading = Reading()
    gc.collect()
    for _ in range(runs):
        start = time.perf_counter()
        reading = tool(page, html)
        times.append((time.perf_counter() - start) * 1000)
    return reading, statistics.median(times)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page (median)")
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
        + f", {args.runs} runs each, median ms; Python {sys.version.split()[0]}"
    )
    tools = {}
    for name in names:
        try:
            TOOLS[name](pages[0], htmls[pages[0].name])  # warm-up: imports, models, caches
        except ImportError as exc:
            print(f"  {name}: not installed ({exc.name}); pip install -e '.[bench]'")
            continue
        tools[name] = TOOLS[name]
    scores = {name: Score() for name in tools}
    # Page by page, every tool in turn: a slow moment of the machine falls on all of them.
    for page in pages:
        for name, tool in tools.items():
            score = scores[name]
            try:
                reading, ms = timed(tool, page, htmls[page.name], args.runs)
            except Exception:  # a peer failing on a page scores nothing for it
                score.errors += 1
                reading, ms = Reading(), float("nan")
            score.ms.append(ms)
            score_page(score, page, reading)
    rows: dict[str, tuple[Score, float]] = {
        name: (scores[name], timed(tool, big_page, big_html, args.runs)[1])
        for name, tool in tools.items()
    }

    header = (
        f"{'tool':<12} {'title':>6} {'publ.':>6} {'source':>6} {'editors':>7} "
        f"{'quote P':>7} {'quote R':>7} {'ms/page':>8} {'60KB ms':>8} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, (score, big_ms) in rows.items():
        attempts = TOOLS[name](pages[0], htmls[pages[0].name]).attempts
        cells = [
            f"{score.right[f] / score.pages:6.2f}" if f in attempts else f"{'—':>6}" for f in FIELDS
        ]
        precision = f"{score.true_positives / score.found:7.2f}" if score.found else f"{'—':>7}"
        recall = f"{score.true_positives / score.gold_quotes:7.2f}" if "quotes" in attempts else "—"
        valid = [m for m in score.ms if m == m]
        median = statistics.median(valid) if valid else float("nan")
        print(
            f"{name:<12} {cells[0]} {cells[1]} {cells[2]:>6} {cells[3]:>7} {precision} "
            f"{recall:>7} {median:8.2f} {big_ms:8.2f} {score.errors:6d}"
        )
    if "ours" in rows and "trafilatura" in rows:
        ours_ms = statistics.median(rows["ours"][0].ms)
        traf_ms = statistics.median(m for m in rows["trafilatura"][0].ms if m == m)
        print(
            f"ours vs trafilatura: {traf_ms / ours_ms:.1f}x faster per page; "
            f"60 KB page: ours {rows['ours'][1]:.2f} ms (target 5 ms), "
            f"trafilatura {rows['trafilatura'][1]:.2f} ms"
        )
    print(f"60 KB page: {len(big_html.encode()) / 1000:.0f} KB UTF-8, the variants page repeated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
