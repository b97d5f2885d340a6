"""Shared fixtures: the sample site on 127.0.0.1, the real-page corpus, and a crawl runner."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from samplesite import SampleSite
from samplesite.server import SITE_ROOT

# The browser fixtures (chromium, a fresh page), for any test that drives one.
pytest_plugins = ["tests.browser"]

# Property tests check what is computed, not how fast: no per-example deadline (a busy machine
# would fail them for nothing). The suite draws the same examples every run (repeatable CI);
# `make fuzz` (FUZZ_EXAMPLES set) draws new ones each time.
settings.register_profile("suite", deadline=None, derandomize=True)
settings.register_profile("fuzz", deadline=None)
settings.load_profile("fuzz" if os.environ.get("FUZZ_EXAMPLES") else "suite")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL_CORPUS = SHARED / "corpus" / "real"
SEED_TEXT = SHARED / "seed" / "seed-article.txt"
# pywb pins an old redis client that scrapy-redis cannot use: `make test` installs it, with the
# other archivists' replay tools, in a venv of its own.
TOOLS_BIN = REPO / ".venv" / "tools" / "bin"
# Against the local sample site no politeness delay is needed.
FAST = [
    "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CRAWL_DELAY_OVERRIDE=0",
    "-s", "LOG_LEVEL=INFO",
]  # fmt: skip


@pytest.fixture(scope="session")
def site() -> Iterator[SampleSite]:
    server = SampleSite().start()
    yield server
    server.stop()


@pytest.fixture
def real_corpus() -> Path:
    if not REAL_CORPUS.is_dir():
        pytest.skip(f"real-page corpus not present at {REAL_CORPUS} (only in the team checkout)")
    return REAL_CORPUS


@pytest.fixture(scope="session")
def pywb_bin() -> Path:
    if not (TOOLS_BIN / "wayback").exists():
        pytest.skip(f"pywb is not installed in {TOOLS_BIN} (`make test` installs it there)")
    return TOOLS_BIN


@dataclass
class CrawlResult:
    returncode: int
    log: str
    output: Path


def scrapy_env(proxy: str | None) -> dict[str, str]:
    """The environment a user's shell would give ``scrapy``, with the sample site as proxy."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "no_proxy")}
    if proxy:
        env["http_proxy"] = proxy
    return env


def run_scrapy(args: list[str], proxy: str | None, output: Path, timeout: int = 120) -> CrawlResult:
    """Run a ``scrapy`` command from the repository root, as a user would."""
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=REPO,
        env=scrapy_env(proxy),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return CrawlResult(proc.returncode, proc.stdout + proc.stderr, output)


def crawl_args(spider: str, output: Path, *args: str) -> list[str]:
    """``crawl SPIDER`` into ``output``, fast (``args`` last, so they win over the defaults)."""
    return ["crawl", spider, "-s", f"OUTPUT_DIR={output}", *FAST, *args]


def crawl(spider: str, site: SampleSite, output: Path, *args: str) -> CrawlResult:
    """``scrapy crawl SPIDER`` through the sample site's proxy into ``output``."""
    return run_scrapy(crawl_args(spider, output, *args), site.proxy_url, output)


def start_crawl(spider: str, site: SampleSite, output: Path, *args: str) -> subprocess.Popen[str]:
    """The same crawl, started in the background (to be stopped or killed by the test)."""
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", *crawl_args(spider, output, *args)],
        cwd=REPO,
        env=scrapy_env(site.proxy_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


# The sample site as a redesign might leave it under a crawler (tests/test_drift.py and
# tests/commands/test_check_site.py).
RENAMED_BODY = ("rm_txt_con", "rm_txt_body")  # politics.people.com.cn: rm_txt → generic
RENAMED_EDITORS = ('class="edit', 'class="editor-line')  # the other rm_txt pages: no editors
EMPTIED_LIST = "theory.people.com.cn/GB/409499/index.html"  # still there, links no article
GONE_LIST = "opinion.people.com.cn/GB/159301/index.html"  # 404
_ARTICLE_HREF = re.compile(r'href="[^"]*/n1?/\d{4}/[^"]*"')


def drifted_site(where: Path) -> Path:
    """A copy of the sample site in ``where`` with template classes renamed and two channels
    dead: the politics pages' rm_txt body class renamed (they fall to the generic fallback),
    the web editors' class renamed on the other rm_txt pages, the theory list linking no
    article and the opinion list gone."""
    root = where / "drifted-site"
    shutil.copytree(SITE_ROOT, root)
    for page in root.glob("**/*.html"):
        html = page.read_text(encoding="utf-8")
        if RENAMED_BODY[0] not in html:
            continue
        if page.is_relative_to(root / "politics.people.com.cn"):
            html = html.replace(*RENAMED_BODY)
        else:
            html = html.replace(*RENAMED_EDITORS)
        page.write_text(html, encoding="utf-8")
    emptied = root / EMPTIED_LIST
    emptied.write_text(_ARTICLE_HREF.sub('href="#"', emptied.read_text(encoding="utf-8")))
    (root / GONE_LIST).unlink()
    return root
