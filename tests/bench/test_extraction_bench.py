"""The extraction benchmark runs and scores: this extractor on its own (the peers are optional)."""

from __future__ import annotations

import re

import pytest

from bench import extraction
from tests.pipelines.gold import GENERIC_REAL_PAGES, GoldPage


def test_benchmark_scores_this_extractor(capsys: pytest.CaptureFixture[str]) -> None:
    assert extraction.main(["--tools", "ours", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    rows = [line.split()[1:] for line in out.splitlines() if line.startswith("ours ")]
    title, published, source, editors, q_p, q_r, body_r, body_p, ms, big_ms, errors = rows[0]
    assert (title, published, source, editors, q_p, q_r) == ("1.00",) * 6
    # Bodies are annotated on the real pages the generic fallback reads, when they are here.
    corpus = any(p.available for p in GENERIC_REAL_PAGES)
    assert (body_r, body_p) == (("1.00", "1.00") if corpus else ("—", "—"))
    assert float(ms) > 0 and float(big_ms) > 0 and errors == "0"
    assert re.search(r"60 KB page: 6\d KB UTF-8", out)
    if corpus:  # the second table: those pages alone
        assert "generic fallback" in out
        assert rows[1][:8] == ["1.00"] * 8 and rows[1][-1] == "0"


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


def test_body_recall_and_precision() -> None:
    page = GoldPage("body", "http://x.invalid/", extraction.gold.TEST_PAGES / "none", None,
                    None, None, (), body=("甲乙丙丁", "戊己庚辛", "壬癸"))  # fmt: skip
    reading = extraction.Reading(attempts=frozenset(("body",)))
    reading.body = ["甲乙丙丁 戊", "图片说明", "壬癸子丑"]  # one missed, one not body
    score = extraction.Score()
    extraction.score_page(score, page, reading)
    assert score.body_recall == [2 / 3] and score.body_precision == [2 / 3]
    reading.body = None  # no body found: nothing right
    extraction.score_page(score, page, reading)
    assert score.body_recall[-1] == 0 == score.body_precision[-1]


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
