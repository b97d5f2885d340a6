"""Extraction in worker processes gives what extraction in-process gives, in order, and survives a
worker's death."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal

from core.items import ArticlePages, FetchedPage
from pipelines.article import extract_article
from pipelines.workers import ExtractionWorkerError, ExtractorPool
from samplesite.generated import GeneratedSite
from tests.samplesite.test_generated import html_of


def items(count: int) -> list[ArticlePages]:
    site = GeneratedSite(count)
    fetched = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return [
        ArticlePages(
            site.article_id(n),
            site.article_url(n),
            "people",
            [
                FetchedPage.from_text(
                    site.article_url(n), html_of(site, site.article_url(n)), fetched
                )
            ],
        )
        for n in range(count)
    ]


def broken() -> ArticlePages:
    """An item extraction fails on (no page at all)."""
    return ArticlePages("people-1", "http://politics.people.com.cn/n1/x.html", "people", [])


def test_workers_extract_what_this_process_does_in_order() -> None:
    batch = items(40)
    with ExtractorPool(extract_article, 2) as pool:
        got = list(pool.extract_all([*batch[:20], broken(), *batch[20:]]))
    assert isinstance(got[20], IndexError)  # the failure, in its place, carried over
    assert [g for i, g in enumerate(got) if i != 20] == [extract_article(i) for i in batch]


def test_no_workers_extracts_in_this_process() -> None:
    batch = items(3)
    with ExtractorPool(extract_article, 0) as pool:
        assert list(pool.extract_all(batch)) == [extract_article(i) for i in batch]
        assert asyncio.run(pool.extract(batch[0])) == extract_article(batch[0])


def test_a_killed_worker_is_replaced_and_its_articles_tried_again() -> None:
    batch = items(30)
    pool = ExtractorPool(extract_article, 1)
    try:
        results = pool.extract_all(batch)
        first = next(results)  # the worker is running, with articles queued
        os.kill(pool._children[0]._process.pid, signal.SIGKILL)
        rest = list(results)
    finally:
        pool.close()
    assert [first, *rest] == [extract_article(i) for i in batch]


def test_an_input_that_kills_its_worker_costs_that_input_only() -> None:
    # os._exit stands for an extraction that takes its process down (a crash in a C library).
    pool = ExtractorPool(os._exit, 1)  # type: ignore[arg-type]
    try:
        try:
            asyncio.run(pool.extract(3))  # type: ignore[arg-type]
        except ExtractionWorkerError as exc:
            assert "died" in str(exc)
        else:
            raise AssertionError("expected ExtractionWorkerError")
        # Another worker took the dead one's place.
        assert len(pool._children) == 1 and pool._children[0]._process.poll() is None
    finally:
        pool.close()
