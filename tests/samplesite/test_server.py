"""The sample site answers as a forward proxy for the People's Daily hosts, and only for them."""

from __future__ import annotations

import gzip
import http.client
from dataclasses import dataclass

from samplesite import SEED_URL, SampleSite


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def get_via_proxy(site: SampleSite, url: str) -> Answer:
    host, port = site.server_address[:2]
    conn = http.client.HTTPConnection(str(host), port, timeout=5)
    try:
        conn.request("GET", url)  # absolute URI: a proxy request
        response = conn.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        conn.close()


def test_seed_is_gzip_gb18030_under_a_gb2312_label(site: SampleSite) -> None:
    start = len(site.exchanges)
    answer = get_via_proxy(site, SEED_URL)
    assert answer.status == 200
    assert answer.headers["Content-Encoding"] == "gzip"
    assert answer.headers["Content-Type"] == "text/html; charset=GB2312"
    html = gzip.decompress(answer.body).decode("gb18030")
    assert "——2014年11月19日,习近平向首届世界互联网大会致贺词" in html
    logged = site.wait_for_exchange(SEED_URL, after=start)
    assert logged.body == answer.body  # the log holds the exact bytes sent


def test_redirect_robots_and_missing_pages(site: SampleSite) -> None:
    moved = get_via_proxy(site, "http://www.people.com.cn/n1/2022/1109/c1001-32561003.html")
    assert moved.status == 301
    assert moved.headers["Location"].startswith("http://politics.people.com.cn/")
    robots = get_via_proxy(site, "http://politics.people.com.cn/robots.txt")
    assert robots.status == 200 and b"User-agent: *" in robots.body
    assert get_via_proxy(site, "http://politics.people.com.cn/nothing.html").status == 404
    assert get_via_proxy(site, "http://politics.people.com.cn/../../etc/passwd").status == 404


def test_other_hosts_are_refused(site: SampleSite) -> None:
    assert get_via_proxy(site, "http://www.example.org/").status == 403
