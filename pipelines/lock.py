"""Who may write the dataset now: crawls share it, compaction needs it alone.

An advisory ``flock`` on ``{root}/.dataset.lock``: every crawl and replay holds it shared while it
writes (several may write at once: their file names never collide); ``scrapy compact`` takes it
exclusively and refuses to start while any writer holds it, and writers refuse to start while a
compaction runs. The kernel drops the lock when a process dies, so a crash leaves nothing stale.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import Self

LOCK_FILE = ".dataset.lock"


class DatasetBusy(RuntimeError):
    """The lock is held in a way that excludes this use."""


class DatasetLock:
    """``with DatasetLock(root, exclusive=True):`` — raises DatasetBusy instead of waiting."""

    def __init__(self, root: Path, *, exclusive: bool) -> None:
        self.path = Path(root) / LOCK_FILE
        self.exclusive = exclusive
        self._fd: int | None = None

    def acquire(self) -> None:
        if self._fd is not None:
            return  # held already
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            holder = "a crawl or replay is writing to" if self.exclusive else "compaction runs on"
            raise DatasetBusy(f"{holder} {self.path.parent}; try again when it has ended") from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
