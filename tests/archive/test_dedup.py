"""Revisit records for payloads already archived, read back with their originals' payloads."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.dedup import PayloadIndex
from archive.index import cdxj_path, read_cdxj, write_cdxj
from archive.reader import iter_responses
from archive.wacz import Page, build_wacz
from archive.warc import HttpMessage, Original, RotatingWarcWriter, payload_digest
from core.items import WarcLocation
from tests.archive.test_warc import PAGE, exchange, new_writer

URL = "http://politics.people.com.cn/n1/2022/1110/c1001-1.html?from=list"


def archived_once(directory: Path) -> Path:
    writer = new_writer(directory)
    writer.on_close = write_cdxj
    exchange(writer, 1)
    writer.close()
    (warc,) = writer.closed_files
    return warc


def test_a_closed_file_gets_a_sorted_cdxj_index(tmp_path: Path) -> None:
    warc = archived_once(tmp_path)
    lines = cdxj_path(warc).read_text().splitlines()
    assert lines == sorted(lines)
    (capture,) = read_cdxj([cdxj_path(warc)])  # the warcinfo line is not a capture
    assert (capture.url, capture.status, capture.revisit) == (URL, 200, False)
    assert capture.digest == payload_digest(PAGE)


def test_an_archived_payload_is_written_again_as_a_revisit(tmp_path: Path) -> None:
    first = archived_once(tmp_path)
    index = PayloadIndex.from_directory(tmp_path)
    original = index.original(URL, payload_digest(PAGE))
    assert original is not None
    with first.open("rb") as f:
        response = next(r for r in ArchiveIterator(f) if r.rec_type == "response")
    assert original.location.record_id == response.rec_headers.get_header("WARC-Record-ID")
    assert original.date == response.rec_headers.get_header("WARC-Date")
    assert index.original(URL, payload_digest(b"another page")) is None

    writer = new_writer(tmp_path)
    revisit_location = exchange_revisit(writer, original)
    writer.close()
    with writer.closed_files[0].open("rb") as f:
        records = list(ArchiveIterator(f))
    revisit = records[1]
    assert revisit.rec_type == "revisit"
    headers = revisit.rec_headers
    assert headers.get_header("WARC-Profile").endswith("/revisit/identical-payload-digest")
    assert headers.get_header("WARC-Refers-To-Target-URI") == URL
    assert headers.get_header("WARC-Refers-To-Date") == original.date
    assert headers.get_header("WARC-Refers-To") == original.location.record_id
    assert headers.get_header("WARC-Payload-Digest") == payload_digest(PAGE)
    assert revisit.http_headers.get_statuscode() == "200"
    assert revisit_location.record_id == headers.get_header("WARC-Record-ID")

    # Read back, the revisit has its original's payload and points at where it lies.
    responses = list(iter_responses([first, writer.closed_files[0]]))
    assert [r.payload for r in responses] == [PAGE, PAGE]
    assert responses[1].location == original.location
    assert responses[1].date > responses[0].date


def exchange_revisit(writer: RotatingWarcWriter, original: Original) -> WarcLocation:
    """Like test_warc.exchange, as a revisit of ``original``."""
    request = HttpMessage("GET /n1/2022/1110/c1001-1.html?from=list HTTP/1.1", [], b"")
    response = HttpMessage("200 OK", [("Content-Type", "text/html; charset=GB2312")], PAGE)
    return writer.write_exchange(URL, request, response, revisit_of=original)[0]


def test_a_revisit_without_its_original_is_reported_not_invented(tmp_path: Path) -> None:
    first = archived_once(tmp_path)
    original = PayloadIndex.from_directory(tmp_path).original(URL, payload_digest(PAGE))
    assert original is not None
    writer = new_writer(tmp_path / "later")
    exchange_revisit(writer, original)
    writer.close()
    problems: list[str] = []
    assert list(iter_responses(writer.closed_files, problems)) == []
    assert "its original is not in these files" in problems[0]
    assert len(list(iter_responses([first, *writer.closed_files]))) == 2


def test_a_wacz_reads_back_as_its_warcs(tmp_path: Path) -> None:
    first = archived_once(tmp_path)
    original = PayloadIndex.from_directory(tmp_path).original(URL, payload_digest(PAGE))
    assert original is not None
    writer = new_writer(tmp_path)
    exchange_revisit(writer, original)
    writer.close()
    warcs = [first, *writer.closed_files]
    wacz = build_wacz(warcs, [Page(URL, dt.datetime.now(dt.UTC), "标题")], tmp_path / "a.wacz", "t")
    from_warcs = [(r.url, r.payload, r.location) for r in iter_responses(warcs)]
    from_wacz = [(r.url, r.payload, r.location) for r in iter_responses([wacz])]
    assert from_wacz == from_warcs and len(from_wacz) == 2


def test_only_recent_files_are_looked_at_for_revisits(tmp_path: Path) -> None:
    archived_once(tmp_path)
    assert PayloadIndex.from_directory(tmp_path, days=30).original(URL, payload_digest(PAGE))
    for old in tmp_path.iterdir():  # written 60 days ago
        os.utime(old, (time.time() - 60 * 86400,) * 2)
    assert (
        PayloadIndex.from_directory(tmp_path, days=30).original(URL, payload_digest(PAGE)) is None
    )
    assert PayloadIndex.from_directory(tmp_path).original(URL, payload_digest(PAGE))
