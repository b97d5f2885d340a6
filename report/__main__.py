"""``python -m report``: fetch the pinned charts library into the cache, once.

Exit status 0 when it is there, intact (fetched now or before); 1, with the reason on one line,
when it could not be fetched (offline, say).
"""

from __future__ import annotations

import sys

from core.npm import ReleaseError
from report.assets import ECHARTS


def main() -> int:
    try:
        cache = ECHARTS.fetch()
    except ReleaseError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 1
    print(f"report: ECharts {ECHARTS.version} ({ECHARTS.license}) in {cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
