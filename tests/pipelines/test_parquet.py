"""The Parquet datasets as analysts read them: DuckDB and pyarrow, hive partitions, metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from core.errors import DatasetBusy
from core.locks import DatasetLock
from pipelines import schema
from pipelines.dataset import STAGING, ParquetWriteError
from pipelines.parquet import DatasetWriter
from pipelines.records import Article, Credit, ExtractedArticle, Quotation

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def extracted(n: int, published: dt.datetime | None) -> ExtractedArticle:
    article = Article(
        article_id=f"people-{n}",
        url=f"http://politics.people.com.cn/n1/2022/1110/c1001-{n}.html",
        site="people",
        title=f"标题{n}",
        published_at=published,
        editors=["王静", "胡永秋"],
        credits=[Credit("监制", "张振明")],
        fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    quote = Quotation(
        quote_id=f"q{n}",
        article_id=article.article_id,
        article_url=article.url,
        ordinal=1,
        text="一段话",
        speaker="习近平",
        said_on=dt.date(2014, 11, 19),
        said_precision="day",
        attribution="——2014年11月19日,习近平…",
    )
    return ExtractedArticle(article, [quote])


def open_writer(root: Path, **options: Any) -> DatasetWriter:
    writer = DatasetWriter(root, options.pop("batch_items", 500), **options)
    writer.open()
    return writer


def test_batches_partitions_and_types(tmp_path: Path) -> None:
    writer = open_writer(tmp_path, batch_items=2, run_id="test")
    writer.add(extracted(1, dt.datetime(2022, 11, 11, 13, 10, tzinfo=SHANGHAI)))
    assert writer.files == []  # buffered until the batch is full
    writer.add(extracted(2, dt.datetime(2022, 12, 31, 23, 30, tzinfo=SHANGHAI)))
    writer.add(extracted(3, None))  # no date on the page: partitioned by fetch time
    writer.flush()
    names = sorted(p.relative_to(tmp_path).as_posix() for p in writer.files)
    assert names == [
        "articles/year=2022/month=11/part-test-00001.parquet",
        "articles/year=2022/month=12/part-test-00001.parquet",
        "articles/year=2026/month=1/part-test-00002.parquet",
        "quotations/year=2022/month=11/part-test-00001.parquet",
        "quotations/year=2022/month=12/part-test-00001.parquet",
        "quotations/year=2026/month=1/part-test-00002.parquet",
    ]
    assert not list((tmp_path / STAGING).iterdir())  # nothing left half-written

    table = ds.dataset(tmp_path / "articles", partitioning="hive").to_table()
    assert table.num_rows == 3
    assert table.schema.field("published_at").type == schema.ARTICLES.field("published_at").type
    assert str(table.schema.field("published_at").type) == "timestamp[ms, tz=Asia/Shanghai]"
    editors = table.schema.field("editors").type
    assert pa.types.is_list(editors) and editors.value_type == pa.string()

    con = duckdb.connect()
    rows = con.execute(
        f"""SELECT article_id, year, month, editors, credits[1].name AS supervisor,
                   strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%Y-%m-%d %H:%M') AS local
            FROM read_parquet('{tmp_path}/articles/**/*.parquet', hive_partitioning = true)
            ORDER BY article_id"""
    ).fetchall()
    assert rows[0] == ("people-1", 2022, 11, ["王静", "胡永秋"], "张振明", "2022-11-11 13:10")
    assert rows[1][1:3] == (2022, 12)
    said = con.execute(
        f"""SELECT typeof(said_on), said_on FROM
            read_parquet('{tmp_path}/quotations/**/*.parquet', hive_partitioning = true) LIMIT 1"""
    ).fetchone()
    assert said == ("DATE", dt.date(2014, 11, 19))


def test_file_metadata_documents_the_schema(tmp_path: Path) -> None:
    writer = open_writer(tmp_path, run_id="meta")
    writer.add(extracted(1, dt.datetime(2022, 11, 11, tzinfo=SHANGHAI)))
    writer.flush()
    meta = pq.read_schema(writer.files[0])
    assert meta.metadata[b"schema_version"] == schema.SCHEMA_VERSION.encode()
    assert meta.field("said_on" if "quotations" in str(writer.files[0]) else "title").metadata
    assert pq.ParquetFile(writer.files[0]).metadata.row_group(0).column(0).compression == "ZSTD"


def test_schema_document_lists_every_column() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "schema.md").read_text(encoding="utf-8")
    assert doc.startswith(f"# Dataset schema (schema_version {schema.SCHEMA_VERSION})")
    for dataset, columns in schema.COLUMNS.items():
        section = doc.split(f"\n## {dataset}\n", 1)[1].split("\n## ", 1)[0]
        for column in columns:
            assert f"| `{column}` |" in section, f"{dataset}.{column} missing from docs/schema.md"


def test_write_failure_is_a_clear_error_and_keeps_rows(tmp_path: Path) -> None:
    blocker = tmp_path / "articles"
    blocker.write_text("a file where a folder must go")
    writer = open_writer(tmp_path, run_id="fail")
    writer.add(extracted(1, dt.datetime(2022, 11, 11, tzinfo=SHANGHAI)))
    with pytest.raises(ParquetWriteError, match="articles"):
        writer.flush()
    assert not list((tmp_path / STAGING).iterdir())
    blocker.unlink()
    writer.flush()  # the buffered article was kept and is written on the next try
    assert ds.dataset(tmp_path / "articles", partitioning="hive").count_rows() == 1


def test_a_failure_midway_writes_no_row_twice(tmp_path: Path) -> None:
    writer = open_writer(tmp_path, run_id="midway")
    writer.add(extracted(1, dt.datetime(2022, 11, 11, tzinfo=SHANGHAI)))
    writer.add(extracted(2, dt.datetime(2022, 12, 11, tzinfo=SHANGHAI)))
    blocker = tmp_path / "quotations" / "year=2022" / "month=12"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("a file where a folder must go")
    with pytest.raises(ParquetWriteError):
        writer.flush()  # November is written, December is not
    assert writer.pending == 1
    assert not list(tmp_path.glob("articles/year=2022/month=12/*"))  # not half a partition
    blocker.unlink()
    writer.flush()
    for dataset in ("articles", "quotations"):
        ids = ds.dataset(tmp_path / dataset, partitioning="hive").to_table()["article_id"]
        assert sorted(ids.to_pylist()) == ["people-1", "people-2"]


def changed(e: ExtractedArticle, digest: str) -> ExtractedArticle:
    e.article.content_hash = digest
    return e


def test_runs_add_versions_not_duplicates(tmp_path: Path) -> None:
    november = dt.datetime(2022, 11, 11, tzinfo=SHANGHAI)
    with DatasetWriter(tmp_path, 500, run_id="run1") as first:
        assert first.add(changed(extracted(1, november), "a1")) == "new"
        assert first.add(changed(extracted(2, november), "b1")) == "new"
        assert first.add(changed(extracted(2, november), "b1")) == "unchanged"  # same run
        first.flush()
    with DatasetWriter(tmp_path, 500, run_id="run2") as second:
        assert second.add(changed(extracted(1, november), "a1")) == "unchanged"
        assert second.add(changed(extracted(2, november), "b2")) == "changed"
        assert second.add(changed(extracted(3, november), "c1")) == "new"
        second.flush()
        assert second.outcomes == {"new": 1, "changed": 1, "unchanged": 1}
    con = duckdb.connect()
    articles = con.execute(
        f"""SELECT article_id, version, content_hash FROM read_parquet(
            '{tmp_path}/articles/**/*.parquet', hive_partitioning = true) ORDER BY ALL"""
    ).fetchall()
    assert articles == [
        ("people-1", 1, "a1"),
        ("people-2", 1, "b1"),
        ("people-2", 2, "b2"),
        ("people-3", 1, "c1"),
    ]
    quotations = con.execute(
        f"""SELECT article_id, article_version FROM read_parquet(
            '{tmp_path}/quotations/**/*.parquet', hive_partitioning = true) ORDER BY ALL"""
    ).fetchall()
    assert quotations == [("people-1", 1), ("people-2", 1), ("people-2", 2), ("people-3", 1)]


def test_repeated_strings_are_dictionary_encoded_long_text_is_not(tmp_path: Path) -> None:
    with DatasetWriter(tmp_path, 500, run_id="dict") as writer:
        for n in range(5):
            writer.add(changed(extracted(n, dt.datetime(2022, 11, 11, tzinfo=SHANGHAI)), str(n)))
        writer.flush()
    meta = pq.ParquetFile(next(tmp_path.glob("articles/**/*.parquet"))).metadata
    encodings = {
        meta.schema.column(i).path: meta.row_group(0).column(i).encodings
        for i in range(meta.num_columns)
    }
    assert "RLE_DICTIONARY" in encodings["site"]
    assert "RLE_DICTIONARY" not in encodings["body"]
    assert "RLE_DICTIONARY" not in encodings["content_hash"]
    assert meta.num_row_groups == 1  # one row group per batch file, not one per item


def test_an_unreadable_dataset_file_is_logged_and_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    junk = tmp_path / "articles" / "year=2022" / "month=1" / "part-junk.parquet"
    junk.parent.mkdir(parents=True)
    junk.write_bytes(b"PAR1 not really")
    with DatasetWriter(tmp_path, 500, run_id="after-junk") as writer:
        assert writer.add(extracted(1, None)) == "new"
    assert "part-junk.parquet" in caplog.text


def test_writers_share_the_dataset_compaction_needs_it_alone(tmp_path: Path) -> None:
    with (
        DatasetWriter(tmp_path, 500, run_id="a"),
        DatasetWriter(tmp_path, 500, run_id="b"),
        pytest.raises(DatasetBusy, match="a crawl or replay is writing"),
    ):
        DatasetLock(tmp_path, exclusive=True).acquire()
    with (
        DatasetLock(tmp_path, exclusive=True),
        pytest.raises(DatasetBusy, match="compaction runs"),
    ):
        open_writer(tmp_path, run_id="c")
    open_writer(tmp_path, run_id="d").close()  # free again once compaction has ended
