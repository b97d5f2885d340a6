"""``python -m report``: fetch the pinned charts library into the cache, once
(``core.npm.fetch_main``: exit 0 when it is there, 1 and the reason when it is not)."""

import sys

from core.npm import fetch_main
from report.assets import ECHARTS

if __name__ == "__main__":
    sys.exit(fetch_main(ECHARTS, "report", "ECharts"))
