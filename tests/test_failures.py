"""Failures a run must survive with what it already has: unwritable output, a dead site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from archive.recovery import recover_open_files
from samplesite import SEED_URL, SampleSite
from samplesite.generated import GeneratedSite
from tests.conftest import crawl, run_scrapy


def warcio_check(path: Path) -> int:
    warcio = Path(sys.executable).parent / "warcio"
    return subprocess.run([warcio, "check", path], capture_output=True, check=False).returncode


def run_record(output: Path) -> dict:
    [path] = (output / "runs").glob("*.json")
    return json.loads(path.read_text())


def test_unwritable_dataset_stops_the_crawl_and_keeps_the_archive(tmp_path: Path) -> None:
    (tmp_path / "articles").write_text("a file where the dataset folder must go")
    pages = GeneratedSite(300)
    site = SampleSite(generated=pages).start()
    try:
        result = crawl(
            "people", site, tmp_path,
            "-a", f"start_urls={','.join(pages.start_urls())}", "-s", "PARQUET_BATCH_ITEMS=1",
        )  # fmt: skip
    finally:
        site.stop()
    assert "Traceback" not in result.log
    assert "cannot write" in result.log
    record = run_record(tmp_path)
    assert record["finish_reason"] == "parquet_write_failed"
    assert result.returncode == record["exit_status"] == 3  # output could not be written
    assert record["counts"]["articles"] < 100  # stopped early, not after fetching everything
    [warc] = (tmp_path / "warc").glob("*.warc.gz")  # closed, not left .open
    check = subprocess.run(
        [Path(sys.executable).parent / "warcio", "check", warc], capture_output=True, check=False
    )
    assert check.returncode == 0


def test_a_dead_site_is_a_recorded_failure(tmp_path: Path) -> None:
    # Nothing listens on this port: every request fails to connect.
    result = run_scrapy(
        ["crawl", "people", "-a", f"start_urls={SEED_URL}", "-s", f"OUTPUT_DIR={tmp_path}",
         "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_TIMEOUT=5"],
        "http://127.0.0.1:9",
        tmp_path,
    )  # fmt: skip
    assert f"Could not fetch {SEED_URL}: Connection was refused" in result.log
    record = run_record(tmp_path)
    assert record["counts"]["responses"] == 0
    assert record["counts"]["errors"] == {"DownloadConnectionRefusedError": 1}
    assert record["stats"]["downloader/exception_count"] == 2  # + robots.txt
    assert not (tmp_path / "articles").exists()
    assert result.returncode == record["exit_status"] == 4  # start pages unreachable
    assert record["exit_reason"] == "START_UNREACHABLE: none of the 1 start page(s) answered"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 160 KB tmpfs: full long before a crawl of the sample site ends."""
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", str(mountpoint)], check=False)


def test_a_full_disk_stops_the_run_clearly_and_keeps_what_was_written(
    site: SampleSite, small_disk: Path, tmp_path: Path
) -> None:
    result = crawl("people", site, small_disk, "-s", "PARQUET_BATCH_ITEMS=1")
    assert result.returncode == 3, result.log[-3000:]  # output could not be written
    assert "No space left on device" in result.log
    assert "Traceback" not in result.log
    kept = tmp_path / "kept"
    shutil.copytree(small_disk, kept)  # the disk goes away with the test
    for path in kept.glob("*/**/*.parquet"):
        if ".staging" not in path.parts:
            pq.read_table(path)  # every file in the dataset is whole
    for path in (kept / "warc").glob("*.warc.gz"):
        assert warcio_check(path) == 0
    for recovered in recover_open_files(kept / "warc"):  # what the next start will do
        assert recovered.records > 0 and warcio_check(recovered.path) == 0
