"""Running a command on a pseudo-terminal, as a person at a terminal would (``pty``), to see what
it draws there; and the marks of a progress bar, to tell it from plain lines."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from dataclasses import dataclass
from pathlib import Path

# What only a drawn bar writes: a carriage return (it redraws its line) and tqdm's bar edge.
BAR_MARKS = ("\r", "%|")


@dataclass
class TerminalRun:
    returncode: int
    output: str  # everything written to the terminal (stdout and stderr), "\r\n" as "\n"


def set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def run_on_terminal(
    args: list[str],
    cwd: Path,
    env: dict[str, str],
    timeout: float = 180,
    size: tuple[int, int] | None = (120, 40),
) -> TerminalRun:
    """Run ``args`` with stdin, stdout and stderr on a new pseudo-terminal (of ``size`` columns
    and rows; None: one that tells no size) and collect what it writes until it exits."""
    main, child = pty.openpty()
    if size is not None:
        set_size(child, *size)
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdin=child, stdout=child, stderr=child, close_fds=True
    )
    os.close(child)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(main, 65536)
            except OSError:  # the child side closed: the process is done writing
                break
            if not data:
                break
            chunks.append(data)
        returncode = process.wait(timeout=max(1, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    text = b"".join(chunks).decode("utf-8", errors="replace").replace("\r\n", "\n")
    return TerminalRun(returncode, text)


def has_bar(text: str) -> bool:
    return all(mark in text for mark in BAR_MARKS)
