"""Scrapy add-on: start-up chatter (component lists, overridden settings) only at DEBUG.

A scheduled run's log should show what happened, not the same forty lines of configuration
every time; ``scrapy settings`` and ``LOG_LEVEL=DEBUG`` still show it. Off with
``QUIET_STARTUP = False``.
"""

from __future__ import annotations

import logging

from scrapy.settings import Settings

# Loggers whose INFO messages only describe configuration.
STARTUP_LOGGERS = (
    "scrapy.middleware",
    "scrapy.crawler",
    "scrapy.addons",
    "scrapy.extensions.telnet",
)


class QuietStartupAddon:
    def update_settings(self, settings: Settings) -> None:
        if not settings.getbool("QUIET_STARTUP") or settings.get("LOG_LEVEL") == "DEBUG":
            return
        for name in STARTUP_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
