"""One JSON record per crawl run (``OUTPUT_DIR/runs/{run_id}.json``) and a short summary in the log.

The record says what a scheduler or a person needs after an unattended run: when, which spider
with which arguments, what was fetched, what was extracted, which files were written, and why
the run finished.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Settings worth keeping in the record of a run.
RECORDED_SETTINGS = (
    "OUTPUT_DIR",
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "USER_AGENT",
    "WARC_ENABLED",
    "WARC_MAX_SIZE",
    "WARC_DEDUP",
    "REPLAY_FROM",
    "PARQUET_BATCH_ITEMS",
)


class RunRecord:
    """Writes the run record when the spider closes. Off with ``RUN_RECORD_ENABLED = False``."""

    def __init__(self, crawler: Crawler, output_dir: Path) -> None:
        self.crawler = crawler
        self.runs_dir = output_dir / "runs"
        self.started = dt.datetime.now(dt.UTC)
        self.run_id = f"{self.started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("RUN_RECORD_ENABLED", True):
            raise NotConfigured("RUN_RECORD_ENABLED is off")
        ext = cls(crawler, Path(crawler.settings.get("OUTPUT_DIR", "data")))
        # engine_stopped comes after every spider_closed handler, so the WARC and Parquet
        # components have closed their files and reported them in the stats by then.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self._spider, self._reason = spider, reason

    def engine_stopped(self) -> None:
        record = self.build(getattr(self, "_spider", None), getattr(self, "_reason", "unknown"))
        path = self.runs_dir / f"{self.run_id}.json"
        try:
            self.runs_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(record, ensure_ascii=False, indent=2, default=str))
            tmp.replace(path)
        except OSError as exc:
            logger.error("Cannot write run record %s: %s", path, exc)
            return
        logger.info("%s", summary(record, path))

    def build(self, spider: Spider | None, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        statuses = {
            k.rsplit("/", 1)[-1]: v
            for k, v in stats.items()
            if k.startswith("downloader/response_status_count/")
        }
        errors = Counter(
            {
                k.removeprefix("downloader/exception_type_count/"): v
                for k, v in stats.items()
                if k.startswith("downloader/exception_type_count/")
            }
        )
        if stats.get("log_count/ERROR"):
            errors["logged_errors"] = stats["log_count/ERROR"]
        return {
            "run_id": self.run_id,
            "spider": spider.name if spider else None,
            "arguments": _spider_arguments(spider),
            "started_at": self.started.isoformat(),
            "finished_at": dt.datetime.now(dt.UTC).isoformat(),
            "finish_reason": reason,
            "settings": {k: self.crawler.settings.get(k) for k in RECORDED_SETTINGS},
            "counts": {
                "requests": stats.get("downloader/request_count", 0),
                "responses": stats.get("downloader/response_count", 0),
                "responses_by_status": statuses,
                "articles": stats.get("articles/extracted", 0),
                "articles_new": stats.get("articles/new", 0),
                "articles_changed": stats.get("articles/changed", 0),
                "articles_unchanged": stats.get("articles/unchanged", 0),
                "articles_without_template": stats.get("articles/no_template", 0),
                "articles_incomplete": stats.get("articles/incomplete", 0),
                "quotations": stats.get("quotations/extracted", 0),
                "errors": dict(errors),
            },
            "files": {
                "warc": stats.get("warc/files", []),
                "parquet": stats.get("parquet/files", []),
            },
            "stats": stats,  # Scrapy's own counters, in full (STATS_DUMP is off: they are here)
        }


def summary(record: dict[str, Any], path: Path) -> str:
    """A few lines for a person reading the end of the log."""
    c = record["counts"]
    statuses = ", ".join(f"{n}×{s}" for s, n in sorted(c["responses_by_status"].items()))
    parquet = record["files"]["parquet"]
    datasets = sorted({Path(f).parents[2].as_posix() for f in parquet})
    lines = [
        f"Run {record['run_id']} ({record['spider']}) finished: {record['finish_reason']}",
        f"  pages {'replayed' if record['settings'].get('REPLAY_FROM') else 'fetched'}: "
        f"{c['responses']} ({statuses or 'none'}), requests: {c['requests']}",
        f"  articles: {c['articles']} ({c['articles_new']} new, {c['articles_changed']} changed, "
        f"{c['articles_unchanged']} unchanged), quotations: {c['quotations']}, "
        f"errors: {sum(c['errors'].values())}",
        f"  Parquet: {', '.join(datasets) or 'nothing written'} ({len(parquet)} new file(s))",
        *(f"  WARC: {f}" for f in record["files"]["warc"]),
        f"  run record: {path}",
    ]
    return "\n".join(lines)


def _spider_arguments(spider: Spider | None) -> dict[str, Any]:
    if spider is None:
        return {}
    names = ("start_urls", "days")
    return {n: getattr(spider, n) for n in names if getattr(spider, n, None)}
