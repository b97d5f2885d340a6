"""The progress a person follows: a bar on a terminal, the line tailing a scheduled run's log."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from core import stats as S
from extensions.progress import Progress
from samplesite import SampleSite
from tests.conftest import REPO, crawl, crawl_args, run_scrapy, scrapy_env, start_crawl
from tests.terminal import TerminalRun, has_bar, run_on_terminal

POLITICS_SECOND_PAGE = "http://politics.people.com.cn/GB/1024/index2.html"


def test_the_line_names_the_run_and_counts_from_the_stats() -> None:
    crawler = get_crawler(Spider, {"RUN_ID": "20261202T000000Z-abcdef12"})
    assert crawler.stats is not None
    for key, value in {
        S.RESPONSES: 120,
        S.ARTICLES_EXTRACTED: 30,
        S.ARTICLE_OUTCOME + "new": 12,
        S.QUOTATIONS_EXTRACTED: 90,
        S.FAILED + "http_404": 2,
        S.EXTRACT_ERRORS: 1,
        S.INCREMENTAL_SKIPPED: 7,
    }.items():
        crawler.stats.set_value(key, value)
    assert Progress(crawler, interval=60, bar=False, lines=True).line() == (
        "Progress 20261202T000000Z-abcdef12: 120 pages (120/min), 30 articles (12 new), "
        "90 quotations, 3 errors, 7 skipped as archived"
    )


# -- on a terminal, and off it -------------------------------------------------------------------
def _crawl_on_terminal(site: SampleSite, output: Path, *args: str) -> TerminalRun:
    command = [sys.executable, "-m", "scrapy", *crawl_args("people", output, *args)]
    return run_on_terminal(command, REPO, scrapy_env(site.proxy_url))


def test_a_crawl_on_a_terminal_draws_a_bar_and_keeps_the_log_whole(
    site: SampleSite, tmp_path: Path
) -> None:
    run = _crawl_on_terminal(site, tmp_path, "-a", "channels=politics")
    assert run.returncode == 0, run.output[-3000:]
    assert has_bar(run.output), run.output[-3000:]
    final = run.output.split("\n")
    bar = [line for line in final if "crawl people: 100%|" in line]
    assert bar and "articles" in bar[-1] and "errors" in bar[-1], run.output[-3000:]
    # Every log record starts a line of its own (the bar is lifted first), the summary too.
    records = [line.rsplit("\r", 1)[-1] for line in final if "] INFO: " in line]
    assert records and all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[", r) for r in records)
    assert any(r.endswith("exit status 0 (OK: finished)") for r in records)
    assert "INFO: Progress " not in run.output  # the bar stands in for the lines


def test_without_a_terminal_only_plain_lines(site: SampleSite, tmp_path: Path) -> None:
    held = site.hold(POLITICS_SECOND_PAGE)
    crawl_process = start_crawl(
        "people", site, tmp_path, "-a", "channels=politics", "-s", "PROGRESS_INTERVAL=0.2"
    )
    assert crawl_process.stdout is not None
    assert held.arrived.wait(120)
    log = []
    for line in crawl_process.stdout:  # the run waits on the held page: lines must come
        log.append(line)
        if "INFO: Progress " in line:
            break
    held.release()
    log.append(crawl_process.communicate(timeout=120)[0])
    assert crawl_process.returncode == 0, "".join(log)[-3000:]
    text = "".join(log)
    assert "INFO: Progress " in text and "\r" not in text and "%|" not in text


@pytest.mark.parametrize("command", ["replay", "compact", "wacz", "report"])
def test_the_archive_commands_draw_on_a_terminal_and_print_plain_elsewhere(
    command: str, site: SampleSite, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    assert crawl("people", site, data, "-a", "channels=politics").returncode == 0
    args = {
        "replay": ["replay", str(data / "warc"), "--output", str(tmp_path / "rebuilt")],
        "compact": ["compact", "--output", str(data)],
        "wacz": ["wacz", "--output", str(data), "--no-viewer"],
        "report": ["report", "--output", str(data)],
    }[command]
    run = run_on_terminal([sys.executable, "-m", "scrapy", *args], REPO, scrapy_env(None))
    assert run.returncode == 0, run.output[-3000:]
    shown = {"replay": "replay: 100%|", "compact": "compact: ", "wacz": "wacz: packaging 1 WARC"}
    shown["report"] = "report: writing the quotation table"
    assert "\r" in run.output and shown[command] in run.output, run.output[-3000:]
    if command != "wacz":
        assert has_bar(run.output)
    if command == "replay":
        shutil.rmtree(tmp_path / "rebuilt")
    if command == "report":
        shutil.rmtree(data / "wacz")  # packaged by the first run: the second packages it too
    plain = run_scrapy(args, None, data)
    assert plain.returncode == 0, plain.log[-3000:]
    assert "\r" not in plain.log and "%|" not in plain.log
    # What the command prints at the end is the same with and without the bar.
    assert _said(run.output, command) == _said(plain.log, command)


def _said(output: str, command: str) -> list[str]:
    """The command's own lines (not its bar), run ids and times masked."""
    lines = [line.rsplit("\r", 1)[-1] for line in output.split("\n")]
    masked = (re.sub(r"\d{8}T\d{6}Z-[0-9a-f]{8}|\d{14}", "…", line) for line in lines)
    return sorted(s for s in masked if s.startswith(f"{command}: ") and "%|" not in s)
