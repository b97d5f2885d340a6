"""Who may write now: advisory ``flock`` locks on files under the output root.

``DatasetLock``: every crawl and replay holds ``{root}/.dataset.lock`` shared while it writes
(several may write at once: their file names never collide); ``scrapy compact`` takes it
exclusively and refuses to start while any writer holds it, and writers refuse to start while a
compaction runs. ``scrapy crawl`` also holds ``{root}/.job-{spider}.lock`` exclusively (the
workers of a distributed run: shared), so a second run of the same job refuses to start while
one runs. The kernel drops a lock when its
process dies, so a crash leaves nothing stale.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import Self

from core.errors import Busy, DatasetBusy

LOCK_FILE = ".dataset.lock"


class FileLock:
    """``with FileLock(path, exclusive=True, busy="…"):`` — raises ``busy`` instead of waiting;
    with ``wait=True``, waits for the lock instead (for short critical sections)."""

    def __init__(
        self,
        path: Path,
        *,
        exclusive: bool,
        busy: str = "",
        error: type[Busy] = Busy,
        wait: bool = False,
    ) -> None:
        self.path = Path(path)
        self.exclusive = exclusive
        self.busy, self.error = busy, error
        self.wait = wait
        self._fd: int | None = None

    def acquire(self) -> None:
        if self._fd is not None:
            return  # held already
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode if self.wait else mode | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise self.error(self.busy) from None
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


class DatasetLock(FileLock):
    """The dataset's lock: shared for writers, exclusive for compaction."""

    def __init__(self, root: Path, *, exclusive: bool) -> None:
        holder = "a crawl or replay is writing to" if exclusive else "compaction runs on"
        super().__init__(
            Path(root) / LOCK_FILE,
            exclusive=exclusive,
            busy=f"{holder} {root}; try again when it has ended",
            error=DatasetBusy,
        )


def job_lock(root: Path, spider: str, *, shared: bool = False) -> FileLock:
    """The lock one run of ``spider`` into ``root`` holds for its whole length. The workers of
    one distributed run hold it ``shared``: together, and keeping single runs out."""
    path = Path(root) / f".job-{spider}.lock"
    return FileLock(
        path,
        exclusive=not shared,
        busy=f"another run of {spider} is writing to {root} (lock {path})",
    )
