"""The drift check's Scrapy side: what the run read goes into ``extensions.drift.Measures``; at
the end, the baseline comes from the run records of the last clean runs, and the report goes
into the stats, where the run record takes it (its ``drift`` section) and the exit status reads
the findings (9, ``DRIFT``).

The baseline is the dataset's own: ``OUTPUT_DIR/runs/*.json``, newest first, of the same spider,
clean (exit status 0, so not a run that drifted itself) and with measures. Nothing else to keep.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.fs as pafs
from scrapy import signals
from scrapy.exceptions import NotConfigured

from core import stats as S
from core.items import CHANNEL_META, START_PAGE_META
from core.outcome import ExitStatus
from core.output import OutputRoot
from extensions import drift
from pipelines.records import ExtractedArticle
from spiders.base import links_read

if TYPE_CHECKING:
    from typing import Any, Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class DriftCheck:
    """Settings: ``DRIFT_CHECK`` (False: measure and record, compare nothing), and the limits
    of ``extensions.drift.DriftLimits``. Off when no run record is written
    (``RUN_RECORD_ENABLED``): the record is where the measures are kept."""

    def __init__(
        self, crawler: Crawler, output: OutputRoot, limits: drift.DriftLimits, check: bool
    ) -> None:
        self.crawler = crawler
        self.output = output
        self.limits = limits
        self.check = check
        self.measures = drift.Measures()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("RUN_RECORD_ENABLED"):
            raise NotConfigured("RUN_RECORD_ENABLED is off: no record to keep the measures in")
        ext = cls(
            crawler,
            OutputRoot.of(settings.get("OUTPUT_DIR")),
            drift.DriftLimits.from_settings(settings),
            settings.getbool("DRIFT_CHECK"),
        )
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.links_read, signal=links_read)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, ExtractedArticle):
            self.measures.add_article(item)

    def response_received(self, response: Response, request: Request) -> None:
        """A start page answered (a 404 too): its channel is one the comparison looks at."""
        if request.meta.get(START_PAGE_META) and (channel := request.meta.get(CHANNEL_META)):
            self.measures.start_page_answered(channel, request.url)

    def links_read(self, url: str, kind: str, articles: int, channel: str | None) -> None:
        if kind == "list":
            self.measures.add_list_page(url, articles)
        if channel:
            self.measures.start_page_links(channel, url, articles)

    def spider_closed(self, spider: Spider) -> None:
        past = clean_runs(self.output, spider.name, self.limits.baseline_runs) if self.check else []
        report = drift.report(self.measures, past, self.limits, self.check)
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value(S.DRIFT_REPORT, report)
        stats.set_value(S.DRIFT_FINDINGS, len(report["findings"]))
        for finding in report["findings"]:
            logger.warning("Drift: %s", finding["text"])


def clean_runs(output: OutputRoot, spider: str, most: int) -> list[drift.PastRun]:
    """The measures of the newest (``most`` at most) clean runs of ``spider``, newest first."""
    folder = output.join("runs")
    try:
        found = output.fs.get_file_info(pafs.FileSelector(folder, allow_not_found=True))
    except (OSError, pa.ArrowException) as exc:
        logger.warning("Drift: cannot list the run records in %s: %s", folder, exc)
        return []
    # Run ids, and so the records' names, start with the UTC time the run started.
    records = sorted((f for f in found if f.base_name.endswith(".json")), key=lambda f: f.base_name)
    runs: list[drift.PastRun] = []
    for info in reversed(records):
        try:
            with output.fs.open_input_stream(info.path) as stream:
                record = json.loads(stream.read())
            if record.get("spider") != spider or record.get("exit_status") != ExitStatus.OK:
                continue
            if (measures := (record.get("drift") or {}).get("measures")) is None:
                continue  # a run from before the drift check
            runs.append(drift.PastRun(record["run_id"], drift.Measures.from_json(measures)))
        except (OSError, pa.ArrowException, ValueError, KeyError, TypeError, AttributeError) as exc:
            logger.warning("Drift: run record %s left out of the baseline: %s", info.path, exc)
            continue
        if len(runs) >= most:
            break
    return runs
