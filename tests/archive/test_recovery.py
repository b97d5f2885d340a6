"""Crash-left .open files: cut back to whole records, the rest set aside, a live file untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.recovery import QUARANTINE, recover_open_files, whole_records
from archive.warc import OPEN_SUFFIX
from tests.archive.test_warc import exchange, new_writer


def crashed_file(directory: Path, exchanges: int) -> tuple[Path, list[int]]:
    """A WARC left open as by a crash (never closed, never renamed), and its record ends."""
    writer = new_writer(directory)
    ends = []
    for n in range(exchanges):
        exchange(writer, n)
        assert writer._file is not None
        ends.append(writer._file.tell())
    assert writer._file is not None
    writer._file.close()  # the process dies: the file stays .open
    (path,) = directory.glob("*" + OPEN_SUFFIX)
    return path, ends


def record_ends(scratch: Path, data: bytes) -> list[int]:
    """Where each record of an intact file ends."""
    scratch.write_bytes(data)
    ends = []
    with scratch.open("rb") as f:
        records = ArchiveIterator(f)
        for _ in records:
            ends.append(records.get_record_offset() + records.get_record_length())
    return ends


def warcio_check(path: Path) -> subprocess.CompletedProcess[str]:
    warcio = Path(sys.executable).with_name("warcio")
    return subprocess.run([warcio, "check", "-v", str(path)], capture_output=True, text=True)


@pytest.mark.parametrize("cut_into_last", [1, 17, 200, -30, -1])
def test_a_file_cut_inside_a_record_keeps_every_whole_record(
    tmp_path: Path, cut_into_last: int
) -> None:
    path, ends = crashed_file(tmp_path, 3)
    # Cut inside the last exchange (bytes from its start, or from its end when negative).
    cut = ends[1] + cut_into_last if cut_into_last > 0 else ends[2] + cut_into_last
    data = path.read_bytes()
    path.write_bytes(data[:cut])

    (result,) = recover_open_files(tmp_path)

    assert result.path == path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    assert not list(tmp_path.glob("*" + OPEN_SUFFIX))
    kept = result.path.read_bytes()
    assert data.startswith(kept)
    assert len(kept) == max(end for end in record_ends(path.with_name("whole"), data) if end <= cut)
    assert result.cut_bytes == cut - len(kept) > 0
    assert result.quarantined is not None
    assert result.quarantined.read_bytes() == data[len(kept) : cut]  # nothing lost
    with result.path.open("rb") as f:
        types = [r.rec_type for r in ArchiveIterator(f)]
    assert types[:5] == ["warcinfo", "response", "request", "response", "request"]
    assert warcio_check(result.path).returncode == 0


def test_a_whole_file_is_only_renamed(tmp_path: Path) -> None:
    _, ends = crashed_file(tmp_path, 2)
    (result,) = recover_open_files(tmp_path)
    assert (result.records, result.cut_bytes, result.quarantined) == (5, 0, None)
    assert result.path.stat().st_size == ends[-1]


def test_a_file_with_no_whole_record_is_quarantined_as_it_is(tmp_path: Path) -> None:
    junk = tmp_path / "people-20260101000000000-00001-host.warc.gz.open"
    junk.write_bytes(b"\x1f\x8b\x08\x00 not a whole gzip member")
    (result,) = recover_open_files(tmp_path)
    assert result.records == 0
    assert result.path == tmp_path / QUARANTINE / "people-20260101000000000-00001-host.warc.gz"
    assert result.path.read_bytes() == b"\x1f\x8b\x08\x00 not a whole gzip member"


def test_a_file_a_live_writer_holds_is_left_alone(tmp_path: Path) -> None:
    writer = new_writer(tmp_path)
    exchange(writer, 1)
    assert recover_open_files(tmp_path) == []  # the writer holds its lock
    assert list(tmp_path.glob("*" + OPEN_SUFFIX))
    writer.close()


def test_whole_records_counts_the_prefix(tmp_path: Path) -> None:
    path, ends = crashed_file(tmp_path, 2)
    assert whole_records(path) == (ends[-1], 5)
