"""Packaging WARC files as a WACZ (for ReplayWeb.page and pywb), with the tools' own writer.

py-wacz (run as ``python -m wacz``) builds the package (``archive/``, ``indexes/index.cdx.gz``,
``datapackage.json`` with hashes); this module gives it the list of pages a reader should be
offered, which py-wacz cannot find by itself in a crawler's WARC files, then validates the result
and moves it into place.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.errors import OutputError

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
PAGES_FILE = "pages/pages.jsonl"  # in the package


class WaczError(OutputError):
    """The WACZ could not be built or did not validate."""


@dataclass(frozen=True, slots=True)
class Page:
    """A page the WACZ offers a reader: a URL, when it was captured, and its title."""

    url: str
    ts: dt.datetime
    title: str | None = None


def write_pages(pages: Iterable[Page], path: Path) -> int:
    """``pages.jsonl`` as the WACZ spec has it; how many pages it lists."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(PAGES_HEADER) + "\n")
        for page in pages:
            count += 1
            ts = page.ts.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            line = {"id": f"page-{count}", "url": page.url, "ts": ts}
            if page.title:
                line["title"] = page.title
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return count


def build_wacz(warcs: list[Path], pages: list[Page], output: Path, title: str) -> Path:
    """Write ``output`` (a .wacz) holding ``warcs`` and ``pages``; validated before it appears."""
    if not warcs:
        raise WaczError("no closed WARC files to package")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".wacz-") as tmp:
        pages_file = Path(tmp) / "pages.jsonl"
        write_pages(pages, pages_file)
        partial = Path(tmp) / output.name
        args = ["create", "-o", str(partial), "-p", str(pages_file), "--title", title]
        _run([*args, *map(str, warcs)], f"cannot build {output}")
        _run(["validate", "-f", str(partial)], f"{output} does not validate")
        _check_pages(partial, pages)
        partial.replace(output)
    return output


def _check_pages(wacz: Path, pages: list[Page]) -> None:
    """Every page given is listed: py-wacz drops, with a message only, a page whose URL and
    time (to the second) match no capture, and a viewer offers only the pages listed."""
    with zipfile.ZipFile(wacz) as package:
        lines = package.read(PAGES_FILE).decode("utf-8").splitlines()[1:]
    listed = {json.loads(line)["url"] for line in lines}
    missing = [page.url for page in pages if page.url not in listed]
    if missing:
        raise WaczError(
            f"{len(missing)} page(s) match no capture and are not listed: {', '.join(missing[:3])}"
        )


def _run(args: list[str], failure: str) -> None:
    """py-wacz's own command line, in a process of its own: it leaves files open and prints
    progress, neither of which belongs in a crawl's process or output."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "wacz", *args], capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise WaczError(f"{failure}: {exc}") from exc
    if done.returncode != 0:
        raise WaczError(f"{failure}: {(done.stderr or done.stdout)[-800:].strip()}")
