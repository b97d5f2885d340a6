"""Secrets kept out of what a run writes down: a URL's password (``REDIS_URL``'s, say) in
messages and run records. (Scrapy's own start-up log of overridden settings lists Scrapy's
settings only, not the project's.)"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

MASK = "***"


def redacted(url: str) -> str:
    """``url`` with the password of its user part, if any, written as ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = f"{parts.username or ''}:{MASK}@"
    return urlunsplit(parts._replace(netloc=user + parts.netloc.rpartition("@")[2]))
