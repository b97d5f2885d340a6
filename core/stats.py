"""The names of a run's counters: the stages write them, the run record, the progress lines and
the exit status read them. One list, so that a writer and its readers cannot drift apart.

A name ending in ``/`` is a prefix: the full key adds what is counted (a status, a reason, a
host), and ``by_suffix`` collects them.
"""

from __future__ import annotations

from typing import Any

# --- Scrapy's own counters -----------------------------------------------------------------
REQUESTS = "downloader/request_count"
RESPONSES = "downloader/response_count"
RESPONSES_BY_STATUS = "downloader/response_status_count/"  # + HTTP status
RETRIED = "retry/reason_count/"  # + reason (a failure a retry got past)
LOGGED_ERRORS = "log_count/ERROR"

# --- Fetching (spiders) ----------------------------------------------------------------------
START_REQUESTS = "start/requests"  # start pages sent
START_ANSWERED = "start/answered"  # start pages that got any HTTP answer
PAGES_OK = "pages/ok"  # pages that answered 200, robots.txt aside
FAILED = "fetch/failed/"  # + failure reason (below, or the exception's class name)
IGNORED = "fetch/ignored/"  # + exception class: dropped on purpose, not an error
LIST_PAGES = "lists/pages"
LIST_PAGES_EMPTY = "lists/no_article_link"  # list pages that linked no article at all
FEEDS_READ = "feeds/read"
PAPER_LAYOUT_PAGES = "paper/layout_pages"
PAGES_NOT_TEXT = "pages/skipped/not_text"
PAGES_MISLABELLED = "pages/encoding_mislabelled"
NOT_ARTICLE_URL = "articles/skipped/not_article_url"
MAX_ARTICLES_REACHED = "articles/skipped/max_articles"
ARTICLES_INCOMPLETE = "articles/incomplete"
INCREMENTAL_SKIPPED = "incremental/skipped"  # archived already, not fetched again
INCREMENTAL_RECHECKED = "incremental/rechecked"  # archived, but recent: fetched again
CRAWL_DELAY = "crawl_delay/"  # + host: the delay its robots.txt asked for
PLAN_REPORT = "plan/report"  # -a plan=1: the plan's lines (spiders/plan.py), printed at the end

# --- Extraction and the dataset (pipelines) ----------------------------------------------------
ARTICLES_EXTRACTED = "articles/extracted"
EXTRACT_ERRORS = "articles/extract_errors"
NO_TEMPLATE = "articles/no_template"
QUOTATIONS_EXTRACTED = "quotations/extracted"
ARTICLE_OUTCOME = "articles/"  # + what the writer made of an article (pipelines.parquet):
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"  # a first version, the next, none
ARTICLES_NEW = ARTICLE_OUTCOME + NEW
ARTICLES_CHANGED = ARTICLE_OUTCOME + CHANGED
ARTICLES_UNCHANGED = ARTICLE_OUTCOME + UNCHANGED
PARQUET_ERROR = "parquet/error"
PARQUET_FILES = "parquet/files"
PARQUET_ROWS = "parquet/rows/"  # + dataset

# --- The archive ---------------------------------------------------------------------------
WARC_RECORDS = "warc/records"
WARC_REVISITS = "warc/revisits"
WARC_ERROR = "warc/error"
WARC_FILES = "warc/files"
WARC_RECOVERED = "warc/recovered"

# --- The run -------------------------------------------------------------------------------
RUN_ID = "run/id"
EXIT_STATUS = "run/exit_status"
# The drift check (extensions/driftcheck.py): its findings, and its report, which the run record
# takes out of the stats into a section of its own.
DRIFT_FINDINGS = "drift/findings"
DRIFT_REPORT = "drift/report"

# Failure reasons (FAILED + reason), beside the class names of download errors such as
# ``DownloadTimeoutError``.
REDIRECT_LOOP = "redirect_loop"
DECOMPRESSED_TOO_LARGE = "decompressed_too_large"  # a gzip or brotli bomb
EXTRACTION = "extraction"  # a page that could not be read (its capture is in the WARC)


def http_failure(status: int) -> str:
    """The failure reason of a response that answered ``status`` (``http_404``)."""
    return f"http_{status}"


# Finish reasons a run's own components close the spider with (besides Scrapy's).
PARQUET_WRITE_FAILED = "parquet_write_failed"
WARC_WRITE_FAILED = "warc_write_failed"
DATASET_BUSY = "dataset_busy"  # a compaction held the dataset when the writer opened it
OUTPUT_FAILURES = frozenset({PARQUET_WRITE_FAILED, WARC_WRITE_FAILED})
# Scrapy's finish reason after SIGTERM/SIGINT.
SHUTDOWN = "shutdown"


def by_suffix(stats: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The counters under ``prefix``, keyed by what follows it."""
    return {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}
