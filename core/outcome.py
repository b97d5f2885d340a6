"""How a run or a command ended, as the exit status schedulers act on.

``scrapy crawl`` chooses its status from what the run did (``extensions.exitstatus``); the other
commands (``replay``, ``compact``, ``wacz``, …) from the error they stopped on
(``core.errors.exit_status_for``). One table for both:

=====  ==================  ======================================================================
code   name                when
=====  ==================  ======================================================================
0      OK                  the run finished and none of the below holds
1      FAILED              a command failed otherwise (an unreadable archive, say); or a bug
2      USAGE               a wrong argument or setting (Scrapy's own usage errors too)
3      OUTPUT_FAILED       Parquet, WARC or another output could not be written
4      START_UNREACHABLE   every start page failed to download (no HTTP answer at all); or the
                           Redis of ``REDIS_URL`` did not answer (the run is not started)
5      NOTHING_FETCHED     no page answered 200 (robots.txt aside): an all-404 site, say
                           (a worker of a distributed run that sent no request at all is OK)
6      TOO_MANY_ERRORS     errors above ``RUN_MAX_ERRORS``, or a share of requests above
                           ``RUN_MAX_ERROR_RATE`` (once there are at least ``RUN_MIN_ERRORS``)
7      ALREADY_RUNNING     another run holds the lock this one needs (the same spider into the same
                           output root; a compaction while a crawl writes, or the reverse)
8      INTERRUPTED         stopped by SIGTERM/SIGINT before the end (resume with the same JOBDIR)
9      DRIFT               the run went well, but what it extracted moved past the drift thresholds
                           against the last clean runs (a template's field empty far more often,
                           pages falling to the generic fallback, a channel whose start page links
                           no article: ``extensions.drift``); ``scrapy check-site``: a page the
                           selectors no longer read as they should. The data written is valid
=====  ==================  ======================================================================
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FAILED = 1
    USAGE = 2
    OUTPUT_FAILED = 3
    START_UNREACHABLE = 4
    NOTHING_FETCHED = 5
    TOO_MANY_ERRORS = 6
    ALREADY_RUNNING = 7
    INTERRUPTED = 8
    DRIFT = 9
