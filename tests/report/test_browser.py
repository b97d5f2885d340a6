"""The report in Chromium: what it shows equals what DuckDB finds in the same datasets, its table
filters and sorts, its capture links open ReplayWeb.page on the archived article, and text from
a hostile page stays text. A screenshot of each is written (tests/browser.py, SCREENSHOTS)."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING

import pytest

from samplesite import SampleSite
from samplesite.server import SITE_ROOT
from tests.archive.conftest import serve_archive
from tests.browser import replayed_page, screenshot
from tests.conftest import crawl
from tests.report.conftest import Reported, report_of

if TYPE_CHECKING:
    from playwright.sync_api import Page

THEORY = "http://theory.people.com.cn/n1/2022/1107/c40531-32560001.html"
# What a hostile page puts where the report shows text: a title, a quotation, an occasion.
HOSTILE = '<script>alert("t")</script>"><img src=x onerror=alert(1)></script>'


def open_report(page: Page, reported: Reported) -> None:
    page.goto(reported.index.as_uri())
    page.locator("body[data-ready=true]").wait_for(state="attached")


def table_done(page: Page) -> int:
    """Wait until the table has read what its filter needs; the number of rows it found."""
    status = page.locator("#table-status[data-complete=true]")
    status.wait_for(state="attached")
    return int(status.get_attribute("data-total") or "-1")


def column(page: Page, name: str) -> list[str]:
    """The cells of one column on every page of the table, paging through it."""
    index = {"speaker": 2, "said": 3}[name]
    found = []
    while True:
        found += page.locator(f"#quotations tbody tr td:nth-child({index})").all_inner_texts()
        if page.locator("#next").is_disabled():
            return found
        first = page.locator("#quotations tbody tr").first.inner_text()
        page.locator("#next").click()
        page.wait_for_function(
            "first => document.querySelector('#quotations tbody tr').innerText !== first", arg=first
        )


def test_the_numbers_in_the_page_are_what_duckdb_counts(
    cold_page: Page, reported: Reported
) -> None:
    open_report(cold_page, reported)
    [(quotations, distinct, speakers)] = reported.sql(
        "SELECT count(*), count(DISTINCT quote_key), count(DISTINCT speaker) FROM quotations"
    )
    [(articles,)] = reported.sql("SELECT count(*) FROM articles")
    cards = {
        key: int(cold_page.locator(f"#count-{key}").get_attribute("data-value") or "-1")
        for key in ("quotations", "distinct_quotations", "speakers", "articles")
    }
    assert cards == {
        "quotations": quotations,
        "distinct_quotations": distinct,
        "speakers": speakers,
        "articles": articles,
    }
    shown = {
        cold_page.locator("#speakers tbody tr").nth(i).locator("td").first.inner_text(): int(
            cold_page.locator("#speakers tbody tr")
            .nth(i)
            .locator("td")
            .nth(2)
            .get_attribute("data-quotations")
        )
        for i in range(cold_page.locator("#speakers tbody tr").count())
    }
    counted = "SELECT speaker, count(*) FROM quotations WHERE speaker IS NOT NULL GROUP BY 1"
    assert shown == dict(reported.sql(counted))
    assert table_done(cold_page) == quotations
    screenshot(cold_page, "report-first-screen")


# What an ECharts chart on the page draws: its categories and its first series' values.
CHART_DATA = """id => {
  const option = echarts.getInstanceByDom(document.getElementById(id)).getOption();
  const axis = option.xAxis[0].type === "category" ? option.xAxis[0] : option.yAxis[0];
  return [axis.data, option.series[0].data];
}"""


def test_the_charts_lists_and_run_timeline_are_what_duckdb_and_the_run_records_say(
    cold_page: Page, reported: Reported
) -> None:
    open_report(cold_page, reported)
    if not cold_page.evaluate("() => Boolean(window.echarts)"):
        pytest.skip("ECharts is not bundled (make viewer fetches it): the page has no charts")

    def years(query: str) -> list[list[object]]:
        rows = reported.sql(query)
        return [[str(year) for year, _ in rows], [n for _, n in rows]]

    assert cold_page.evaluate(CHART_DATA, "chart-said") == years(
        "SELECT year(said_on), count(*) FROM quotations WHERE said_on IS NOT NULL "
        "GROUP BY 1 ORDER BY 1"
    )
    assert cold_page.evaluate(CHART_DATA, "chart-published") == years(
        "SELECT year(a.published_at), count(*) FROM quotations AS q JOIN articles AS a "
        "USING (article_id) GROUP BY 1 ORDER BY 1"
    )
    kinds, counts = cold_page.evaluate(CHART_DATA, "chart-kinds")
    assert dict(zip(kinds, counts, strict=True)) == dict(
        reported.sql("SELECT coalesce(occasion_kind, 'none'), count(*) FROM quotations GROUP BY 1")
    )
    occasions = cold_page.locator("#occasions tbody tr")
    shown = {
        occasions.nth(i).locator("td").first.inner_text(): int(
            occasions.nth(i).locator("td").nth(2).inner_text().split()[-1].replace(",", "")
        )
        for i in range(occasions.count())
    }
    counted = reported.sql(
        "SELECT occasion, count(*) FROM quotations WHERE occasion IS NOT NULL GROUP BY 1"
    )
    assert shown and shown.items() <= dict(counted).items()  # the most frequent, each exact
    assert len(shown) == min(len(counted), 30)

    # The timeline: one row per run record, newest first, with its pages and exit status.
    records = sorted(
        (json.loads(p.read_text()) for p in (reported.output / "runs").glob("*.json")),
        key=lambda r: r["started_at"],
        reverse=True,
    )
    runs = cold_page.locator("#runs tbody tr")
    assert runs.count() == len(records) > 0
    for i, record in enumerate(records):
        cells = runs.nth(i).locator("td").all_inner_texts()
        assert cells[1] == record["spider"]
        assert int(cells[2].replace(",", "")) == record["counts"]["responses"]
        assert cells[-1].split()[0] == str(record["exit_status"])
    points = cold_page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById("chart-runs")).getOption()
                 .series.map(s => s.data.length)"""
    )
    failed = sum(r["exit_status"] != 0 for r in records)
    assert failed and points == [len(records) - failed, failed]  # the failing run stands out
    cold_page.locator("#runs").scroll_into_view_if_needed()
    screenshot(cold_page, "report-runs-timeline")


def test_filtering_for_a_speaker_shows_exactly_their_quotations(
    cold_page: Page, reported: Reported
) -> None:
    open_report(cold_page, reported)
    ranked = reported.sql(
        "SELECT speaker, count(*) FROM quotations WHERE speaker IS NOT NULL "
        "GROUP BY 1 ORDER BY 2 DESC, 1"
    )
    speaker, expected = ranked[1]  # not the most quoted: a filter that leaves most rows out
    cold_page.locator("#speaker").select_option(speaker)
    assert table_done(cold_page) == expected
    assert column(cold_page, "speaker") == [speaker] * expected
    cold_page.locator("#quotations").scroll_into_view_if_needed()
    screenshot(cold_page, "report-filtered-speaker")

    cold_page.locator("#speaker").select_option("")
    cold_page.locator("#filter").fill("命运共同体")  # as typed: matched in every text column
    [(typed,)] = reported.sql(
        """SELECT count(*) FROM quotations AS q JOIN articles AS a USING (article_id)
           WHERE concat_ws('\x1f', q.text, q.speaker, q.occasion, q.section, coalesce(a.title,
                 a.url)) ILIKE '%命运共同体%'"""
    )
    cold_page.wait_for_function(
        "n => document.querySelector('#table-status').dataset.total == n && "
        "document.querySelector('#table-status').dataset.complete === 'true'",
        arg=typed,
    )
    assert 0 < typed < reported.summary()["table"]["rows"]
    assert cold_page.locator("#quotations tbody mark").count() > 0  # the match is highlighted
    cold_page.locator("#quotations").scroll_into_view_if_needed()
    screenshot(cold_page, "report-filtered-text")


def test_sorting_a_column_orders_the_whole_table(cold_page: Page, reported: Reported) -> None:
    open_report(cold_page, reported)
    table_done(cold_page)
    cold_page.locator("#quotations th[data-column=said]").click()  # oldest first
    cold_page.locator("#quotations th.sorted-asc").wait_for()
    said = [s for s in column(cold_page, "said") if s]
    assert said == sorted(said)
    [(oldest,)] = reported.sql("SELECT min(said_on) FROM quotations")
    assert said[0] == oldest.isoformat() or oldest.isoformat().startswith(said[0])


def test_a_capture_link_opens_the_archived_article_in_replayweb_page(
    cold_page: Page, reported: Reported
) -> None:
    if not (reported.output / "report" / "viewer" / "index.html").exists():
        pytest.skip("no viewer bundled (python -m archive.viewer fetches it)")
    with serve_archive(reported.output) as served:
        cold_page.goto(served.base + "report/index.html")
        cold_page.locator("body[data-ready=true]").wait_for(state="attached")
        row = cold_page.locator("#quotations tbody tr").first
        article = row.locator("td").nth(5).locator("a").first
        url, href = article.get_attribute("href"), row.locator("a.capture").get_attribute("href")
        [(title,)] = reported.sql("SELECT title FROM articles WHERE url = ?", url)
        cold_page.goto(served.base + "report/" + href)
        replayed_page(cold_page).locator("h1").filter(has_text=title).wait_for()
        frame = next(f for f in cold_page.frames if "mp_/" in f.url)
        assert frame.url.endswith("mp_/" + url)
        screenshot(cold_page, "report-capture-in-replayweb")


@pytest.fixture(scope="module")
def hostile(site: SampleSite, tmp_path_factory: pytest.TempPathFactory) -> Reported:
    """A copy of the sample site whose theory article puts HOSTILE in its title, a quotation
    and an occasion; crawled, then reported."""
    root = tmp_path_factory.mktemp("hostile-site")
    shutil.copytree(SITE_ROOT, root, dirs_exist_ok=True)
    page = root / THEORY.removeprefix("http://")
    html = page.read_text(encoding="utf-8")
    escaped = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = html.replace("推动构建人类命运共同体的重要论述</h1>", f"推动{escaped}</h1>")
    html = html.replace("“大道之行也，天下为公。”", f"“大道之行也{escaped}”")
    html = html.replace("在联合国日内瓦总部的演讲", f"在{escaped}的演讲")
    page.write_text(html, encoding="utf-8")
    output = tmp_path_factory.mktemp("hostile-report")
    server = SampleSite(root=root).start()
    try:
        result = crawl("people", server, output, "-a", f"start_urls={THEORY}")
    finally:
        server.stop()
    assert result.returncode == 0, result.log[-3000:]
    return report_of(output)


def test_text_from_a_hostile_page_is_shown_as_text(cold_page: Page, hostile: Reported) -> None:
    dialogs: list[str] = []
    cold_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_report(cold_page, hostile)
    assert table_done(cold_page) == 2
    body = cold_page.locator("#quotations tbody").inner_text()
    assert HOSTILE in body  # the title, the quotation, the occasion: as printed
    assert cold_page.locator("img[src=x]").count() == 0
    assert cold_page.evaluate("document.querySelectorAll('script').length") == len(
        cold_page.evaluate("[...document.scripts].map(s => s.src).filter(Boolean)")
    )  # no script but the report's own files
    cold_page.locator("#filter").fill("alert")
    table_done(cold_page)
    assert dialogs == []
    cold_page.locator("#quotations").scroll_into_view_if_needed()
    screenshot(cold_page, "report-hostile-text")
