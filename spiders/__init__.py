"""Fetch and discover: the ``people`` and ``paper`` spiders, the URL grammar, link discovery."""
