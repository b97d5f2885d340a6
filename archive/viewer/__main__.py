"""``python -m archive.viewer``: fetch the pinned ReplayWeb.page release into the cache, once
(``core.npm.fetch_main``: exit 0 when it is there, 1 and the reason when it is not)."""

import sys

from archive.viewer.package import RELEASE
from core.npm import fetch_main

if __name__ == "__main__":
    sys.exit(fetch_main(RELEASE, "viewer", "ReplayWeb.page"))
