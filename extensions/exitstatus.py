"""The exit status of a crawl, chosen from what the run did, for schedulers to act on.

``scrapy crawl`` exits with it (``commands/crawl.py``) and the run record keeps it with its
reason. ``choose`` is a function of a typed summary of the run (``RunSummary``, built from the
crawl's stats by ``RunSummary.from_stats``) and the configured limits (``ErrorLimits``): it
needs no crawler. Rules, first match wins (the codes: ``core.outcome``):

- 7 ALREADY_RUNNING: a compaction held the dataset when the run opened it (``scrapy crawl``
  refuses to start then, and holds the dataset's lock for the run; this is for a crawl started
  some other way);
- 3 OUTPUT_FAILED: Parquet or WARC output could not be written;
- 8 INTERRUPTED: a signal stopped the run;
- 4 START_UNREACHABLE: start pages were sent and none got an HTTP answer;
- 0 OK for a worker of a distributed run that sent no request (the others took the work);
- 5 NOTHING_FETCHED: no page answered 200 (robots.txt aside);
- 6 TOO_MANY_ERRORS: more errors than ``RUN_MAX_ERRORS``, or a share of the requests above
  ``RUN_MAX_ERROR_RATE`` once there are at least ``RUN_MIN_ERRORS``;
- 9 DRIFT: the drift check found what the run read moved past its thresholds
  (``extensions.drift``): last, since every status above says more about the run;
- 0 OK otherwise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core import stats as S
from core.outcome import ExitStatus

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def error_counts(stats: dict[str, Any]) -> Counter[str]:
    """The run's errors by kind: requests that failed for good (after retries; ``http_404``,
    ``DownloadTimeoutError``…) and pages that could not be read (``extraction``)."""
    errors = Counter(S.by_suffix(stats, S.FAILED))
    if stats.get(S.EXTRACT_ERRORS):
        errors[S.EXTRACTION] = stats[S.EXTRACT_ERRORS]
    return errors


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What the exit status is chosen from."""

    finish_reason: str
    requests: int = 0
    responses_by_status: dict[str, int] = field(default_factory=dict)
    pages_ok: int = 0  # pages that answered 200, robots.txt aside
    start_requests: int = 0
    start_answered: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # by kind (error_counts)
    output_error: str | None = None  # why Parquet or WARC output failed
    distributed: bool = False  # a worker of a run shared through Redis
    drift_findings: int = 0  # measures past the drift thresholds (extensions.drift)

    @classmethod
    def from_stats(cls, finish_reason: str, stats: dict[str, Any], distributed: bool) -> RunSummary:
        return cls(
            finish_reason=finish_reason,
            requests=stats.get(S.REQUESTS, 0),
            responses_by_status=S.by_suffix(stats, S.RESPONSES_BY_STATUS),
            pages_ok=stats.get(S.PAGES_OK, 0),
            start_requests=stats.get(S.START_REQUESTS, 0),
            start_answered=stats.get(S.START_ANSWERED, 0),
            errors=dict(error_counts(stats)),
            output_error=stats.get(S.PARQUET_ERROR) or stats.get(S.WARC_ERROR),
            distributed=distributed,
            drift_findings=stats.get(S.DRIFT_FINDINGS, 0),
        )


@dataclass(frozen=True, slots=True)
class ErrorLimits:
    """When a run's errors make it fail (``RUN_MAX_ERRORS``, ``RUN_MAX_ERROR_RATE``,
    ``RUN_MIN_ERRORS``)."""

    max_errors: int | None
    max_error_rate: float
    min_errors: int

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ErrorLimits:
        most = settings.get("RUN_MAX_ERRORS")
        return cls(
            max_errors=None if most is None else settings.getint("RUN_MAX_ERRORS"),
            max_error_rate=settings.getfloat("RUN_MAX_ERROR_RATE"),
            min_errors=settings.getint("RUN_MIN_ERRORS"),
        )


def choose(run: RunSummary, limits: ErrorLimits) -> tuple[ExitStatus, str]:
    """The exit status and a one-line reason (see the module's docstring)."""
    if run.finish_reason == S.DATASET_BUSY:
        return ExitStatus.ALREADY_RUNNING, "the dataset was busy: a compaction runs on it"
    if run.finish_reason in S.OUTPUT_FAILURES or run.output_error:
        detail = run.output_error or run.finish_reason
        return ExitStatus.OUTPUT_FAILED, f"output could not be written: {detail}"
    if run.finish_reason == S.SHUTDOWN:
        return ExitStatus.INTERRUPTED, "stopped by a signal before the end"
    if run.start_requests and not run.start_answered:
        return (
            ExitStatus.START_UNREACHABLE,
            f"none of the {run.start_requests} start page(s) answered",
        )
    if run.pages_ok == 0 and run.requests == 0 and run.distributed:
        return ExitStatus.OK, "this worker found nothing left to fetch (the others took it)"
    if run.pages_ok == 0:
        statuses = run.responses_by_status
        seen = ", ".join(f"{n}×{s}" for s, n in sorted(statuses.items())) or "no response"
        return ExitStatus.NOTHING_FETCHED, f"no page answered 200 ({seen})"
    errors = sum(run.errors.values())
    requests = max(run.requests, 1)
    if limits.max_errors is not None and errors > limits.max_errors:
        return ExitStatus.TOO_MANY_ERRORS, f"{errors} errors, more than {limits.max_errors}"
    rate = errors / requests
    if errors >= limits.min_errors and rate > limits.max_error_rate:
        return (
            ExitStatus.TOO_MANY_ERRORS,
            f"{errors} errors in {requests} requests ({rate:.0%}), more than "
            f"{limits.max_error_rate:.0%}",
        )
    if run.drift_findings:
        return (
            ExitStatus.DRIFT,
            f"the site changed under the templates: {run.drift_findings} drift finding(s)",
        )
    return ExitStatus.OK, "finished"
