"""Redirects that lead nowhere: a page redirecting to itself, or back into its own chain.

Scrapy follows such a loop until REDIRECT_MAX_TIMES, or, when the target was requested already,
drops the redirected request without a word (its duplicate filter). Either way the page is lost
without the run saying why. ``RedirectLoopMiddleware`` stops the loop at its first repeat and
fails the request with ``RedirectLoop``: counted, logged in one line, and the 3xx is archived.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest

from core.errors import Refused

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response


class RedirectLoop(Refused, IgnoreRequest):
    """A redirect to a URL already in the request's own redirect chain."""


class RedirectLoopMiddleware:
    """Downloader middleware; enable it just above RedirectMiddleware (settings.py: 610)."""

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if not 300 <= response.status < 400 or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1")).split("#", 1)[0]
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise RedirectLoop(f"{request.url} redirects back to {target} (a loop)")
        return response
