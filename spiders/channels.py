"""The central channels the ``people`` spider starts from by default, and how to name them.

    scrapy crawl people -a channels=politics,theory

List-page nodes and feeds come from other public crawlers' code, not from the live site
(``../shared/notes/peoples-daily.md``): check them on first contact. A channel's list page is
followed through its pagination (``index2.html``, …); its feed, when it has one, is read too.
"""

from __future__ import annotations

from dataclasses import dataclass

from spiders.base import SpiderArgumentError


@dataclass(frozen=True, slots=True)
class Channel:
    label: str
    start_urls: tuple[str, ...]


CHANNELS: dict[str, Channel] = {
    "politics": Channel(
        "时政 · 高层动态",
        (
            "http://politics.people.com.cn/GB/1024/index.html",
            "http://www.people.com.cn/rss/politics.xml",
        ),
    ),
    "theory": Channel("理论 · 重要评论", ("http://theory.people.com.cn/GB/409499/index.html",)),
    "opinion": Channel(
        "观点 · 每日最新评论", ("http://opinion.people.com.cn/GB/159301/index.html",)
    ),
    "cpc": Channel("党建 · 高层动态", ("http://cpc.people.com.cn/GB/64093/64094/index.html",)),
    "xuexi": Channel("学习路上", ("http://cpc.people.com.cn/xuexi/",)),
    "world": Channel(
        "国际 · 滚动",
        (
            "http://world.people.com.cn/GB/157278/index.html",
            "http://www.people.com.cn/rss/world.xml",
        ),
    ),
    "finance": Channel(
        "经济·科技 · 滚动",
        (
            "http://finance.people.com.cn/GB/70846/index.html",
            "http://www.people.com.cn/rss/finance.xml",
        ),
    ),
    # Not in the default set: what the sitemap index holds is not known yet.
    "sitemap": Channel("sitemap index", ("http://www.people.com.cn/sitemap_index.xml",)),
}
DEFAULT_CHANNELS = ("politics", "theory", "opinion", "cpc", "xuexi", "world", "finance")


def start_urls_of(names: list[str]) -> list[str]:
    """The start URLs of the named channels, in order; a clear error for an unknown name."""
    unknown = [n for n in names if n not in CHANNELS]
    if unknown:
        known = ", ".join(CHANNELS)
        raise SpiderArgumentError(
            f"-a channels: unknown channel(s) {', '.join(unknown)}; known channels: {known}"
        )
    return [url for n in names for url in CHANNELS[n].start_urls]


def channel_of(url: str) -> str:
    """The name of the channel ``url`` is a start page of; the URL itself when it is none's
    (a start page given with ``-a start_urls``)."""
    return next((name for name, c in CHANNELS.items() if url in c.start_urls), url)
