"""The WARC writer and reader on their own: naming, rotation, warcinfo, round trip."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.index import RunningIndex, cdxj_path, write_cdxj
from archive.reader import ArchiveReadError, iter_responses
from archive.warc import OPEN_SUFFIX, HttpMessage, RotatingWarcWriter, WarcInfo

PAGE = "<html><body><p>人民网</p></body></html>".encode("gb18030")


def exchange(writer: RotatingWarcWriter, n: int, body: bytes = PAGE, gzipped: bool = False):
    url = f"http://politics.people.com.cn/n1/2022/1110/c1001-{n}.html?from=list"
    headers = [
        ("Content-Type", "text/html; charset=GB2312"),
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
    ]
    if gzipped:
        body = gzip.compress(body)
        headers.append(("Content-Encoding", "gzip"))
    request = HttpMessage(
        f"GET /n1/2022/1110/c1001-{n}.html?from=list HTTP/1.1",
        [("Host", "politics.people.com.cn"), ("User-Agent", "test")],
        b"",
    )
    response = HttpMessage("200 OK", headers, body)
    return writer.write_exchange(url, request, response, ip_address="127.0.0.1")[0]


def new_writer(directory: Path, max_size: int = 1_000_000) -> RotatingWarcWriter:
    return RotatingWarcWriter(directory, "test", max_size, WarcInfo(software="tests/1.0"))


def test_files_are_open_until_closed_then_named_by_convention(tmp_path: Path) -> None:
    writer = new_writer(tmp_path)
    location = exchange(writer, 1)
    [open_file] = tmp_path.iterdir()
    assert open_file.name.endswith(".warc.gz" + OPEN_SUFFIX)
    writer.close()
    [closed] = tmp_path.iterdir()
    assert closed.name == location.filename
    prefix, stamp, serial, *host = closed.name.removesuffix(".warc.gz").split("-")
    assert (prefix, len(stamp), serial) == ("test", 17, "00001")
    assert host


def test_records_carry_warcinfo_concurrency_ip_and_every_header(tmp_path: Path) -> None:
    writer = new_writer(tmp_path)
    exchange(writer, 1)
    writer.close()
    [path] = tmp_path.iterdir()
    with path.open("rb") as f:
        records = list(ArchiveIterator(f))
    types = [r.rec_type for r in records]
    assert types == ["warcinfo", "response", "request"]
    info_id = records[0].rec_headers.get_header("WARC-Record-ID")
    for r in records[1:]:
        assert r.rec_headers.get_header("WARC-Warcinfo-ID") == info_id
        assert r.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    response, request = records[1], records[2]
    assert request.rec_headers.get_header("WARC-Concurrent-To") == response.rec_headers.get_header(
        "WARC-Record-ID"
    )
    assert request.http_headers.protocol == "GET"
    assert "?from=list" in request.http_headers.statusline
    cookies = [v for k, v in response.http_headers.headers if k == "Set-Cookie"]
    assert cookies == ["a=1", "b=2"]
    assert response.rec_headers.get_header("WARC-Payload-Digest")


def test_rotation_at_size(tmp_path: Path) -> None:
    writer = new_writer(tmp_path, max_size=1)  # every exchange after the first starts a file
    locations = [exchange(writer, n) for n in range(3)]
    writer.close()
    assert len({loc.filename for loc in locations}) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(loc.filename for loc in locations)
    assert [p.name.split("-")[2] for p in sorted(tmp_path.iterdir())] == ["00001", "00002", "00003"]


def test_writers_one_after_another_in_one_folder_never_take_a_closed_files_name(
    tmp_path: Path,
) -> None:
    """Writers each start at serial 1; two opened in the same millisecond (common when one
    closes and the next opens at once) must not both end with one name: closing renames over
    the final name, so the second would replace the first."""
    written = []
    for n in range(200):
        writer = new_writer(tmp_path)
        exchange(writer, n)
        writer.close()
        written += writer.closed_files
    assert len(set(written)) == 200
    assert sorted(tmp_path.glob("*.warc.gz")) == sorted(written)
    assert sorted(r.url for r in iter_responses(written)) == sorted(
        f"http://politics.people.com.cn/n1/2022/1110/c1001-{n}.html?from=list" for n in range(200)
    )


def test_warcio_check_accepts_the_file(tmp_path: Path) -> None:
    writer = new_writer(tmp_path)
    exchange(writer, 1, gzipped=True)
    writer.close()
    [path] = tmp_path.iterdir()
    check = subprocess.run(
        [Path(sys.executable).parent / "warcio", "check", "-v", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_reader_round_trip_keeps_the_payload_as_sent(tmp_path: Path) -> None:
    writer = new_writer(tmp_path)
    first = exchange(writer, 1, gzipped=True)
    exchange(writer, 2)
    writer.close()
    responses = list(iter_responses(sorted(tmp_path.iterdir())))
    assert gzip.decompress(responses[0].payload) == PAGE  # still gzip, as the server sent it
    assert ("Content-Encoding", "gzip") in responses[0].headers
    assert responses[1].payload == PAGE
    assert responses[0].location == first
    assert responses[0].status == 200
    assert responses[0].url.endswith("?from=list")


def test_reader_rejects_what_is_not_a_warc(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.warc.gz"
    bogus.write_bytes(b"this is not a WARC file\r\n\r\n")
    with pytest.raises(ArchiveReadError, match="bogus"):
        list(iter_responses([bogus]))
    with pytest.raises(ArchiveReadError, match="missing"):
        list(iter_responses([tmp_path / "missing.warc.gz"]))


def test_a_record_cut_short_is_reported_not_yielded(tmp_path: Path) -> None:
    writer = new_writer(tmp_path / "w")
    locations = [exchange(writer, n, body=os.urandom(5000)) for n in range(3)]  # incompressible
    writer.close()
    [whole] = (tmp_path / "w").iterdir()
    cut = tmp_path / (whole.name + ".open")  # as a crash leaves it
    cut.write_bytes(whole.read_bytes()[: locations[2].offset + 2000])  # inside the payload
    problems: list[str] = []
    responses = list(iter_responses([cut], problems))
    assert [r.location.offset for r in responses] == [loc.offset for loc in locations[:2]]
    assert len(problems) == 1 and "cut short" in problems[0]


@pytest.mark.parametrize("where", ["http headers", "payload"])
def test_a_plain_warc_cut_short_reads_as_warcio_reads_it(tmp_path: Path, where: str) -> None:
    """FastWARC reads the bulk of a file; a record cut short at its end, in the HTTP headers
    (where FastWARC alone would pass it off as an empty response) or in the payload, is found,
    reported and not yielded, and every whole record before it is yielded as warcio reads it."""
    writer = new_writer(tmp_path / "w")
    for n in range(4):
        exchange(writer, n, body=os.urandom(3000), gzipped=n % 2 == 1)
    writer.close()
    [whole] = (tmp_path / "w").iterdir()
    plain = gzip.decompress(whole.read_bytes())  # every gzip member, one after the other
    last = plain.rindex(b"HTTP/1.1 200 OK")
    cut_at = last + 30 if where == "http headers" else plain.index(b"\r\n\r\n", last) + 100
    cut = tmp_path / "cut.warc"
    cut.write_bytes(plain[:cut_at])
    problems: list[str] = []
    responses = list(iter_responses([cut], problems))
    with cut.open("rb") as stream:  # warcio's own reading of the whole records
        expected = []
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                payload = record.raw_stream.read()
                expected.append((record.rec_headers.get_header("WARC-Target-URI"), payload))
    assert [(r.url, r.payload) for r in responses] == expected[:3]
    assert len(problems) == 1 and "cut short" in problems[0]


@pytest.mark.parametrize("batch_bytes", [1, 5_000, 4 << 20])
def test_the_index_built_while_writing_is_cdxj_indexers_own(
    tmp_path: Path, batch_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Indexed after every write, every few records, or once at the end: the same lines as
    # cdxj-indexer reading the closed file.
    monkeypatch.setattr(RunningIndex, "BATCH_BYTES", batch_bytes)
    writer = RotatingWarcWriter(tmp_path, "test", 1_000_000, WarcInfo("tests/1.0"), index=True)
    for n in range(40):
        exchange(writer, n, body=PAGE * (n + 1), gzipped=n % 3 == 0)
    writer.close()
    [warc] = tmp_path.glob("*.warc.gz")
    built = cdxj_path(warc).read_text()
    assert built.count("\n") == 40
    assert built == write_cdxj(warc).read_text()
