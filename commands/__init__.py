"""The project's Scrapy commands (COMMANDS_MODULE): ``scrapy replay``, ``scrapy compact``,
``scrapy wacz``, ``scrapy report``, ``scrapy serve-archive``, ``scrapy check-site``, and
``scrapy crawl`` checking spider arguments and settings first.

Every ScrapyCommand subclass in this package becomes a command, so what commands share lives
here as a mixin, which is not one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from core.errors import Busy, PeoplesDailyError, exit_status_for
from core.output import is_uri


class OutputRootOption:
    """``--output DIR``: the output root (articles/, quotations/), by default ``OUTPUT_DIR``.

    Mixed into commands that work on a dataset rather than crawl, which log nothing by default.
    A command stops on a project error with ``fail``: one line on stderr, and the exit status
    its kind has (``core.errors.exit_status_for``).
    """

    requires_project = True
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}
    settings: BaseSettings | None
    exitcode: int

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)  # type: ignore[misc]
        parser.add_argument(
            "-o",
            "--output",
            metavar="DIR",
            help="output root holding articles/ and quotations/ (defaults to OUTPUT_DIR)",
        )

    def output_uri(self, opts: argparse.Namespace) -> str:
        """The output root as given: a local path or a filesystem URI."""
        assert self.settings is not None
        return str(opts.output or self.settings.get("OUTPUT_DIR"))

    def output_root(self, opts: argparse.Namespace) -> Path:
        """The output root as a local path; a command that needs one refuses a URI."""
        root = self.output_uri(opts)
        if is_uri(root):
            raise UsageError(f"{root}: this command works on a local output root only")
        return Path(root)

    def fail(self, error: PeoplesDailyError) -> None:
        """Report ``error`` in one line and end with its exit status."""
        name = type(self).__module__.rsplit(".", 1)[-1]
        refused = "refused: " if isinstance(error, Busy) else ""
        print(f"{name}: {refused}{error}", file=sys.stderr)
        self.exitcode = int(exit_status_for(error))
