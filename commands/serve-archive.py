"""``scrapy serve-archive [--output DIR] [--port 8080] [--bind 127.0.0.1]``: the report and the
WACZ viewer of an output root, over HTTP, until Ctrl-C.

Scrapy names a command after its module, so this module's name has the command's hyphen (it is
found by the commands package walk, never imported by name).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from twisted.internet.interfaces import IListeningPort

from archive.viewer import archive_site, listen
from commands import OutputRootOption
from core.errors import PeoplesDailyError

# What is served of the output root, in the order ``/`` looks for an index.html: the analysts'
# report (scrapy report) and the WACZ files with their viewer (scrapy wacz). Nothing else of the
# root (datasets, WARC files, run records, locks) is reachable.
FOLDERS = ("report", "wacz")


class Command(OutputRootOption, ScrapyCommand):
    requires_crawler_process = False  # a web server on the reactor, no crawl

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Serve the output root's report and WACZ viewer (ReplayWeb.page) on 127.0.0.1"

    def long_desc(self) -> str:
        return (
            "Serves DIR/report/ and DIR/wacz/ (and nothing else of DIR) over HTTP with Range "
            "requests, as ReplayWeb.page reads a WACZ, and prints the address to open; "
            "DIR/wacz/index.html opens the newest WACZ (scrapy wacz writes it). No directory "
            "listings, no dotfiles. Runs until Ctrl-C (exit status 0); exit status 2 when it "
            "cannot listen there, 1 when DIR has neither report/ nor wacz/ viewer."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--port", type=int, default=8080, help="TCP port (default 8080; 0: a free one)"
        )
        parser.add_argument(
            "--bind",
            metavar="ADDRESS",
            default="127.0.0.1",
            help="address to listen on (default 127.0.0.1: this machine only)",
        )
        parser.add_argument(
            "--access-log", action="store_true", help="print a line per request (combined format)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        root = self.output_root(opts)
        pages = [folder for folder in FOLDERS if (root / folder / "index.html").is_file()]
        if not pages:
            print(
                f"serve-archive: nothing to serve in {root}: no report/index.html and no "
                "wacz/index.html (scrapy wacz writes the viewer beside the WACZ)",
                file=sys.stderr,
            )
            self.exitcode = 1
            return
        site = archive_site(root, FOLDERS, sys.stdout if opts.access_log else None)
        try:
            port = listen(site, opts.port, opts.bind)
        except PeoplesDailyError as exc:
            self.fail(exc)
            return
        from twisted.internet import reactor

        # Said once the reactor runs: by then Ctrl-C stops it cleanly (exit status 0).
        reactor.callWhenRunning(_announce, root, pages, port)  # type: ignore[attr-defined]
        reactor.run()  # type: ignore[attr-defined]


def _announce(root: Path, folders: list[str], port: IListeningPort) -> None:
    address = port.getHost()
    host = f"[{address.host}]" if ":" in address.host else address.host
    for folder in folders:
        print(f"serve-archive: {root / folder} at http://{host}:{address.port}/{folder}/")
    print("serve-archive: Ctrl-C to stop", flush=True)
