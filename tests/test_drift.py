"""Drift between runs, end to end: real crawls of the sample site and of a copy of it whose
templates changed under the crawler; ten clean runs of the generated site that must not alarm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipelines.selectors import PROMISED_FIELDS
from samplesite import SampleSite
from samplesite.generated import ARTICLES_PER_DAY, CHANNELS, FIRST_DAY, GeneratedSite
from tests.conftest import crawl, drifted_site
from tests.test_scheduled import record_of, serving

# The sample site has a dozen articles: let a handful of them be judged.
SMALL_RUNS = ["-s", "DRIFT_MIN_COUNT=3"]
THEORY_LIST = "http://theory.people.com.cn/GB/409499/index.html"
OPINION_LIST = "http://opinion.people.com.cn/GB/159301/index.html"
POLITICS = "politics.people.com.cn"
# What drift measures does not depend on the WARC, nor on where extraction runs: a quicker run.
QUICK = ["-s", "WARC_ENABLED=False", "-s", "EXTRACTION_WORKERS=0"]


def test_a_site_that_changes_between_runs_is_reported_and_exits_9(
    site: SampleSite, tmp_path: Path
) -> None:
    output = tmp_path / "data"
    first = crawl("people", site, output, *SMALL_RUNS)
    assert first.returncode == 0, first.log[-3000:]
    clean = record_of(output, first)
    assert clean["drift"]["baseline_runs"] == [] and clean["drift"]["measures"]["templates"]

    changed = serving(drifted_site(tmp_path))
    try:
        second = crawl("people", changed, output, *SMALL_RUNS, "-a", "refresh=1")
        drifted = record_of(output, second)
        accepted = crawl(
            "people", changed, output, *SMALL_RUNS, "-a", "refresh=1", "-s", "DRIFT_CHECK=False"
        )
        accepting = record_of(output, accepted)
        third = crawl("people", changed, output, *SMALL_RUNS, "-a", "refresh=1")
        after = record_of(output, third)
    finally:
        changed.stop()

    assert second.returncode == drifted["exit_status"] == 9, second.log[-3000:]
    assert drifted["exit_reason"] == (
        "DRIFT: the site changed under the templates: 4 drift finding(s)"
    )
    findings = {(f["kind"], f["where"]): f for f in drifted["drift"]["findings"]}
    assert set(findings) == {
        ("field", "rm_txt"),
        ("fallback", POLITICS),
        ("channel", "theory"),
        ("channel", "opinion"),
    }
    editors = findings["field", "rm_txt"]
    assert (editors["template"], editors["field"], editors["before"], editors["now"]) == (
        "rm_txt",
        "editors",
        0.0,
        1.0,
    )
    assert len(editors["examples"]) == 3 and not any(POLITICS in u for u in editors["examples"])
    fallback = findings["fallback", POLITICS]
    assert (fallback["template"], fallback["before"], fallback["now"]) == ("rm_txt", 0.0, 1.0)
    assert len(fallback["examples"]) == 3 and all(POLITICS in u for u in fallback["examples"])
    assert findings["channel", "theory"]["examples"] == [THEORY_LIST]  # answers, links nothing
    assert findings["channel", "opinion"]["examples"] == [OPINION_LIST]  # answers 404
    assert "drift: 4 finding(s) against 1 earlier clean run(s):" in second.log
    for finding in findings.values():
        assert f"    {finding['text']}" in second.log
        assert " → " in finding["text"]
    assert "exit status 9 (DRIFT: " in second.log and "Traceback" not in second.log

    # Switched off, the check compares nothing, and the run (clean) becomes the baseline: the
    # way to accept a site that changed on purpose.
    assert accepted.returncode == accepting["exit_status"] == 0, accepted.log[-3000:]
    assert accepting["drift"]["checked"] is False and accepting["drift"]["findings"] == []
    assert third.returncode == 0, third.log[-3000:]
    assert after["drift"]["findings"] == [] and after["drift"]["compared"] > 0
    # A run that drifted is no baseline: the next one compares with the clean runs only.
    assert after["drift"]["baseline_runs"] == [accepting["run_id"], clean["run_id"]]


def test_ten_clean_runs_of_the_generated_site_raise_no_false_alarm(tmp_path: Path) -> None:
    """Ten daily runs, each of the four days' articles the last did not see, each compared with
    the ones before it: the shares vary from run to run (one article in nine names no editors,
    one in seven is a compilation), and none of it is drift."""
    days, runs = 4, 10
    server = SampleSite(
        generated=GeneratedSite(ARTICLES_PER_DAY * days * runs), keep_exchanges=False
    ).start()
    output = tmp_path / "data"
    records = []
    try:
        for k in range(runs):
            since = FIRST_DAY + dt.timedelta(days=days * k)
            until = since + dt.timedelta(days=days - 1)
            window = ["-a", f"since={since}", "-a", f"until={until}"]
            result = crawl("people", server, output, *window, *QUICK, "-s", "DRIFT_MIN_COUNT=10")
            records.append(record_of(output, result))
            assert result.returncode == 0, result.log[-3000:]
    finally:
        server.stop()

    ids = [r["run_id"] for r in records]
    every_measure = len(PROMISED_FIELDS) + 1 + len(CHANNELS) + 1  # fields, quotations, hosts, lists
    for k, record in enumerate(records):
        drift = record["drift"]
        assert record["exit_status"] == 0 and drift["findings"] == [], drift["findings"]
        assert drift["baseline_runs"] == ids[:k][::-1][:5]  # the newest clean runs, 5 at most
        assert k == 0 or drift["compared"] >= every_measure
        assert record["counts"]["articles"] == ARTICLES_PER_DAY * days
    shares = {
        r["drift"]["measures"]["templates"]["rm_txt"]["empty"].get("editors", 0) for r in records
    }
    assert len(shares) > 1  # the runs did differ
