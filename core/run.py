"""A run's identity: one id, made once per run, that every file and record of the run carries.

The id (``20261128T021613Z-9e5ce4f7``: the UTC start, then a random tag) names the run record
(``runs/{id}.json``) and every Parquet file the run writes (``part-{id}-{batch}.parquet``, and
``run_id`` in the file's metadata), and stands in each WARC file's warcinfo record and in the
progress lines. ``RunIdAddon`` makes it when a crawler is set up and leaves it in the settings
as ``RUN_ID``, where each component reads it; commands that run no crawler make their own.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from core.clock import utc_now
from core.errors import ConfigurationError

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

# The setting that carries the run's id to the run's components.
RUN_ID = "RUN_ID"


def new_run_id() -> str:
    """A fresh id: sortable by start time, unique across machines."""
    return f"{utc_now():%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def run_id_of(settings: BaseSettings) -> str:
    """The crawl's ``RUN_ID``; a crawler set up without ``RunIdAddon`` is misconfigured, not
    given a second id that would disagree with the first."""
    run_id = settings.get(RUN_ID)
    if not run_id:
        raise ConfigurationError(f"{RUN_ID} is unset: core.run.RunIdAddon is not in ADDONS")
    return str(run_id)


class RunIdAddon:
    """Scrapy add-on: gives each crawler a fresh ``RUN_ID`` (one set already is kept)."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get(RUN_ID):
            settings.set(RUN_ID, new_run_id(), priority="addon")
