"""Several workers, one crawl: the frontier, the seen-set and each host's pace shared in Redis.

Start the same ``scrapy crawl`` on as many machines (or processes) as wanted, with the same
``REDIS_URL`` and ``OUTPUT_DIR`` (a shared filesystem, or an object store URI)::

    scrapy crawl people -s REDIS_URL=redis://queue.example.org:6379/0 -s OUTPUT_DIR=/mnt/archive

- **Frontier and seen-set**: scrapy-redis's Scheduler and RFPDupeFilter keep the request queue and
  the fingerprints of every request already scheduled in Redis, under
  ``{spider}:{DISTRIBUTED_RUN}:requests`` and ``…:dupefilter``. Every worker schedules the start
  pages; the shared seen-set keeps each page, and so each article, to one fetch in the whole run.
  ``DISTRIBUTED_RUN`` names the run (default: today's date in Beijing), so tomorrow's run starts
  with an empty seen-set; the keys persist while workers come and go within a run.
- **A bounded seen-set**: ``DISTRIBUTED_SEEN_SET = "bloom"`` keeps the fingerprints in a Bloom
  filter of Redis's own (``BF.RESERVE``/``BF.ADD``: RedisBloom, built into Redis 8 and Redis
  Stack) instead of a set: some 4.2 bytes a URL at ``BLOOM_ERROR_RATE`` 1e-6 where the set takes
  about 100. The price is the error rate: that share of new pages is taken for seen and not
  fetched in this run (the next run, with its own seen-set, fetches them).
- **Politeness across workers**: ``PacedHTTPDownloadHandler`` lets one request per host go out
  per delay (the host's robots.txt Crawl-delay, else ``DOWNLOAD_DELAY``) across all workers,
  with a Redis key that expires after the delay, checked right before each request is sent.
- **Staying while there is work**: ``WorkerPresence`` keeps an idle worker from closing while the
  shared queue holds requests or another worker is busy (and may add some).
- **Output**: each worker writes its own files into the one output root: WARC names carry the
  machine, the time and a serial, Parquet parts the worker's run id; the dataset's versions and
  the incremental skip read what all workers wrote before.

``REDIS_URL`` unset: none of this is active.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import warnings
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import DontCloseSpider, NotConfigured, ScrapyDeprecationWarning
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import task

from core.clock import shanghai_today
from core.errors import ConfigurationError, ServiceUnreachable
from core.redact import redacted

if TYPE_CHECKING:
    from typing import Self

    from redis import Redis
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import Settings

logger = logging.getLogger(__name__)

PING_TIMEOUT = 10.0  # seconds: how long a worker waits for Redis to answer before it gives up
# Request meta key under which the politeness middleware leaves a host's robots.txt delay.
HOST_DELAY_META = "host_delay"

# DISTRIBUTED_SEEN_SET: the duplicate filter that keeps each kind of shared seen-set.
SEEN_SETS = {
    "set": "scrapy_redis.dupefilter.RFPDupeFilter",
    "bloom": "spiders.bloom.BloomDupeFilter",
}


def check_settings(settings: Settings) -> None:
    """Refuse, before a crawl starts, a seen-set the settings name wrongly or that the Redis of
    ``REDIS_URL`` cannot keep (``scrapy crawl`` calls it: exit 2 and one line), and a Redis that
    does not answer (``ServiceUnreachable``: exit 4)."""
    if not settings.get("REDIS_URL"):
        return
    seen_set = settings.get("DISTRIBUTED_SEEN_SET")
    if seen_set not in SEEN_SETS:
        raise ConfigurationError(
            f"DISTRIBUTED_SEEN_SET={seen_set!r}: it is one of {', '.join(SEEN_SETS)}"
        )
    _ping(settings["REDIS_URL"])
    if seen_set == "bloom":
        from spiders.bloom import require_bloom_filters

        require_bloom_filters(settings["REDIS_URL"])


def _ping(redis_url: str) -> None:
    """Raise ``ServiceUnreachable`` unless the Redis at ``redis_url`` answers, and
    ``ConfigurationError`` when it answers but refuses (a wrong password, say)."""
    from redis import Redis
    from redis.exceptions import AuthenticationError, ConnectionError, RedisError, TimeoutError

    shown = redacted(redis_url)  # the message goes to logs and cron mail
    try:
        with Redis.from_url(redis_url, socket_connect_timeout=PING_TIMEOUT) as server:
            server.ping()
    except AuthenticationError as exc:  # a ConnectionError to redis-py, a setting to us
        raise ConfigurationError(f"Redis at {shown} refused this client: {exc}") from exc
    except (ConnectionError, TimeoutError) as exc:
        raise ServiceUnreachable(f"Redis at {shown} does not answer: {exc}") from exc
    except RedisError as exc:  # NOAUTH and the like: it answered, and said no
        raise ConfigurationError(f"Redis at {shown} refused this client: {exc}") from exc


def run_name(settings: Settings) -> str:
    """``DISTRIBUTED_RUN``, or today's date in Beijing: all workers of one run share it."""
    return settings.get("DISTRIBUTED_RUN") or shanghai_today().isoformat()


class DistributedAddon:
    """With ``REDIS_URL`` set, the scheduler and duplicate filter are scrapy-redis's, shared."""

    def update_settings(self, settings: Settings) -> None:
        if not settings.get("REDIS_URL"):
            return
        # scrapy-redis 0.9 still calls APIs Scrapy deprecated (spider= on the stats collector,
        # Spider.log): its warnings, one per request, are not the crawl's news.
        warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module="scrapy_redis")
        priority = settings.getpriority("REDIS_URL") or 0
        run = run_name(settings)
        check_settings(settings)  # before: scrapy crawl has; Scrapyd's runs meet it here
        for name, value in (
            ("SCHEDULER", "scrapy_redis.scheduler.Scheduler"),
            ("DUPEFILTER_CLASS", SEEN_SETS[settings["DISTRIBUTED_SEEN_SET"]]),
            ("SCHEDULER_QUEUE_KEY", f"%(spider)s:{run}:requests"),
            ("SCHEDULER_DUPEFILTER_KEY", f"%(spider)s:{run}:dupefilter"),
            ("DUPEFILTER_KEY", f"%(spider)s:{run}:dupefilter"),
            # A worker that finishes must not take the shared queue and seen-set with it.
            ("SCHEDULER_PERSIST", True),
            ("SCHEDULER_FLUSH_ON_START", False),
            ("DISTRIBUTED_RUN", run),
            # A worker takes from the shared queue as many requests as it may have under way:
            # few, so that waiting for a host's pace does not keep work from the others.
            ("CONCURRENT_REQUESTS", settings.getint("DISTRIBUTED_CONCURRENT_REQUESTS")),
            # The pace between workers is kept where requests go out (PacedHTTPDownloadHandler);
            # a worker's own delay would only hold requests back after their turn has come.
            ("DISTRIBUTED_DELAY", settings.getfloat("DOWNLOAD_DELAY")),
            ("DOWNLOAD_DELAY", 0),
            (
                "DOWNLOAD_HANDLERS",
                {
                    "http": f"{__name__}.PacedHTTPDownloadHandler",
                    "https": f"{__name__}.PacedHTTPDownloadHandler",
                },
            ),
        ):
            settings.set(name, value, priority=priority)


class SharedPace:
    """One request per host per delay across every worker of the run: a Redis key per host that
    expires after the delay; whoever sets it may send."""

    def __init__(self, redis: Redis, prefix: str, default_delay: float) -> None:
        self.redis = redis
        self.prefix = prefix
        self.default_delay = default_delay
        self.worker = f"{socket.gethostname()}:{os.getpid()}"

    async def wait(self, request: Request) -> None:
        delay = request.meta.get(HOST_DELAY_META, self.default_delay)
        if delay <= 0:
            return
        key = f"{self.prefix}:{urlparse_cached(request).hostname}"
        while not self.redis.set(key, self.worker, nx=True, px=max(1, int(delay * 1000))):
            wait_ms = self.redis.pttl(key)
            await asyncio.sleep(max(wait_ms, 5) / 1000)


class PacedHTTPDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP download handler, waiting for the host's turn right before it sends.

    Here, not in a downloader middleware: a request that has passed the middlewares may still
    wait in its download slot, and would then go out closer to another worker's than the delay.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        from redis import Redis  # only distributed runs need the redis client

        settings = crawler.settings
        self.pace = SharedPace(
            Redis.from_url(settings["REDIS_URL"]),
            f"pace:{run_name(settings)}",
            settings.getfloat("DISTRIBUTED_DELAY"),
        )

    async def download_request(self, request: Request) -> Response:
        await self.pace.wait(request)
        return await super().download_request(request)


class WorkerPresence:
    """Extension: a worker stays while the run has work anywhere, then leaves.

    A worker whose own queue runs dry may not close yet: another worker may be parsing a list
    page that will fill the shared queue. Each busy worker keeps a key alive in Redis (renewed
    every second, gone five seconds after a crash); an idle worker closes only once the shared
    queue is empty and no other worker is busy.
    """

    def __init__(self, crawler: Crawler, redis: Redis, prefix: str) -> None:
        self.crawler = crawler
        self.redis = redis
        self.prefix = prefix
        self.key = f"{prefix}:{socket.gethostname()}:{os.getpid()}"
        self._loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        url = settings.get("REDIS_URL")
        if not url:
            raise NotConfigured  # a crawl of one worker: nothing to say in its log
        from redis import Redis

        ext = cls(crawler, Redis.from_url(url), f"busy:{run_name(settings)}")
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self._loop = task.LoopingCall(self.beat)
        self._loop.start(1.0)

    def beat(self) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None and not engine.spider_is_idle():
            self.redis.set(self.key, 1, px=5000)
        else:
            self.redis.delete(self.key)

    def spider_idle(self) -> None:
        self.redis.delete(self.key)
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        if scheduler is not None and scheduler.has_pending_requests():
            raise DontCloseSpider("the shared queue has requests")
        if any(True for _ in self.redis.scan_iter(f"{self.prefix}:*", count=100)):
            raise DontCloseSpider("another worker is busy and may queue more")

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.redis.delete(self.key)
