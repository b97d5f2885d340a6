"""``scrapy report``: the folder it writes holds what the datasets hold, and nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

from report.site import CHUNK_ROWS
from tests.conftest import run_scrapy
from tests.report.conftest import Reported, report_of


def test_the_report_is_a_folder_of_its_own_files(reported: Reported) -> None:
    folder = reported.output / "report"
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {"index.html", "app.js", "app.css", "echarts.min.js", "data/summary.js"} <= names
    assert "viewer/index.html" in names and "viewer/replay/sw.js" in names
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html
    assert "<script>" not in html  # no inline script: the page's CSP allows none
    assert not list(reported.output.glob(".report-*"))  # nothing left aside
    assert f"report: {folder / 'index.html'}" in reported.log


def test_the_table_holds_every_quotation_most_recently_said_first(reported: Reported) -> None:
    summary = reported.summary()
    table = summary["table"]
    (quotations,) = reported.sql("SELECT count(*) FROM quotations")[0]
    assert table["rows"] == quotations == summary["counts"]["quotations"] > 20
    assert table["chunks"] == -(-quotations // CHUNK_ROWS)
    rows = [row for n in range(table["chunks"]) for row in reported.chunk(n)]
    texts = [text for (text,) in reported.sql("SELECT text FROM quotations")]
    assert sorted(r[0] for r in rows) == sorted(texts)
    dated = [r[2] for r in rows if r[2]]
    assert [d[:4] for d in dated] == sorted((d[:4] for d in dated), reverse=True)


def test_the_summary_counts_what_duckdb_counts(reported: Reported) -> None:
    summary = reported.summary()
    by_speaker = dict(
        reported.sql(
            "SELECT speaker, count(*) FROM quotations WHERE speaker IS NOT NULL GROUP BY 1"
        )
    )
    assert {s["speaker"]: s["quotations"] for s in summary["speakers"]} == by_speaker
    assert len(by_speaker) >= 5  # the multi-leader compilation
    said = reported.sql(
        "SELECT year(said_on), count(*) FROM quotations WHERE said_on IS NOT NULL GROUP BY 1"
    )
    assert sorted(map(tuple, summary["said_by_year"])) == sorted(said)
    runs = [(r["spider"], r["exit_status"]) for r in summary["runs"]]
    assert runs == [("people", 0), ("paper", 0), ("people", 5)]
    assert summary["counts"]["runs"] == 3


def test_capture_links_open_the_viewer_on_the_wacz_it_packaged(reported: Reported) -> None:
    (wacz,) = (reported.output / "wacz").glob("*.wacz")
    assert "packaged the archive as" in reported.log
    links = [r[8] for r in reported.chunk(0)]
    assert all(
        link.startswith(f"viewer/index.html?source=../../wacz/{wacz.name}#url=http")
        for link in links
    )
    assert all("&ts=" in link for link in links)


def test_a_pywb_template_replaces_the_viewer(reported: Reported, tmp_path: Path) -> None:
    output = tmp_path / "data"
    shutil.copytree(reported.output, output, ignore=shutil.ignore_patterns("report", "wacz"))
    template = "http://127.0.0.1:8080/people/{timestamp}/{url}"
    again = report_of(output, "-s", f"REPLAY_URL_TEMPLATE={template}")
    row = again.chunk(0)[0]
    assert row[8].startswith("http://127.0.0.1:8080/people/2") and row[8].endswith("/" + row[6])
    assert not (output / "report" / "viewer").exists() and not (output / "wacz").exists()


def test_an_output_with_nothing_yet_gets_a_report_that_says_so(tmp_path: Path) -> None:
    done = run_scrapy(["report", "--output", str(tmp_path)], None, tmp_path)
    assert done.returncode == 0, done.log
    assert "0 quotations" in done.log and "no closed WARC file" in done.log
    assert (tmp_path / "report" / "index.html").exists()
