"""The extraction benchmark runs and scores: this extractor on its own (the peers are optional)."""

from __future__ import annotations

import re

import pytest

from bench import extraction


def test_benchmark_scores_this_extractor(capsys: pytest.CaptureFixture[str]) -> None:
    assert extraction.main(["--tools", "ours", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("ours "))
    title, published, source, editors, precision, recall, ms, big_ms, errors = row.split()[1:]
    assert (title, published, source, editors, precision, recall) == ("1.00",) * 6
    assert float(ms) > 0 and float(big_ms) > 0 and errors == "0"
    assert re.search(r"60 KB page: 6\d KB UTF-8", out)


def test_a_wrong_reading_scores_below_one() -> None:
    page = extraction.gold.VARIANTS
    reading = extraction.ours(page, page.html())
    score = extraction.Score()
    extraction.score_page(score, page, reading)
    assert score.true_positives == len(page.quotes) == score.found
    off = extraction.Score()
    reading.title, reading.quotes = "another title", reading.quotes[1:]
    extraction.score_page(off, page, reading)
    assert off.right["title"] == 0
    assert off.true_positives == len(page.quotes) - 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-10", "2024-05-10"),
        ("2024-05-10 00:00", "2024-05-10"),
        ("2024-5-9 6:58:00", "2024-05-09 06:58"),
        ("2024-05-10T06:58:12+08:00", "2024-05-10 06:58"),
        (None, None),
    ],
)
def test_peer_dates_are_compared_at_the_precision_they_state(
    value: str | None, expected: str | None
) -> None:
    assert extraction.day_or_minute(value) == expected
