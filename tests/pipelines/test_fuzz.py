"""Extraction never raises: mutated and random pages, random attribution lines, known crashers.

The suite runs a few hundred examples per property; ``make fuzz`` runs 10,000 (FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.article import extract_article
from pipelines.attribution import parse_attribution, parse_speech_date
from samplesite.server import SITE_ROOT
from tests.pipelines import gold

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
CRASHERS = sorted((Path(__file__).parent / "crashers").glob("*.html"))
SEEDS = [
    p.read_text(encoding="utf-8")
    for p in (
        gold.TEST_PAGES / "variants.html",
        gold.TEST_PAGES / "leaders.html",
        SITE_ROOT / "cpc.people.com.cn/n1/2022/1111/c164113-32564489.html",
        SITE_ROOT / "paper.people.com.cn/rmrb/pc/content/202501/15/content_30051234.html",
        SITE_ROOT / "en.people.cn/n3/2022/1123/c90000-10175286.html",
    )
]
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def extract(html: str) -> None:
    """The whole extraction of one page; it must answer, never raise."""
    page = gold.VARIANTS
    extracted = extract_article(gold.article_pages(page, html))
    article = extracted.article
    assert article.template is not None or article.problem is not None


@pytest.mark.parametrize("path", CRASHERS, ids=[p.name for p in CRASHERS])
def test_known_crashers(path: Path) -> None:
    extract(path.read_text(encoding="utf-8"))


@FUZZ
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(
        st.tuples(st.integers(0, 20_000), st.integers(0, 300), st.text(max_size=30)), max_size=6
    ),
)
def test_mutated_pages(seed: str, edits: list[tuple[int, int, str]]) -> None:
    html = seed
    for at, cut, insert in edits:
        at %= len(html) + 1
        html = html[:at] + insert + html[at + cut :]
    extract(html)


@FUZZ
@given(st.text(max_size=500))
def test_random_text_as_a_page(text: str) -> None:
    extract(text)
    extract(f"<html><body><div class='rm_txt_con'><p>{text}</p></div></body></html>")


@FUZZ
@given(st.text(max_size=200))
def test_random_lines_as_attributions(line: str) -> None:
    for text in (line, "——" + line, "——2014年" + line, f"（{line}）"):
        parse_attribution(text)
        parse_speech_date(text)
