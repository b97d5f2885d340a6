"""The bundled People's Daily–style sample site (``make demo`` and the tests crawl it)."""

from samplesite.server import SEED_URL, Exchange, SampleSite

__all__ = ["SEED_URL", "Exchange", "SampleSite"]
