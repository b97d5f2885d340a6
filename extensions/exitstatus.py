"""The exit status of a crawl, chosen from what the run did, for schedulers to act on.

``scrapy crawl`` exits with it (``commands/crawl.py``) and the run record keeps it with its
reason. Rules, first match wins:

=====  ==================  ======================================================================
code   name                when
=====  ==================  ======================================================================
0      OK                  the run finished and none of the below holds
3      OUTPUT_FAILED       Parquet or WARC output could not be written, or the dataset was busy
4      START_UNREACHABLE   every start page failed to download (no HTTP answer at all)
5      NOTHING_FETCHED     no page answered 200 (robots.txt aside): an all-404 site, say
                           (a worker of a distributed run that sent no request at all is OK)
6      TOO_MANY_ERRORS     errors above ``RUN_MAX_ERRORS``, or a share of requests above
                           ``RUN_MAX_ERROR_RATE`` (once there are at least ``RUN_MIN_ERRORS``)
7      ALREADY_RUNNING     another run of the same spider into the same output root holds its lock
8      INTERRUPTED         stopped by SIGTERM/SIGINT before the end (resume with the same JOBDIR)
=====  ==================  ======================================================================

2 stays Scrapy's usage error (a wrong ``-a`` argument); 1 an unexpected failure.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitStatus(IntEnum):
    OK = 0
    OUTPUT_FAILED = 3
    START_UNREACHABLE = 4
    NOTHING_FETCHED = 5
    TOO_MANY_ERRORS = 6
    ALREADY_RUNNING = 7
    INTERRUPTED = 8


# Finish reasons that mean output was lost (set by the WARC and Parquet components).
OUTPUT_FAILURES = frozenset({"parquet_write_failed", "warc_write_failed", "dataset_busy"})
# Scrapy's finish reason after SIGTERM/SIGINT.
INTERRUPTED_REASONS = frozenset({"shutdown"})


def choose(
    finish_reason: str, counts: dict[str, Any], stats: dict[str, Any], limits: dict[str, Any]
) -> tuple[ExitStatus, str]:
    """The exit status and a one-line reason, from a run record's counts and the run's stats.

    ``limits``: ``max_errors`` (int or None), ``max_error_rate`` (float), ``min_errors`` (int).
    """
    if finish_reason in OUTPUT_FAILURES or stats.get("parquet/error") or stats.get("warc/error"):
        detail = stats.get("parquet/error") or stats.get("warc/error") or finish_reason
        return ExitStatus.OUTPUT_FAILED, f"output could not be written: {detail}"
    if finish_reason in INTERRUPTED_REASONS:
        return ExitStatus.INTERRUPTED, "stopped by a signal before the end"
    started, answered = stats.get("start/requests", 0), stats.get("start/answered", 0)
    if started and not answered:
        return ExitStatus.START_UNREACHABLE, f"none of the {started} start page(s) answered"
    pages = stats.get("pages/ok", 0)
    if pages == 0 and counts.get("requests", 0) == 0 and limits.get("distributed"):
        return ExitStatus.OK, "this worker found nothing left to fetch (the others took it)"
    if pages == 0:
        statuses = counts.get("responses_by_status") or {}
        seen = ", ".join(f"{n}×{s}" for s, n in sorted(statuses.items())) or "no response"
        return ExitStatus.NOTHING_FETCHED, f"no page answered 200 ({seen})"
    errors = sum(counts.get("errors", {}).values())
    requests = max(counts.get("requests", 0), 1)
    if limits.get("max_errors") is not None and errors > limits["max_errors"]:
        return ExitStatus.TOO_MANY_ERRORS, f"{errors} errors, more than {limits['max_errors']}"
    rate = errors / requests
    if errors >= limits.get("min_errors", 1) and rate > limits.get("max_error_rate", 1.0):
        return (
            ExitStatus.TOO_MANY_ERRORS,
            f"{errors} errors in {requests} requests ({rate:.0%}), more than "
            f"{limits['max_error_rate']:.0%}",
        )
    return ExitStatus.OK, "finished"
