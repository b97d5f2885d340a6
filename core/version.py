"""The project's name and installed version, as the User-Agent and warcinfo records give them."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

PROJECT = "peoples-daily-archive"


def project_version() -> str:
    """This project's installed version ("dev" when run from a plain checkout)."""
    try:
        return version(PROJECT)
    except PackageNotFoundError:
        return "dev"
