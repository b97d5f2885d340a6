"""The ReplayWeb.page release the viewer is made of: one npm tarball, pinned by its integrity.

The registry's tarball holds the prebuilt viewer (``ui.js``, the page's code, and ``sw.js``, the
service worker that reads a WACZ by Range requests and replays it). It is fetched and cached as
every pinned front-end release is (``core.npm``): ``python -m archive.viewer`` (run by ``make
setup``) fetches it; the commands that write a viewer only read the cache.
"""

from __future__ import annotations

from core.npm import NpmRelease, ReleaseError


class ViewerError(ReleaseError):
    """No viewer could be written: its release is not cached, not intact, or not writable."""


# What the viewer takes from the package: the page's code, the service worker, and the licence
# that goes with them.
UI_JS = "package/ui.js"
SW_JS = "package/sw.js"
LICENSE_FILE = "package/LICENSE"
RELEASE = NpmRelease(
    name="replaywebpage",
    version="2.5.3",
    # npm view replaywebpage@2.5.3 dist.integrity
    integrity="sha512-nCj2PSON3BxeSJKE8AsYPyULv0XPZKJWfy4l9PyQre9SqwLZ+WKZVs/sfLqPOQ4GrH+0YkjbwOhr8cSTH08gsQ==",
    license="AGPL-3.0-or-later",
    members=(UI_JS, SW_JS, LICENSE_FILE),
    fetch_command="python -m archive.viewer",
    error=ViewerError,
)
SOURCE_URL = f"https://github.com/webrecorder/replayweb.page/tree/v{RELEASE.version}"
