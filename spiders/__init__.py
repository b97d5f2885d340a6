"""Fetch and discover: the ``people`` and ``paper`` spiders, the URL grammar, link discovery."""

from __future__ import annotations

# Request priorities (higher first): an article in progress first, then articles, then further
# discovery. A crawl works through what it has found before looking for more, so its frontier
# (and memory) stays small however long the run. The e-paper's days take 0, -1, -2, … in the
# order asked (spiders/paper.py).
ARTICLE_PRIORITY = 10
NEXT_PAGE_PRIORITY = 1000
# ``-a order=oldest`` on people: lists, feeds and sitemaps are read to their end before any
# article, then articles go oldest first, a priority step per year of age (at most this many
# steps: few distinct priorities keep a JOBDIR's queue to few files).
DISCOVERY_FIRST_PRIORITY = 500
OLDEST_FIRST_YEARS = 100
