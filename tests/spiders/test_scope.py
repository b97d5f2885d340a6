"""Scope: only http(s), only public addresses unless ALLOWED_NETWORKS says otherwise."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy import Request
from warcio.archiveiterator import ArchiveIterator

from spiders.scope import OutOfScope, ScopeMiddleware, refusal
from tests.conftest import crawl_args, run_scrapy

LOCAL = (__import__("ipaddress").ip_network("127.0.0.0/8"),)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("::1", "loopback"),
        ("::ffff:10.0.0.1", "private"),  # an IPv4-mapped private address is still private
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
    ],
)
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    reason = refusal(address, ())
    assert reason is not None and kind in reason


def test_public_and_allowed_addresses_pass() -> None:
    assert refusal("8.8.8.8", ()) is None
    assert refusal("2001:4860:4860::8888", ()) is None
    assert refusal("127.0.0.1", LOCAL) is None
    assert refusal("10.0.0.1", LOCAL) is not None


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://politics.people.com.cn/pub/x.html",
        "data:text/html,<p>x</p>",
        "http://10.0.0.1/admin",
        "http://[::1]:8080/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_the_middleware_refuses_other_schemes_and_private_literals(url: str) -> None:
    with pytest.raises(OutOfScope):
        ScopeMiddleware(()).process_request(Request(url))


def test_the_middleware_lets_in_scope_urls_through() -> None:
    middleware = ScopeMiddleware(LOCAL)
    assert middleware.process_request(Request("http://politics.people.com.cn/GB/1024/")) is None
    assert middleware.process_request(Request("http://127.0.0.1:8800/x.html")) is None


class _Hostile(BaseHTTPRequestHandler):
    """A site on localhost whose list page links out of scope and whose next one redirects."""

    paths: list[str]

    def do_GET(self) -> None:
        self.paths.append(self.path)
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\n")
        elif self.path == "/GB/1/index.html":
            self._send(
                200,
                b'<html><body><a href="file:///etc/passwd">x</a>'
                b'<a href="ftp://localhost/x">y</a><a href="/GB/1/index2.html">2</a></body></html>',
            )
        elif self.path == "/GB/1/index2.html":
            self._send(302, b"", [("Location", "file:///etc/passwd")])
        else:
            self._send(404, b"")

    def _send(self, status: int, body: bytes, headers: list[tuple[str, str]] = ()) -> None:  # type: ignore[assignment]
        self.send_response(status)
        for name, value in [("Content-Type", "text/html"), *headers]:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hostile_site() -> Iterator[tuple[str, list[str]]]:
    paths: list[str] = []
    handler = type("Handler", (_Hostile,), {"paths": paths})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}", paths
    server.shutdown()
    server.server_close()


def _crawl_localhost(site: str, output: Path, *args: str) -> tuple[str, dict[str, object]]:
    result = run_scrapy(
        crawl_args(
            "people",
            output,
            "-a",
            f"start_urls={site}/GB/1/index.html,{site}/GB/1/index2.html",
            "-s",
            "ALLOWED_DOMAINS=localhost",
            *args,
        ),
        proxy=None,  # straight to the server: its name is resolved by the crawl
        output=output,
    )
    record = json.loads(next((output / "runs").glob("*.json")).read_text())
    return result.log, record


def test_a_name_resolving_to_loopback_is_not_connected_to(
    hostile_site: tuple[str, list[str]], tmp_path: Path
) -> None:
    site, paths = hostile_site
    log, record = _crawl_localhost(site, tmp_path)
    assert paths == []  # not one request reached the server
    assert "Not connecting to localhost: 127.0.0.1 is a loopback address" in log
    assert "Traceback" not in log
    # Failed as an unresolvable name does: an error of the run, not a silent skip.
    assert record["stats"].get("fetch/failed/CannotResolveHostError", 0) >= 1


def test_allowed_networks_let_it_in_and_other_schemes_stay_out(
    hostile_site: tuple[str, list[str]], tmp_path: Path
) -> None:
    site, paths = hostile_site
    log, _ = _crawl_localhost(site, tmp_path, "-s", "ALLOWED_NETWORKS=127.0.0.0/8")
    assert "/GB/1/index.html" in paths and "/GB/1/index2.html" in paths
    assert "Traceback" not in log
    archived = []
    for warc in (tmp_path / "warc").glob("*.warc.gz"):
        with warc.open("rb") as f:
            for record in ArchiveIterator(f):
                assert b"root:" not in record.content_stream().read()  # no /etc/passwd
                if record.rec_type != "warcinfo":
                    archived.append(record.rec_headers.get_header("WARC-Target-URI"))
    assert archived and all(url.startswith("http://localhost:") for url in archived)
