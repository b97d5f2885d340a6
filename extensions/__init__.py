"""Crawl-run extensions: the run record."""
