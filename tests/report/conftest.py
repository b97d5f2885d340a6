"""A crawled sample site and its report, shared by the report's tests."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from samplesite import SampleSite
from tests.conftest import CrawlResult, crawl, run_scrapy

# What the report's own views are, for the tests to query the same rows independently.
LATEST = """
    CREATE VIEW articles AS SELECT * FROM read_parquet('{root}/articles/**/*.parquet',
        hive_partitioning = true)
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC) = 1;
    CREATE VIEW quotations AS SELECT q.* FROM read_parquet('{root}/quotations/**/*.parquet',
        hive_partitioning = true) AS q
    JOIN articles AS a ON q.article_id = a.article_id AND q.article_version = a.version;
"""


@dataclass
class Reported:
    output: Path
    log: str

    @property
    def index(self) -> Path:
        return self.output / "report" / "index.html"

    def sql(self, query: str, *parameters: Any) -> list[tuple[Any, ...]]:
        con = duckdb.connect()
        con.execute("SET TimeZone = 'Asia/Shanghai'")
        con.execute(LATEST.format(root=self.output))
        return con.execute(query, list(parameters)).fetchall()

    def summary(self) -> dict[str, Any]:
        text = (self.output / "report" / "data" / "summary.js").read_text(encoding="utf-8")
        return json.loads(re.fullmatch(r"window\.REPORT_SUMMARY\((.*)\);\n", text, re.S)[1])

    def chunk(self, number: int) -> list[list[Any]]:
        path = self.output / "report" / "data" / f"rows-{number:05d}.js"
        text = path.read_text(encoding="utf-8")
        return json.loads(re.fullmatch(rf"window\.REPORT_ROWS\({number}, (.*)\);\n", text, re.S)[1])


def report_of(output: Path, *args: str) -> Reported:
    done = run_scrapy(["report", "--output", str(output), *args], None, output, timeout=300)
    assert done.returncode == 0, done.log
    return Reported(output, done.log)


# A start page the sample site does not have: a run that fetches nothing (exit status 5).
MISSING = "http://politics.people.com.cn/GB/404/index.html"


def crawled(site: SampleSite, output: Path) -> list[CrawlResult]:
    """The default channels, two e-paper days, then a failing run (its record, no rows)."""
    results = [
        crawl("people", site, output),
        crawl("paper", site, output, "-a", "date=2025-01-15,2024-05-10"),
    ]
    for result in results:
        assert result.returncode == 0, result.log[-3000:]
    failing = crawl("people", site, output, "-a", f"start_urls={MISSING}")
    assert failing.returncode == 5, failing.log[-3000:]
    return [*results, failing]


@pytest.fixture(scope="module")
def reported(site: SampleSite, tmp_path_factory: pytest.TempPathFactory) -> Reported:
    """The sample site crawled (people and two e-paper days), then ``scrapy report``."""
    output = tmp_path_factory.mktemp("report")
    crawled(site, output)
    return report_of(output)
