"""Crawl-run extensions and add-ons: the run record, a quiet start-up log."""
