"""The bounded seen-set of a distributed run: ``-s DISTRIBUTED_SEEN_SET=bloom``.

A plain Redis set keeps every fingerprint whole (about 100 bytes a URL in Redis's memory); a
Bloom filter keeps a few bits of each, at the price of a set share of false answers "seen".
The filter is Redis's own (``BF.RESERVE``/``BF.ADD`` of RedisBloom, built into Redis 8 and
Redis Stack), not one written here: it is shared by every worker, kept with the rest of the run
in Redis, and scales past its capacity by itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy_redis.dupefilter import RFPDupeFilter

from core.errors import ConfigurationError

# What a Redis without Bloom filters is told to become.
NO_BLOOM_FILTERS = (
    "DISTRIBUTED_SEEN_SET=bloom needs Bloom filters in Redis (BF.RESERVE): Redis 8, "
    "Redis Stack, or redis-server --loadmodule redisbloom.so"
)

if TYPE_CHECKING:
    from typing import Self

    from redis import Redis
    from scrapy import Request, Spider


class BloomDupeFilter(RFPDupeFilter):
    """scrapy-redis's seen-set as a scalable Bloom filter of Redis's own (RedisBloom).

    Made at ``BLOOM_CAPACITY`` fingerprints and ``BLOOM_ERROR_RATE``; past that capacity,
    RedisBloom stacks a filter twice as large with the error rate halved, so the compound rate
    stays under twice the one set. The first worker of a run makes it; the others find it.
    """

    def __init__(self, server: Redis, key: str, debug: bool = False) -> None:
        super().__init__(server, key, debug)
        self.capacity = 0
        self.error_rate = 0.0

    @classmethod
    def from_spider(cls, spider: Spider) -> Self:
        dupefilter = super().from_spider(spider)
        settings = spider.settings
        dupefilter.reserve(settings.getint("BLOOM_CAPACITY"), settings.getfloat("BLOOM_ERROR_RATE"))
        return dupefilter

    def reserve(self, capacity: int, error_rate: float) -> None:
        """Make the filter unless a worker has already; a Redis without Bloom filters is a
        configuration error, said before any request is made."""
        from redis.exceptions import ResponseError

        if not 0 < error_rate < 1 or capacity < 1:
            raise ConfigurationError(
                f"BLOOM_ERROR_RATE={error_rate} and BLOOM_CAPACITY={capacity}: a rate between "
                "0 and 1 and a capacity of at least 1"
            )
        self.capacity, self.error_rate = capacity, error_rate
        try:
            self.server.execute_command("BF.RESERVE", self.key, error_rate, capacity)
        except ResponseError as exc:
            message = str(exc).lower()
            if "exists" in message:
                return  # another worker of the run made it
            if "unknown command" in message:
                raise ConfigurationError(NO_BLOOM_FILTERS) from exc
            raise

    def request_seen(self, request: Request) -> bool:
        added = self.server.execute_command("BF.ADD", self.key, self.request_fingerprint(request))
        return not added


def require_bloom_filters(redis_url: str) -> None:
    """Raise ``ConfigurationError`` unless the Redis at ``redis_url`` has Bloom filters (asked
    with ``BF.EXISTS`` of a key no run uses: it reads, and writes nothing)."""
    from redis import Redis
    from redis.exceptions import ResponseError

    with Redis.from_url(redis_url) as server:
        try:
            server.execute_command("BF.EXISTS", "peoples-daily:probe", "")
        except ResponseError as exc:
            raise ConfigurationError(NO_BLOOM_FILTERS) from exc
