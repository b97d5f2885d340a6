"""``python -m archive.viewer``: fetch the pinned ReplayWeb.page release into the cache, once.

Exit status 0 when it is there, intact (fetched now or before); 1, with the reason on one
line, when it could not be fetched (offline, say).
"""

from __future__ import annotations

import sys

from archive.viewer import package


def main() -> int:
    try:
        cache = package.RELEASE.fetch()
    except package.ViewerError as exc:
        print(f"viewer: {exc}", file=sys.stderr)
        return 1
    release = package.RELEASE
    print(f"viewer: ReplayWeb.page {release.version} ({release.license}) in {cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
