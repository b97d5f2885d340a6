"""What a crawl may reach: http(s) only, and only public addresses.

Scrapy's OffsiteMiddleware keeps a crawl on the configured domains (ALLOWED_DOMAINS). Two more
things can lead it elsewhere, and this module stops both:

- a URL whose scheme is not http(s) (a ``file:``, ``ftp:`` or ``data:`` link or redirect on a
  page would read a local file or another service): ``ScopeMiddleware`` refuses it, and
  settings.py switches those download handlers off besides;
- a name in scope that resolves to a private, loopback, link-local or otherwise non-public
  address (an intranet host under the site's domain, a DNS answer pointing at the crawler's own
  network, a cloud metadata address): ``PublicAddressResolver`` refuses it when it is resolved,
  before any connection; ``ScopeMiddleware`` refuses such an address written in the URL.

``ALLOWED_NETWORKS`` (CIDR list) lets chosen non-public networks through: the tests' sample site
on 127.0.0.1, a mirror on the local network. A proxy (``http_proxy``) is the operator's choice:
given as an address it is not checked (given by a name, that name is); what it is asked for is.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from core.errors import ConfigurationError, Refused

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.internet.base import ReactorBase
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutOfScope(Refused, IgnoreRequest):
    """A request the crawl must not make: another scheme, or a non-public address in its URL."""


class NonPublicAddress(Refused, DNSLookupError):
    """A name resolved to an address the crawl must not connect to.

    A lookup error to Twisted, so the request fails as an unresolvable name does (counted as an
    error, the warning logged once per name) rather than with a traceback.
    """


def allowed_networks(settings: BaseSettings) -> tuple[Network, ...]:
    """ALLOWED_NETWORKS as networks; a clear error for a malformed entry."""
    networks = []
    for entry in settings.getlist("ALLOWED_NETWORKS"):
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ConfigurationError(f"ALLOWED_NETWORKS: {exc}") from None
    return tuple(networks)


def refusal(address: str, allowed: Sequence[Network]) -> str | None:
    """Why ``address`` (an IP address) may not be reached, or None when it may."""
    ip: Address = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    if any(ip in network for network in allowed):
        return None
    if ip.is_global and not ip.is_multicast:  # ipaddress counts some multicast as global
        return None
    for kind in ("loopback", "link_local", "unspecified", "multicast", "private", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return f"{ip} is a {kind.replace('_', '-')} address"
    return f"{ip} is not a public address"


class ScopeMiddleware:
    """Downloader middleware: refuses other schemes and non-public addresses in URLs."""

    def __init__(self, allowed: tuple[Network, ...]) -> None:
        self.allowed = allowed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(allowed_networks(crawler.settings))

    def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ALLOWED_SCHEMES:
            raise OutOfScope(f"{request.url}: only http and https are fetched")
        host = parts.hostname or ""
        if not _is_ip(host):
            return  # a name: checked when it is resolved (PublicAddressResolver)
        if reason := refusal(host, self.allowed):
            raise OutOfScope(f"{request.url}: {reason}")


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to non-public addresses."""

    def __init__(
        self,
        reactor: ReactorBase,
        cache_size: int,
        timeout: float,
        allowed: tuple[Network, ...] = (),
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.allowed = allowed
        self.refused: set[str] = set()  # names already reported

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allowed = allowed_networks(crawler.settings)
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        return super().getHostByName(name, timeout).addCallback(self._check, name)

    def _check(self, address: str, name: str) -> str:
        if _is_ip(name):
            return address  # an address itself, not a name: a proxy's, or checked in the URL
        if reason := refusal(address, self.allowed):
            if name not in self.refused:
                self.refused.add(name)
                logger.warning("Not connecting to %s: %s (see ALLOWED_NETWORKS)", name, reason)
            raise NonPublicAddress(f"{name} resolves to {address}: {reason}")
        return address


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
