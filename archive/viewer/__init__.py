"""ReplayWeb.page, self-hosted: a viewer for the WACZ files, and a server for it.

The viewer is ReplayWeb.page (``package.RELEASE``, AGPL-3.0-or-later), taken unmodified from its
npm tarball, pinned by sha512 and cached in the Python environment by ``python -m
archive.viewer`` (``make setup`` runs it; nothing else goes to the network for it). Public API:

``install_viewer(folder, default_source=None) -> Path``
    Writes a viewer into ``folder``: ``index.html``, ``ui.js``, ``replay/`` (service worker) and
    the licence files; returns the page's path. ``default_source`` is the WACZ it opens when the
    link names none. Raises ``ViewerError`` (an ``OutputError``: exit status 3) when the release
    is not cached. ``scrapy wacz`` puts one beside each WACZ it writes; ``scrapy report`` bundles
    one with the report.

``viewer_link(viewer, wacz, url=None, timestamp=None) -> str``
    A relative link that opens a capture in that viewer, ``VIEWER?source=WACZ#url=URL&ts=TS``
    (``TS``: 14 digits, UTC, or an aware datetime), or the page list without ``url``. ``viewer``
    and ``wacz`` are relative to the document holding the link.

``archive_site(root, folders) -> ArchiveSite``, ``listen(site, port, interface)``
    The Range-capable static server ``scrapy serve-archive`` runs: ``root/FOLDER`` for each
    folder and nothing else, no listings, no dotfiles, nothing outside ``root``
    (``ArchiveFile``, a Twisted ``static.File``).

    install_viewer(report_dir / "viewer")
    href = viewer_link("viewer/index.html", "../wacz/people-20261128.wacz", url, fetched_at)
"""

from __future__ import annotations

from archive.viewer.install import capture_timestamp, install_viewer, viewer_link
from archive.viewer.package import ViewerError
from archive.viewer.server import ArchiveFile, ArchiveSite, CannotServe, archive_site, listen

__all__ = [
    "ArchiveFile",
    "ArchiveSite",
    "CannotServe",
    "ViewerError",
    "archive_site",
    "capture_timestamp",
    "install_viewer",
    "listen",
    "viewer_link",
]
