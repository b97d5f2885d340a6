"""Capture, index and replay: every HTTP exchange of a crawl as WARC, and reading it back.

The capture middleware (``archive.capture``) leaves where it archived each response in the
request's meta (``core.items.WARC_META_KEY``); the rest of the crawl cites that location.
"""
