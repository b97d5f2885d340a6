"""Capture, index and replay: every HTTP exchange of a crawl as WARC, and reading it back.

Usable from any Scrapy project: enable ``archive.capture.WarcCaptureMiddleware`` and read
``response.meta[WARC_META_KEY]`` for where each response was archived.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

__all__ = ["PROJECT", "WARC_META_KEY", "WarcLocation", "project_version"]

PROJECT = "peoples-daily-archive"

# Request meta key under which the capture middleware leaves a response's WarcLocation.
WARC_META_KEY = "warc_location"


@dataclass(frozen=True, slots=True)
class WarcLocation:
    """Where a response record lies in the archive."""

    filename: str
    offset: int
    record_id: str


def project_version() -> str:
    """This project's installed version ("dev" when run from a plain checkout)."""
    try:
        return version(PROJECT)
    except PackageNotFoundError:
        return "dev"
