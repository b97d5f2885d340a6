"""Progress of long work: a bar on a terminal, a plain line now and then anywhere else.

    with Progress("replay", total=archive_bytes, unit="B", interval=60) as progress:
        for response in responses:
            progress.update(done=bytes_read, note=f"{records:,} records")

- On a terminal (``stream``, by default stderr, is a TTY): a tqdm bar with done / total, the
  rate and the time left (a spinner and the time so far when there is no total). Log records
  and ``write`` lines appear above it, never through it: the root logger's handlers that write
  to the terminal write through tqdm while the bar is shown.
- Anywhere else (cron, systemd, a pipe, a test): no bar, never a carriage return; one plain
  line every ``interval`` seconds on ``stream``, the same figures in words::

      replay: 1.18GB of 4.00GB (30%), 12.5MB/s, about 03:51 left; 41,230 records

  so work shorter than ``interval`` prints none. ``interval`` 0: no bar and no lines.

``phase(text)`` names what is being done when it cannot be counted (``scrapy wacz`` waiting on
py-wacz): the bar spins, the plain line says ``wacz: packaging 3 WARC file(s), 01:00 so far``.
A thread keeps the bar and the lines coming while the caller is busy elsewhere (a blocking
call, a subprocess); ``update`` is cheap and may be called for every record.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from contextlib import suppress
from typing import TYPE_CHECKING, Any, TextIO

from tqdm import tqdm

if TYPE_CHECKING:
    from typing import Self

# How often the bar is redrawn when nothing calls update (the spinner, the elapsed time).
BAR_REFRESH_SECONDS = 0.5
SPINNER = "|/-\\"
_BAR_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}]{postfix}"  # noqa: E501
_COUNT_FORMAT = "{desc}: {n_fmt} [{elapsed}, {rate_fmt}]{postfix}"
_PHASE_FORMAT = "{desc} [{elapsed}]{postfix}"


def is_terminal(stream: TextIO) -> bool:
    """True when ``stream`` is an interactive terminal (a bar may be drawn on it)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Progress:
    """A progress display; use it as a context manager (or call ``close``).

    ``total`` and ``done`` are in ``unit`` (``"B"``: shown as kB, MB, GB); ``total`` may be
    unknown (None) or change as the work grows (``update(total=…)``). ``terminal`` forces the
    choice between bar and plain lines (by default: whether ``stream`` is a TTY).
    """

    def __init__(
        self,
        label: str,
        *,
        total: float | None = None,
        unit: str = "",
        interval: float = 60.0,
        stream: TextIO | None = None,
        terminal: bool | None = None,
    ) -> None:
        self.label = label
        self.unit = unit
        self.interval = interval
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = interval > 0 and (
            is_terminal(self.stream) if terminal is None else terminal
        )
        self.total = total
        self.done: float = 0
        self.note = ""
        self.current_phase = ""
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._bar: tqdm | None = None
        self._spin = 0
        self._routed: list[tuple[logging.StreamHandler, Any]] = []
        if self.terminal:
            sized = _sized(self.stream)
            self._bar = tqdm(
                total=total,
                desc=label,
                unit=unit or "it",
                unit_scale=unit == "B",
                unit_divisor=1024 if unit == "B" else 1000,
                file=self.stream,
                # A terminal that tells no size (a bare pseudo-terminal) is taken as 80×24:
                # tqdm would draw nothing in none.
                dynamic_ncols=sized,
                ncols=None if sized else 80,
                nrows=None if sized else 24,
                leave=True,
                mininterval=0.2,
                bar_format=self._bar_format(),
            )
            self._route_logging()
        self._thread: threading.Thread | None = None
        if interval > 0:
            self._thread = threading.Thread(target=self._tick, name="progress", daemon=True)
            self._thread.start()

    # -- what the caller reports ----------------------------------------------------------------
    def update(
        self,
        done: float | None = None,
        *,
        advance: float = 0,
        total: float | None = None,
        note: str | None = None,
    ) -> None:
        """Set the amount done (or ``advance`` it), the total when it is known or has grown, and
        a short note shown after the figures (``"41,230 records"``)."""
        with self._lock:
            if done is not None:
                self.done = done
            self.done += advance
            if total is not None:
                self.total = total
            if note is not None:
                self.note = note
        if self._bar is not None:
            changed_total = total is not None and self._bar.total != total
            if changed_total:
                self._bar.total = total
                self._bar.bar_format = self._bar_format()
                self._bar.set_description_str(self._description(), refresh=False)
            if note is not None:
                self._bar.set_postfix_str(note, refresh=False)
            self._bar.update(self.done - self._bar.n)
            if changed_total:
                self._bar.refresh()

    def phase(self, text: str) -> None:
        """What is being done now, when it cannot be counted (or besides the count)."""
        self.current_phase = text
        if self._bar is not None:
            self._bar.set_description_str(self._description(), refresh=True)

    def write(self, line: str) -> None:
        """A line of output that must not tear the bar (above it on a terminal)."""
        if self._bar is not None:
            tqdm.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._bar is not None:
            self._bar.close()
            self._bar = None
            self._unroute_logging()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the plain line -------------------------------------------------------------------------
    def line(self) -> str:
        """The plain progress line, as printed where there is no terminal."""
        with self._lock:
            done, total, note = self.done, self.total, self.note
        elapsed = time.monotonic() - self.started
        head = f"{self.label}: {self.current_phase}" if self.current_phase else self.label
        if not done and not total:
            text = f"{head}, {tqdm.format_interval(elapsed)} so far"
        else:
            text = f"{head}{', ' if self.current_phase else ': '}{self._amount(done)}"
            if total:
                text += f" of {self._amount(total)} ({100 * done / total:.0f}%)"
            rate = done / elapsed if elapsed > 0 else 0.0
            text += f", {self._amount(rate)}/s"
            if total and rate > 0 and total > done:
                text += f", about {tqdm.format_interval((total - done) / rate)} left"
        return f"{text}; {note}" if note else text

    def _amount(self, value: float) -> str:
        if self.unit == "B":
            return tqdm.format_sizeof(value, "B", 1024)
        number = f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
        return f"{number} {self.unit}".rstrip()

    # -- the thread that keeps things moving ------------------------------------------------------
    def _tick(self) -> None:
        wait = BAR_REFRESH_SECONDS if self.terminal else self.interval
        while not self._stop.wait(wait):
            if self._bar is not None:
                self._spin += 1
                if self.total is None:
                    self._bar.set_description_str(self._description(), refresh=False)
                with suppress(ValueError, OSError):  # the terminal went away
                    self._bar.refresh()
            else:
                with suppress(ValueError, OSError):
                    print(self.line(), file=self.stream, flush=True)

    def _description(self) -> str:
        spinner = f"{SPINNER[self._spin % len(SPINNER)]} " if self.total is None else ""
        return f"{spinner}{self.label}" + (f": {self.current_phase}" if self.current_phase else "")

    def _bar_format(self) -> str:
        if self.total:
            return _BAR_FORMAT
        return _COUNT_FORMAT if self.unit else _PHASE_FORMAT

    # -- log records above the bar --------------------------------------------------------------
    def _route_logging(self) -> None:
        """Handlers of the root logger that write to this terminal write through tqdm from now
        on, which lifts the bar, writes the record and draws the bar again below it."""
        for handler in logging.root.handlers:
            if isinstance(handler, logging.StreamHandler) and _same_stream(
                handler.stream, self.stream
            ):
                previous = handler.setStream(_AboveBar(self.stream))  # type: ignore[arg-type]
                self._routed.append((handler, previous))

    def _unroute_logging(self) -> None:
        for handler, previous in self._routed:
            handler.setStream(previous)
        self._routed.clear()


class _AboveBar:
    """A stream that writes through tqdm, so that the bars on it are moved out of the way."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        tqdm.write(text, file=self._stream, end="")
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _sized(stream: TextIO) -> bool:
    """Whether the terminal ``stream`` writes to tells its size."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError):
        return False
    return size.columns > 0 and size.lines > 0


def _same_stream(a: Any, b: Any) -> bool:
    """Whether two streams write to the same place (the same object, or the same terminal)."""
    if a is b:
        return True
    try:
        return a.fileno() == b.fileno()
    except (AttributeError, ValueError, OSError):
        return False
