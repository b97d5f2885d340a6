"""The project's Scrapy commands (COMMANDS_MODULE): ``scrapy replay``, ``scrapy compact``, and
``scrapy crawl`` checking spider arguments first.

Every ScrapyCommand subclass in this package becomes a command, so what commands share lives
here as a mixin, which is not one.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, ClassVar

from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from pipelines.outputs import is_uri


class OutputRootOption:
    """``--output DIR``: the output root (articles/, quotations/), by default ``OUTPUT_DIR``.

    Mixed into commands that work on a dataset rather than crawl, which log nothing by default.
    """

    requires_project = True
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}
    settings: BaseSettings | None

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)  # type: ignore[misc]
        parser.add_argument(
            "-o",
            "--output",
            metavar="DIR",
            help="output root holding articles/ and quotations/ (defaults to OUTPUT_DIR)",
        )

    def output_root(self, opts: argparse.Namespace) -> Path:
        """The output root as a local path; a command that needs one refuses a URI."""
        assert self.settings is not None
        root = str(opts.output or self.settings.get("OUTPUT_DIR", "data"))
        if is_uri(root):
            raise UsageError(f"{root}: this command works on a local output root only")
        return Path(root)
