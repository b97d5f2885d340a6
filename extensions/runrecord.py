"""One JSON record per crawl run (``OUTPUT_DIR/runs/{run_id}.json``) and a short summary in the log.

The record says what a scheduler or a person needs after an unattended run: when, which spider
with which arguments, what was fetched, what was extracted, which files were written, why the
run finished, what the drift check measured and found (``drift``: ``extensions.drift``), and the
exit status ``scrapy crawl`` ends with (``extensions.exitstatus``; also left in the stats as
``run/exit_status``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from scrapy import signals
from scrapy.exceptions import NotConfigured

from core import stats as S
from core.clock import utc_now
from core.items import START_PAGE_META
from core.output import OutputRoot
from core.redact import redacted
from core.run import run_id_of
from extensions.drift import summary_lines as drift_lines
from extensions.exitstatus import ErrorLimits, RunSummary, choose
from pipelines import schema

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

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
    "JOBDIR",
    "INCREMENTAL",
    "RECHECK_DAYS",
    "RUN_MAX_ERRORS",
    "RUN_MAX_ERROR_RATE",
    "REDIS_URL",
    "DISTRIBUTED_RUN",
    "DRIFT_CHECK",
    "DRIFT_MIN_COUNT",
    "DRIFT_MARGIN",
    "DRIFT_QUOTATION_RATIO",
    "DRIFT_BASELINE_RUNS",
)


class RunRecord:
    """Writes the run record when the spider closes. Off with ``RUN_RECORD_ENABLED = False``."""

    def __init__(self, crawler: Crawler, output: OutputRoot, run_id: str) -> None:
        self.crawler = crawler
        self.output = output
        self.started = utc_now()
        self.run_id = run_id
        self.sent_starts: set[str] = set()
        self.answered_starts: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("RUN_RECORD_ENABLED"):
            raise NotConfigured("RUN_RECORD_ENABLED is off")
        run_id = run_id_of(settings)
        ext = cls(crawler, OutputRoot.of(settings.get("OUTPUT_DIR")), run_id)
        assert crawler.stats is not None
        crawler.stats.set_value(S.RUN_ID, run_id)
        # engine_stopped comes after every spider_closed handler, so the WARC and Parquet
        # components have closed their files and reported them in the stats by then.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.request_sent, signal=signals.request_reached_downloader)
        return ext

    def request_sent(self, request: Request) -> None:
        """Start pages that went out (a resumed run's were done before, and do not)."""
        if request.meta.get(START_PAGE_META) and request.url not in self.sent_starts:
            self.sent_starts.add(request.url)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(S.START_REQUESTS)

    def response_received(self, response: Response, request: Request) -> None:
        """Counts what the exit status asks: start pages answered, pages that answered 200."""
        stats = self.crawler.stats
        assert stats is not None
        if request.meta.get(START_PAGE_META) and request.url not in self.answered_starts:
            self.answered_starts.add(request.url)
            stats.inc_value(S.START_ANSWERED)
        if response.status == 200 and not response.url.endswith("/robots.txt"):
            stats.inc_value(S.PAGES_OK)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self._spider, self._reason = spider, reason

    def engine_stopped(self) -> None:
        record = self.build(getattr(self, "_spider", None), getattr(self, "_reason", "unknown"))
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(S.EXIT_STATUS, record["exit_status"])
        text = json.dumps(record, ensure_ascii=False, indent=2, default=str).encode()
        path = self.output.join("runs", f"{self.run_id}.json")
        fs = self.output.fs
        try:
            fs.create_dir(self.output.join("runs"))
            if self.output.local is None:  # an object store: one PUT, whole or not at all
                with fs.open_output_stream(path) as out:
                    out.write(text)
            else:  # a local disk: written aside, renamed into place
                tmp = Path(path + ".tmp")
                tmp.write_bytes(text)
                tmp.replace(path)
        except (OSError, pa.ArrowException) as exc:
            logger.error("Cannot write run record %s: %s", path, exc)
            return
        where = f"runs/{self.run_id}.json"
        shown = (
            str(Path(self.output.uri) / where)
            if self.output.local
            else f"{self.output.uri} {where}"
        )
        logger.info("%s", summary(record, shown))

    def build(self, spider: Spider | None, reason: str) -> dict[str, Any]:
        stats = dict(self.crawler.stats.get_stats()) if self.crawler.stats else {}
        drift = stats.pop(S.DRIFT_REPORT, None)  # a section of its own (extensions.driftcheck)
        settings = self.crawler.settings
        run = RunSummary.from_stats(reason, stats, distributed=bool(settings.get("REDIS_URL")))
        counts = {
            "requests": run.requests,
            "responses": stats.get(S.RESPONSES, 0),
            "responses_by_status": run.responses_by_status,
            "articles": stats.get(S.ARTICLES_EXTRACTED, 0),
            "articles_new": stats.get(S.ARTICLES_NEW, 0),
            "articles_changed": stats.get(S.ARTICLES_CHANGED, 0),
            "articles_unchanged": stats.get(S.ARTICLES_UNCHANGED, 0),
            "articles_skipped_known": stats.get(S.INCREMENTAL_SKIPPED, 0),
            "articles_without_template": stats.get(S.NO_TEMPLATE, 0),
            "articles_incomplete": stats.get(S.ARTICLES_INCOMPLETE, 0),
            "quotations": stats.get(S.QUOTATIONS_EXTRACTED, 0),
            "errors": run.errors,
            # Failures a retry got past (timeouts, resets, 5xx), and requests dropped on purpose
            # (robots.txt, out of scope, too many redirects, already archived): not errors.
            "retried": S.by_suffix(stats, S.RETRIED),
            "ignored": S.by_suffix(stats, S.IGNORED),
            "logged_errors": stats.get(S.LOGGED_ERRORS, 0),
        }
        status, why = choose(run, ErrorLimits.from_settings(settings))
        return {
            "run_id": self.run_id,
            "spider": spider.name if spider else None,
            "arguments": _spider_arguments(spider),
            "started_at": self.started.isoformat(),
            "finished_at": utc_now().isoformat(),
            "finish_reason": reason,
            "exit_status": int(status),
            "exit_reason": f"{status.name}: {why}",
            "settings": _recorded(settings),
            "counts": counts,
            "files": {
                "warc": stats.get(S.WARC_FILES, []),
                "warc_recovered": stats.get(S.WARC_RECOVERED, []),
                "parquet": stats.get(S.PARQUET_FILES, []),
            },
            "drift": drift,
            "stats": stats,  # Scrapy's own counters, in full (STATS_DUMP is off: they are here)
        }


def summary(record: dict[str, Any], path: str) -> str:
    """A few lines for a person reading the end of the log."""
    c = record["counts"]
    statuses = ", ".join(f"{n}×{s}" for s, n in sorted(c["responses_by_status"].items()))
    parquet = record["files"]["parquet"]
    datasets = sorted({_dataset_of(f) for f in parquet})
    lines = [
        f"Run {record['run_id']} ({record['spider']}) finished: {record['finish_reason']}; "
        f"exit status {record['exit_status']} ({record['exit_reason']})",
        f"  pages {'replayed' if record['settings'].get('REPLAY_FROM') else 'fetched'}: "
        f"{c['responses']} ({statuses or 'none'}), requests: {c['requests']}",
        f"  articles: {c['articles']} ({c['articles_new']} new, {c['articles_changed']} changed, "
        f"{c['articles_unchanged']} unchanged, {c['articles_skipped_known']} skipped as archived), "
        f"quotations: {c['quotations']}, "
        f"errors: {sum(c['errors'].values())}",
        *(drift_lines(record["drift"]) if record.get("drift") else []),
        f"  Parquet: {', '.join(datasets) or 'nothing written'} ({len(parquet)} new file(s))",
        *(f"  WARC: {f}" for f in record["files"]["warc"]),
        f"  run record: {path}",
    ]
    return "\n".join(lines)


def _dataset_of(path: str) -> str:
    """The dataset folder a file written by the run lies in (``data/quotations``)."""
    return next((p.as_posix() for p in Path(path).parents if p.name in schema.SCHEMAS), str(path))


def _spider_arguments(spider: Spider | None) -> dict[str, Any]:
    if spider is None:
        return {}
    names = ("start_urls", "days")
    return {n: getattr(spider, n) for n in names if getattr(spider, n, None)}


def _recorded(settings: BaseSettings) -> dict[str, Any]:
    """The settings a run record keeps, a URL's password written as ``***``."""
    found = {k: settings.get(k) for k in RECORDED_SETTINGS}
    if found.get("REDIS_URL"):
        found["REDIS_URL"] = redacted(found["REDIS_URL"])
    return found
