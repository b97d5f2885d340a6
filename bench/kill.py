"""SIGKILL a crawl at random moments, and check that nothing is lost: ``make kill-test``.

A 1,000-article generated site (``samplesite.generated``) is crawled into one output root; the
crawl is killed with SIGKILL ``--kills`` times at random moments (``--seed``), started again
after each kill (resuming: articles already in the dataset are not fetched again), and finally
left to finish. After every kill:

- every closed WARC file passes ``warcio check``;
- the ``.open`` file the kill left is repaired by the next start (renamed, cut back to its last
  whole record);
- the Parquet dataset reads.

At the end the crawl must be complete (every article exactly once, no duplicate ``article_id``)
and leave no ``.open`` file. Prints a line per kill and a tally; exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow.dataset as ds

from archive.warc import OPEN_SUFFIX
from bench.crawl import BIN, FULL, crawl_command
from samplesite import SampleSite
from samplesite.generated import GeneratedSite

# Paced so that a whole crawl takes about 20 s and the kills fall inside it, not after it; rows
# reach the dataset every 50 articles (what a kill loses is fetched again by the next run).
SETTINGS = {**FULL, "DOWNLOAD_DELAY": "0.1", "PARQUET_BATCH_ITEMS": "50"}


@dataclass
class Check:
    """What was found after one kill."""

    after: float  # seconds the crawl ran before the kill
    closed_warcs: int
    invalid_warcs: list[str]
    open_files: list[str]
    articles: int
    readable: bool

    @property
    def ok(self) -> bool:
        return not self.invalid_warcs and self.readable


def warc_names(output: Path) -> set[str]:
    """Every WARC file of the output root (open or closed, or set aside by a repair)."""
    return {p.name.removesuffix(OPEN_SUFFIX) for p in (output / "warc").rglob("*.warc.gz*")}


def invalid_warcs(warc_dir: Path) -> list[str]:
    """The closed WARC files ``warcio check`` fails."""
    closed = sorted(warc_dir.glob("*.warc.gz"))
    if not closed:
        return []
    result = subprocess.run(
        [str(BIN / "warcio"), "check", *map(str, closed)], capture_output=True, text=True
    )
    if result.returncode == 0:
        return []
    return [line for line in result.stdout.splitlines() if line.strip()] or [result.stderr]


def article_ids(output: Path) -> list[str] | None:
    """Every article_id row of the dataset, or None when it cannot be read."""
    if not (output / "articles").is_dir():
        return []
    try:
        table = ds.dataset(output / "articles", format="parquet", partitioning="hive").to_table(
            columns=["article_id"]
        )
    except Exception as exc:  # the check reports it
        print(f"    dataset unreadable: {exc}")
        return None
    return table.column("article_id").to_pylist()


def check(output: Path, after: float) -> Check:
    warc_dir = output / "warc"
    ids = article_ids(output)
    return Check(
        after=after,
        closed_warcs=len(list(warc_dir.glob("*.warc.gz"))),
        invalid_warcs=invalid_warcs(warc_dir),
        open_files=sorted(p.name for p in warc_dir.glob(f"*{OPEN_SUFFIX}")),
        articles=len(ids or []),
        readable=ids is not None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=None, help="for the kill moments")
    parser.add_argument("--max-wait", type=float, default=6.0, help="latest kill, seconds")
    parser.add_argument("--output", type=Path, help="output root (default: a temporary one)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    pages = GeneratedSite(args.articles)
    site = SampleSite(generated=pages, keep_exchanges=False).start()
    env = {**os.environ, "http_proxy": site.proxy_url}
    failures = 0
    with tempfile.TemporaryDirectory(prefix="kill-test-") as tmp:
        output = args.output or Path(tmp)
        command = crawl_command(pages, output, SETTINGS)
        print(f"kill-test: {args.articles} articles, {args.kills} kills, seed {seed}, {output}")
        left_open: list[str] = []  # by earlier kills, for a later start to repair
        try:
            for n in range(1, args.kills + 1):
                wait = rng.uniform(0.5, args.max_wait)
                before = warc_names(output)
                crawl = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
                time.sleep(wait)
                crawl.send_signal(signal.SIGKILL)
                crawl.wait()
                time.sleep(0.2)  # its children end with it (they die with their parent)
                found = check(output, wait)
                # A run killed in its start-up never got to repair (or write) anything.
                started = bool(warc_names(output) - before)
                repaired = not set(left_open) & set(found.open_files)
                ok = found.ok and (repaired or not started)
                failures += not ok
                repair = (
                    "repaired"
                    if repaired
                    else "NOT repaired"
                    if started
                    else "left for the next run (killed during start-up)"
                )
                print(
                    f"  kill {n:2d} after {wait:4.1f} s: {found.articles:4d} articles, "
                    f"{found.closed_warcs} closed WARC(s) "
                    f"{'valid' if not found.invalid_warcs else 'INVALID'}, "
                    f"{len(found.open_files)} .open left, "
                    f"earlier .open {repair if left_open else 'none'}, "
                    f"dataset {'readable' if found.readable else 'UNREADABLE'}"
                    f"{'' if ok else '  <-- FAILED'}"
                )
                for line in found.invalid_warcs:
                    print(f"    {line}")
                left_open = found.open_files
            status = subprocess.run(command, env=env, stderr=subprocess.DEVNULL).returncode
            final = check(output, 0)
            ids = article_ids(output) or []
            duplicates = len(ids) - len(set(ids))
            complete = set(ids) == {pages.article_id(n) for n in range(args.articles)}
            ok = (
                status == 0
                and complete
                and not duplicates
                and not final.open_files
                and not final.invalid_warcs
            )
            failures += not ok
            print(
                f"  resumed to the end (exit {status}): {len(set(ids))}/{args.articles} articles, "
                f"{duplicates} duplicate article_id, {final.closed_warcs} WARC files "
                f"{'valid' if not final.invalid_warcs else 'INVALID'}, "
                f"{len(final.open_files)} .open left{'' if ok else '  <-- FAILED'}"
            )
        finally:
            site.stop()
    verdict = "all checks passed" if not failures else f"{failures} check(s) FAILED"
    print(f"kill-test: {args.kills} kills, {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
