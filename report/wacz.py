"""The output root's archive as one WACZ, with the page list a viewer offers and a viewer beside it.

``package_archive(root, prefix)`` packages every closed WARC of ``root/warc`` (``archive.wacz``
builds and validates the package) with a ``pages.jsonl`` of every archived page of the
articles, titled from the articles dataset (later pages of a long article as "title (2/3)"),
each at the time of its capture; without a dataset, every archived HTML page. ``scrapy wacz``
and ``scrapy report`` both package the archive so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from archive.index import Capture, closed_warcs, index_directory, read_cdxj
from archive.wacz import Page, build_wacz
from core.clock import utc_now
from core.progress import Progress
from pipelines import schema
from pipelines.dataset import scan
from spiders.urls import parse_article_url

WACZ_FOLDER = "wacz"
# What the page list is made from: the article rows, each pointing at its first page's record.
_ARTICLE_COLUMNS = schema.columns(
    "articles", "article_id", "title", "version", "page_count", "warc_filename", "warc_offset"
)


@dataclass(frozen=True, slots=True)
class Packaged:
    """A WACZ written, and what it holds."""

    path: Path
    warcs: int
    pages: int


def package_archive(
    root: Path, prefix: str, output: Path | None = None, progress: Progress | None = None
) -> Packaged:
    """Package ``root/warc`` as ``output`` (default ``root/wacz/{prefix}-{UTC time}.wacz``),
    naming each phase on ``progress``. Raises WaczError (an OutputError) when it cannot be built
    or does not validate."""
    phase = progress.phase if progress is not None else (lambda text: None)
    warcs = closed_warcs(root / "warc")
    output = output or root / WACZ_FOLDER / f"{prefix}-{utc_now():%Y%m%d%H%M%S}.wacz"
    packaged = {w.name for w in warcs}
    phase(f"reading the indexes of {len(warcs)} WARC file(s)")
    captures = [c for c in read_cdxj(index_directory(root / "warc")) if c.filename in packaged]
    phase(f"listing the pages of {len(captures):,} capture(s)")
    pages = _article_pages(root, captures) or _html_pages(captures)
    phase(f"packaging {len(warcs)} WARC file(s), {len(pages):,} page(s)")
    build_wacz(warcs, pages, output, title=f"People's Daily archive ({root})")
    return Packaged(output, len(warcs), len(pages))


def newest_wacz(root: Path) -> Path | None:
    """The newest WACZ of ``root/wacz`` when none of the closed WARC files is newer; else None
    (the archive has grown since it was packaged, or was never packaged)."""
    packages = sorted((root / WACZ_FOLDER).glob("*.wacz"), key=lambda p: p.stat().st_mtime)
    if not packages:
        return None
    warcs = closed_warcs(root / "warc")
    newest_warc = max((w.stat().st_mtime for w in warcs), default=0.0)
    return packages[-1] if packages[-1].stat().st_mtime >= newest_warc else None


def _article_pages(root: Path, captures: list[Capture]) -> list[Page]:
    """Every archived page of the latest version of every article in the package, in capture
    order: its first page (the record its row points at) under the article's title, and each
    later page, as "title (n/N)", from the first capture of it at or after the first page's.

    Each page's time is its capture's (from the CDXJ), to the second as the WACZ index has it:
    py-wacz leaves out a page whose time matches no capture.
    """
    by_record = {(c.filename, c.offset): c for c in captures}
    later: dict[tuple[str, int], list[Capture]] = {}  # (article_id, page number) → captures
    for capture in sorted(captures, key=lambda c: c.timestamp):
        ref = parse_article_url(capture.url)
        if ref and ref.page > 1 and capture.status == 200:
            later.setdefault((ref.article_id, ref.page), []).append(capture)
    latest: dict[str, tuple[dict, Capture]] = {}
    for table in scan(root, "articles", _ARTICLE_COLUMNS):
        for row in table.to_pylist():
            first = by_record.get((row["warc_filename"], row["warc_offset"]))
            known = latest.get(row["article_id"])
            if first and (not known or (row["version"] or 1) > (known[0]["version"] or 1)):
                latest[row["article_id"]] = (row, first)
    pages = []
    for row, first in latest.values():
        title, count = row["title"], row["page_count"] or 1
        pages.append(Page(first.url, _from_stamp(first.timestamp), title))
        for n in range(2, count + 1):
            after = (
                c for c in later.get((row["article_id"], n), []) if c.timestamp >= first.timestamp
            )
            if capture := next(after, None):
                name = f"{title} ({n}/{count})" if title else None
                pages.append(Page(capture.url, _from_stamp(capture.timestamp), name))
    return sorted(pages, key=lambda p: (p.ts, p.url))


def _from_stamp(stamp: str) -> dt.datetime:
    return dt.datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)


def _html_pages(captures: list[Capture]) -> list[Page]:
    """Without a dataset: every HTML page archived with status 200, first capture of each."""
    pages: dict[str, Page] = {}
    for capture in sorted(captures, key=lambda c: c.timestamp):
        html = capture.mime.startswith("text/html")
        if html and capture.status == 200 and not capture.revisit and capture.url not in pages:
            pages[capture.url] = Page(capture.url, _from_stamp(capture.timestamp))
    return list(pages.values())
