"""A People's Daily–style sample site, served as an HTTP forward proxy for the real host names.

Crawlers reach it with a standard ``http_proxy=http://127.0.0.1:PORT``, so they crawl (and the
WARC records) the real URL space: ``http://politics.people.com.cn/GB/1024/index.html`` and so
on. Pages live under ``samplesite/site/{host}/{path}`` as UTF-8 files; ``SPECIAL`` says which are
served otherwise (GB18030 bytes, gzip, redirects). Every exchange is logged, with the exact bytes
sent, so tests can compare archives with what the server really sent.
"""

from __future__ import annotations

import gzip
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from samplesite.faults import (
    FAULT_DELAY,
    HUGE_BYTES,
    MALFORMED,
    FaultPlan,
    bomb,
    truncated_gzip,
)
from samplesite.generated import GeneratedSite

SITE_ROOT = Path(__file__).parent / "site"
# Hosts this site answers for; anything else is refused (and logged as out of scope).
SITE_DOMAINS = ("people.com.cn", "people.cn")
ROBOTS_TXT = b"User-agent: *\nDisallow: /servlet/\nDisallow: /GB/admin/\n"
# Hosts whose robots.txt asks for a Crawl-delay (www's is reported to ask for 120 s).
CRAWL_DELAYS = {"www.people.com.cn": 120, "politics.people.com.cn": 1}


@dataclass(frozen=True, slots=True)
class Special:
    """How one URL is served when not as a plain GB2312-declared page."""

    charset: str = "GB2312"  # declared in Content-Type; bytes are encoded as GB18030 for GB*
    encode_as: str | None = None  # bytes in another encoding than declared (a mislabelled page)
    gzip: bool = False
    redirect_to: str | None = None
    status: int = 200


SEED_URL = "http://cpc.people.com.cn/n1/2022/1111/c164113-32564489.html"
SPECIAL: dict[str, Special] = {
    # The seed article: GB18030 bytes under a GB2312 declaration, gzip-compressed.
    SEED_URL: Special(gzip=True),
    # An old-style www link that the site moves to the channel host.
    "http://www.people.com.cn/n1/2022/1109/c1001-32561003.html": Special(
        redirect_to="http://politics.people.com.cn/n1/2022/1109/c1001-32561003.html", status=301
    ),
    # UTF-8 bytes under a GB2312 label, as mislabelled pages and re-encoded copies are.
    "http://politics.people.com.cn/n1/2022/1108/c1001-32560500.html": Special(encode_as="utf-8"),
}
# Hosts whose pages are UTF-8.
UTF8_HOSTS = ("paper.people.com.cn", "yuqing.people.com.cn", "en.people.cn")


# The longest a held request waits for its release (a test that forgot to release it).
HOLD_TIMEOUT = 120.0


@dataclass(slots=True)
class Hold:
    """A URL the site keeps its client waiting on, once: ``arrived`` is set when the request
    comes, and the answer goes when ``release()`` is called. Tests use it to act while a crawl
    is surely under way, whatever the machine's speed, instead of guessing with delays."""

    url: str
    arrived: threading.Event = field(default_factory=threading.Event)
    _released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self._released.set()

    def wait(self) -> None:
        self.arrived.set()
        self._released.wait(HOLD_TIMEOUT)


@dataclass(slots=True)
class Exchange:
    """One request the site answered, with exactly what it sent back."""

    method: str
    url: str
    request_headers: dict[str, str]
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    time: float = field(default_factory=time.time)  # when the request arrived


class SampleSite(ThreadingHTTPServer):
    """The server; ``exchanges`` lists everything it answered, in order."""

    daemon_threads = True

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        root: Path = SITE_ROOT,
        faults: FaultPlan | None = None,
        generated: GeneratedSite | None = None,
        keep_exchanges: bool = True,
    ) -> None:
        super().__init__((host, port), _Handler)
        self.root = root
        self.exchanges: list[Exchange] = []
        self.faults = faults  # the fault-injecting mode (samplesite.faults), off when None
        self.generated = generated  # pages built on request (samplesite.generated), besides root's
        self.keep_exchanges = keep_exchanges  # off for long runs: the log keeps every body
        self.requests_served = 0
        self.holds: dict[str, Hold] = {}
        self._lock = threading.Lock()
        self._recorded = threading.Condition(self._lock)  # told of each exchange as it is logged
        self._thread: threading.Thread | None = None

    @property
    def proxy_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SampleSite:
        self._thread = threading.Thread(target=self.serve_forever, name="samplesite", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the client went away (killed, timed out): nothing to report
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    def hold(self, url: str) -> Hold:
        """Keep the next request for ``url`` waiting until the returned hold is released."""
        self.holds[url] = hold = Hold(url)
        return hold

    def record(self, exchange: Exchange) -> None:
        with self._recorded:
            self.requests_served += 1
            if self.keep_exchanges:
                self.exchanges.append(exchange)
            self._recorded.notify_all()

    def wait_for_exchange(self, url: str, after: int = 0, timeout: float = 60.0) -> Exchange:
        """The first exchange for ``url`` logged at index ``after`` or later, once it is logged.

        The site logs an exchange once it has sent the whole answer, which may be a moment after
        the client has read it: a test asks for it here rather than reading the log at once.
        """

        def found() -> Exchange | None:
            return next((e for e in self.exchanges[after:] if e.url == url), None)

        with self._recorded:
            if not self._recorded.wait_for(found, timeout):
                raise TimeoutError(f"no exchange for {url} within {timeout} s")
            return found()  # type: ignore[return-value]

    def respond(self, url: str) -> tuple[int, list[tuple[str, str]], bytes]:
        """Status, headers and body bytes for ``url``."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not any(host == d or host.endswith("." + d) for d in SITE_DOMAINS):
            return 403, [("Content-Type", "text/plain")], b"out of scope for the sample site\n"
        if parts.path == "/robots.txt":
            delay = CRAWL_DELAYS.get(host)
            extra = f"Crawl-delay: {delay}\n".encode() if delay else b""
            return 200, [("Content-Type", "text/plain")], ROBOTS_TXT + extra
        if self.generated and (answer := self.generated.respond(url)):
            return answer
        special = SPECIAL.get(url.split("#")[0], Special())
        if special.redirect_to:
            return special.status, [("Location", special.redirect_to)], b""
        path = (self.root / host / parts.path.lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_relative_to(self.root.resolve()) or not path.is_file():
            return 404, [("Content-Type", "text/html; charset=GB2312")], b"<h1>404</h1>"
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".xml", ".opml"):
            return 200, [("Content-Type", "text/xml; charset=utf-8")], text.encode()
        charset = "utf-8" if host in UTF8_HOSTS else special.charset
        codec = special.encode_as or ("gb18030" if charset.upper().startswith("GB") else charset)
        body = text.encode(codec)
        headers = [("Content-Type", f"text/html; charset={charset}")]
        if special.gzip:
            body = gzip.compress(body, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        return special.status, headers, body


def _faulty(
    fault: str | None, url: str, status: int, headers: list[tuple[str, str]], body: bytes
) -> tuple[int, list[tuple[str, str]], bytes]:
    """The answer as a fault changes it (see samplesite.faults.FAULT_KINDS)."""
    html = [("Content-Type", "text/html; charset=GB2312")]
    match fault:
        case "503":
            return 503, [*html, ("Retry-After", "1")], b"<h1>503</h1>"
        case "500" | "502":
            return int(fault), html, f"<h1>{fault}</h1>".encode()
        case "truncated_gzip":
            return status, [*headers, ("Content-Encoding", "gzip")], truncated_gzip(body)
        case "wrong_charset":
            return status, html, body.decode("gb18030", "replace").encode("utf-8")
        case "malformed":
            return 200, html, MALFORMED
        case "huge":
            return 200, html, b"<p>" + b"x" * HUGE_BYTES
        case "redirect_loop":
            return 302, [("Location", url)], b""
        case "empty":
            return 200, html, b""
        case "gzip_bomb":
            return 200, [*html, ("Content-Encoding", "gzip")], bomb("gzip")
        case "brotli_bomb":
            return 200, [*html, ("Content-Encoding", "br")], bomb("br")
    return status, headers, body


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SampleSite

    def version_string(self) -> str:
        return "nginx"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        arrived = time.time()
        # A proxy request carries the absolute URL; a direct one only the path and Host.
        url = (
            self.path if "://" in self.path else f"http://{self.headers.get('Host', '')}{self.path}"
        )
        if (held := self.server.holds.pop(url, None)) is not None:
            held.wait()
        fault = self.server.faults.take(url) if self.server.faults else None
        if fault == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return  # closing now sends a TCP reset: no answer at all
        if fault == "timeout":
            time.sleep(FAULT_DELAY)
        status, headers, body = _faulty(fault, url, *self.server.respond(url))
        headers = [*headers, ("Content-Length", str(len(body)))]
        try:
            self.send_response(status, HTTPStatus(status).phrase)
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            if send_body:
                self._send_body(body, slow=fault == "slow")
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up (a timeout, a body too large): it received nothing whole
        if fault == "timeout":
            return  # sent after the client had stopped waiting
        sent = [("Server", self.version_string()), *headers]
        self.server.record(
            Exchange(self.command, url, dict(self.headers.items()), status, sent, body, arrived)
        )

    def _send_body(self, body: bytes, slow: bool) -> None:
        if not slow:
            self.wfile.write(body)
            return
        step = max(1, len(body) // 10)
        for start in range(0, len(body), step):
            self.wfile.write(body[start : start + step])
            self.wfile.flush()
            time.sleep(0.05)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the exchanges list is the log
