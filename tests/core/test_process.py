"""Child processes: calls answered in order, errors carried back, a death reported, not hung on;
and the WARC writer process writes what an in-process Archiver writes."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.archiver import ArchiveConfig, Archiver, ArchiverProcess, Exchange
from archive.index import cdxj_path
from archive.warc import HttpMessage, WarcInfo, WarcWriteError
from core.errors import ChildDied
from core.process import HELPER_NICENESS, ChildProcess


def test_calls_are_answered_in_order_with_their_errors() -> None:
    child = ChildProcess("importlib:import_module", "json")
    try:
        ids = [child.submit("dumps", [n]) for n in range(50)]
        failing = child.submit("loads", "{not json")
        assert [child.result(i) for i in ids] == [f"[{n}]" for n in range(50)]
        with pytest.raises(ValueError, match="Expecting property name"):
            child.result(failing)
        assert child.call("dumps", {"a": 1}) == '{"a": 1}'  # still serving after an error
    finally:
        child.close()


def test_calls_are_awaited_on_the_event_loop() -> None:
    child = ChildProcess("importlib:import_module", "json")

    async def many() -> list[str]:
        return await asyncio.gather(*(child.call_async("dumps", n) for n in range(100)))

    try:
        assert asyncio.run(many()) == [str(n) for n in range(100)]
    finally:
        child.close()


def test_a_dead_child_fails_its_calls_instead_of_hanging() -> None:
    child = ChildProcess("importlib:import_module", "time")
    try:
        pending = child.submit("sleep", 30)
        os.kill(child._process.pid, signal.SIGKILL)
        with pytest.raises(ChildDied):
            child.result(pending)
        with pytest.raises(ChildDied):
            child.submit("sleep", 0)
    finally:
        child.close()


def test_a_child_ignores_the_signals_that_stop_a_crawl() -> None:
    child = ChildProcess("importlib:import_module", "json")
    try:
        assert child.call("dumps", 1) == "1"  # it has started and set its handlers
        os.kill(child._process.pid, signal.SIGTERM)
        os.kill(child._process.pid, signal.SIGINT)
        assert child.call("dumps", 2) == "2"  # the crawl stops it, by closing it
    finally:
        child.close()
    assert child._process.returncode == 0


def test_a_child_runs_at_a_lower_priority_than_the_crawl() -> None:
    """The crawl's own process paces the crawl: its helpers yield the CPU to it."""
    own = os.getpriority(os.PRIO_PROCESS, 0)
    helper, peer = ChildProcess("importlib:import_module", "json", nice=HELPER_NICENESS), None
    try:
        peer = ChildProcess("importlib:import_module", "json")
        assert helper.call("dumps", 1) == peer.call("dumps", 1) == "1"  # both have started
        assert os.getpriority(os.PRIO_PROCESS, helper._process.pid) == own + HELPER_NICENESS
        assert os.getpriority(os.PRIO_PROCESS, peer._process.pid) == own
    finally:
        helper.close()
        if peer is not None:
            peer.close()


def _config(directory: Path) -> ArchiveConfig:
    return ArchiveConfig(directory, "test", 10_000_000, WarcInfo(software="tests/1.0"))


# Six exchanges over four URLs: the last two fetch pages already archived, unchanged.
EXCHANGES = [
    Exchange(
        f"http://politics.people.com.cn/n1/2024/0510/c1001-{n % 4}.html",
        200,
        HttpMessage(f"GET /n1/2024/0510/c1001-{n % 4}.html HTTP/1.1", [("Host", "x")], b""),
        HttpMessage("200 OK", [("Content-Type", "text/html")], b"<p>page %d</p>" % (n % 4)),
    )
    for n in range(6)
]


def _records(directory: Path) -> list[tuple[str | None, str, bytes]]:
    [warc] = directory.glob("*.warc.gz")
    with warc.open("rb") as f:
        return [
            (r.rec_headers.get_header("WARC-Target-URI"), r.rec_type, r.content_stream().read())
            for r in ArchiveIterator(f)
            if r.rec_type != "warcinfo"
        ]


def test_the_writer_process_writes_what_an_archiver_writes(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    archiver = Archiver(_config(here))
    expected = [archiver.archive(exchange) for exchange in EXCHANGES]
    archiver.close()

    process = ArchiverProcess(_config(there))

    async def archive_all() -> list:
        return [await process.archive(exchange) for exchange in EXCHANGES]

    got = asyncio.run(archive_all())
    files = process.close()
    assert [Path(f).name for f in files] == [p.name for p in there.glob("*.warc.gz")]
    assert _records(here) == _records(there)
    assert [g.revisit for g in got] == [e.revisit for e in expected] == [False] * 4 + [True] * 2
    [warc] = there.glob("*.warc.gz")
    assert cdxj_path(warc).read_text().count("\n") == len(EXCHANGES)  # indexed as written


def test_a_writer_that_cannot_start_says_why(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    process = ArchiverProcess(_config(tmp_path / "file" / "warc"))
    with pytest.raises(WarcWriteError, match=r"cannot (start writing WARC|write WARC record)"):
        asyncio.run(process.archive(EXCHANGES[0]))
    assert process.close() == []  # nothing was written: nothing to close
