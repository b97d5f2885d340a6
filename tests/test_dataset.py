"""The dataset across runs, as analysts meet it: versions, readers, a killed crawl, the README.

Real crawls of the sample site through its proxy, read back with DuckDB, polars and pandas.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil
import signal
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

from pipelines import schema
from samplesite import SampleSite
from samplesite.server import SITE_ROOT
from tests.conftest import REPO, CrawlResult, crawl, start_crawl

THEORY = "http://theory.people.com.cn/n1/2022/1107/c40531-32560001.html"
LATEST_ARTICLES = """
    SELECT * FROM read_parquet('{root}/articles/**/*.parquet', hive_partitioning = true)
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC) = 1"""


def count(root: Path, dataset: str, where: str = "true") -> int:
    query = f"SELECT count(*) FROM read_parquet('{root}/{dataset}/**/*.parquet') WHERE {where}"
    return duckdb.connect().execute(query).fetchone()[0]  # type: ignore[index]


def run_counts(result: CrawlResult) -> dict[str, Any]:
    return run_record(result)["counts"]


def run_record(result: CrawlResult) -> dict[str, Any]:
    (path,) = re.findall(r"run record: (\S+\.json)", result.log)
    return json.loads(Path(path).read_text())


@pytest.fixture(scope="module")
def two_runs(
    site: SampleSite, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, CrawlResult, CrawlResult, dict[str, int]]:
    """The default people crawl, twice into one output root, and the row counts after the first."""
    root = tmp_path_factory.mktemp("two-runs")
    first = crawl("people", site, root)
    assert first.returncode == 0, first.log[-3000:]
    rows = {d: count(root, d) for d in schema.SCHEMAS}
    second = crawl("people", site, root)
    assert second.returncode == 0, second.log[-3000:]
    return root, first, second, rows


@pytest.fixture
def dataset_root(two_runs: tuple[Path, CrawlResult, CrawlResult, dict[str, int]]) -> Path:
    return two_runs[0]


def test_a_second_identical_run_adds_no_rows(
    two_runs: tuple[Path, CrawlResult, CrawlResult, dict[str, int]], site: SampleSite
) -> None:
    root, first, second, rows = two_runs
    assert {d: count(root, d) for d in schema.SCHEMAS} == rows
    articles = run_counts(first)["articles"]
    assert run_counts(first)["articles_new"] == articles == rows["articles"] > 0
    counts = run_counts(second)  # incremental: the archived articles are not fetched again
    assert (counts["articles"], counts["articles_skipped_known"]) == (0, articles)
    # Fetched again anyway (-a refresh=1), they are found unchanged and add no row either.
    refreshed = crawl("people", site, root, "-a", "refresh=1")
    assert refreshed.returncode == 0, refreshed.log[-3000:]
    assert {d: count(root, d) for d in schema.SCHEMAS} == rows
    counts = run_counts(refreshed)
    assert (counts["articles_new"], counts["articles_changed"]) == (0, 0)
    assert counts["articles_unchanged"] == articles
    assert (
        f"articles: {articles} (0 new, 0 changed, {articles} unchanged, 0 skipped" in refreshed.log
    )
    assert f"articles: 0 (0 new, 0 changed, 0 unchanged, {articles} skipped as archived)" in (
        second.log
    )


def test_a_changed_page_adds_exactly_one_version(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITE_ROOT, root)
    output = tmp_path / "data"
    changing = SampleSite(root=root).start()
    try:
        assert crawl("people", changing, output, "-a", f"start_urls={THEORY}").returncode == 0
        page = root / THEORY.removeprefix("http://")
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace("实现共赢共享。", "实现共赢共享，共建美好世界。"), "utf-8")
        again = crawl("people", changing, output, "-a", f"start_urls={THEORY}", "-a", "refresh=1")
    finally:
        changing.stop()
    assert again.returncode == 0, again.log[-3000:]
    assert run_counts(again)["articles_changed"] == 1
    con = duckdb.connect()
    versions = con.execute(
        f"""SELECT version, count(*) FROM read_parquet('{output}/articles/**/*.parquet')
            GROUP BY version ORDER BY version"""
    ).fetchall()
    assert versions == [(1, 1), (2, 1)]
    quotes = con.execute(
        f"""SELECT article_version, quote_id, right(text, 6) FROM read_parquet(
            '{output}/quotations/**/*.parquet') ORDER BY article_version, ordinal"""
    ).fetchall()
    assert [(v, tail) for v, _, tail in quotes] == [
        (1, "打造人类命运共同体。"[-6:]),
        (1, "实现共赢共享。"[-6:]),
        (2, "打造人类命运共同体。"[-6:]),
        (2, "共建美好世界。"[-6:]),
    ]
    assert quotes[0][1] == quotes[2][1]  # the unchanged quotation keeps its id
    assert quotes[1][1] != quotes[3][1]
    latest = con.execute(
        f"SELECT version, body LIKE '%共建美好世界%' FROM ({LATEST_ARTICLES.format(root=output)})"
    ).fetchall()
    assert latest == [(2, True)]


def python_values(value: Any) -> Any:
    """pandas' cell values as plain Python ones, to compare with DuckDB's and polars'."""
    if isinstance(value, np.ndarray):
        return [python_values(v) for v in value]
    if isinstance(value, dict):
        return {k: python_values(v) for k, v in value.items()}
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    return value


@pytest.mark.parametrize(
    ("dataset", "key"), [("articles", "article_id"), ("quotations", "quote_id")]
)
def test_duckdb_polars_and_pandas_read_the_same_rows_and_types(
    dataset_root: Path, dataset: str, key: str
) -> None:
    two_runs = dataset_root
    columns = list(schema.COLUMNS[dataset])
    glob = f"{two_runs}/{dataset}/**/*.parquet"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")  # values compare as instants whatever the zone
    by_duckdb = con.execute(
        f"SELECT {', '.join(columns)}, year, month FROM read_parquet('{glob}', "
        f"hive_partitioning = true) ORDER BY {key}"
    ).fetchall()
    frame = pl.scan_parquet(glob, hive_partitioning=True).sort(key).collect()
    by_polars = frame.select([*columns, "year", "month"]).rows()
    table = pd.read_parquet(two_runs / dataset).sort_values(key)
    by_pandas = [
        tuple(python_values(v) for v in row)
        for row in table[[*columns, "year", "month"]].itertuples(index=False)
    ]
    assert len(by_duckdb) == count(two_runs, dataset) > 0
    assert [tuple(r) for r in by_polars] == by_duckdb
    assert [(*r[:-2], int(r[-2]), int(r[-1])) for r in by_pandas] == by_duckdb

    described = con.execute(
        f"DESCRIBE SELECT * FROM read_parquet('{glob}', hive_partitioning = true)"
    ).fetchall()
    types = {name: kind for name, kind, *_ in described}
    if dataset == "articles":
        assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
        assert types["editors"] == "VARCHAR[]"
        assert types["credits"] == 'STRUCT("role" VARCHAR, "name" VARCHAR)[]'
        assert frame.schema["published_at"] == pl.Datetime("ms", "Asia/Shanghai")
        assert frame.schema["editors"] == pl.List(pl.String)
        assert frame.schema["credits"] == pl.List(pl.Struct({"role": pl.String, "name": pl.String}))
        assert str(table["published_at"].dtype) == "datetime64[ms, Asia/Shanghai]"
    else:
        assert types["said_on"] == "DATE"
        assert frame.schema["said_on"] == pl.Date
        assert all(v is None or isinstance(v, dt.date) for v in table["said_on"])
    assert types["year"] == types["month"] == "BIGINT"  # hive keys, as DuckDB reads them


def test_a_crawl_killed_mid_batch_leaves_a_readable_dataset(
    site: SampleSite, tmp_path: Path
) -> None:
    slow = ["-s", "PARQUET_BATCH_ITEMS=1", "-s", "DOWNLOAD_DELAY=0.25"]
    process = start_crawl("people", site, tmp_path, *slow)
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("articles/**/*.parquet"))) < 3:
        assert process.poll() is None, "the crawl ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    for path in [
        *tmp_path.glob("articles/**/*.parquet"),
        *tmp_path.glob("quotations/**/*.parquet"),
    ]:
        pq.read_table(path)  # each file in the dataset is whole
    assert 3 <= count(tmp_path, "articles") < 13
    # The next run completes the dataset without a duplicate row.
    assert crawl("people", site, tmp_path).returncode == 0
    duplicates = (
        duckdb.connect()
        .execute(
            f"""SELECT article_id, version, count(*) FROM read_parquet(
                '{tmp_path}/articles/**/*.parquet') GROUP BY ALL HAVING count(*) > 1"""
        )
        .fetchall()
    )
    assert duplicates == []
    assert count(tmp_path, "articles") == 13


def readme_blocks() -> list[tuple[str, str]]:
    """The fenced code blocks of the README's "For analysts" section, with their language."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## For analysts", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(\w+)\n(.*?)```", section, re.S)
    return [(lang, code) for lang, code in blocks if lang in ("sql", "python")]


def test_the_readme_analyst_examples_run(
    dataset_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_runs = dataset_root
    (tmp_path / "data").symlink_to(two_runs)
    monkeypatch.chdir(tmp_path)
    blocks = readme_blocks()
    assert [lang for lang, _ in blocks] == ["sql", "sql", "sql", "sql", "python", "python"]
    con = duckdb.connect()
    con.execute(blocks[0][1])  # the two views
    per_year = con.execute(blocks[1][1]).fetchall()
    dated = count(two_runs, "quotations", "said_on IS NOT NULL")
    assert sum(n for _, n in per_year) == dated  # one version each
    assert [y for y, _ in per_year] == sorted(y for y, _ in per_year) and 2014 in dict(per_year)
    occasions = con.execute(blocks[2][1]).fetchall()
    assert ("向2022年世界互联网大会乌镇峰会致贺信", 2) in [row[:2] for row in occasions]
    assert occasions[0][1] == max(n for _, n, _ in occasions)
    requoted = con.execute(blocks[3][1]).fetchall()
    speakers = {q[0] for q in con.execute("SELECT speaker FROM quotations").fetchall()}
    assert {row[0] for row in requoted} == speakers  # a few passages for every speaker
    assert all(articles >= 1 and variants >= 1 for _, articles, variants, *_ in requoted)
    for _, code in blocks[4:]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})
        assert out.getvalue().strip()
    assert "http://cpc.people.com.cn/n1/2022/1111/c164113-32564489.html" in out.getvalue()


def test_a_new_release_does_not_re_version_an_older_dataset(
    site: SampleSite, tmp_path: Path
) -> None:
    """A dataset written before a column existed (here: schema 2, before quote_key and quotes/)
    and crawled again by this release keeps its versions: no article looks changed because the
    extractor now fills a column more. quotes/ is built for it on the way."""
    first = crawl("people", site, tmp_path)
    assert first.returncode == 0, first.log[-3000:]
    for f in (tmp_path / "quotations").rglob("*.parquet"):
        older = pq.read_table(f).drop_columns(["quote_key"])
        meta = {**older.schema.metadata, b"schema_version": b"2"}
        pq.write_table(older.replace_schema_metadata(meta), f)
    shutil.rmtree(tmp_path / "quotes")
    rows = {d: count(tmp_path, d) for d in ("articles", "quotations")}

    again = crawl("people", site, tmp_path, "-a", "refresh=1")
    assert again.returncode == 0, again.log[-3000:]
    counts = run_counts(again)
    assert (counts["articles_new"], counts["articles_changed"]) == (0, 0)
    assert counts["articles_unchanged"] == counts["articles"] == rows["articles"]
    assert {d: count(tmp_path, d) for d in ("articles", "quotations")} == rows
    quotes = f"read_parquet('{tmp_path}/quotes/*.parquet')"
    [distinct] = (
        duckdb.connect().sql(f"SELECT count(*), count(DISTINCT quote_key) FROM {quotes}").fetchall()
    )
    assert distinct == (rows["quotations"], rows["quotations"])  # each quoted once on this site


def test_quotes_read_the_same_in_duckdb_polars_and_pandas(dataset_root: Path) -> None:
    columns = list(schema.COLUMNS["quotes"])
    glob = f"{dataset_root}/quotes/*.parquet"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    by_duckdb = con.execute(
        f"SELECT {', '.join(columns)} FROM read_parquet('{glob}') ORDER BY quote_key"
    ).fetchall()
    by_polars = pl.scan_parquet(glob).sort("quote_key").collect().select(columns).rows()
    frame = pd.read_parquet(dataset_root / "quotes").sort_values("quote_key")
    by_pandas = [tuple(python_values(v) for v in r) for r in frame.itertuples(index=False)]
    assert len(by_duckdb) == count(dataset_root, "quotations") > 0
    assert [tuple(r) for r in by_polars] == by_duckdb == by_pandas
    types = {n: t for n, t, *_ in con.execute(f"DESCRIBE SELECT * FROM '{glob}'").fetchall()}
    assert (types["article_ids"], types["said_on"]) == ("VARCHAR[]", "DATE")
    assert types["first_published_at"] == "TIMESTAMP WITH TIME ZONE"
