"""The sample site's fault-injecting mode: the failures a real crawl meets, on chosen URLs.

A ``FaultPlan`` maps URLs to a kind of fault. Transient kinds (a timeout, a reset connection,
500/502/503) strike the first request for a URL only, so a crawl that retries gets the page in
the end; the others strike every time.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import random
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import brotli

# What each kind does (samplesite.server applies them):
FAULT_KINDS = {
    "timeout": "answers only after FAULT_DELAY seconds, past the crawl's download timeout",
    "reset": "closes the connection without an answer (a TCP reset)",
    "503": "503 Service Unavailable with Retry-After: 1",
    "500": "500 Internal Server Error",
    "502": "502 Bad Gateway",
    "slow": "sends the body in ten pieces, 50 ms apart",
    "truncated_gzip": "a gzip body cut in half, Content-Length saying the cut length",
    "wrong_charset": "UTF-8 bytes under a GB2312 label",
    "malformed": "bytes that are not HTML: binary noise and unclosed tags",
    "huge": "a 50 MB body",
    "redirect_loop": "a 302 to itself",
    "empty": "200 with an empty body",
    "gzip_bomb": "a small gzip body that inflates to BOMB_BYTES",
    "brotli_bomb": "a small brotli body that inflates to BOMB_BYTES",
}
TRANSIENT = frozenset({"timeout", "reset", "503", "500", "502"})
# How many requests a transient fault strikes: a reset twice, since an HTTP client retries a
# request once by itself when a kept-alive connection turns out dead.
STRIKES = {"reset": 2}
FAULT_DELAY = 3.0  # seconds a "timeout" answer waits
HUGE_BYTES = 50 * 1024 * 1024
BOMB_BYTES = 64 * 1024 * 1024


@dataclass
class FaultPlan:
    """Which URL fails how; thread-safe (the site answers on several threads)."""

    faults: dict[str, str]
    struck: Counter[str] = field(default_factory=Counter)  # url -> faults served
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        unknown = set(self.faults.values()) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {', '.join(sorted(unknown))}")

    @classmethod
    def sample(
        cls, urls: Iterable[str], fraction: float, seed: int, kinds: Iterable[str] = FAULT_KINDS
    ) -> FaultPlan:
        """``fraction`` of ``urls``, chosen at random (``seed``), given each kind in turn."""
        rng = random.Random(seed)
        chosen = [u for u in urls if rng.random() < fraction]
        rng.shuffle(chosen)
        return cls(dict(zip(chosen, itertools.cycle(kinds), strict=False)))

    def take(self, url: str) -> str | None:
        """The fault to serve for this request of ``url``, if any."""
        kind = self.faults.get(url)
        if kind is None:
            return None
        with self._lock:
            if kind in TRANSIENT and self.struck[url] >= STRIKES.get(kind, 1):
                return None  # the retry gets the page
            self.struck[url] += 1
        return kind


@functools.cache
def bomb(encoding: str) -> bytes:
    """BOMB_BYTES of zeros, compressed (a few tens of kilobytes)."""
    zeros = bytes(BOMB_BYTES)
    if encoding == "gzip":
        return gzip.compress(zeros, compresslevel=1, mtime=0)
    return brotli.compress(zeros, quality=1)


def truncated_gzip(body: bytes) -> bytes:
    packed = gzip.compress(body, mtime=0)
    return packed[: len(packed) // 2]


MALFORMED = b"\x00\xff\xfe<html><body><p>\x8f\x8f<div <<<<p>\xe4\xb8 unclosed <table><tr><td>"
