"""Child processes a crawl hands CPU work to: WARC writing (``archive.archiver``) and extraction
(``pipelines.workers``).

A crawl runs on one core; what it hands to a child runs on another. A ``ChildProcess`` is a
fresh interpreter (``python -m core.process``) holding one object, built from a factory
named by its import path; calls to that object's methods go out as pickles over the child's
stdin and come back over its stdout, answered in order.

No helper threads: on the crawl's event loop, answers are read when the pipe is readable, so a
busy loop never waits on another thread to hand it a result. Outside an event loop (``scrapy
replay``) calls are answered by blocking reads.

A child leaves stopping to the crawl: it ignores SIGINT and SIGTERM (a Ctrl-C or a systemd stop
reaches the whole process group; the crawl then finishes cleanly, with its children), ends when
its input does (the crawl closes it), and is killed with the crawl if the crawl is killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import fcntl
import importlib
import itertools
import os
import pickle
import signal
import struct
import subprocess
import sys
from collections.abc import Callable
from typing import Any, BinaryIO

from core.errors import ChildDied

# A frame: its length, then a pickle.
FRAME_HEADER = struct.Struct("!Q")
# Pipes this large (Linux's default ceiling) take a crawl's calls in flight without blocking it.
PIPE_SIZE = 1 << 20
# Seconds a child has to finish its last call and end once closed, before it is killed.
CLOSE_TIMEOUT = 300
# prctl(PR_SET_PDEATHSIG, SIGKILL): Linux's "kill me when my parent dies".
PR_SET_PDEATHSIG = 1
# How much lower the CPU priority (nice) of a crawl's helpers is than the crawl's: the crawl's
# own process paces the crawl, its helpers (WARC writing, extraction) have slack, and on two
# cores they would otherwise take turns with it. Measured on the full pipeline: 5-8% more pages
# a second at 5, no more at 10. Not for replay's workers: there, they are the work.
HELPER_NICENESS = 5


class ChildProcess:
    """``factory(*args)`` built in a child process; ``call_async``/``call`` run its methods."""

    def __init__(self, factory: str, *args: Any, nice: int = 0) -> None:
        """``factory``: "module:name" of a callable returning the object to hold; ``nice``: how
        much lower the child's CPU priority is than this process's."""
        self._process = subprocess.Popen(
            [sys.executable, "-m", "core.process", str(nice)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # What this process imports from (a Scrapyd egg included), the child does too.
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin: BinaryIO = self._process.stdin
        self._stdout = self._process.stdout.fileno()
        for fd in (self._stdin.fileno(), self._stdout):
            with contextlib.suppress(OSError, AttributeError):  # not Linux: the default size
                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        self._ids = itertools.count()
        self._pending: dict[int, asyncio.Future[Any] | None] = {}
        self._answers: dict[int, tuple[bool, Any]] = {}  # of blocking calls, read early
        self._buffer = bytearray()
        self._blocking = True  # the mode of the answers pipe (a new pipe blocks)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._dead = False
        self._send(-1, "", (factory, args))  # -1: build the object

    @property
    def pending(self) -> int:
        """Calls not answered yet."""
        return len(self._pending)

    async def call_async(self, method: str, *args: Any) -> Any:
        """``obj.method(*args)`` in the child, awaited on the running event loop."""
        loop = asyncio.get_running_loop()
        if self._loop is None and not self._dead:
            self._loop = loop
            loop.add_reader(self._stdout, self._on_readable)
        future: asyncio.Future[Any] = loop.create_future()
        call_id = self._send_call(method, args, future)
        try:
            return await future
        finally:
            self._pending.pop(call_id, None)

    def submit(self, method: str, *args: Any) -> int:
        """Send a call without waiting; ``result(id)`` waits for it."""
        return self._send_call(method, args, None)

    def result(self, call_id: int) -> Any:
        """The answer to call ``call_id`` (sent by ``submit``), blocking until it comes."""
        while call_id not in self._answers:
            if self._dead:
                raise ChildDied("the child process ended before answering")
            self._read(blocking=True)
        self._pending.pop(call_id, None)
        ok, value = self._answers.pop(call_id)
        if not ok:
            raise value
        return value

    def call(self, method: str, *args: Any) -> Any:
        """``obj.method(*args)`` in the child, waited for."""
        return self.result(self.submit(method, *args))

    def close(self) -> None:
        """End the child once it has answered every call, and wait for it."""
        if self._loop is not None:
            self._loop.remove_reader(self._stdout)
            self._loop = None
        with contextlib.suppress(OSError):
            self._stdin.close()
        try:
            self._process.wait(CLOSE_TIMEOUT)
        except subprocess.TimeoutExpired:  # stuck: a run must still end
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()  # type: ignore[union-attr]

    # -- internals -------------------------------------------------------------------------------
    def _send_call(self, method: str, args: tuple[Any, ...], future: Any) -> int:
        if self._dead:
            raise ChildDied("the child process has ended")
        call_id = next(self._ids)
        self._pending[call_id] = future
        try:
            self._send(call_id, method, args)
        except OSError as exc:  # its stdin closed: it died
            self._died()
            raise ChildDied(f"the child process has ended: {exc}") from exc
        return call_id

    def _send(self, call_id: int, method: str, args: Any) -> None:
        data = pickle.dumps((call_id, method, args), pickle.HIGHEST_PROTOCOL)
        self._stdin.write(FRAME_HEADER.pack(len(data)) + data)
        self._stdin.flush()

    def _on_readable(self) -> None:
        self._read(blocking=False)

    def _read(self, blocking: bool) -> None:
        if blocking != self._blocking:  # two system calls: only when the mode changes
            os.set_blocking(self._stdout, blocking)
            self._blocking = blocking
        try:
            chunk = os.read(self._stdout, PIPE_SIZE)
        except BlockingIOError:
            return
        if not chunk:
            self._died()
            return
        self._buffer += chunk
        while len(self._buffer) >= FRAME_HEADER.size:
            (size,) = FRAME_HEADER.unpack_from(self._buffer)
            end = FRAME_HEADER.size + size
            if len(self._buffer) < end:
                break
            call_id, ok, value = pickle.loads(self._buffer[FRAME_HEADER.size : end])
            del self._buffer[:end]
            if call_id not in self._pending:
                continue  # its caller has gone (a cancelled await)
            future = self._pending[call_id]
            if future is None:
                self._answers[call_id] = (ok, value)
            elif future.done():
                continue
            elif ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def _died(self) -> None:
        self._dead = True
        if self._loop is not None:
            self._loop.remove_reader(self._stdout)
            self._loop = None
        for future in self._pending.values():
            if future is not None and not future.done():
                future.set_exception(ChildDied("the child process ended before answering"))


# -- the child's side ---------------------------------------------------------------------------
def child_main() -> None:
    """Build the object, then answer calls until the input ends (or the crawl goes away)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with_parent()
    if len(sys.argv) > 1 and hasattr(os, "nice"):
        os.nice(int(sys.argv[1]))
    calls, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    with contextlib.suppress(BrokenPipeError, EOFError, pickle.UnpicklingError, struct.error):
        _serve(calls, answers)


def _serve(calls: BinaryIO, answers: BinaryIO) -> None:
    held: Any = None
    failure: BaseException | None = None
    while header := calls.read(FRAME_HEADER.size):
        (size,) = FRAME_HEADER.unpack(header)
        call_id, method, args = pickle.loads(calls.read(size))
        if call_id == -1:
            try:
                held = _factory(args[0])(*args[1])
            except Exception as exc:  # answered to the first call instead
                failure = exc
            continue
        try:
            if failure is not None:
                raise failure
            answer: tuple[int, bool, Any] = (call_id, True, getattr(held, method)(*args))
        except Exception as exc:
            answer = (call_id, False, _picklable(exc))
        data = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
        answers.write(FRAME_HEADER.pack(len(data)) + data)
        answers.flush()


def _die_with_parent() -> None:
    """A crawl killed outright (SIGKILL, the OOM killer) takes its children with it at once:
    none is left writing into, or holding the lock of, a file the next run must repair."""
    parent = os.getppid()
    libc_name = ctypes.util.find_library("c")
    prctl = getattr(ctypes.CDLL(libc_name), "prctl", None) if libc_name else None
    if prctl is None:
        return  # not Linux: the child ends when its input does
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before that was set
        os._exit(0)


def _factory(path: str) -> Callable[..., Any]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _picklable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


if __name__ == "__main__":
    child_main()
