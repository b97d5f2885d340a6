"""The output root: a local folder, or any pyarrow filesystem URI (``s3://bucket/prefix?…``).

``OUTPUT_DIR`` may name either. A local root gets the full treatment (files staged and renamed
into place, flock locks, compaction); on an object store each file is written once, whole, to
its final name (a PUT appears whole or not at all), and locking is left to the scheduler.
"""

from __future__ import annotations

import ctypes
import errno
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyarrow.fs as pafs


@dataclass(frozen=True, slots=True)
class OutputRoot:
    fs: pafs.FileSystem
    path: str  # the root within ``fs``
    uri: str  # as given

    @classmethod
    def of(cls, value: str | Path) -> OutputRoot:
        text = str(value)
        if not is_uri(text):
            return cls(pafs.LocalFileSystem(), str(Path(text).absolute()), text)
        fs, path = pafs.FileSystem.from_uri(text)
        return cls(fs, path.rstrip("/"), text)

    @property
    def local(self) -> Path | None:
        """The root as a local path, or None for a remote one."""
        return Path(self.path) if isinstance(self.fs, pafs.LocalFileSystem) else None

    def join(self, *parts: str) -> str:
        return "/".join([self.path, *parts])

    def exists(self, *parts: str) -> bool:
        return self.fs.get_file_info(self.join(*parts)).type != pafs.FileType.NotFound


def is_uri(value: str | Path) -> bool:
    """True for a filesystem URI (``s3://…``), False for a local path."""
    return "://" in str(value)


def child_uri(uri: str, name: str) -> str:
    """``s3://b/p?x=1`` + ``warc`` → ``s3://b/p/warc?x=1``."""
    parts = urlsplit(uri)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/" + name))


# renameat2(2): the two arguments below mean "relative to the working directory" and
# "exchange the two names".
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange_folders(new: Path, old: Path) -> None:
    """Swap two folders in one step (Linux renameat2), so readers never find the partition
    missing. Elsewhere, two renames with a moment in between where it is missing."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is not None:
        status = renameat2(
            _AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old), _RENAME_EXCHANGE
        )
        if status == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(old))
    aside = new.with_name(new.name + ".old")
    old.rename(aside)
    new.rename(old)
    aside.rename(new)
