"""Scrapy settings for the People's Daily crawler (named in scrapy.cfg).

The one place where the project's settings get their defaults: components read them with
``settings.getint("NAME")`` and no fallback of their own, as Scrapy's do with its
default_settings. Every project-specific setting is documented in README.md ("Settings"); a test
checks the table against this file. Override any of them per run with ``-s NAME=VALUE``.
"""

from __future__ import annotations

BOT_NAME = "peoples_daily"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy replay` and the project's other commands.
COMMANDS_MODULE = "commands"

# --- Where everything lands -------------------------------------------------------------------
# articles/ and quotations/ (Parquet), warc/ (captures), runs/ (one JSON record per run).
OUTPUT_DIR = "data"
# With a remote OUTPUT_DIR (s3://…), WARC files are written here and moved up when closed.
WARC_SPOOL_DIR = ".warc-spool"

# --- Politeness ------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
# Named in the User-Agent, "peoples-daily-archive/VERSION (+CONTACT_URL)", by the add-on below;
# point it at your own contact page. Setting USER_AGENT replaces the whole header.
CONTACT_URL = "https://github.com/peoples-daily-archive/peoples-daily-archive"
ADDONS = {
    # One id per run (RUN_ID), in the run record, the Parquet and WARC files, the progress lines.
    "core.run.RunIdAddon": 0,
    "spiders.politeness.PolitenessAddon": 0,
    # Configuration chatter at start-up only at DEBUG (QUIET_STARTUP = False to see it).
    "extensions.quietstart.QuietStartupAddon": 0,
    # With REPLAY_FROM=folder of WARCs, the crawl reads the archive instead of the network.
    "archive.replay.ArchiveReplayAddon": 0,
    # With REDIS_URL, workers share one frontier and seen-set (spiders/distributed.py).
    "spiders.distributed.DistributedAddon": 0,
}
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# robots.txt Crawl-delay, per host (spiders/politeness.py): honoured, capped, overridable.
ROBOTSTXT_CRAWL_DELAY = True
CRAWL_DELAY_MAX = 300.0
CRAWL_DELAY_OVERRIDE = None
# Only these registrable domains are ever requested (OffsiteMiddleware reads allowed_domains,
# which the spiders take from here).
ALLOWED_DOMAINS = ["people.com.cn", "people.cn"]
# Only http(s), and only public addresses (spiders/scope.py): a name resolving to a private,
# loopback or link-local address is refused unless its network is listed here (CIDR).
ALLOWED_NETWORKS: list[str] = []
TWISTED_DNS_RESOLVER = "spiders.scope.PublicAddressResolver"
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}

# No People's Daily page comes near this: a larger body, or one that inflates past it (a gzip
# bomb), is cancelled and counted as an error instead of filling memory.
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024

# A news crawl needs no cookies; switching them off also keeps tldextract from fetching the
# Public Suffix List from outside the crawl's scope.
COOKIES_ENABLED = False
# 2.19 starts a remote-control server that runs code inside the crawl: never by default.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# A response yields at most one article: Scrapy's default of 100 parallel item slots per
# response only costs a task each.
CONCURRENT_ITEMS = 8

# --- Components ------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # First of all: another scheme or a non-public address is never requested.
    "spiders.scope.ScopeMiddleware": 10,
    # Before RobotsTxtMiddleware (100): an article the dataset has is not even looked up.
    "spiders.incremental.IncrementalMiddleware": 50,
    # Right after RobotsTxtMiddleware (100): applies each host's robots.txt Crawl-delay.
    "spiders.politeness.CrawlDelayMiddleware": 110,
    # Just above RedirectMiddleware (600): a redirect back into its own chain fails, counted.
    "spiders.redirects.RedirectLoopMiddleware": 610,
    # Above HttpCompressionMiddleware (590) and RedirectMiddleware (600), and above every other
    # built-in one: sees the request exactly as sent and the response exactly as received.
    "archive.capture.WarcCaptureMiddleware": 950,
}
ITEM_PIPELINES = {
    "pipelines.extraction.ExtractionPipeline": 300,
    "pipelines.parquet.ParquetPipeline": 800,
}
EXTENSIONS = {
    "extensions.runrecord.RunRecord": 500,
    # Measures what the run read; at its end compares it with the last clean runs (exit 9).
    "extensions.driftcheck.DriftCheck": 500,
    # One progress line every PROGRESS_INTERVAL seconds instead of Scrapy's LogStats.
    "scrapy.extensions.logstats.LogStats": None,
    "extensions.progress.Progress": 500,
    # With REDIS_URL: a worker stays while any worker of the run has work (spiders/distributed.py).
    "spiders.distributed.WorkerPresence": 500,
}
PROGRESS_INTERVAL = 60.0

# Discovery (spiders/people.py): extra kinds of page to take from lists and feeds (photo, video,
# foreign, minority), and how deep a list's pagination is followed at most.
PEOPLE_INCLUDE_KINDS: list[str] = []
PEOPLE_LIST_MAX_PAGES = 50

# -a plan=1 (spiders/plan.py): the e-paper days whose layout pages a plan reads (evenly spread;
# the others are extrapolated), and the WARC bytes of an article page when the archive has no
# history to measure: 15,941 is the gzipped size of the real 2024 rm_txt page in the team's
# corpus (finance.people.com.cn c1004-40232587, 53,904 bytes).
PLAN_SAMPLE_DAYS = 7
PLAN_ARTICLE_BYTES = 16_000

# WARC capture (archive/): file-name prefix and rotation size in bytes.
WARC_ENABLED = True
WARC_PREFIX = "people"
WARC_MAX_SIZE = 1_000_000_000
WARC_OPERATOR = ""
# A payload archived in the files of the last WARC_DEDUP_DAYS is written again as a revisit.
WARC_DEDUP = True
WARC_DEDUP_DAYS = 30
WARC_GZIP_LEVEL = 6
# Records are written by a process of their own, on another core (archive/archiver.py).
WARC_PROCESS = True
# A folder of WARC files to crawl instead of the network (archive/replay.py).
REPLAY_FROM = None
# scrapy report: capture links into a pywb collection ("http://host:8080/coll/{timestamp}/{url}")
# instead of the ReplayWeb.page viewer it bundles.
REPLAY_URL_TEMPLATE = None

# Extraction (pipelines/workers.py): processes that extract articles while the crawl goes on, on
# the machine's other cores; 0 extracts in the crawl's own process.
EXTRACTION_WORKERS = 1

# Parquet (pipelines/): rows buffered per dataset before a file is written.
PARQUET_BATCH_ITEMS = 500

# Incremental runs (spiders/incremental.py): articles in the dataset are not fetched again,
# except those published within RECHECK_DAYS (a correction becomes a new version).
INCREMENTAL = True
RECHECK_DAYS = 3

# Distributed runs (spiders/distributed.py): unset, one worker; set, a shared Redis frontier.
REDIS_URL = None
DISTRIBUTED_RUN = None  # all workers of a run share it; default: today's date in Beijing
# Requests a worker takes from the shared queue at a time: few, so the others get work too.
DISTRIBUTED_CONCURRENT_REQUESTS = 4
# The shared seen-set: "set" (a Redis set, exact, ~100 bytes a URL) or "bloom" (a Bloom filter
# of Redis's own, ~4.2 bytes a URL at 1e-6; needs Redis 8, Redis Stack or RedisBloom).
DISTRIBUTED_SEEN_SET = "set"
BLOOM_CAPACITY = 10_000_000  # fingerprints the first filter is sized for; more stack on
BLOOM_ERROR_RATE = 1e-6  # the share of new pages taken for seen (and left for the next run)

# Unattended runs (extensions/exitstatus.py): a run whose errors pass these fails (exit 6).
RUN_MAX_ERRORS = None  # an absolute number, or None
RUN_MAX_ERROR_RATE = 0.1  # errors per request...
RUN_MIN_ERRORS = 5  # ...once there are at least this many

# Drift (extensions/drift.py): a run whose extraction moved away from the last clean runs' ends
# with exit status 9. False: measured and recorded (a baseline for later runs), not compared.
DRIFT_CHECK = True
DRIFT_MIN_COUNT = 20  # articles (or pages) a share is computed over, this run and the baseline
DRIFT_MARGIN = 0.25  # how far a share must rise (this run's, at the low end of its interval)
DRIFT_QUOTATION_RATIO = 0.5  # quotations per compilation-like page falling below this share
DRIFT_BASELINE_RUNS = 5  # the newest clean runs pooled, at most, into the baseline

# --- Housekeeping ----------------------------------------------------------------------------
RUN_RECORD_ENABLED = True  # OUTPUT_DIR/runs/{run_id}.json
QUIET_STARTUP = True  # Scrapy's start-up configuration lists only at DEBUG
LOG_LEVEL = "INFO"
# The full crawl stats go into the run record (runs/{run_id}.json) instead of the log.
STATS_DUMP = False
FEED_EXPORT_ENCODING = "utf-8"
