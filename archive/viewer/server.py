"""A static HTTP server for viewer folders and their WACZ files, read by Range requests.

ReplayWeb.page reads a WACZ as a zip, by byte ranges: first the end of the file (the zip's
directory), then the index, then only the records a page needs (80 kB of an 8.5 MB WACZ to
show one page, in the tests). Twisted's static ``File`` (Twisted comes with Scrapy) answers
``Range`` already; ``ArchiveFile`` fixes what it gets wrong for this use and keeps it inside
its folders.

    site = archive_site(Path("data"), ["report", "wacz"])
    port = listen(site, 8080, "127.0.0.1")     # then reactor.run()
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar, TextIO

from twisted.internet import error
from twisted.internet.interfaces import IListeningPort
from twisted.web import http, resource, server, static, util

from core.errors import ConfigurationError

# Fixed types: File's own table comes from the machine's /etc/mime.types, which differs between
# machines and knows no .wacz. A service worker script must have a JavaScript type.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "application/javascript",
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".wacz": "application/wacz",
    ".warc": "application/warc",
    ".gz": "application/gzip",
    ".csv": "text/csv; charset=utf-8",
}
DEFAULT_TYPE = "application/octet-stream"


class CannotServe(ConfigurationError):
    """The server could not listen where it was asked to (a port in use, a wrong address)."""


class ArchiveFile(static.File):
    """``static.File`` for archives: exact ranges, bytes as stored, no listings, no escape.

    - A suffix range longer than the file (``bytes=-65558`` of a 5 kB WACZ: what ReplayWeb.page
      asks first) selects the whole file (RFC 9110 14.1.2); Twisted 26.10 answers it with a 500.
    - No ``Content-Encoding`` from the name: ``.warc.gz`` is sent as stored, so clients do not
      unpack it and byte ranges mean bytes of the file.
    - No directory listings, no name starting with ``.`` (dotfiles, locks, work in progress),
      and nothing whose real path (symbolic links followed) lies outside ``within``.

    Settings are class attributes: Twisted makes a new instance for each path segment.
    """

    contentTypes: ClassVar[dict[str, str]] = CONTENT_TYPES
    contentEncodings: ClassVar[dict[str, str]] = {}
    indexNames: ClassVar[list[str]] = ["index.html"]

    def __init__(
        self,
        path: str | Path,
        defaultType: str = DEFAULT_TYPE,
        ignoredExts: Sequence[str] = (),
        registry: static.Registry | None = None,
        *,
        within: str | Path | None = None,
    ) -> None:
        super().__init__(str(path), defaultType, ignoredExts, registry)
        self.within = os.path.realpath(within or path)

    def createSimilarFile(self, path: str) -> ArchiveFile:
        child = super().createSimilarFile(path)
        child.within = self.within
        return child

    def getChild(self, path: bytes, request: server.Request) -> resource.IResource:
        if path.startswith(b"."):
            return self.childNotFound
        child = super().getChild(path, request)
        if isinstance(child, static.File) and not _inside(child.path, self.within):
            return self.childNotFound
        return child

    def directoryListing(self) -> resource.IResource:
        return self.childNotFound

    def _rangeToOffsetAndSize(self, start: int | None, end: int | None) -> tuple[int, int]:
        if start is None and end is not None:
            end = min(end, self.getFileSize())
        return super()._rangeToOffsetAndSize(start, end)


class Landing(resource.Resource):
    """``/``: sends the browser to the first folder that has an index.html."""

    isLeaf = True

    def __init__(self, root: Path, folders: Iterable[str]) -> None:
        super().__init__()
        self.root = root
        self.folders = list(folders)

    def render_GET(self, request: server.Request) -> bytes:
        for folder in self.folders:
            if (self.root / folder / "index.html").is_file():
                return util.redirectTo(f"/{folder}/".encode(), request)
        request.setResponseCode(http.NOT_FOUND)
        request.setHeader(b"content-type", b"text/plain; charset=utf-8")
        wanted = " or ".join(f"{folder}/index.html" for folder in self.folders)
        return f"Nothing to show yet: no {wanted}.\n".encode()


class ArchiveSite(server.Site):
    """Asks browsers to revalidate every file (a rebuilt WACZ or viewer is seen at once), shows
    no tracebacks, and writes an access log line per request (combined log format) to
    ``access_log`` when one is given."""

    def __init__(self, root: resource.IResource, access_log: TextIO | None = None) -> None:
        super().__init__(root)
        self.displayTracebacks = False
        self.access_log = access_log

    def getResourceFor(self, request: server.Request) -> resource.IResource:
        request.setHeader(b"cache-control", b"no-cache")
        return super().getResourceFor(request)

    def log(self, request: server.Request) -> None:
        if self.access_log is not None:
            line = http.combinedLogFormatter(http.datetimeToLogString(), request)
            self.access_log.write(line + "\n")
            self.access_log.flush()


def archive_site(
    root: Path, folders: Iterable[str], access_log: TextIO | None = None
) -> ArchiveSite:
    """A site serving ``root/FOLDER/`` at ``/FOLDER/`` for each of ``folders``, and nothing
    else of ``root``; ``/`` leads to the first of them that has an index.html."""
    folders = list(folders)
    top = resource.Resource()
    top.putChild(b"", Landing(root, folders))
    for folder in folders:
        top.putChild(folder.encode(), ArchiveFile(root / folder, within=root / folder))
    return ArchiveSite(top, access_log)


def listen(site: server.Site, port: int, interface: str) -> IListeningPort:
    """Listen on ``interface:port`` (0: a free port); CannotServe when that is not possible."""
    from twisted.internet import reactor  # here: importing it installs the default reactor

    try:
        return reactor.listenTCP(port, site, interface=interface)  # type: ignore[attr-defined]
    except error.CannotListenError as exc:
        raise CannotServe(f"cannot listen on {interface}:{port}: {exc.socketError}") from exc


def _inside(path: str, folder: str) -> bool:
    real = os.path.realpath(path)
    return os.path.commonpath([real, folder]) == folder
