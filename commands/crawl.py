"""``scrapy crawl``, for unattended runs: checked arguments, one run per job, a trustworthy status.

- A wrong ``-a`` argument (a malformed date, an unknown channel) is a usage error: one clear line
  and exit status 2, not a traceback from inside the crawl.
- A run of the same spider into the same output root while another one runs is refused, as is
  a run while ``scrapy compact`` holds the dataset: one line and exit status 7
  (``core.locks.job_lock``, ``core.locks.DatasetLock``).
- The exit status is the one the run record chose (``extensions.exitstatus``): 0 when the run
  went well, non-zero when the start pages were unreachable, nothing was fetched, errors passed
  their threshold, output could not be written, a signal stopped it, or what it read drifted
  from the last clean runs (``extensions.drift``).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from core import stats as S
from core.errors import Busy, ConfigurationError, ServiceUnreachable, exit_status_for
from core.locks import DatasetLock, job_lock
from core.output import OutputRoot
from spiders.distributed import check_settings

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler


class Command(ScrapyCrawlCommand):
    def long_desc(self) -> str:
        return (
            "Run a spider of the project. Exit status: 0 ok, 2 bad arguments, 3 output not "
            "written, 4 start pages (or Redis) unreachable, 5 nothing fetched, 6 too many "
            "errors, 7 another run of this spider writes to the same output root, or scrapy "
            "compact runs on it (not started), 8 stopped by a signal, 9 the run "
            "went well but drifted from the last clean runs (a template's fields read empty, "
            "pages falling to the generic fallback, a channel linking no article; "
            "-s DRIFT_CHECK=False: not compared). Every run leaves OUTPUT_DIR/runs/{run_id}.json. "
            "-a plan=1: a dry run that reads the discovery pages only (e-paper layouts, channel "
            "lists) and prints the days, pages, articles, bytes and hours the run would take; "
            "it writes nothing and leaves no run record. -a order=newest|oldest: which end of "
            "the range first."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        plan = False
        if len(args) == 1 and self.crawler_process is not None:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                pass  # Scrapy's own command reports an unknown spider
            else:
                try:
                    checked = spidercls(**opts.spargs)  # the spider checks its arguments
                    check_settings(self.settings)  # and the shared seen-set its Redis
                except ConfigurationError as exc:
                    raise UsageError(f"scrapy crawl {args[0]}: {exc}", print_help=False) from exc
                except ServiceUnreachable as exc:
                    print(f"scrapy crawl {args[0]}: not started: {exc}", file=sys.stderr)
                    self.exitcode = int(exit_status_for(exc))
                    return
                plan = bool(getattr(checked, "plan", False))
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's own usage errors
            return
        assert self.settings is not None
        root = OutputRoot.of(self.settings.get("OUTPUT_DIR")).local
        # The job's lock, and the dataset's (shared with other writers; a compaction, which
        # takes it exclusively, keeps the run from starting, and cannot start while it runs).
        # A plan writes nothing: it takes neither. flock(2): on an object store, the scheduler
        # keeps runs apart.
        locks = (
            [
                job_lock(root, args[0], shared=bool(self.settings.get("REDIS_URL"))),
                DatasetLock(root, exclusive=False),
            ]
            if root and not plan
            else []
        )
        with contextlib.ExitStack() as held:
            try:
                for lock in locks:
                    held.enter_context(lock)
            except Busy as exc:
                print(f"scrapy crawl {args[0]}: not started: {exc}", file=sys.stderr)
                self.exitcode = int(exit_status_for(exc))
                return
            super().run(args, opts)
        crawler = getattr(self, "_crawler", None)
        stats = crawler.stats if crawler else None
        for line in (stats.get_value(S.PLAN_REPORT) if stats else None) or ():
            print(line)  # -a plan=1: the plan is the command's output
        status = stats.get_value(S.EXIT_STATUS) if stats else None
        if status is not None and self.exitcode == 0:
            self.exitcode = int(status)

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._crawler = super()._create_crawler(spidercls)  # kept: its stats hold the status
        return self._crawler
