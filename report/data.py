"""What the report shows, read from the datasets of an output root with DuckDB.

Everything is over the latest version of each article (and the quotation rows of that version),
as an analyst's own queries would be (README, "For analysts"). Files of an older schema read
with the newer columns null (``union_by_name``). A dataset not written yet reads as empty: a
report of a new output root says there is nothing yet rather than failing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from core.clock import SHANGHAI_NAME
from core.errors import ArchiveError
from pipelines import schema

logger = logging.getLogger(__name__)

# Rows of the quotation table fetched from DuckDB at a time (a chunk of the report's table is
# written from them, so the whole table is never in memory).
FETCH_ROWS = 10_000
# How many occasions and re-quoted passages the report lists (the table holds every quotation).
TOP = 100


class ReportDataError(ArchiveError):
    """The datasets could not be read for the report."""


@dataclass(frozen=True, slots=True)
class QuotationRow:
    """One row of the report's quotation table."""

    text: str
    speaker: str | None
    said_on: dt.date | None
    said_precision: str | None
    occasion: str | None
    section: str | None
    article_id: str
    title: str | None
    url: str
    published_at: dt.datetime | None
    fetched_at: dt.datetime | None
    quoted_in: int  # articles quoting the same quotation (quotes/), 1 when unknown


@dataclass(slots=True)
class Summary:
    """Everything but the quotation table: counts, the charts' series, the lists, the runs."""

    counts: dict[str, int] = field(default_factory=dict)
    said_by_year: list[tuple[int, int]] = field(default_factory=list)
    published_by_year: list[tuple[int, int]] = field(default_factory=list)
    speakers: list[dict[str, Any]] = field(default_factory=list)
    occasions: list[dict[str, Any]] = field(default_factory=list)
    occasion_kinds: list[tuple[str, int]] = field(default_factory=list)
    requoted: list[dict[str, Any]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader should know of the data


class ReportData:
    """The datasets under ``root``, as the report reads them."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.con = duckdb.connect()
        self.con.execute(f"SET TimeZone = '{SHANGHAI_NAME}'")  # dates as Beijing prints them
        self.has = {name: self._exists(name) for name in ("articles", "quotations", "quotes")}
        try:
            self._views()
        except duckdb.Error as exc:
            raise ReportDataError(f"cannot read the datasets under {self.root}: {exc}") from exc

    def _exists(self, dataset: str) -> bool:
        return any((self.root / dataset).rglob("*.parquet"))

    def _glob(self, dataset: str, pattern: str) -> str:
        path = str(self.root / dataset / pattern).replace("'", "''")
        return f"read_parquet('{path}', hive_partitioning = true, union_by_name = true)"

    def _views(self) -> None:
        """``articles``, ``quotations`` and ``quotes``: latest versions, every column of the
        current schema (null where files of an older schema lack it)."""
        for dataset, pattern in (("articles", "**/*.parquet"), ("quotations", "**/*.parquet")):
            if self.has[dataset]:
                self._raw(dataset, self._glob(dataset, pattern))
        if self.has["quotes"]:
            self._raw("quotes", self._glob("quotes", "*.parquet"))
        if not self.has["articles"]:
            return
        self.con.execute(
            """CREATE VIEW articles AS SELECT * FROM raw_articles
               QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC) = 1"""
        )
        if self.has["quotations"]:
            self.con.execute(
                """CREATE VIEW quotations AS SELECT q.* FROM raw_quotations AS q
                   JOIN articles AS a
                     ON q.article_id = a.article_id AND q.article_version = a.version"""
            )
        if self.has["quotes"]:
            self.con.execute("CREATE VIEW quotes AS SELECT * FROM raw_quotes")

    def _raw(self, dataset: str, source: str) -> None:
        present = {
            row[0] for row in self.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        }
        columns = ", ".join(
            f'"{name}"' if name in present else f'NULL AS "{name}"'
            for name in schema.COLUMNS[dataset]
        )
        self.con.execute(f"CREATE VIEW raw_{dataset} AS SELECT {columns} FROM {source}")

    def _all(self, query: str) -> list[tuple[Any, ...]]:
        try:
            return self.con.execute(query).fetchall()
        except duckdb.Error as exc:
            raise ReportDataError(f"cannot read the datasets under {self.root}: {exc}") from exc

    def _records(self, names: tuple[str, ...], query: str) -> list[dict[str, Any]]:
        return [dict(zip(names, row, strict=True)) for row in self._all(query)]

    # -- the summary -----------------------------------------------------------------------------
    def summary(self) -> Summary:
        found = Summary(runs=self.runs())
        found.counts["runs"] = len(found.runs)
        if not self.has["articles"]:
            return found
        [(articles,)] = self._all("SELECT count(*) FROM articles")
        found.counts["articles"] = articles
        if not self.has["quotations"]:
            return found
        [(quotations, distinct, speakers, compilations)] = self._all(
            """SELECT count(*), count(DISTINCT quote_key), count(DISTINCT speaker),
                      count(DISTINCT article_id) FROM quotations"""
        )
        found.counts |= {
            "quotations": quotations,
            "distinct_quotations": distinct,
            "speakers": speakers,
            "articles_quoting": compilations,
        }
        [(keyless,)] = self._all("SELECT count(*) FROM quotations WHERE quote_key IS NULL")
        if keyless:
            found.notes.append(
                f"{keyless} quotation rows are from files older than schema 3 and have no "
                "quote_key: distinct counts and re-quotes leave them out until `scrapy compact` "
                "brings the files up"
            )
        found.said_by_year = self._all(
            """SELECT year(said_on) AS y, count(*) FROM quotations WHERE said_on IS NOT NULL
               GROUP BY y ORDER BY y"""
        )
        found.published_by_year = self._all(
            """SELECT year(a.published_at) AS y, count(*) FROM quotations AS q
               JOIN articles AS a USING (article_id) WHERE a.published_at IS NOT NULL
               GROUP BY y ORDER BY y"""
        )
        found.speakers = self._records(
            ("speaker", "kind", "quotations", "passages", "articles", "first", "last"),
            """SELECT speaker, mode(speaker_kind), count(*), count(DISTINCT quote_key),
                      count(DISTINCT article_id), min(said_on), max(said_on)
               FROM quotations WHERE speaker IS NOT NULL
               GROUP BY speaker ORDER BY count(*) DESC, speaker""",
        )
        found.occasions = self._records(
            ("occasion", "kind", "quotations", "speaker", "said_on"),
            f"""SELECT occasion, mode(occasion_kind), count(*), mode(speaker), min(said_on)
                FROM quotations WHERE occasion IS NOT NULL
                GROUP BY occasion ORDER BY count(*) DESC, occasion LIMIT {TOP}""",
        )
        found.occasion_kinds = self._all(
            """SELECT coalesce(occasion_kind, 'none'), count(*) FROM quotations
               GROUP BY ALL ORDER BY count(*) DESC, 1"""
        )
        if self.has["quotes"]:
            found.requoted = self._requoted()
        return found

    def _requoted(self) -> list[dict[str, Any]]:
        """The passages quoted in most articles, each with its variants counted in."""
        return self._records(
            ("text", "speaker", "said_on", "occasion", "articles", "variants", "conflicts"),
            f"""WITH passages AS (
                  SELECT coalesce(variant_of, quote_key) AS passage, count(*) AS variants,
                         len(list_distinct(flatten(list(article_ids)))) AS articles,
                         sum(conflicts) AS conflicts
                  FROM quotes GROUP BY passage)
                SELECT q.text, q.speaker, q.said_on, q.occasion, p.articles, p.variants,
                       p.conflicts
                FROM passages AS p JOIN quotes AS q ON q.quote_key = p.passage
                WHERE p.articles > 1
                ORDER BY p.articles DESC, q.quote_key LIMIT {TOP}""",
        )

    def runs(self) -> list[dict[str, Any]]:
        """Each run record, oldest first, with what the timeline shows of it."""
        runs = []
        for path in sorted((self.root / "runs").glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                counts = record["counts"]
                runs.append(
                    {
                        "run_id": record["run_id"],
                        "spider": record.get("spider"),
                        "started_at": record["started_at"],
                        "finished_at": record.get("finished_at"),
                        "exit_status": record["exit_status"],
                        "exit_reason": record.get("exit_reason"),
                        "pages": counts.get("responses", 0),
                        "articles_new": counts.get("articles_new", 0),
                        "articles_changed": counts.get("articles_changed", 0),
                        "errors": counts.get("errors", {}),
                        "drift": len((record.get("drift") or {}).get("findings") or []),
                    }
                )
            except (OSError, ValueError, KeyError, TypeError) as exc:
                logger.warning("Cannot read run record %s (%s): left out of the report", path, exc)
        return runs

    # -- the table -------------------------------------------------------------------------------
    def quotation_rows(self) -> Iterator[QuotationRow]:
        """Every quotation, latest versions, most recently said first, a batch at a time."""
        if not self.has["quotations"]:
            return
        quoted_in = "coalesce(c.article_count, 1)" if self.has["quotes"] else "1"
        quotes = "LEFT JOIN quotes AS c ON c.quote_key = q.quote_key" if self.has["quotes"] else ""
        try:
            result = self.con.execute(
                f"""SELECT q.text, q.speaker, q.said_on, q.said_precision, q.occasion, q.section,
                           q.article_id, a.title, a.url, a.published_at, a.fetched_at, {quoted_in}
                    FROM quotations AS q JOIN articles AS a USING (article_id) {quotes}
                    ORDER BY q.said_on DESC NULLS LAST, a.published_at DESC NULLS LAST,
                             q.article_id, q.ordinal"""
            )
            while batch := result.fetchmany(FETCH_ROWS):
                yield from (QuotationRow(*row) for row in batch)
        except duckdb.Error as exc:
            raise ReportDataError(f"cannot read the quotations under {self.root}: {exc}") from exc

    def close(self) -> None:
        self.con.close()
