"""Fetch and discover: the ``people`` and ``paper`` spiders, the URL grammar, link discovery."""

from __future__ import annotations

# Request meta key marking the requests a crawl starts from: the run's exit status asks whether
# any of them was answered (extensions/exitstatus.py).
START_PAGE_META = "start_page"
