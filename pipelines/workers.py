"""Extraction off the crawl's event loop: worker processes (``core.process``).

Extraction is pure CPU work, 1–2 ms a page. Done in the crawl's own process it holds up the
downloads, the WARC and the Parquet writes that share that one core; in worker processes it
runs on the machine's other cores. The extraction pipeline (``EXTRACTION_WORKERS``) and
``scrapy replay`` (``--workers``) both use it. With 0 workers everything runs in-process.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from core.errors import ChildDied, ExtractionError
from core.items import ArticlePages
from core.process import ChildProcess
from pipelines.records import ExtractedArticle

# pipelines.article.extract_article: pure, and importable in a worker (a module-level function).
Extract = Callable[[ArticlePages], ExtractedArticle]

logger = logging.getLogger(__name__)

# Articles handed to the pool ahead of the one awaited, per worker (extract_all): enough to keep
# the workers busy, few enough that a large archive is never all in memory.
AHEAD_PER_WORKER = 32


class ExtractionWorkerError(ExtractionError):
    """A worker process died while extracting this article (twice, in fresh workers)."""


class ExtractorPool:
    """``extract`` (pipelines.article.extract_article) in ``workers`` processes (0: here).

    A worker that dies (killed, out of memory) takes the articles it held with it: it is
    started afresh and each is tried once more; a second death is that article's error, not
    the run's.
    """

    def __init__(self, extract: Extract, workers: int, nice: int = 0) -> None:
        """``nice``: how much lower the workers' CPU priority is than this process's
        (``core.process.HELPER_NICENESS`` when they help a crawl)."""
        self.extract_article = extract
        self.workers = max(0, workers)
        self.nice = nice
        self._children: list[ChildProcess] = []

    def start(self) -> None:
        """Start the workers now rather than at the first article (they take a moment)."""
        while len(self._children) < self.workers:
            self._children.append(self._new_child())

    async def extract(self, item: ArticlePages) -> ExtractedArticle:
        """The article, extracted in a worker while the event loop goes on."""
        if not self.workers:
            return self.extract_article(item)
        for attempt in (1, 2):
            child = self._least_busy()
            try:
                extracted: ExtractedArticle = await child.call_async(self._name, item)
                return extracted
            except ChildDied:
                self._replace(child)
                if attempt == 2:
                    raise ExtractionWorkerError(
                        f"extraction worker died on {getattr(item, 'url', item)}"
                    ) from None
        raise AssertionError("unreachable")

    def extract_all(self, items: Iterable[ArticlePages]) -> Iterator[ExtractedArticle | Exception]:
        """Each item extracted, in order: the article, or the exception its extraction raised."""
        if not self.workers:
            for item in items:
                yield _outcome(lambda item=item: self.extract_article(item))
            return
        window: deque[tuple[ArticlePages, ChildProcess, int]] = deque()
        for item in items:
            child = self._least_busy()
            window.append((item, child, child.submit(self._name, item)))
            if len(window) >= self.workers * AHEAD_PER_WORKER:
                yield self._collect(*window.popleft())
        while window:
            yield self._collect(*window.popleft())

    def close(self) -> None:
        for child in self._children:
            child.close()
        self._children = []

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------------
    @property
    def _name(self) -> str:
        return self.extract_article.__name__

    def _new_child(self) -> ChildProcess:
        # The child holds the function's module and calls the function by name.
        return ChildProcess(
            "importlib:import_module", self.extract_article.__module__, nice=self.nice
        )

    def _least_busy(self) -> ChildProcess:
        self.start()
        return min(self._children, key=lambda c: c.pending)

    def _replace(self, child: ChildProcess) -> None:
        if child in self._children:
            logger.error("An extraction worker died; starting another")
            self._children.remove(child)
            child.close()
            self._children.append(self._new_child())

    def _collect(
        self, item: ArticlePages, child: ChildProcess, call_id: int
    ) -> ExtractedArticle | Exception:
        try:
            return child.result(call_id)  # type: ignore[no-any-return]
        except ChildDied:
            self._replace(child)
        except Exception as exc:  # what extract_article raised, carried over from the worker
            return exc
        return _outcome(lambda: self._least_busy().call(self._name, item))


def _outcome(result: Callable[[], ExtractedArticle]) -> ExtractedArticle | Exception:
    """What ``result()`` returns, or the exception it raises (a worker's death included)."""
    try:
        return result()
    except ChildDied as exc:
        return ExtractionWorkerError(f"extraction worker died: {exc}")
    except Exception as exc:  # what extract_article raised, carried over from the worker
        return exc
