"""quotes/: one row per distinct quotation across articles, kept up to date by every writer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq

from pipelines import schema
from pipelines.compaction import compact
from pipelines.corpus import Occurrence, distinct
from pipelines.parquet import DatasetWriter
from pipelines.quotekey import quote_key
from pipelines.records import Article, ExtractedArticle, Quotation

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
PASSAGE = "坚持以人民为中心的发展思想，把人民对美好生活的向往作为奋斗目标。"
OTHER = "绿水青山就是金山银山，保护生态环境就是保护生产力，改善生态环境就是发展生产力。"


def occurrence(article: str, day: int, **values: object) -> Occurrence:
    fields = {
        "quote_key": "k",
        "article_id": article,
        "published_at": dt.datetime(2022, 1, day, tzinfo=SHANGHAI),
        "text": PASSAGE,
        "speaker": "习近平",
        "speaker_kind": "person",
        "said_on": dt.date(2017, 10, 18),
        "said_precision": "day",
        "occasion": "在中国共产党第十九次全国代表大会上的报告",
        "occasion_kind": "报告",
        "source_work": None,
    }
    return Occurrence(**{**fields, **values})  # type: ignore[arg-type]


def test_the_most_frequent_value_wins_and_disagreements_are_counted() -> None:
    row = distinct(
        "k",
        [
            occurrence("b", 2),
            occurrence("a", 1, said_on=dt.date(2018, 10, 18)),  # a misdated printing
            occurrence("c", 3, speaker=None),  # no speaker named: no disagreement
            occurrence("d", 4, text="“" + PASSAGE + "”"),
        ],
    )
    assert (row.said_on, row.speaker, row.said_precision) == (
        dt.date(2017, 10, 18),
        "习近平",
        "day",
    )
    assert (row.speaker_kind, row.occasion_kind) == ("person", "报告")
    assert (row.conflicts, row.conflict_fields) == (1, ["said_on"])
    assert row.text == PASSAGE  # as most often printed
    assert row.article_ids == ["a", "b", "c", "d"]  # earliest published first
    assert (row.first_article_id, row.latest_article_id) == ("a", "d")
    assert (row.article_count, row.quotation_count) == (4, 4)


def test_a_tie_goes_to_the_earliest_printing() -> None:
    row = distinct("k", [occurrence("b", 2, occasion="乙"), occurrence("a", 1, occasion="甲")])
    assert (row.occasion, row.conflicts, row.conflict_fields) == ("甲", 1, ["occasion"])


def article(
    n: int, quotes: list[tuple[str, str]], day: int = 10, body: str = ""
) -> ExtractedArticle:
    """Article ``n`` quoting ``quotes`` (text, attribution)."""
    a = Article(
        article_id=f"people-{n}",
        url=f"http://politics.people.com.cn/n1/2022/1110/c1001-{n}.html",
        site="people",
        title=f"标题{n}",
        body=body or f"正文{n}",
        published_at=dt.datetime(2022, 11, day, 9, 0, tzinfo=SHANGHAI),
        fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    a.content_hash = f"{n}-{body}-{len(quotes)}"
    rows = [
        Quotation(
            quote_id=f"{n}-{i}",
            article_id=a.article_id,
            article_url=a.url,
            quote_key=quote_key(text),
            ordinal=i + 1,
            text=text,
            speaker="习近平",
            said_on=dt.date(2017, 10, 18) if "2017" in line else dt.date(2013, 5, 24),
            said_precision="day",
            occasion=line.split("，", 1)[1],
            attribution=line,
        )
        for i, (text, line) in enumerate(quotes)
    ]
    return ExtractedArticle(a, rows)


REPORT = "——2017年10月18日，习近平在中国共产党第十九次全国代表大会上的报告"
SPEECH = "——2013年5月24日，习近平在十八届中央政治局第六次集体学习时的讲话"


def write(root: Path, *articles: ExtractedArticle, run: str) -> DatasetWriter:
    with DatasetWriter(root, 500, run_id=run) as writer:
        for a in articles:
            writer.add(a)
        writer.finish()
    return writer


def quotes(root: Path) -> dict[str, dict]:
    rows = duckdb.connect().sql(f"SELECT * FROM read_parquet('{root}/quotes/*.parquet')").fetchall()
    names = schema.QUOTES.names
    return {r[0]: dict(zip(names, r, strict=True)) for r in rows}


def test_writers_keep_one_row_per_quotation_across_runs(tmp_path: Path) -> None:
    write(tmp_path, article(1, [(PASSAGE, REPORT)]), article(2, [(PASSAGE, REPORT)]), run="r1")
    # A later run: another printing with other punctuation, and a shortened one.
    later = article(3, [("“" + PASSAGE.replace("，", ", ") + "”", REPORT), (PASSAGE[:14], REPORT)])
    writer = write(tmp_path, later, article(4, [(OTHER, SPEECH)], day=12), run="r2")
    assert writer.rows["quotes"] == 3  # the passage, its shortened printing and OTHER
    found = quotes(tmp_path)
    key, short, other = quote_key(PASSAGE), quote_key(PASSAGE[:14]), quote_key(OTHER)
    assert set(found) == {key, short, other}  # one row per key, no duplicates
    assert found[key]["article_ids"] == ["people-1", "people-2", "people-3"]
    assert found[key]["article_count"] == 3 and found[key]["variant_of"] is None
    assert found[short]["variant_of"] == key  # linked, not merged
    assert found[other]["first_published_at"].day == 12

    # People-2 changes and no longer quotes the passage: its row counts one article less.
    write(tmp_path, article(2, [], body="改正后的正文"), run="r3")
    assert quotes(tmp_path)[key]["article_ids"] == ["people-1", "people-3"]


def test_analysts_tools_agree_and_the_file_says_what_wrote_it(tmp_path: Path) -> None:
    write(tmp_path, article(1, [(PASSAGE, REPORT), (OTHER, SPEECH)]), run="r1")
    path = tmp_path / "quotes" / "quotes.parquet"
    assert sorted(p.name for p in path.parent.iterdir()) == ["quotes.parquet"]  # nothing aside
    meta = pq.read_schema(path).metadata
    assert meta[b"schema_version"] == schema.SCHEMA_VERSION.encode() and meta[b"run_id"] == b"r1"
    by_duckdb = sorted(quotes(tmp_path))
    by_pandas = sorted(pd.read_parquet(path.parent)["quote_key"])
    by_polars = sorted(pl.scan_parquet(f"{path.parent}/*.parquet").collect()["quote_key"])
    assert by_duckdb == by_pandas == by_polars and len(by_duckdb) == 2


def test_compaction_brings_older_files_up_and_rebuilds_quotes(tmp_path: Path) -> None:
    write(tmp_path, article(1, [(PASSAGE, REPORT)]), article(2, [(PASSAGE, REPORT)]), run="r1")
    expected = quotes(tmp_path)
    # Make the quotation files look like schema 2's: no quote_key column; and lose quotes/.
    for f in (tmp_path / "quotations").rglob("*.parquet"):
        table = pq.read_table(f).drop_columns(
            ["quote_key", "speaker_kind", "occasion_kind", "source_volume", "source_page"]
        )
        table = table.replace_schema_metadata({**table.schema.metadata, b"schema_version": b"2"})
        pq.write_table(table, f)
    (tmp_path / "quotes" / "quotes.parquet").unlink()

    done = compact(tmp_path)
    assert ("quotes", 1) in {(c.dataset, c.rows) for c in done}
    [file] = (tmp_path / "quotations").rglob("*.parquet")
    assert pq.read_schema(file).metadata[b"schema_version"] == schema.SCHEMA_VERSION.encode()
    upgraded = pq.read_table(file).to_pylist()
    assert [r["quote_key"] for r in upgraded] == [quote_key(PASSAGE)] * 2
    assert {(r["speaker_kind"], r["occasion_kind"]) for r in upgraded} == {("person", "报告")}
    rebuilt = quotes(tmp_path)
    assert rebuilt.keys() == expected.keys()
    assert rebuilt[quote_key(PASSAGE)]["article_ids"] == ["people-1", "people-2"]


def test_a_quotation_the_file_lacks_is_added_by_the_next_writer(tmp_path: Path) -> None:
    """A failed update (a full disk) leaves quotes/ behind: the next run catches up."""
    write(tmp_path, article(1, [(PASSAGE, REPORT)]), run="r1")
    (tmp_path / "quotes" / "quotes.parquet").unlink()
    write(tmp_path, article(2, [(OTHER, SPEECH)]), run="r2")
    assert set(quotes(tmp_path)) == {quote_key(PASSAGE), quote_key(OTHER)}


def test_two_writers_closing_in_turn_keep_each_others_rows(tmp_path: Path) -> None:
    """Two runs writing at once (another spider, a worker of a distributed run): the second to
    close counts what the first wrote, though it opened before it."""
    first, second = DatasetWriter(tmp_path, 500, "r1"), DatasetWriter(tmp_path, 500, "r2")
    with first, second:
        first.add(article(1, [(PASSAGE, REPORT)]))
        second.add(article(2, [(PASSAGE, REPORT)]))
        first.finish()
        second.finish()
    assert quotes(tmp_path)[quote_key(PASSAGE)]["article_ids"] == ["people-1", "people-2"]


def test_a_damaged_quotes_file_is_built_again(tmp_path: Path) -> None:
    write(tmp_path, article(1, [(PASSAGE, REPORT)]), run="r1")
    (tmp_path / "quotes" / "quotes.parquet").write_bytes(b"PAR1 not a Parquet file")
    write(tmp_path, article(2, [(OTHER, SPEECH)]), run="r2")
    assert set(quotes(tmp_path)) == {quote_key(PASSAGE), quote_key(OTHER)}
