"""``scrapy serve-archive`` run as a user runs it, in a process of its own, its access log read."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO, scrapy_env

# "serve-archive: DIR/wacz at http://127.0.0.1:PORT/wacz/"
_SERVING = re.compile(r"^serve-archive: .* at (?P<base>http://[^/]+/)")
# Combined log format: the request line, the status and the bytes sent.
_ACCESS = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) (?P<sent>\d+|-)'
)


@dataclass(frozen=True)
class Access:
    method: str
    path: str
    status: int
    sent: int


class ServedArchive:
    """The server's address, and the requests it answered (its access log, whole once stopped)."""

    def __init__(self, process: subprocess.Popen[str], base: str) -> None:
        self.process = process
        self.base = base
        self.log: list[Access] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if match := _ACCESS.search(line):
                sent = match["sent"]
                access = Access(
                    match["method"],
                    match["path"],
                    int(match["status"]),
                    int(sent) if sent != "-" else 0,
                )
                self.log.append(access)

    def stop(self) -> None:
        """Stop the server as Ctrl-C does: it ends with exit status 0."""
        self.process.send_signal(signal.SIGINT)
        assert self.process.wait(timeout=30) == 0
        self._reader.join(timeout=30)
        assert self.process.stdout is not None
        self.process.stdout.close()


def serve_command(root: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "serve-archive", "--output", str(root), *options]


@contextmanager
def serve_archive(root: Path, *options: str) -> Iterator[ServedArchive]:
    """``scrapy serve-archive --output root --port 0 --access-log`` until the block ends."""
    process = subprocess.Popen(
        serve_command(root, "--port", "0", "--access-log", *options),
        cwd=REPO,
        env=scrapy_env(None),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # As typed in a shell: a background job (make test &) would start it with SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    base, said = None, []
    for line in process.stdout:  # the addresses, then "Ctrl-C to stop"
        said.append(line)
        if match := _SERVING.match(line):
            base = match["base"]
        if "Ctrl-C to stop" in line:
            break
    else:
        process.stdout.close()
        raise AssertionError(f"serve-archive did not start (exit {process.wait()}): {said}")
    served = ServedArchive(process, base or "")
    try:
        assert base, f"serve-archive printed no address: {said}"
        yield served
    finally:
        served.stop()
