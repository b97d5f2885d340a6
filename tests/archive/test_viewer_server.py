"""``scrapy serve-archive``'s server, asked as a browser or curl asks: byte ranges exact, files
sent as stored, and nothing served beyond the report and the WACZ folder."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.archive.conftest import ServedArchive, serve_archive, serve_command
from tests.conftest import REPO, scrapy_env

SMALL = os.urandom(5000)  # smaller than the 65,558 bytes ReplayWeb.page asks of a WACZ's end
WARC_GZ = gzip.compress(b"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output root as the commands leave it, with a few things that must stay unserved."""
    root = tmp_path_factory.mktemp("served")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("not the archive's")
    wacz = root / "wacz"
    (wacz / "folder").mkdir(parents=True)
    (wacz / "index.html").write_text("<!doctype html><title>viewer</title>")
    (wacz / "ui.js").write_text("console.log(1);")
    (wacz / "small.wacz").write_bytes(SMALL)
    (wacz / "a.warc.gz").write_bytes(WARC_GZ)
    (wacz / "folder" / "file.txt").write_text("in a folder without index.html")
    (wacz / ".wacz-partial").write_text("a package being built")
    (wacz / "secret.txt").symlink_to(outside / "secret.txt")
    (root / "articles").mkdir()
    (root / "articles" / "part-1.parquet").write_bytes(b"PAR1")
    (root / ".job-people.lock").write_text("")
    return root


@pytest.fixture(scope="module")
def served(root: Path) -> Iterator[ServedArchive]:
    with serve_archive(root) as served:
        yield served


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes


def get(served: ServedArchive, path: str, **headers: str) -> Answer:
    """The answer to ``GET path``, the path sent as written (no client tidies it up)."""
    address = urlsplit(served.base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("ranges", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=4900-", 4900, 4999),
        ("bytes=-22", 4978, 4999),
        ("bytes=-65558", 0, 4999),  # longer than the file: all of it (Twisted alone: a 500)
    ],
)
def test_a_range_is_answered_with_those_bytes(
    served: ServedArchive, ranges: str, start: int, end: int
) -> None:
    response = get(served, "/wacz/small.wacz", Range=ranges)
    assert response.status == 206
    assert response.headers["Content-Range"] == f"bytes {start}-{end}/{len(SMALL)}"
    assert response.body == SMALL[start : end + 1]


def test_a_whole_file_says_it_takes_ranges_and_a_range_past_its_end_is_refused(
    served: ServedArchive,
) -> None:
    whole = get(served, "/wacz/small.wacz")
    assert whole.status == 200 and whole.body == SMALL
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert whole.headers["Content-Type"] == "application/wacz"
    assert whole.headers["Cache-Control"] == "no-cache"
    past = get(served, "/wacz/small.wacz", Range=f"bytes={len(SMALL)}-")
    assert past.status == 416


def test_a_warc_gz_is_sent_as_stored_not_as_gzip_encoded(served: ServedArchive) -> None:
    response = get(served, "/wacz/a.warc.gz", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert "Content-Encoding" not in response.headers
    assert response.headers["Content-Type"] == "application/gzip"
    assert response.body == WARC_GZ
    part = get(served, "/wacz/a.warc.gz", Range="bytes=0-1")
    assert part.body == b"\x1f\x8b"  # the file's own first bytes


def test_pages_and_scripts_have_their_types(served: ServedArchive) -> None:
    assert get(served, "/wacz/").headers["Content-Type"] == "text/html; charset=utf-8"
    assert get(served, "/wacz/ui.js").headers["Content-Type"] == "application/javascript"


@pytest.mark.parametrize(
    "path",
    [
        "/wacz/folder/",  # a folder without index.html: no listing
        "/wacz/.wacz-partial",  # dotfiles: work in progress, locks
        "/.job-people.lock",
        "/articles/part-1.parquet",  # the rest of the output root is not served
        "/wacz/../articles/part-1.parquet",
        "/wacz/%2e%2e/articles/part-1.parquet",
        "/wacz/..%2farticles/part-1.parquet",
        "/wacz/secret.txt",  # a link to outside the output root
        "/report/",  # no report yet
    ],
)
def test_nothing_else_is_served(served: ServedArchive, path: str) -> None:
    response = get(served, path)
    assert response.status == 404, path
    assert b"PAR1" not in response.body and b"archive's" not in response.body


def test_the_root_leads_to_the_viewer(served: ServedArchive) -> None:
    response = get(served, "/")
    assert response.status in (301, 302, 303, 307, 308)
    assert response.headers["Location"].endswith("/wacz/")


def test_a_port_in_use_is_one_line_and_status_2(served: ServedArchive, root: Path) -> None:
    port = str(urlsplit(served.base).port)
    done = run_serve(root, "--port", port)
    assert done.returncode == 2
    assert re.fullmatch(r"serve-archive: cannot listen on 127\.0\.0\.1:\d+: .+\n", done.stderr)


def test_an_output_root_without_viewer_or_report_is_refused(tmp_path: Path) -> None:
    done = run_serve(tmp_path, "--port", "0")
    assert done.returncode == 1
    assert "nothing to serve" in done.stderr and "scrapy wacz" in done.stderr


def run_serve(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        serve_command(root, *options),
        cwd=REPO,
        env=scrapy_env(None),
        capture_output=True,
        text=True,
        timeout=60,
    )
