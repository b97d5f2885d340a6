"""Time as the project keeps it: Beijing time (Asia/Shanghai) for what the sites print and for
"today", UTC for when things happened on this machine."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI_NAME = "Asia/Shanghai"
SHANGHAI = ZoneInfo(SHANGHAI_NAME)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def shanghai_today() -> dt.date:
    """Today's date in Beijing: the day the e-paper is dated, the day a run is named after."""
    return dt.datetime.now(SHANGHAI).date()


def shanghai_time(
    year: str | int, month: str | int, day: str | int, hour: str | int = 0, minute: str | int = 0
) -> dt.datetime | None:
    """A Beijing-time datetime from printed parts, or None when they name no real moment
    (2024年13月…, November 31)."""
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=SHANGHAI)
    except ValueError:
        return None
