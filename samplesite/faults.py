"""The sample site's fault-injecting mode: the failures a real crawl meets, on chosen URLs.

A ``FaultPlan`` maps URLs to a kind of fault. Transient kinds (a timeout, a reset connection,
500/502/503) strike the first request for a URL only, so a crawl that retries gets the page in
the end; the others strike every time.
"""

from __future__ import annotations

import gzip
import threading
from collections import Counter
from dataclasses import dataclass, field

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
}
TRANSIENT = frozenset({"timeout", "reset", "503", "500", "502"})
# How many requests a transient fault strikes: a reset twice, since an HTTP client retries a
# request once by itself when a kept-alive connection turns out dead.
STRIKES = {"reset": 2}
FAULT_DELAY = 3.0  # seconds a "timeout" answer waits
HUGE_BYTES = 50 * 1024 * 1024


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


def truncated_gzip(body: bytes) -> bytes:
    packed = gzip.compress(body, mtime=0)
    return packed[: len(packed) // 2]


MALFORMED = b"\x00\xff\xfe<html><body><p>\x8f\x8f<div <<<<p>\xe4\xb8 unclosed <table><tr><td>"
