"""Two workers, one crawl: a real redis-server shares the frontier, the seen-set and the pace.

Skipped, with the reason, only where redis-server is not installed (``make test`` installs it
when it can).
"""

from __future__ import annotations

import collections
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pytest
import redis

from samplesite import SampleSite
from tests.conftest import start_crawl
from tests.redisserver import RedisMissing, redis_server

DELAY = 0.25  # seconds between two requests to one host, whichever worker sends them


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    try:
        with redis_server(tmp_path) as url:
            yield url
    except RedisMissing as exc:
        pytest.skip(str(exc))


@pytest.fixture
def bloom_redis_url(tmp_path: Path) -> Iterator[str]:
    """A redis-server with Bloom filters (RedisBloom loaded into the machine's redis-server)."""
    try:
        with redis_server(tmp_path, bloom=True) as url:
            yield url
    except RedisMissing as exc:
        pytest.skip(str(exc))


def test_two_workers_fetch_every_page_once_into_one_dataset(
    site: SampleSite, redis_url: str, tmp_path: Path
) -> None:
    start = len(site.exchanges)
    options = ["-s", f"REDIS_URL={redis_url}", "-s", "DISTRIBUTED_RUN=test",
               "-s", f"DOWNLOAD_DELAY={DELAY}"]  # fmt: skip
    workers = [start_crawl("people", site, tmp_path, *options) for _ in range(2)]
    logs = [w.communicate(timeout=300)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], logs
    exchanges = site.exchanges[start:]

    # Every page once in the whole run (each worker reads robots.txt for itself).
    fetched = collections.Counter(e.url for e in exchanges if not e.url.endswith("/robots.txt"))
    assert fetched and max(fetched.values()) == 1, fetched.most_common(3)
    assert all(any("articles: " in line for line in log.splitlines()) for log in logs)
    worked = [int(log.split("pages fetched: ")[1].split()[0]) for log in logs]
    assert all(n > 0 for n in worked), worked  # both took a share

    # One dataset, complete and without duplicates, written by both.
    con = duckdb.connect()
    ids = con.execute(
        f"SELECT article_id, count(*) FROM read_parquet('{tmp_path}/articles/**/*.parquet') "
        "GROUP BY ALL"
    ).fetchall()
    assert len(ids) == 13 and all(n == 1 for _, n in ids)
    quotes = con.execute(
        f"SELECT count(*), count(DISTINCT quote_id) FROM "
        f"read_parquet('{tmp_path}/quotations/**/*.parquet')"
    ).fetchone()
    assert quotes == (22, 22)
    warcs = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert len(warcs) == 2  # one per worker, uniquely named

    # Per-host pace held across both workers: a host saw its N requests spread over at least
    # N - 3 delays. (When each arrived carries the noise of a busy machine, a delay or two;
    # without the shared pace, the workers send at once: they keep no delay of their own.)
    by_host: dict[str, list[float]] = collections.defaultdict(list)
    for e in exchanges:
        by_host[urlsplit(e.url).hostname or ""].append(e.time)
    for host, times in by_host.items():
        if len(times) >= 4:
            assert max(times) - min(times) >= (len(times) - 3) * DELAY, (host, sorted(times))
    assert max(map(len, by_host.values())) >= 8  # the check above had requests to look at


def test_two_workers_share_a_bloom_filter_as_their_seen_set(
    site: SampleSite, bloom_redis_url: str, tmp_path: Path
) -> None:
    start = len(site.exchanges)
    options = ["-s", f"REDIS_URL={bloom_redis_url}", "-s", "DISTRIBUTED_RUN=bloom",
               "-s", "DISTRIBUTED_SEEN_SET=bloom", "-s", "BLOOM_CAPACITY=1000",
               "-s", "BLOOM_ERROR_RATE=0.001", "-s", "DOWNLOAD_DELAY=0"]  # fmt: skip
    workers = [start_crawl("people", site, tmp_path, *options) for _ in range(2)]
    logs = [w.communicate(timeout=300)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [log[-3000:] for log in logs]
    fetched = collections.Counter(
        e.url for e in site.exchanges[start:] if not e.url.endswith("/robots.txt")
    )
    assert fetched and max(fetched.values()) == 1, fetched.most_common(3)
    articles = f"read_parquet('{tmp_path}/articles/**/*.parquet')"
    ids = duckdb.connect().execute(f"SELECT DISTINCT article_id FROM {articles}").fetchall()
    assert len(ids) == 13

    # The seen-set is a Bloom filter made as configured, holding (at least) every article page.
    server = redis.Redis.from_url(bloom_redis_url)
    key = "people:bloom:dupefilter"
    assert server.type(key) == b"MBbloom--"
    info = server.bf().info(key)
    assert info.capacity == 1000
    assert info.insertedNum >= len([url for url in fetched if "/n1/" in url or "/n/" in url])
    assert server.type("people:bloom:requests") in (b"zset", b"none")  # the queue as before


def test_a_bloom_seen_set_on_a_redis_without_bloom_filters_is_refused_before_any_request(
    site: SampleSite, redis_url: str, tmp_path: Path
) -> None:
    start = len(site.exchanges)
    options = ["-s", f"REDIS_URL={redis_url}", "-s", "DISTRIBUTED_SEEN_SET=bloom"]
    worker = start_crawl("people", site, tmp_path, *options)
    log = worker.communicate(timeout=120)[0]
    assert worker.returncode == 2, log[-3000:]
    assert "DISTRIBUTED_SEEN_SET=bloom needs Bloom filters in Redis" in log
    assert "Traceback" not in log
    assert site.exchanges[start:] == []
    assert not list(tmp_path.glob("articles/**/*.parquet"))


@pytest.mark.parametrize("seen_set", ["set", "bloom"])
def test_a_redis_that_does_not_answer_is_one_line_and_exit_4_before_any_request(
    site: SampleSite, seen_set: str, tmp_path: Path
) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = len(site.exchanges)
    url = f"redis://:hunter2@127.0.0.1:{port}/0"  # a password: it must not reach the log
    options = ["-s", f"REDIS_URL={url}", "-s", f"DISTRIBUTED_SEEN_SET={seen_set}"]
    worker = start_crawl("people", site, tmp_path, *options)
    log = worker.communicate(timeout=120)[0]
    assert worker.returncode == 4, log[-3000:]
    assert f"not started: Redis at redis://:***@127.0.0.1:{port}/0 does not answer" in log
    assert "Traceback" not in log
    assert site.exchanges[start:] == []


def test_redis_passwords_stay_out_of_logs_and_records_and_a_wrong_one_is_a_wrong_setting(
    site: SampleSite, tmp_path: Path
) -> None:
    try:
        with redis_server(tmp_path, password="the-right-one") as url:
            wrong = url.replace("the-right-one", "hunter2")
            start = len(site.exchanges)
            refused = start_crawl("people", site, tmp_path / "a", "-s", f"REDIS_URL={wrong}")
            refused_log = refused.communicate(timeout=120)[0]
            fetched = len(site.exchanges) - start
            options = ["-a", "channels=politics", "-s", f"REDIS_URL={url}"]
            worker = start_crawl("people", site, tmp_path / "b", *options)
            log = worker.communicate(timeout=300)[0]
    except RedisMissing as exc:
        pytest.skip(str(exc))
    assert refused.returncode == 2, refused_log[-3000:]
    assert "refused this client" in refused_log and "redis://:***@127.0.0.1:" in refused_log
    assert "hunter2" not in refused_log and "Traceback" not in refused_log
    assert fetched == 0
    # The right password: the run goes, and neither its log nor its run record holds it.
    assert worker.returncode == 0, log[-3000:]
    assert "the-right-one" not in log
    (record,) = (tmp_path / "b" / "runs").glob("*.json")
    settings = json.loads(record.read_text())["settings"]
    assert settings["REDIS_URL"].startswith("redis://:***@127.0.0.1:")
    assert "the-right-one" not in record.read_text()


@pytest.fixture
def s3_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An S3 bucket served by moto on 127.0.0.1, as an output root URI."""
    server = Path(sys.executable).with_name("moto_server")  # this venv's, not one on the PATH
    if not server.exists():
        pytest.skip("moto (an S3 server for tests) is not installed in this environment")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):  # fmt: skip
        monkeypatch.setenv(name, value)
    uri = (
        f"s3://archive/crawl?endpoint_override=127.0.0.1:{port}&scheme=http"
        "&region=us-east-1&allow_bucket_creation=true"
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            fs, _ = pafs.FileSystem.from_uri(uri)
            fs.create_dir("archive")
            break
        except OSError:
            assert time.monotonic() < deadline, "moto did not start"
            time.sleep(0.2)
    yield uri
    process.terminate()
    process.wait(timeout=20)


def test_two_workers_write_one_dataset_to_an_s3_output_root(
    site: SampleSite, redis_url: str, s3_root: str, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    options = ["-s", f"REDIS_URL={redis_url}", "-s", "DISTRIBUTED_RUN=s3",
               "-s", f"DOWNLOAD_DELAY={DELAY}", "-s", f"WARC_SPOOL_DIR={spool}"]  # fmt: skip
    workers = [start_crawl("people", site, s3_root, *options) for _ in range(2)]  # type: ignore[arg-type]
    logs = [w.communicate(timeout=300)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [log[-3000:] for log in logs]

    fs, root = pafs.FileSystem.from_uri(s3_root)
    articles = ds.dataset(f"{root}/articles", filesystem=fs, format="parquet").to_table(
        columns=["article_id", "version"]
    )
    ids = articles.column("article_id").to_pylist()
    assert len(ids) == len(set(ids)) == 13
    quotes = ds.dataset(f"{root}/quotations", filesystem=fs, format="parquet").to_table()
    assert quotes.num_rows == len(set(quotes.column("quote_id").to_pylist())) == 22
    names = sorted(i.base_name for i in fs.get_file_info(pafs.FileSelector(f"{root}/warc")))
    assert len([n for n in names if n.endswith(".warc.gz")]) == 2  # one per worker, closed
    assert len([n for n in names if n.endswith(".cdxj")]) == 2
    runs = fs.get_file_info(pafs.FileSelector(f"{root}/runs"))
    assert len(runs) == 2
    assert not list(spool.iterdir())  # everything went up
