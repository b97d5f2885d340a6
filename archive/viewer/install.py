"""A viewer folder, and links into it.

Layout (``install_viewer``), as ReplayWeb.page's embedding expects it:

    index.html              the page: <replay-web-page> on ?source= (or the folder's default)
    ui.js                   the viewer's code
    replay/sw.js            its service worker, whose scope is replay/ (the folder it is in)
    replay/ui.js            the same code, for the page the service worker runs in replay/
    replay/index.html       that page, also on disk: see REPLAY_INDEX
    LICENSE-replaywebpage.txt, NOTICE-replaywebpage.txt

A service worker needs a secure context: http://127.0.0.1, http://localhost or https, never
file://. And the server must answer Range requests (``archive.viewer.server``).
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from importlib.resources import files
from pathlib import Path
from string import Template
from urllib.parse import quote, urlencode

from archive.viewer import package
from core.npm import write_aside

INDEX = "index.html"
# The service worker serves replay/ itself (the same markup) once it controls the page. In a
# fresh browser profile the embed's iframe is sometimes loaded from the network before that
# happens (replayweb.page issue #412, open): without this file it would stay on a 404; with it,
# the same app starts, registers the same worker, and goes on (6 of 40 cold loads stuck
# without it, none of 100 with it, in the prototype's measurements).
REPLAY_INDEX = "replay/index.html"
NOTICE = "NOTICE-replaywebpage.txt"
LICENSE = "LICENSE-replaywebpage.txt"
# Where each file of the package goes in the folder.
PLACES = {
    package.UI_JS: ("ui.js", "replay/ui.js"),
    package.SW_JS: ("replay/sw.js",),
    package.LICENSE_FILE: (LICENSE,),
}
TIMESTAMP_14 = re.compile(r"\d{14}")

_HTML = files("archive.viewer") / "html"


def install_viewer(target: Path, default_source: str | None = None) -> Path:
    """Write a viewer into ``target`` (made if missing); the path of its ``index.html``.

    ``default_source`` is the WACZ the page opens without ``?source=`` (a URL relative to the
    page, e.g. ``people-20261128021613.wacz``). Raises ViewerError, before writing anything,
    when the pinned release is not cached.
    """
    release = package.RELEASE
    members = release.read_members()
    fields = {
        "name": release.name,
        "version": release.version,
        "tarball_url": release.tarball_url,
        "integrity": release.integrity,
        "license": release.license,
        "source_url": package.SOURCE_URL,
        "default_source": html.escape(default_source or "", quote=True),
    }
    written = {place: members[member] for member, places in PLACES.items() for place in places}
    for name in (INDEX, REPLAY_INDEX, NOTICE):
        text = Template((_HTML / name).read_text(encoding="utf-8")).substitute(fields)
        written[name] = text.encode("utf-8")
    for name, data in written.items():
        write_aside(target / name, data, package.ViewerError)
    return target / INDEX


def viewer_link(
    viewer: str,
    wacz: str,
    url: str | None = None,
    timestamp: str | dt.datetime | None = None,
) -> str:
    """A link to a capture in a viewer: ``viewer?source=…#url=…&ts=YYYYMMDDhhmmss``.

    ``viewer`` (the viewer's index.html or its folder) and ``wacz`` are paths relative to the
    document the link is in, with ``/``; the link names the WACZ relative to the viewer, as the
    viewer resolves it. Without ``url`` the link opens the page list; without ``timestamp`` the
    latest capture of ``url``. A timestamp is 14 digits (UTC) or an aware datetime: ReplayWeb.page
    finds nothing for an ISO 8601 string.

    >>> viewer_link("viewer/index.html", "../wacz/a.wacz", "http://x.cn/a.html", "20241110083000")
    'viewer/index.html?source=../../wacz/a.wacz#url=http%3A%2F%2Fx.cn%2Fa.html&ts=20241110083000'
    """
    folder = viewer if viewer.endswith("/") else posixpath.dirname(viewer)
    source = posixpath.relpath(wacz, folder or ".")
    query = urlencode({"source": source}, safe="/", quote_via=quote)
    if url is None:
        return f"{viewer}?{query}#view=pages"
    fragment = {"url": url}
    if timestamp is not None:
        fragment["ts"] = capture_timestamp(timestamp)
    return f"{viewer}?{query}#{urlencode(fragment, quote_via=quote)}"


def capture_timestamp(value: str | dt.datetime) -> str:
    """``YYYYMMDDhhmmss`` in UTC, the form ReplayWeb.page and pywb find captures by."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value!r} has no time zone: which moment it names is unknown")
        return value.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")
    if not TIMESTAMP_14.fullmatch(value):
        raise ValueError(f"{value!r} is not a 14-digit timestamp (YYYYMMDDhhmmss, UTC)")
    return value
