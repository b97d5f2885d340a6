"""The exit status as a function of a run's summary: every rule, without a crawler."""

from __future__ import annotations

import pytest

from core import stats as S
from core.outcome import ExitStatus
from extensions.exitstatus import ErrorLimits, RunSummary, choose

LIMITS = ErrorLimits(max_errors=None, max_error_rate=0.1, min_errors=5)
GOOD = RunSummary(
    "finished",
    requests=100,
    responses_by_status={"200": 100},
    pages_ok=100,
    start_requests=2,
    start_answered=2,
)


def status(run: RunSummary, limits: ErrorLimits = LIMITS) -> ExitStatus:
    return choose(run, limits)[0]


def with_(**changes: object) -> RunSummary:
    fields = {name: getattr(GOOD, name) for name in RunSummary.__slots__}
    return RunSummary(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_good_run_is_ok() -> None:
    assert choose(GOOD, LIMITS) == (ExitStatus.OK, "finished")


@pytest.mark.parametrize("reason", sorted(S.OUTPUT_FAILURES))
def test_output_failures_win_over_everything(reason: str) -> None:
    assert status(with_(finish_reason=reason, pages_ok=0)) == ExitStatus.OUTPUT_FAILED
    run = with_(output_error="disk full", finish_reason=S.SHUTDOWN)
    assert choose(run, LIMITS) == (
        ExitStatus.OUTPUT_FAILED,
        "output could not be written: disk full",
    )


def test_a_dataset_held_by_a_compaction_is_already_running_not_an_output_failure() -> None:
    assert status(with_(finish_reason=S.DATASET_BUSY, pages_ok=0)) == ExitStatus.ALREADY_RUNNING


def test_a_signal_interrupts() -> None:
    assert status(with_(finish_reason=S.SHUTDOWN)) == ExitStatus.INTERRUPTED


def test_no_start_page_answered() -> None:
    run = with_(start_answered=0, pages_ok=0, requests=2)
    assert choose(run, LIMITS) == (
        ExitStatus.START_UNREACHABLE,
        "none of the 2 start page(s) answered",
    )


def test_nothing_fetched_names_what_answered() -> None:
    run = with_(pages_ok=0, responses_by_status={"404": 3, "500": 1})
    assert choose(run, LIMITS) == (
        ExitStatus.NOTHING_FETCHED,
        "no page answered 200 (3×404, 1×500)",
    )


def test_an_idle_distributed_worker_is_ok_but_an_idle_single_run_is_not() -> None:
    idle = with_(requests=0, pages_ok=0, start_requests=0, start_answered=0)
    assert status(RunSummary(**{**_fields(idle), "distributed": True})) == ExitStatus.OK
    assert status(idle) == ExitStatus.NOTHING_FETCHED


def _fields(run: RunSummary) -> dict[str, object]:
    return {name: getattr(run, name) for name in RunSummary.__slots__}


def test_error_rate_counts_once_there_are_enough_errors() -> None:
    assert status(with_(errors={"http_404": 4}, requests=10)) == ExitStatus.OK  # 4 < min 5
    many = with_(errors={"http_404": 3, "DownloadTimeoutError": 3}, requests=50)
    assert choose(many, LIMITS) == (
        ExitStatus.TOO_MANY_ERRORS,
        "6 errors in 50 requests (12%), more than 10%",
    )
    assert status(with_(errors={"http_404": 6}, requests=100)) == ExitStatus.OK  # 6%


def test_an_absolute_error_limit() -> None:
    limits = ErrorLimits(max_errors=2, max_error_rate=1.0, min_errors=5)
    assert choose(with_(errors={"http_500": 3}), limits) == (
        ExitStatus.TOO_MANY_ERRORS,
        "3 errors, more than 2",
    )


def test_the_summary_reads_the_counters_the_stages_write() -> None:
    stats = {
        S.REQUESTS: 12,
        S.RESPONSES_BY_STATUS + "200": 10,
        S.RESPONSES_BY_STATUS + "404": 1,
        S.PAGES_OK: 10,
        S.START_REQUESTS: 1,
        S.START_ANSWERED: 1,
        S.FAILED + S.http_failure(404): 1,
        S.FAILED + "DownloadTimeoutError": 1,
        S.EXTRACT_ERRORS: 2,
        S.WARC_ERROR: "no space left",
    }
    run = RunSummary.from_stats("finished", stats, distributed=False)
    assert run.responses_by_status == {"200": 10, "404": 1}
    assert run.errors == {"http_404": 1, "DownloadTimeoutError": 1, S.EXTRACTION: 2}
    assert run.output_error == "no space left"
    assert status(run) == ExitStatus.OUTPUT_FAILED


def test_drift_is_said_last_of_all() -> None:
    drifted = with_(drift_findings=2)
    assert choose(drifted, LIMITS) == (
        ExitStatus.DRIFT,
        "the site changed under the templates: 2 drift finding(s)",
    )
    too_many = with_(drift_findings=2, errors={"http_404": 20}, requests=100)
    assert status(too_many) == ExitStatus.TOO_MANY_ERRORS  # the run itself went wrong first
    assert status(with_(drift_findings=2, finish_reason=S.SHUTDOWN)) == ExitStatus.INTERRUPTED
    stats = {S.PAGES_OK: 3, S.REQUESTS: 3, S.DRIFT_FINDINGS: 1}
    assert RunSummary.from_stats("finished", stats, distributed=False).drift_findings == 1
