"""What the spiders request and what comes out, crawling the sample site as a user would."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from samplesite import SampleSite
from tests.conftest import CrawlResult, crawl

P = "http://politics.people.com.cn"
W = "http://www.people.com.cn"
PAPER = "http://paper.people.com.cn/rmrb"

# Every URL the default people crawl requests, robots.txt files aside.
DEFAULT_PEOPLE_URLS = {
    f"{P}/GB/1024/index.html",
    f"{P}/GB/1024/index2.html",
    f"{W}/rss/politics.xml",
    "http://theory.people.com.cn/GB/409499/index.html",
    "http://opinion.people.com.cn/GB/159301/index.html",
    "http://cpc.people.com.cn/GB/64093/64094/index.html",
    "http://cpc.people.com.cn/xuexi/",
    "http://world.people.com.cn/GB/157278/index.html",
    f"{W}/rss/world.xml",
    "http://finance.people.com.cn/GB/70846/index.html",
    f"{W}/rss/finance.xml",
    # articles
    "http://cpc.people.com.cn/n1/2022/1111/c164113-32564489.html",
    f"{P}/n1/2022/1110/c1001-32562002.html",
    f"{P}/n1/2022/1110/c1001-32562001.html",
    f"{P}/n1/2022/1110/c1001-32562001-2.html",
    f"{W}/n1/2022/1109/c1001-32561003.html",  # 301 →
    f"{P}/n1/2022/1109/c1001-32561003.html",
    f"{P}/n1/2022/1108/c1001-32560500.html",
    "http://theory.people.com.cn/n1/2022/1107/c40531-32560001.html",
    "http://theory.people.com.cn/n1/2022/1108/c40531-32560900.html",
    "http://opinion.people.com.cn/n/2012/0601/c1003-17000001.html",
    "http://cpc.people.com.cn/xuexi/n1/2025/0110/c385474-40400001.html",
    "http://world.people.com.cn/n1/2019/0615/c1002-31153800.html",
    "http://finance.people.com.cn/n1/2024/0510/c1004-40232600.html",
    "http://health.people.com.cn/n1/2024/0510/c14739-40233000.html",
    "http://yuqing.people.com.cn/n1/2024/0509/c209043-40232000.html",
}


def crawl_logged(
    site: SampleSite, output: Path, spider: str, *args: str
) -> tuple[CrawlResult, list]:
    start = len(site.exchanges)
    result = crawl(spider, site, output, *args)
    assert result.returncode == 0, result.log[-3000:]
    assert "Traceback" not in result.log
    return result, site.exchanges[start:]


def articles(output: Path, columns: str = "article_id", order: str = "article_id") -> list[tuple]:
    if not (output / "articles").exists():
        return []
    return (
        duckdb.connect()
        .execute(
            f"""SELECT {columns} FROM read_parquet('{output}/articles/**/*.parquet',
            hive_partitioning = true) ORDER BY {order}"""
        )
        .fetchall()
    )


def requested(exchanges: list) -> list[str]:
    return [e.url for e in exchanges if not e.url.endswith("/robots.txt")]


@pytest.fixture(scope="module")
def default_crawl(site: SampleSite, tmp_path_factory: pytest.TempPathFactory):
    output = tmp_path_factory.mktemp("people")
    _, exchanges = crawl_logged(site, output, "people")
    return output, exchanges


def test_default_channels_request_exactly_these_pages(default_crawl) -> None:
    _, exchanges = default_crawl
    urls = requested(exchanges)
    assert len(urls) == len(set(urls))  # nothing fetched twice
    assert set(urls) == DEFAULT_PEOPLE_URLS


def test_discovery_order(default_crawl) -> None:
    _, exchanges = default_crawl
    urls = [e.url for e in exchanges]
    first_on_host: dict[str, str] = {}
    for url in urls:
        first_on_host.setdefault(urlsplit(url).hostname or "", url)
    assert all(u.endswith("/robots.txt") for u in first_on_host.values())
    index = {u: i for i, u in enumerate(urls)}
    before = [
        (f"{P}/GB/1024/index.html", f"{P}/GB/1024/index2.html"),
        (f"{P}/GB/1024/index.html", f"{P}/n1/2022/1110/c1001-32562001.html"),
        (f"{P}/n1/2022/1110/c1001-32562001.html", f"{P}/n1/2022/1110/c1001-32562001-2.html"),
        (f"{P}/GB/1024/index2.html", f"{W}/n1/2022/1109/c1001-32561003.html"),
        (f"{W}/n1/2022/1109/c1001-32561003.html", f"{P}/n1/2022/1109/c1001-32561003.html"),
        (f"{W}/rss/politics.xml", f"{P}/n1/2022/1108/c1001-32560500.html"),
    ]
    for earlier, later in before:
        assert index[earlier] < index[later], f"{later} before {earlier}"


def test_every_template_and_encoding_is_read(default_crawl) -> None:
    output, _ = default_crawl
    rows = {
        r[0]: r[1:]
        for r in articles(
            output,
            "article_id, template, title, strftime(published_at AT TIME ZONE 'Asia/Shanghai', "
            "'%Y-%m-%d %H:%M'), source, print_url",
        )
    }
    assert rows["people-31153800"][:4] == (
        "2016wb", "多国人士积极评价中国扩大开放举措", "2019-06-15 09:12", "人民网－国际频道"
    )  # fmt: skip
    assert rows["people-32560001"][:4] == (
        "show_text", "推动构建人类命运共同体的重要论述", "2022-11-07 08:39", "人民网－理论频道"
    )  # fmt: skip
    assert rows["people-17000001"][:4] == (
        "p_content", "让公共交通更好服务群众出行", "2012-06-01 08:23", "人民日报"
    )  # fmt: skip
    assert rows["people-40233000"][:4] == (
        "artDet", "社区健康科普活动走进居民身边", "2024-05-10 08:47", "人民网－人民健康"
    )  # fmt: skip
    assert rows["people-40400001"][:3] == (
        "rm_txt",
        "深入学习贯彻 扎实推动落实",
        "2025-01-10 09:30",
    )
    assert rows["people-40232000"][1] == "网络舆情研究报告发布"  # UTF-8 subdomain
    assert rows["people-32560500"][1] == "多地做好冬季供暖准备工作"  # mislabelled bytes
    assert rows["people-40232600"][4] == (
        "http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_2-04.htm"
    )
    [(body,)] = (
        duckdb.connect()
        .execute(
            f"""SELECT body FROM read_parquet('{output}/articles/**/*.parquet',
            hive_partitioning = true) WHERE article_id = 'people-32560500'"""
        )
        .fetchall()
    )
    assert "镕铸新质生产力，喆人喆事。" in body  # characters gb2312 cannot hold survive


def test_channels_argument(site: SampleSite, tmp_path: Path) -> None:
    _, exchanges = crawl_logged(site, tmp_path, "people", "-a", "channels=theory,opinion")
    assert {urlsplit(u).hostname for u in requested(exchanges)} == {
        "theory.people.com.cn",
        "opinion.people.com.cn",
    }
    assert articles(tmp_path) == [
        ("people-17000001",),
        ("people-32560001",),
        ("people-32560900",),
    ]


def test_since_until_and_max_articles(site: SampleSite, tmp_path: Path) -> None:
    _, exchanges = crawl_logged(
        site, tmp_path, "people", "-a", "channels=politics", "-a", "since=2022-11-10"
    )
    assert articles(tmp_path) == [("people-32562001",), ("people-32562002",), ("people-32564489",)]
    urls = requested(exchanges)
    assert f"{W}/n1/2022/1109/c1001-32561003.html" not in urls  # older than since
    assert f"{P}/n1/2022/1108/c1001-32560500.html" not in urls  # in the feed, but older

    limited = tmp_path / "limited"
    crawl_logged(
        site, limited, "people", "-a", "channels=politics", "-a", "until=2022-11-10",
        "-a", "max_articles=1",
    )  # fmt: skip
    assert len(articles(limited)) == 1


def test_sitemap_and_opml_start_points(site: SampleSite, tmp_path: Path) -> None:
    _, exchanges = crawl_logged(
        site, tmp_path, "people", "-a", f"start_urls={W}/sitemap_index.xml,{W}/rss/opml.xml"
    )
    assert {a for (a,) in articles(tmp_path)} == {
        "people-32559000",  # only in the sitemap: no template fits it
        "people-32562002",
        "people-32564489",
        "people-32560500",
        "people-31153800",
        "people-40232600",
    }
    assert all(urlsplit(e.url).hostname != "www.example.org" for e in exchanges)
    generic = [r[1:] for r in articles(tmp_path, "article_id, template, title, published_precision")
               if r[0] == "people-32559000"]  # fmt: skip
    assert generic == [("generic", "社区养老服务提质增效", "minute")]


def test_other_kinds_only_when_asked(site: SampleSite, tmp_path: Path) -> None:
    _, exchanges = crawl_logged(site, tmp_path, "people", "-a", "channels=world")
    assert not any("en.people.cn" in u or "mongol." in u for u in requested(exchanges))
    asked = tmp_path / "asked"
    _, exchanges = crawl_logged(
        site, asked, "people", "-a", "channels=world", "-a", "include=foreign"
    )
    assert "http://en.people.cn/n3/2022/1123/c90000-10175286.html" in requested(exchanges)
    assert not any("mongol." in u for u in requested(exchanges))
    rows = articles(asked, "template, title")
    assert ("en", "Public transport runs more often during Wuzhen summit") in rows


def test_bad_arguments_are_usage_errors(site: SampleSite, tmp_path: Path) -> None:
    for spider, arg in (
        ("people", "channels=nope"),
        ("people", "since=2022-13-01"),
        ("people", "include=everything"),
        ("paper", "date=yesterday"),
    ):
        result = crawl(spider, site, tmp_path, "-a", arg)
        assert result.returncode == 2, result.log[-2000:]
        assert "Traceback" not in result.log
        assert f"scrapy crawl {spider}: -a" in result.log


def test_paper_two_days_in_both_schemes(site: SampleSite, tmp_path: Path) -> None:
    _, exchanges = crawl_logged(site, tmp_path, "paper", "-a", "date=2024-05-10,2025-01-15")
    assert set(requested(exchanges)) == {
        f"{PAPER}/html/2024-05/10/nbs.D110000renmrb_01.htm",
        f"{PAPER}/html/2024-05/10/nw.D110000renmrb_20240510_1-01.htm",
        f"{PAPER}/html/2024-05/10/nbs.D110000renmrb_04.htm",
        f"{PAPER}/html/2024-05/10/nw.D110000renmrb_20240510_2-04.htm",
        f"{PAPER}/pc/layout/202501/15/node_01.html",
        f"{PAPER}/pc/content/202501/15/content_30051234.html",
    }  # not the 图片报道 or 本版责编 entries
    assert articles(
        tmp_path,
        "article_id, source, strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%Y-%m-%d'), "
        "print_page, print_page_name",
    ) == [
        ("rmrb-20240510-1-01", "人民日报", "2024-05-10", 1, "要闻"),
        ("rmrb-20240510-2-04", "人民日报", "2024-05-10", 4, "要闻"),
        ("rmrb-20250115-30051234", "人民日报", "2025-01-15", 1, "要闻"),
    ]


def test_crawl_delay_from_robots_txt_is_honoured(site: SampleSite, tmp_path: Path) -> None:
    """politics.people.com.cn's robots.txt asks for Crawl-delay: 1 (no override in this test)."""
    start = len(site.exchanges)
    result = crawl(
        "people", site, tmp_path,
        "-a", f"start_urls={P}/GB/1024/index.html", "-a", "max_articles=2",
        "-s", "CRAWL_DELAY_OVERRIDE=",  # the declared delay, as in production
    )  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    times = [e.time for e in site.exchanges[start:] if "politics.people.com.cn" in e.url]
    gaps = [b - a for a, b in pairwise(times)]
    assert len(gaps) >= 3
    assert min(gaps) >= 0.95, gaps


def test_user_agent_names_the_project_and_contact(site: SampleSite, tmp_path: Path) -> None:
    seed = "http://cpc.people.com.cn/n1/2022/1111/c164113-32564489.html"
    _, exchanges = crawl_logged(
        site,
        tmp_path,
        "people",
        "-a",
        f"start_urls={seed}",
        "-s",
        "CONTACT_URL=mailto:ops@example.org",
    )
    agents = {e.request_headers.get("User-Agent") for e in exchanges}
    assert len(agents) == 1
    [agent] = agents
    assert agent.startswith("peoples-daily-archive/") and agent.endswith(
        "(+mailto:ops@example.org)"
    )
    _, exchanges = crawl_logged(
        site, tmp_path / "own", "people", "-a", f"start_urls={seed}", "-s", "USER_AGENT=my-bot/1.0"
    )
    assert {e.request_headers.get("User-Agent") for e in exchanges} == {"my-bot/1.0"}
