"""The drift measures and their comparison, without a crawler: what counts as drift, and what
(chance, small runs, the ordinary spread between runs) does not."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from core.clock import SHANGHAI
from extensions.drift import (
    CHANNEL,
    FALLBACK,
    FIELD,
    LIST_PAGES,
    QUOTATIONS,
    Comparison,
    DriftLimits,
    Measures,
    PastRun,
    compare,
    empty_fields,
    is_compilation,
    report,
    summary_lines,
    wilson_low,
)
from pipelines.records import Article, ExtractedArticle, Quotation
from pipelines.selectors import PROMISED_FIELDS

LIMITS = DriftLimits(min_count=20, margin=0.25, quotation_ratio=0.5, baseline_runs=5)
FILLED = {
    "title": "标题",
    "published_at": dt.datetime(2024, 5, 10, 8, 0, tzinfo=SHANGHAI),
    "source": "人民网",
    "editors": ["王静"],
    "body": "第一段。\n第二段。",
}


def extracted(
    n: int,
    host: str = "politics.people.com.cn",
    template: str | None = "rm_txt",
    empty: tuple[str, ...] = (),
    quotations: int = 0,
    title: str = "标题",
) -> ExtractedArticle:
    url = f"http://{host}/n1/2024/0510/c1001-{40000000 + n}.html"
    fields = {**FILLED, "title": title, **{f: [] if f == "editors" else None for f in empty}}
    article = Article(article_id=f"people-{n}", url=url, template=template, **fields)
    quotes = [Quotation(f"q{n}-{i}", article.article_id, url) for i in range(quotations)]
    return ExtractedArticle(article, quotes)


def measures(*articles: ExtractedArticle) -> Measures:
    m = Measures()
    for a in articles:
        m.add_article(a)
    return m


def run(run_id: str, m: Measures) -> PastRun:
    """A past run as a later run reads it: through its record's JSON."""
    return PastRun(run_id, Measures.from_json(json.loads(json.dumps(m.to_json()))))


def clean(count: int, start: int = 0, **kwargs: object) -> list[ExtractedArticle]:
    return [extracted(start + i, **kwargs) for i in range(count)]  # type: ignore[arg-type]


def test_empty_fields_are_the_promised_ones_read_empty() -> None:
    article = extracted(1, empty=("editors", "source")).article
    assert empty_fields(article) == ["source", "editors"]
    assert empty_fields(article, ("title", "body")) == []
    assert empty_fields(extracted(2).article) == []


def test_a_compilation_is_known_by_its_title_lead_or_attribution_dashes() -> None:
    assert is_compilation(extracted(1, title="习近平关于构建人类命运共同体的重要论述摘编"))
    lead = extracted(2)
    lead.article.body = "党建网微平台整理了相关论述，一起学习领会！\n正文。"
    assert is_compilation(lead)
    dashes = extracted(3)
    dashes.article.body = "引文一。\n——2014年11月19日，习近平致贺词\n引文二。\n——2015年，习近平"
    assert is_compilation(dashes)  # with no quotation found in it: that is what is measured
    one = extracted(4)
    one.article.body = "正文。\n——2014年11月19日，习近平致贺词"
    assert not is_compilation(one)
    assert not is_compilation(extracted(5))


def test_measures_survive_the_run_record() -> None:
    m = measures(*clean(3), extracted(9, empty=("editors",), quotations=2, title="金句"))
    m.add_list_page("http://politics.people.com.cn/GB/1024/index.html", 3)
    m.add_list_page("http://politics.people.com.cn/GB/1024/index9.html", 0)
    m.start_page_answered("politics", "http://politics.people.com.cn/GB/1024/index.html")
    m.start_page_links("politics", "http://politics.people.com.cn/GB/1024/index.html", 3)
    again = run("r", m).measures
    assert again == m
    tally = again.templates["rm_txt"]
    assert (tally.articles, tally.empty["editors"], tally.compilations, tally.quotations) == (
        4,
        1,
        1,
        2,
    )
    assert again.hosts["politics.people.com.cn"].templates == {"rm_txt": 4}
    assert again.list_examples == ["http://politics.people.com.cn/GB/1024/index9.html"]


def test_a_field_that_goes_empty_is_named_with_its_template_and_examples() -> None:
    before = run("r1", measures(*clean(30)))
    now = measures(*clean(25, start=100, empty=("editors",)))
    (finding,) = compare(now, [before], LIMITS).findings
    assert (finding.kind, finding.template, finding.field) == (FIELD, "rm_txt", "editors")
    assert (finding.before, finding.now, finding.count) == (0.0, 1.0, 25)
    assert finding.examples == tuple(a.article.url for a in clean(3, start=100))
    assert finding.text() == (
        "template rm_txt: editors empty in 0% → 100% of its articles (25 this run), e.g. "
        + ", ".join(finding.examples)
    )


def test_pages_falling_to_the_generic_fallback_name_their_host_and_former_template() -> None:
    host = "world.people.com.cn"
    before = run("r1", measures(*clean(30, host=host, template="2016wb"), *clean(30, start=50)))
    now = measures(
        *clean(20, start=100, host=host, template="generic", empty=("editors",)),
        *clean(30, start=200),
    )
    (finding,) = compare(now, [before], LIMITS).findings
    assert (finding.kind, finding.where, finding.template) == (FALLBACK, host, "2016wb")
    assert (finding.before, finding.now, finding.also_empty) == (0.0, 1.0, ("editors",))
    assert all(host in url for url in finding.examples) and len(finding.examples) == 3
    # Nor is the fallback's own share of empty fields judged: its pages are the ones no
    # template fits, as varied as the hosts they come from.
    mixed = measures(*clean(30, start=300, template="generic"))
    emptier = measures(*clean(30, start=400, template="generic", empty=("source", "editors")))
    assert compare(emptier, [run("r2", mixed)], LIMITS).findings == []


def test_small_runs_and_small_baselines_are_not_judged() -> None:
    broken = measures(*clean(19, start=100, empty=("editors", "title")))
    assert compare(broken, [run("r1", measures(*clean(30)))], LIMITS) == Comparison([], 0)
    few = [run("r1", measures(*clean(10)))]
    assert compare(measures(*clean(25, start=100, empty=("editors",))), few, LIMITS).findings == []


def test_the_baseline_pools_the_newest_runs_until_it_has_enough() -> None:
    older = run("r1", measures(*clean(15, empty=("editors",))))  # a different site, long ago
    newer = [run(f"r{i}", measures(*clean(10, start=i * 10))) for i in (3, 2)]
    now = measures(*clean(25, start=100))
    assert compare(now, [*newer, older], LIMITS).findings == []
    now_empty = measures(*clean(25, start=100, empty=("editors",)))
    # The two newest runs are twenty articles: the baseline, editors empty in none of them.
    assert [f.field for f in compare(now_empty, [*newer, older], LIMITS).findings] == ["editors"]
    # One of them and the old run: the pool reaches back to it (editors empty in 60%), and
    # this run's 100% is no longer past the margin.
    assert compare(now_empty, [newer[0], older], LIMITS).findings == []


def test_quotations_that_vanish_from_compilations_are_a_finding() -> None:
    title = "学习习近平重要论述摘编"
    before = run("r1", measures(*clean(25, title=title, quotations=4)))
    now = measures(*clean(22, start=100, title=title, quotations=0), *clean(3, start=200))
    (finding,) = compare(now, [before], LIMITS).findings
    assert (finding.kind, finding.template, finding.before, finding.now) == (
        QUOTATIONS,
        "rm_txt",
        4.0,
        0.0,
    )
    fewer = measures(*clean(22, start=100, title=title, quotations=3))
    assert compare(fewer, [before], LIMITS).findings == []  # 3 of 4: within the ratio


def test_list_pages_that_stop_linking_articles() -> None:
    past, now = Measures(), Measures()
    for i in range(30):
        past.add_list_page(f"http://politics.people.com.cn/GB/1024/index{i}.html", 20)
        now.add_list_page(f"http://politics.people.com.cn/GB/1024/index{i}.html", 0 if i else 9)
    (finding,) = compare(now, [run("r1", past)], LIMITS).findings
    assert (finding.kind, finding.before, finding.count) == (LIST_PAGES, 0.0, 30)
    assert len(finding.examples) == 3


def test_a_channel_whose_start_pages_answer_but_link_nothing_is_named() -> None:
    url = "http://theory.people.com.cn/GB/409499/index.html"
    cpc = "http://cpc.people.com.cn/GB/64093/64094/index.html"
    past, now = Measures(), Measures()
    for m, links in ((past, 40), (now, 0)):
        m.start_page_answered("theory", url)
        m.start_page_links("theory", url, links)
        m.start_page_answered("cpc", cpc)  # linked none before either
    (finding,) = compare(now, [run("r1", past)], LIMITS).findings
    assert (finding.kind, finding.where, finding.before, finding.examples) == (
        CHANNEL,
        "theory",
        40,
        (url,),
    )
    assert finding.text() == f"channel theory: start page(s) linked 40 → 0 articles: {url}"
    unanswered = Measures()  # a timeout is an error of the run, not a change of the site
    assert compare(unanswered, [run("r1", past)], LIMITS).findings == []


def test_one_dead_start_page_of_a_channel_is_named_though_its_feed_still_links() -> None:
    listing, feed = (
        "http://politics.people.com.cn/GB/1024/index.html",
        "http://www.people.com.cn/rss/politics.xml",
    )
    past, now = Measures(), Measures()
    for m, links in ((past, 12), (now, 0)):
        for url, n in ((listing, links), (feed, 8)):
            m.start_page_answered("politics", url)
            m.start_page_links("politics", url, n)
    (finding,) = compare(now, [run("r1", past)], LIMITS).findings
    assert (finding.where, finding.before, finding.examples, finding.count) == (
        "politics",
        12,
        (listing,),
        2,
    )


def test_a_channel_whose_start_pages_change_every_run_is_judged_as_a_whole() -> None:
    """The e-paper starts from each day's first layout page: a new URL every run."""
    past, now, alive = Measures(), Measures(), Measures()
    day = "http://paper.people.com.cn/rmrb/pc/layout/2025{}/node_01.html"
    for m, url, links in ((past, day.format("0115"), 9), (now, day.format("0116"), 0)):
        m.start_page_answered("paper", url)
        m.start_page_links("paper", url, links)
    alive.start_page_links("paper", day.format("0117"), 7)
    (finding,) = compare(now, [run("r1", past)], LIMITS).findings
    assert (finding.where, finding.before, finding.examples) == ("paper", 9, (day.format("0116"),))
    assert compare(alive, [run("r1", past)], LIMITS).findings == []


@pytest.mark.parametrize("share", [0.0, 0.05, 0.3, 0.5, 0.9])
def test_the_ordinary_spread_between_runs_raises_no_alarm(share: float) -> None:
    """Five hundred pairs of runs of 20 to 60 articles drawn from one site, where a field is
    empty in ``share`` of them: none drifts. A real break against the same baselines does."""
    rng = random.Random(20261202)

    def draw(size: int, start: int, p: float) -> Measures:
        return measures(
            *(
                extracted(start + i, empty=("editors",) if rng.random() < p else ())
                for i in range(size)
            )
        )

    alarms = breaks_missed = 0
    for k in range(500):
        before = run("r", draw(rng.randrange(20, 61), 0, share))
        now = draw(rng.randrange(20, 61), 1000, share)
        alarms += bool(compare(now, [before], LIMITS).findings)
        if share <= 0.05 and k % 10 == 0:
            breaks_missed += not compare(draw(40, 2000, 1.0), [before], LIMITS).findings
    assert (alarms, breaks_missed) == (0, 0)


def test_wilson_low_end() -> None:
    assert wilson_low(0, 50) == pytest.approx(0.0, abs=1e-12)
    assert 0.6 < wilson_low(20, 20) < 0.7  # every article of twenty: surely above 60%
    assert wilson_low(10, 100) < 0.1 < wilson_low(30, 100)


def test_the_report_and_its_summary_lines() -> None:
    before = run("r1", measures(*clean(30)))
    drifted = report(measures(*clean(25, start=100, empty=("body",))), [before], LIMITS, True)
    assert drifted["baseline_runs"] == ["r1"] and drifted["compared"] == 6  # 5 fields, 1 host
    assert [f["field"] for f in drifted["findings"]] == ["body"]
    assert summary_lines(drifted) == [
        "  drift: 1 finding(s) against 1 earlier clean run(s):",
        f"    {drifted['findings'][0]['text']}",
    ]
    same = report(measures(*clean(25, start=100)), [before], LIMITS, True)
    assert summary_lines(same) == [
        "  drift: none (6 measures compared with 1 earlier clean run(s))"
    ]
    first = report(measures(*clean(25)), [], LIMITS, True)
    assert summary_lines(first) == [
        "  drift: no earlier clean run to compare with (this run is the next one's baseline)"
    ]
    off = report(measures(*clean(25, empty=("body",))), [], LIMITS, False)
    assert off["findings"] == [] and off["measures"]["templates"]["rm_txt"]["empty"] == {"body": 25}
    assert summary_lines(off) == [
        "  drift: not checked (DRIFT_CHECK is off); this run's measures are kept"
    ]
    small = report(measures(*clean(5, start=100)), [before], LIMITS, True)
    assert summary_lines(small) == [
        "  drift: nothing to compare (too few articles here or in 1 earlier clean run(s))"
    ]
    assert set(drifted["measures"]["templates"]["rm_txt"]["empty"]) <= set(PROMISED_FIELDS)
