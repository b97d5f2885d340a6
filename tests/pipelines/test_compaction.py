"""Compaction: many small files per partition become one, every row kept, readers never misled."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.errors import DatasetBusy
from core.outcome import ExitStatus
from core.output import exchange_folders
from pipelines import schema
from pipelines.compaction import PARTITIONED, compact
from pipelines.dataset import STAGING
from pipelines.derived import conform
from pipelines.parquet import DatasetWriter
from pipelines.quotekey import quote_key
from tests.conftest import REPO
from tests.pipelines.test_parquet import SHANGHAI, changed, extracted


def every_row(root: Path, dataset: str) -> list[tuple]:
    return (
        duckdb.connect()
        .execute(
            f"""SELECT * FROM read_parquet('{root}/{dataset}/**/*.parquet',
                hive_partitioning = true, union_by_name = true) ORDER BY ALL"""
        )
        .fetchall()
    )


def small_files(root: Path, articles: int) -> None:
    """One file per article per dataset: the worst case compaction is for."""
    with DatasetWriter(root, batch_items=1, run_id="small") as writer:
        for n in range(articles):
            month = 11 if n % 3 else 12
            when = dt.datetime(2022, month, 1 + n % 28, 9, n % 60, tzinfo=SHANGHAI)
            writer.add(changed(extracted(n, when), f"h{n}"))
        writer.finish()


def test_compaction_keeps_every_row_in_one_file_per_partition(tmp_path: Path) -> None:
    small_files(tmp_path, 12)
    before = {d: every_row(tmp_path, d) for d in schema.SCHEMAS}
    assert len(before["quotes"]) == 1  # every article quotes the same passage
    assert len(list(tmp_path.glob("articles/**/*.parquet"))) == 12

    done = compact(tmp_path)

    assert sorted((c.dataset, c.partition, c.files, c.rows) for c in done) == [
        ("articles", "year=2022/month=11", 8, 8),
        ("articles", "year=2022/month=12", 4, 4),
        ("quotations", "year=2022/month=11", 8, 8),
        ("quotations", "year=2022/month=12", 4, 4),
        ("quotes", "(rebuilt)", 1, 1),
    ]
    for dataset in schema.SCHEMAS:
        assert every_row(tmp_path, dataset) == before[dataset]
    for dataset in PARTITIONED:
        for partition in ("year=2022/month=11", "year=2022/month=12"):
            (only,) = (tmp_path / dataset / partition).iterdir()
            version = pq.read_schema(only).metadata[b"schema_version"]
            assert version == schema.SCHEMA_VERSION.encode()
    published = pq.read_table(next(tmp_path.glob("articles/year=2022/month=11/*.parquet")))
    times = published.column("published_at").to_pylist()
    assert times == sorted(times)  # sorted for date-range scans
    assert not list((tmp_path / STAGING).iterdir())
    assert [c.dataset for c in compact(tmp_path)] == ["quotes"]  # no partition left to do


def test_files_of_an_older_schema_are_brought_to_the_current_one(tmp_path: Path) -> None:
    small_files(tmp_path, 2)
    # A file as schema 1 wrote it: without the columns schema 2 added.
    old = tmp_path / "articles" / "year=2022" / "month=11" / "part-old-00001.parquet"
    table = pq.read_table(next(old.parent.glob("*.parquet")))
    table = table.drop_columns(["content_hash", "version", "captions"]).set_column(
        0, "article_id", pa.array(["people-old"])
    )
    pq.write_table(table, old)
    compact(tmp_path)
    (merged,) = old.parent.iterdir()
    rows = pq.read_table(merged).to_pylist()
    old_row = next(r for r in rows if r["article_id"] == "people-old")
    assert old_row["content_hash"] is None and old_row["captions"] is None
    assert pq.read_schema(merged).names == schema.ARTICLES.names


def test_conform_drops_columns_the_schema_no_longer_has() -> None:
    table = pa.table({"article_id": ["a"], "gone": [1]})
    assert conform(table, schema.ARTICLES).column_names == schema.ARTICLES.names


def scrapy_compact(root: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", "compact", "--output", str(root)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)


def test_compaction_refuses_while_a_writer_holds_the_dataset(tmp_path: Path) -> None:
    small_files(tmp_path, 3)
    with DatasetWriter(tmp_path, 500, run_id="busy"):
        with pytest.raises(DatasetBusy):
            compact(tmp_path)
        command = scrapy_compact(tmp_path)
    assert command.returncode == ExitStatus.ALREADY_RUNNING
    assert "compact: refused: a crawl or replay is writing to" in command.stderr
    assert len(list(tmp_path.glob("articles/**/*.parquet"))) == 3  # untouched
    command = scrapy_compact(tmp_path)
    assert command.returncode == 0, command.stderr
    assert "articles/year=2022/month=11: 2 files -> 1 (2 rows)" in command.stdout


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    new, old = tmp_path / "new", tmp_path / "old"
    for folder, name in ((new, "merged.parquet"), (old, "part-1.parquet")):
        folder.mkdir()
        (folder / name).write_text(name)
    exchange_folders(new, old)
    assert [p.name for p in old.iterdir()] == ["merged.parquet"]
    assert [p.name for p in new.iterdir()] == ["part-1.parquet"]


def test_older_quotation_rows_get_the_new_columns_derived() -> None:
    older = pa.table(
        {
            "text": ["空谈误国，实干兴邦。"],
            "speaker": ["毛泽东"],
            "speaker_title": [None],
            "occasion": ["在中国共产党第七次全国代表大会上的报告"],
            "attribution": [
                "——毛泽东：《论联合政府》（1945年4月24日），《毛泽东选集》第三卷，第1094页"
            ],
        }
    )
    [row] = conform(older, schema.QUOTATIONS).to_pylist()
    assert row["quote_key"] == quote_key("空谈误国实干兴邦")
    assert (row["speaker_kind"], row["occasion_kind"]) == ("person", "报告")
    assert (row["source_volume"], row["source_page"]) == ("第三卷", 1094)
    assert row["said_on"] is None  # a column that cannot be derived stays null
