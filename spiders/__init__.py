"""Fetch and discover: the ``people`` and ``paper`` spiders, the URL grammar, link discovery."""

from __future__ import annotations

# Request priorities: an article in progress first, then articles, then further discovery. A
# crawl works through what it has found before looking for more, so its frontier (and memory)
# stays small however long the run.
ARTICLE_PRIORITY = 10
NEXT_PAGE_PRIORITY = 20
