"""The report as a static folder: open ``index.html`` from the disk or any static server.

Layout (``build_report``), under the output root:

    report/index.html            the page (static: no data in it)
    report/app.js, app.css       its code and style (``report/static``)
    report/echarts.min.js        the charts library (``report.assets``), with its licence
    report/data/summary.js       counts, the charts' series, speakers, occasions, runs
    report/data/rows-NNNNN.js    the quotation table, ``CHUNK_ROWS`` rows a file
    report/viewer/               ReplayWeb.page on the output's WACZ (``archive.viewer``)

Why chunks of JavaScript rather than DuckDB-WASM over the Parquet: the page must open from the
disk, where a browser lets a page load scripts but not fetch files (DuckDB-WASM reads by fetch,
and its 30 MB would be the first screen's wait); chunks give the first screen one small file,
and the table loads the others as it pages, filters (scanning chunk by chunk, skipping those
without the speaker asked for) or sorts. Each file sets data through a function the page
defines; every string in it is JSON, and the page puts strings in as text, never as markup.

The folder is written aside and swapped in whole, so a report open in a browser is either the
old one or the new one.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from archive.index import closed_warcs
from archive.viewer import ViewerError, capture_timestamp, install_viewer, viewer_link
from core.clock import SHANGHAI, utc_now
from core.errors import OutputError
from core.npm import ReleaseError, write_aside
from core.output import exchange_folders
from core.progress import Progress
from report.assets import ECHARTS, ECHARTS_JS, ECHARTS_LICENSE
from report.data import QuotationRow, ReportData, Summary
from report.wacz import newest_wacz, package_archive

logger = logging.getLogger(__name__)

FOLDER = "report"
CHUNK_ROWS = 1000  # rows of the quotation table per file: the first screen loads one
STATIC = ("index.html", "app.js", "app.css")
VIEWER = "viewer"
# The placeholders a REPLAY_URL_TEMPLATE may hold.
TIMESTAMP_FIELD, URL_FIELD = "{timestamp}", "{url}"


class ReportError(OutputError):
    """The report could not be written."""


@dataclass(frozen=True, slots=True)
class Built:
    """A report written, and what it links captures to."""

    index: Path
    rows: int
    chunks: int
    captures: str  # "viewer", "template" or "none"
    wacz: Path | None
    notes: tuple[str, ...]  # what the person running it should know (no viewer, …)


def build_report(
    root: Path, prefix: str, replay_template: str | None = None, progress: Progress | None = None
) -> Built:
    """Write ``root/report/`` from the datasets under ``root`` (see the module docstring).

    ``replay_template``: capture links as a pywb collection's URLs (``{timestamp}``, ``{url}``)
    instead of the bundled viewer. The WACZ is packaged first when ``root/wacz`` holds none as
    new as the WARC files (named with ``prefix``, as ``scrapy wacz`` names it). ``progress`` is
    told each phase, and how many quotation rows have been written, as they are.
    """
    root = Path(root)
    final = root / FOLDER
    work = root / f".{FOLDER}-{utc_now():%Y%m%dT%H%M%S%f}"
    notes: list[str] = []
    try:
        charts: dict[str, bytes] = ECHARTS.read_members()
    except ReleaseError as exc:  # the tables are all there; the page says the charts are not
        charts = {}
        notes.append(f"no charts: {exc}")
    try:
        work.mkdir(parents=True)
        link, captures, wacz = _capture_links(root, work, replay_template, prefix, notes, progress)
        if progress is not None:
            progress.phase("reading the datasets")
        data = ReportData(root)
        try:
            summary = data.summary()
            notes.extend(summary.notes)
            if progress is not None:
                progress.phase("writing the quotation table")
                progress.update(0, total=summary.counts.get("quotations", 0))
            rows, chunks, speakers = _write_rows(work, data.quotation_rows(), link, progress)
        finally:
            data.close()
        _write_summary(work, summary, rows, chunks, speakers, captures)
        _write_static(work, charts)
        if final.exists():
            exchange_folders(work, final)  # the new report in place, the old one in ``work``
            shutil.rmtree(work)
        else:
            work.rename(final)
    except BaseException as exc:
        shutil.rmtree(work, ignore_errors=True)  # nothing half written stays behind
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise ReportError(f"cannot write the report in {final}: {exc}") from exc
        raise
    return Built(final / "index.html", rows, chunks, captures, wacz, tuple(notes))


# -- capture links --------------------------------------------------------------------------------
Link = Callable[[str, dt.datetime | None], str | None]


def _capture_links(
    root: Path,
    work: Path,
    template: str | None,
    prefix: str,
    notes: list[str],
    progress: Progress | None,
) -> tuple[Link, str, Path | None]:
    """How a row links to its capture, what kind of link that is, and the WACZ it opens."""
    if template:
        if URL_FIELD not in template:
            raise ReportError(f"REPLAY_URL_TEMPLATE {template!r} has no {URL_FIELD}")
        return _templated(template), "template", None
    if not closed_warcs(root / "warc"):
        notes.append("no closed WARC file under the output root: rows link to the web only")
        return _no_link, "none", None
    wacz = newest_wacz(root)
    if wacz is None:
        wacz = package_archive(root, prefix, progress=progress).path
        notes.append(f"packaged the archive as {wacz}")
    try:
        install_viewer(work / VIEWER)
    except ViewerError as exc:
        notes.append(f"no viewer bundled, rows link to the web only: {exc}")
        return _no_link, "none", wacz
    source = "../" + wacz.relative_to(root).as_posix()  # from report/index.html

    def in_viewer(url: str, when: dt.datetime | None) -> str:
        return viewer_link(f"{VIEWER}/index.html", source, url, when)

    return in_viewer, "viewer", wacz


def _templated(template: str) -> Link:
    def link(url: str, when: dt.datetime | None) -> str:
        stamp = capture_timestamp(when) if when is not None else ""
        return template.replace(TIMESTAMP_FIELD, stamp).replace(URL_FIELD, url)

    return link


def _no_link(url: str, when: dt.datetime | None) -> None:
    return None


# -- files ----------------------------------------------------------------------------------------
def _write_rows(
    work: Path, rows: Iterable[QuotationRow], link: Link, progress: Progress | None
) -> tuple[int, int, list[list[str]]]:
    """The table's chunks; how many rows and chunks, and the speakers each chunk holds."""
    (work / "data").mkdir(exist_ok=True)
    count, chunks, speakers = 0, 0, []
    chunk: list[list[Any]] = []
    for row in rows:
        chunk.append(_table_row(row, link))
        count += 1
        if len(chunk) == CHUNK_ROWS:
            speakers.append(_write_chunk(work, chunks, chunk))
            chunks, chunk = chunks + 1, []
            if progress is not None:
                progress.update(done=count, note=f"{chunks} part(s)")
    if chunk:
        speakers.append(_write_chunk(work, chunks, chunk))
        chunks += 1
    if progress is not None:
        progress.update(done=count, note=f"{chunks} part(s)")
    return count, chunks, speakers


def _table_row(row: QuotationRow, link: Link) -> list[Any]:
    """A row as the page reads it (``app.js``, ``COLUMNS``)."""
    published = (
        row.published_at.astimezone(SHANGHAI).date().isoformat() if row.published_at else None
    )
    return [
        row.text,
        row.speaker,
        _said(row.said_on, row.said_precision),
        row.occasion,
        row.section,
        row.title or row.url,
        row.url,
        published,
        link(row.url, row.fetched_at),
        row.quoted_in,
    ]


def _said(day: dt.date | None, precision: str | None) -> str | None:
    """A date as precisely as it was stated: 2014-11-19, 2014-07 or 2014."""
    if day is None:
        return None
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(precision or "", day.isoformat())


def _write_chunk(work: Path, number: int, rows: list[list[Any]]) -> list[str]:
    _script(work / "data" / f"rows-{number:05d}.js", "REPORT_ROWS", number, rows)
    return sorted({r[1] for r in rows if r[1]})


def _write_summary(
    work: Path, summary: Summary, rows: int, chunks: int, speakers: list[list[str]], captures: str
) -> None:
    names = [s["speaker"] for s in summary.speakers]
    index = {name: i for i, name in enumerate(names)}
    data = {
        "generated_at": utc_now().isoformat(timespec="seconds"),
        "counts": summary.counts,
        "said_by_year": summary.said_by_year,
        "published_by_year": summary.published_by_year,
        "speakers": summary.speakers,
        "occasions": summary.occasions,
        "occasion_kinds": summary.occasion_kinds,
        "requoted": summary.requoted,
        "runs": summary.runs,
        "notes": summary.notes,
        "table": {
            "rows": rows,
            "chunk_rows": CHUNK_ROWS,
            "chunks": chunks,
            # Which speakers each chunk holds (their index in "speakers"): a filter on one
            # speaker reads only the chunks that have them.
            "chunk_speakers": [[index[s] for s in found if s in index] for found in speakers],
            "captures": captures,
        },
    }
    _script(work / "data" / "summary.js", "REPORT_SUMMARY", data)


def _script(path: Path, function: str, *arguments: Any) -> None:
    """A file that hands ``arguments`` to ``window.function``: JSON, so every string is data."""
    text = ", ".join(json.dumps(a, ensure_ascii=False, default=str) for a in arguments)
    write_aside(path, f"window.{function}({text});\n".encode(), ReportError)


def _write_static(work: Path, charts: dict[str, bytes]) -> None:
    """The page, its code and style, and the charts library when it is cached."""
    static = files("report") / "static"
    for name in STATIC:
        write_aside(work / name, (static / name).read_bytes(), ReportError)
    if charts:
        write_aside(work / "echarts.min.js", charts[ECHARTS_JS], ReportError)
        write_aside(work / "LICENSE-echarts.txt", charts[ECHARTS_LICENSE], ReportError)
