"""The shared progress display: a bar on a terminal (which log lines do not tear), plain lines
elsewhere, never a bar there."""

from __future__ import annotations

import io
import sys
import textwrap
import time

from core.progress import Progress
from tests.conftest import REPO, scrapy_env
from tests.terminal import BAR_MARKS, has_bar, run_on_terminal

# A script that counts to 20 with a bar, logging a line halfway through.
COUNTING = textwrap.dedent(
    """
    import logging, sys
    from core.progress import Progress
    logging.basicConfig(level=logging.INFO, format="LOG %(message)s")
    with Progress("counting", total=20, unit="pages", interval=60) as progress:
        for n in range(20):
            progress.update(advance=1, note=f"{n + 1} seen")
            if n == 9:
                logging.info("halfway there, and this line is whole")
    print("done")
    """
)


def _wait_for(stream: io.StringIO, text: str, seconds: float = 30) -> str:
    """What ``stream`` holds once ``text`` is in it (the display's thread writes it)."""
    deadline = time.monotonic() + seconds
    while text not in stream.getvalue():
        assert time.monotonic() < deadline, f"{text!r} never came: {stream.getvalue()!r}"
        time.sleep(0.01)
    return stream.getvalue()


def test_plain_lines_where_there_is_no_terminal() -> None:
    out = io.StringIO()  # not a TTY
    with Progress("replay", total=4096, unit="B", interval=0.05, stream=out) as progress:
        assert not progress.terminal
        progress.update(done=1024, note="12 records")
        text = _wait_for(out, "12 records")
    line = text.splitlines()[0]
    assert line.startswith("replay: 1.00kB of 4.00kB (25%), ")
    assert "/s" in line and line.endswith("left; 12 records")
    assert not any(mark in text for mark in BAR_MARKS)


def test_a_phase_says_what_is_being_done_and_for_how_long() -> None:
    out = io.StringIO()
    with Progress("wacz", interval=0.05, stream=out) as progress:
        progress.phase("packaging 3 WARC file(s)")
        text = _wait_for(out, "so far")
    assert text.splitlines()[-1].startswith("wacz: packaging 3 WARC file(s), 00:0")
    assert "\r" not in text


def test_no_line_for_work_shorter_than_the_interval() -> None:
    out = io.StringIO()
    with Progress("compact", total=3, unit="partitions", interval=3600, stream=out) as progress:
        for _ in range(3):
            progress.update(advance=1)
    assert out.getvalue() == ""


def test_interval_zero_shows_nothing_even_on_a_terminal() -> None:
    progress = Progress("x", total=3, interval=0, terminal=True, stream=io.StringIO())
    assert not progress.terminal
    progress.close()


def test_a_bar_on_a_terminal_with_log_lines_above_it() -> None:
    run = run_on_terminal([sys.executable, "-c", COUNTING], REPO, scrapy_env(None))
    assert run.returncode == 0, run.output
    assert has_bar(run.output), run.output
    assert "counting: 100%|" in run.output and "20/20" in run.output and "20 seen" in run.output
    # The log line is whole, on a line of its own: the bar was lifted before it, drawn after.
    lines = run.output.split("\n")
    logged = [line for line in lines if "halfway there" in line]
    assert len(logged) == 1
    assert logged[0].rsplit("\r", 1)[-1] == "LOG halfway there, and this line is whole"
    assert lines[-2] == "done"


def test_a_terminal_that_tells_no_size_still_gets_a_bar() -> None:
    run = run_on_terminal([sys.executable, "-c", COUNTING], REPO, scrapy_env(None), size=None)
    assert run.returncode == 0, run.output
    assert has_bar(run.output) and "20/20" in run.output, run.output
