"""One exception root: every error class the project defines derives from it, in a kind that
says what a command's exit status is."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

from core.errors import (
    ArchiveError,
    Busy,
    ChildDied,
    ConfigurationError,
    DatasetBusy,
    ExtractionError,
    OutputError,
    PeoplesDailyError,
    Refused,
    ServiceUnreachable,
    exit_status_for,
)
from core.outcome import ExitStatus

STAGES = ("core", "spiders", "pipelines", "archive", "extensions", "report", "commands")


def project_exceptions() -> list[type[BaseException]]:
    found = {}
    for stage in STAGES:
        package = importlib.import_module(stage)
        for info in pkgutil.walk_packages(package.__path__, f"{stage}."):
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                    found[cls.__qualname__] = cls
    return list(found.values())


def test_every_project_exception_derives_from_the_root() -> None:
    classes = project_exceptions()
    assert len(classes) >= 20  # the whole tree was found, not a corner of it
    strays = [c.__qualname__ for c in classes if not issubclass(c, PeoplesDailyError)]
    assert not strays


def test_each_leaf_belongs_to_one_kind_a_caller_tells_apart() -> None:
    kinds = (ConfigurationError, OutputError, Busy, ArchiveError, ExtractionError, ChildDied)
    kinds += (Refused, ServiceUnreachable)
    for cls in project_exceptions():
        if cls is PeoplesDailyError or cls in kinds:
            continue
        assert sum(issubclass(cls, kind) for kind in kinds) == 1, cls


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ConfigurationError("bad"), ExitStatus.USAGE),
        (OutputError("disk full"), ExitStatus.OUTPUT_FAILED),
        (DatasetBusy("compaction runs"), ExitStatus.ALREADY_RUNNING),
        (ArchiveError("not a WARC"), ExitStatus.FAILED),
        (ChildDied("killed"), ExitStatus.FAILED),
        (ServiceUnreachable("Redis does not answer"), ExitStatus.START_UNREACHABLE),
    ],
)
def test_exit_status_of_each_kind(error: PeoplesDailyError, status: ExitStatus) -> None:
    assert exit_status_for(error) == status


def test_kinds_keep_the_stdlib_types_callers_caught_before() -> None:
    assert issubclass(OutputError, OSError) and issubclass(ConfigurationError, ValueError)
