"""WARC files for a remote output root: written in a local spool, moved up when closed.

A WARC is written record by record, renamed when closed and repaired after a crash: that needs a
local disk. When ``OUTPUT_DIR`` is a pyarrow filesystem URI (``s3://bucket/prefix?…``), files are
written in ``WARC_SPOOL_DIR`` and each closed file, with its CDXJ index, is copied to
``{OUTPUT_DIR}/warc/`` and removed from the spool once the upload has completed. A file whose
upload failed stays in the spool and goes up at the next start.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs

from archive.index import cdxj_path, closed_warcs
from core.errors import OutputError

logger = logging.getLogger(__name__)


class UploadError(OutputError):
    """A closed WARC file could not be copied to the remote output root."""


class WarcUploader:
    """Copies closed WARC files and their indexes to a pyarrow filesystem URI."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.fs, self.path = pafs.FileSystem.from_uri(uri)
        self.uploaded: list[str] = []

    def upload(self, warc: Path) -> str:
        """Copy ``warc`` (and its .cdxj, if any) up; remove them locally once the upload is done."""
        files = [warc] + ([cdxj_path(warc)] if cdxj_path(warc).exists() else [])
        try:
            for local in files:
                remote = f"{self.path.rstrip('/')}/{local.name}"
                # The stream's close completes the upload, or raises: an object store keeps a
                # file whole or not at all.
                with local.open("rb") as src, self.fs.open_output_stream(remote) as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        except (OSError, pa.ArrowException) as exc:
            raise UploadError(f"cannot upload {warc} to {self.uri}: {exc}") from exc
        for local in files:
            local.unlink(missing_ok=True)  # another worker sharing the spool may have been first
        remote = f"{self.path.rstrip('/')}/{warc.name}"
        self.uploaded.append(remote)
        logger.info("Uploaded %s to %s", warc.name, self.uri)
        return remote

    def upload_pending(self, spool: Path) -> None:
        """Closed files a failed upload or a crash left in the spool."""
        for warc in closed_warcs(spool):
            try:
                self.upload(warc)
            except UploadError as exc:
                logger.error("%s; it stays in %s", exc, spool)
