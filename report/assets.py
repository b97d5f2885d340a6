"""The charts library the report bundles: Apache ECharts, pinned from the npm registry.

Chosen over Vega-Lite (three packages to bundle) and Observable Plot (d3 with it): one file of
about a megabyte, well kept (Apache Software Foundation), drawing on a canvas, with CJK text.
Fetched and cached like the archive's viewer (``core.npm``): ``python -m report`` (run by ``make
setup``) fetches it, ``scrapy report`` copies it from the cache.
"""

from __future__ import annotations

from core.npm import NpmRelease

ECHARTS_JS = "package/dist/echarts.min.js"
ECHARTS_LICENSE = "package/LICENSE"
ECHARTS = NpmRelease(
    name="echarts",
    version="6.1.0",
    # npm view echarts@6.1.0 dist.integrity
    integrity="sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==",
    license="Apache-2.0",
    members=(ECHARTS_JS, ECHARTS_LICENSE),
    fetch_command="python -m report",
)
