"""The ReplayWeb.page release the viewer is made of: one npm tarball, pinned by its integrity.

The registry's tarball holds the prebuilt viewer (``ui.js``, the page's code, and ``sw.js``, the
service worker that reads a WACZ by Range requests and replays it); Node never runs, so Python's
standard library fetches it. It is kept in a cache inside the Python environment (``CACHE``:
``.venv/share/…`` for the project's venv): beside the code that uses it, gone with ``make clean``,
never written outside the checkout, one copy per venv. The tarball is what is cached, and its
sha512 is checked each time it is read, so a damaged or replaced cache is refused, not used.

Only ``fetch`` (``python -m archive.viewer``, run by ``make setup``) goes to the network: the
commands that write a viewer read the cache, so they, and the tests, never leave the machine.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from core.errors import OutputError

NAME = "replaywebpage"
VERSION = "2.5.3"
TARBALL_URL = f"https://registry.npmjs.org/{NAME}/-/{NAME}-{VERSION}.tgz"
# The registry's dist.integrity for that version (npm view replaywebpage@2.5.3 dist.integrity).
INTEGRITY = (
    "sha512-"
    "nCj2PSON3BxeSJKE8AsYPyULv0XPZKJWfy4l9PyQre9SqwLZ+WKZVs/sfLqPOQ4GrH+0YkjbwOhr8cSTH08gsQ=="
)
SPDX_LICENSE = "AGPL-3.0-or-later"
SOURCE_URL = f"https://github.com/webrecorder/replayweb.page/tree/v{VERSION}"
CACHE = Path(sys.prefix) / "share" / f"{NAME}-{VERSION}" / f"{NAME}-{VERSION}.tgz"
FETCH_TIMEOUT = 60.0  # seconds: one 2.4 MB download

# What the viewer takes from the package (fixed member names: nothing from the archive picks a
# path): the page's code, the service worker, and the licence that goes with them.
UI_JS = "package/ui.js"
SW_JS = "package/sw.js"
LICENSE_FILE = "package/LICENSE"
MEMBERS = (UI_JS, SW_JS, LICENSE_FILE)


class ViewerError(OutputError):
    """No viewer could be written: its release is not cached, not intact, or not writable."""


def verify(data: bytes, integrity: str = INTEGRITY) -> None:
    """Raise ViewerError unless ``data`` has the npm ``integrity`` (``sha512-BASE64``)."""
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise ViewerError(f"{NAME} {VERSION}: integrity mismatch (got {algorithm}-{actual})")


def fetch(cache: Path = CACHE) -> Path:
    """Download the pinned tarball into ``cache`` (unless it is there, intact); its path."""
    try:
        verify(cache.read_bytes())
        return cache
    except (OSError, ViewerError):
        pass
    try:
        with urllib.request.urlopen(TARBALL_URL, timeout=FETCH_TIMEOUT) as response:
            data = response.read()
    except (OSError, urllib.error.URLError) as exc:
        raise ViewerError(f"cannot download {TARBALL_URL}: {exc}") from exc
    verify(data)
    write_aside(cache, data)
    return cache


def write_aside(path: Path, data: bytes) -> None:
    """Written beside and renamed: no reader (a browser, the next command) gets half a file."""
    partial = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ViewerError(f"cannot write {path}: {exc}") from exc


def read_members(cache: Path = CACHE) -> dict[str, bytes]:
    """The viewer's files (``MEMBERS``) from the cached tarball, its integrity checked first."""
    try:
        data = cache.read_bytes()
    except FileNotFoundError:
        raise ViewerError(
            f"ReplayWeb.page {VERSION} is not in {cache}: run `python -m archive.viewer` once "
            f"where registry.npmjs.org can be reached (`make setup` does)"
        ) from None
    except OSError as exc:
        raise ViewerError(f"cannot read {cache}: {exc}") from exc
    verify(data)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        members = {}
        for name in MEMBERS:
            member = tar.getmember(name)
            extracted = tar.extractfile(member) if member.isfile() else None
            if extracted is None:
                raise ViewerError(f"{NAME} {VERSION}: {name} is not a file")
            members[name] = extracted.read()
    return members
