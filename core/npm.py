"""Front-end code taken from the npm registry: a release pinned by its tarball's integrity.

The report's charts (``report``) and the archive's viewer (``archive.viewer``) run in the
browser, prebuilt: Node never runs, so Python's standard library fetches them. Each
``NpmRelease`` names one tarball and the sha512 the registry gives for it
(``npm view NAME@VERSION dist.integrity``); the tarball is cached inside the Python environment
(``.venv/share/NAME-VERSION/``: beside the code that uses it, gone with ``make clean``, never
outside the checkout) and its integrity is checked each time it is read, so a damaged or
replaced cache is refused, not used.

Only ``fetch`` goes to the network (``make setup`` runs it through each user's ``python -m``
entry point); whatever writes the files into a folder reads the cache, so commands and tests
never leave the machine.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from core.errors import OutputError

FETCH_TIMEOUT = 120.0  # seconds, for one tarball


class ReleaseError(OutputError):
    """A pinned release is not cached, not intact, or could not be written where it goes."""


@dataclass(frozen=True, slots=True)
class NpmRelease:
    """One pinned release and the files taken from it (``members``, paths in the tarball)."""

    name: str
    version: str
    integrity: str  # "sha512-BASE64", the registry's dist.integrity
    license: str  # SPDX
    members: tuple[str, ...]
    fetch_command: str  # what a user runs to fetch it (named in the error when it is missing)
    error: type[ReleaseError] = ReleaseError

    @property
    def tarball_url(self) -> str:
        return f"https://registry.npmjs.org/{self.name}/-/{self.name}-{self.version}.tgz"

    @property
    def cache(self) -> Path:
        return (
            Path(sys.prefix)
            / "share"
            / f"{self.name}-{self.version}"
            / f"{self.name}-{self.version}.tgz"
        )

    def verify(self, data: bytes, integrity: str | None = None) -> None:
        """Raise unless ``data`` has the pinned integrity (or ``integrity``)."""
        algorithm, _, expected = (integrity or self.integrity).partition("-")
        actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
        if actual != expected:
            raise self.error(
                f"{self.name} {self.version}: integrity mismatch (got {algorithm}-{actual})"
            )

    def fetch(self, cache: Path | None = None) -> Path:
        """Download the tarball into the cache (unless it is there, intact); its path."""
        cache = cache or self.cache
        try:
            self.verify(cache.read_bytes())
            return cache
        except (OSError, ReleaseError):
            pass
        try:
            with urllib.request.urlopen(self.tarball_url, timeout=FETCH_TIMEOUT) as response:
                data = response.read()
        except (OSError, urllib.error.URLError) as exc:
            raise self.error(f"cannot download {self.tarball_url}: {exc}") from exc
        self.verify(data)
        write_aside(cache, data, self.error)
        return cache

    def read_members(self, cache: Path | None = None) -> dict[str, bytes]:
        """The release's ``members`` from the cached tarball, its integrity checked first."""
        cache = cache or self.cache
        try:
            data = cache.read_bytes()
        except FileNotFoundError:
            raise self.error(
                f"{self.name} {self.version} is not in {cache}: run `{self.fetch_command}` once "
                f"where registry.npmjs.org can be reached (`make setup` does)"
            ) from None
        except OSError as exc:
            raise self.error(f"cannot read {cache}: {exc}") from exc
        self.verify(data)
        found = {}
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for name in self.members:  # fixed names: nothing in the archive picks a path
                member = tar.getmember(name)
                extracted = tar.extractfile(member) if member.isfile() else None
                if extracted is None:
                    raise self.error(f"{self.name} {self.version}: {name} is not a file")
                found[name] = extracted.read()
        return found


def fetch_main(release: NpmRelease, who: str, title: str) -> int:
    """A ``python -m`` entry point's work: fetch ``release`` into its cache, once.

    Exit status 0 when it is there, intact (fetched now or before); 1, with the reason on one
    line, when it could not be fetched (offline, say).
    """
    try:
        cache = release.fetch()
    except ReleaseError as exc:
        print(f"{who}: {exc}", file=sys.stderr)
        return 1
    print(f"{who}: {title} {release.version} ({release.license}) in {cache}")
    return 0


def write_aside(path: Path, data: bytes, error: type[ReleaseError] = ReleaseError) -> None:
    """Written beside and renamed: no reader (a browser, the next command) gets half a file."""
    partial = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise error(f"cannot write {path}: {exc}") from exc
