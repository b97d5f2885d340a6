"""Crawl speed and memory, measured: ``make bench`` (``python -m bench.crawl``).

On a generated People's Daily–style site (``samplesite.generated``) served on 127.0.0.1 with no
delays, it measures in one run:

- full/bare: pages per second of the full pipeline (``scrapy crawl people``: fetch, extract,
  Parquet, WARC) over those of a bare Scrapy spider fetching the same pages by the same links
  (``bench.bare``); each is crawled ``--repeat`` times, alternately, and the best of each kept;
- replay/live: pages per second of ``scrapy replay`` of the best crawl's WARC (``--repeat`` times,
  the best kept) over that crawl's;
- rss20k/2k: peak memory (RSS) of a full crawl of a 20,000-article site over a 2,000-article one;
- the grouping quotes/ made of the quotations the site planted (``bench.grouping``): pairwise
  precision and recall, from the best full crawl.

Each crawl runs as its own process, as a user runs it; times are wall-clock, start-up included.
The last line is the summary: ``bench: full/bare=0.91 replay/live=4.2 rss20k/2k=1.08``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.grouping import score
from samplesite import SampleSite
from samplesite.generated import GeneratedSite

BIN = Path(sys.executable).parent
# The same politeness-free settings for every crawl: the site is local and answers at once.
COMMON = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "COOKIES_ENABLED": "False",
    "LOG_LEVEL": "WARNING",
}
FULL = {**COMMON, "CRAWL_DELAY_OVERRIDE": "0", "PEOPLE_LIST_MAX_PAGES": "100000"}
RSS_SAMPLE_SECONDS = 0.2


@dataclass(frozen=True, slots=True)
class Run:
    """One measured process."""

    seconds: float
    pages: int  # responses received (crawls) or read (replay)
    peak_rss_mb: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds and peak RSS (MB, the process and its children together) of
    ``command``; exits when it fails."""
    os.sync()  # the previous run's files reach the disk now, not on this run's clock
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    sampler = threading.Thread(target=_sample_rss, args=(process, peak), daemon=True)
    sampler.start()
    assert process.stderr is not None
    errors = process.stderr.read()  # read while it runs: a full pipe would stall it
    process.wait()
    seconds = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        sys.stderr.write(errors.decode(errors="replace")[-3000:])
        raise SystemExit(f"bench: {command[0]} failed with status {process.returncode}")
    return seconds, peak[0] / 1024


def _sample_rss(process: subprocess.Popen[bytes], peak: list[int]) -> None:
    """The largest total RSS (kB) of ``process`` and its descendants, sampled until it ends."""
    while process.poll() is None:
        tree, total = {process.pid}, 0
        for pid, parent, rss in _processes():
            if pid in tree or parent in tree:  # /proc lists parents before their children
                tree.add(pid)
                total += rss
        peak[0] = max(peak[0], total)
        time.sleep(RSS_SAMPLE_SECONDS)


def _processes() -> list[tuple[int, int, int]]:
    """(pid, parent pid, RSS kB) of every process, from /proc."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            status = Path(entry.path, "status").read_text()
        except OSError:
            continue  # gone meanwhile
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss = int(fields.get("VmRSS", "0 kB").split()[0])
        found.append((int(entry.name), int(fields["PPid"]), rss))
    return sorted(found)


def settings_args(settings: dict[str, str]) -> list[str]:
    return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]


def crawl_command(pages: GeneratedSite, output: Path, settings: dict[str, str]) -> list[str]:
    """``scrapy crawl people`` over the whole generated site, as a user runs it."""
    return [
        str(BIN / "scrapy"), "crawl", "people",
        "-a", "start_urls=" + ",".join(pages.start_urls()),
        *settings_args({**settings, "OUTPUT_DIR": str(output)}),
    ]  # fmt: skip


def full_crawl(site: SampleSite, pages: GeneratedSite, output: Path) -> Run:
    env = {**os.environ, "http_proxy": site.proxy_url}
    seconds, rss = measure(crawl_command(pages, output, FULL), env)
    record = json.loads(max((output / "runs").glob("*.json")).read_text())
    if record["stats"].get("item_scraped_count") != pages.articles:
        raise SystemExit(f"bench: the full crawl did not get all {pages.articles} articles")
    return Run(seconds, record["stats"]["response_received_count"], rss)


def bare_crawl(site: SampleSite, pages: GeneratedSite, work: Path) -> Run:
    env = {**os.environ, "http_proxy": site.proxy_url}
    stats_file = work / "bare-stats.json"
    command = [
        sys.executable, "-m", "bench.bare",
        "--start-urls", ",".join(pages.start_urls()), "--stats", str(stats_file),
        *settings_args(COMMON),
    ]  # fmt: skip
    seconds, rss = measure(command, env)
    stats = json.loads(stats_file.read_text())
    return Run(seconds, stats["response_received_count"], rss)


def replay(warc_dir: Path, output: Path, pages: int) -> Run:
    command = [str(BIN / "scrapy"), "replay", str(warc_dir), "--output", str(output)]
    seconds, rss = measure(command, dict(os.environ))
    return Run(seconds, pages, rss)


def serve(articles: int, keep_pages: bool = False) -> tuple[SampleSite, GeneratedSite]:
    pages = GeneratedSite(articles, keep_pages=keep_pages)
    if keep_pages:  # built before any crawl: every crawl is served alike
        for url in pages.urls():
            pages.respond(url)
    return SampleSite(generated=pages, keep_exchanges=False).start(), pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles of the speed site")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind, best kept")
    parser.add_argument("--small", type=int, default=2000, help="articles, memory: small crawl")
    parser.add_argument("--large", type=int, default=20000, help="articles, memory: large crawl")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        site, pages = serve(args.articles, keep_pages=True)
        try:
            print(f"Generated site: {pages.articles} articles on {site.proxy_url}", flush=True)
            bare: list[Run] = []
            full: list[Run] = []
            for i in range(args.repeat):
                bare.append(bare_crawl(site, pages, work))
                _report(f"bare crawl {i + 1}", bare[-1])
                full.append(full_crawl(site, pages, work / f"full-{i}"))
                _report(f"full crawl {i + 1}", full[-1])
        finally:
            site.stop()
        best_bare = max(bare, key=lambda r: r.pages_per_second)
        best_full = max(full, key=lambda r: r.pages_per_second)
        live = full.index(best_full)
        grouping = score(pages, work / f"full-{live}")
        replays: list[Run] = []
        for i in range(args.repeat):  # like the crawls: the best of --repeat runs counts
            output = work / f"replay-{i}"
            replays.append(replay(work / f"full-{live}" / "warc", output, best_full.pages))
            _report(f"replay {i + 1} of the best full crawl's WARC", replays[-1])
        replayed = max(replays, key=lambda r: r.pages_per_second)

        rss: dict[int, Run] = {}
        for size in (args.small, args.large):
            site, pages = serve(size)
            try:
                rss[size] = full_crawl(site, pages, work / f"rss-{size}")
            finally:
                site.stop()
            _report(f"full crawl of {size} articles", rss[size])

    full_bare = best_full.pages_per_second / best_bare.pages_per_second
    replay_live = replayed.pages_per_second / best_full.pages_per_second
    rss_ratio = rss[args.large].peak_rss_mb / rss[args.small].peak_rss_mb
    print()
    print(
        f"full pipeline {best_full.pages_per_second:.0f} pages/s, bare Scrapy "
        f"{best_bare.pages_per_second:.0f} pages/s, "
        f"replay {replayed.pages_per_second:.0f} pages/s; "
        f"peak RSS {rss[args.small].peak_rss_mb:.0f} MB ({args.small} articles), "
        f"{rss[args.large].peak_rss_mb:.0f} MB ({args.large} articles)"
    )
    print(
        f"quotes/ grouping of {grouping.printings} planted printings of {grouping.passages} "
        f"passages: {grouping.groups} groups, precision {grouping.precision:.3f}, "
        f"recall {grouping.recall:.3f}"
    )
    sizes = f"rss{_thousands(args.large)}/{_thousands(args.small)}"
    print(f"bench: full/bare={full_bare:.2f} replay/live={replay_live:.1f} {sizes}={rss_ratio:.2f}")
    return 0


def _thousands(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def _report(what: str, run: Run) -> None:
    print(
        f"  {what}: {run.pages} pages in {run.seconds:.1f} s = {run.pages_per_second:.0f} pages/s, "
        f"peak RSS {run.peak_rss_mb:.0f} MB",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
