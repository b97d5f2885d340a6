"""Every error this project raises, under one root, in the few kinds a caller tells apart.

    PeoplesDailyError                      the root: ``except PeoplesDailyError`` catches them all
    ├── ConfigurationError (ValueError)    a wrong setting or argument: fix the command line
    │   ├── SpiderArgumentError            spiders.base: a wrong ``-a name=value``
    │   └── CannotServe                    archive.viewer.server: a port in use, a wrong address
    ├── OutputError (OSError)              something could not be written: disk, store, package
    │   ├── ParquetWriteError              pipelines.dataset
    │   ├── CompactionError                pipelines.compaction
    │   ├── WarcWriteError                 archive.warc
    │   ├── ArchiveIndexError              archive.index
    │   ├── UploadError                    archive.upload
    │   ├── WaczError                      archive.wacz
    │   ├── ReportError                    report.site: the report folder could not be written
    │   └── ReleaseError                   core.npm: a pinned release not cached or not intact
    │       └── ViewerError                archive.viewer.package: ReplayWeb.page not cached
    ├── Busy                               another run holds what this one needs (a lock)
    │   └── DatasetBusy                    a compaction, or the writers it waits for
    ├── ArchiveError                       an archive could not be read
    │   ├── ArchiveReadError               archive.reader
    │   ├── ArchiveDecodeError             spiders.archived: a payload that decodes to no page
    │   └── ReportDataError                report.data: the datasets could not be read
    ├── ExtractionError                    a page could not be turned into a row
    │   └── ExtractionWorkerError          pipelines.workers: its worker died, twice
    ├── ChildDied (RuntimeError)           core.process: a helper process ended mid-call
    ├── ServiceUnreachable                 a service the run needs did not answer (Redis)
    └── Refused                            a request the crawl chose not to make: not a failure
        ├── OutOfScope                     spiders.scope (also Scrapy's IgnoreRequest)
        ├── NonPublicAddress               spiders.scope (also Twisted's DNSLookupError)
        ├── RedirectLoop                   spiders.redirects (also IgnoreRequest)
        └── AlreadyArchived                spiders.incremental (also IgnoreRequest)

The leaves live beside the code that raises them; the kinds live here, with what each means
for a command's exit status (``exit_status_for``). Each stage's errors subclass the stdlib type
they used to be (OSError, ValueError), so existing ``except OSError`` code keeps working.
"""

from __future__ import annotations

from core.outcome import ExitStatus


class PeoplesDailyError(Exception):
    """The root of every error raised by this project."""


class ConfigurationError(PeoplesDailyError, ValueError):
    """A setting or an argument is wrong; nothing was started."""


class OutputError(PeoplesDailyError, OSError):
    """Output (Parquet, WARC, an index, a package, an upload) could not be written."""


class Busy(PeoplesDailyError):
    """A lock is held in a way that excludes this use: another run is at work."""


class DatasetBusy(Busy):
    """The dataset is being written (for compaction) or compacted (for a writer)."""


class ArchiveError(PeoplesDailyError):
    """An archive (WARC, WACZ) or a record in it could not be read."""


class ExtractionError(PeoplesDailyError):
    """A page could not be turned into rows."""


class ChildDied(PeoplesDailyError, RuntimeError):
    """A child process ended with calls unanswered (killed, out of memory, a crash)."""


class ServiceUnreachable(PeoplesDailyError):
    """A service the run cannot start without (the Redis of ``REDIS_URL``) did not answer."""


class Refused(PeoplesDailyError):
    """A request the crawl decided not to make (out of scope, a loop, archived already)."""


def exit_status_for(error: BaseException) -> ExitStatus:
    """The documented exit status of a command that stopped on ``error``."""
    if isinstance(error, ConfigurationError):
        return ExitStatus.USAGE
    if isinstance(error, OutputError):
        return ExitStatus.OUTPUT_FAILED
    if isinstance(error, Busy):
        return ExitStatus.ALREADY_RUNNING
    if isinstance(error, ServiceUnreachable):
        return ExitStatus.START_UNREACHABLE
    return ExitStatus.FAILED
