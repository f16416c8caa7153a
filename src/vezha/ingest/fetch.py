"""Fetching URLs with an injected httpx client: timeout, size cap, user agent, SSRF policy.

Redirects are followed by hand so that every hop passes the policy: http(s) only, no
loopback, private, link-local, reserved or multicast address (unless
``settings.fetch_allow_private``), at most ``settings.fetch_max_redirects`` hops. Host names
are resolved by ``resolve`` (``socket.getaddrinfo`` by default; tests pass a table) and every
address must pass, and so must the address the connection actually reached (DNS rebinding).
The body is streamed and cut at ``settings.max_file_bytes`` (V205); the whole fetch, redirects
and body included, must end within ``settings.fetch_timeout`` (V212), as must each read.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from typing import Callable, Iterable
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import IngestError
from ..settings import Settings

__all__ = ["fetch_url", "check_url", "resolve_host", "REDIRECT_CODES"]

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
SCHEMES = ("http", "https")
Resolver = Callable[[str], Iterable[str]]


def resolve_host(host: str) -> list[str]:
    """Addresses of a host name, by the system resolver."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})
    except (socket.gaierror, UnicodeError) as exc:
        raise IngestError(f"cannot resolve host {host!r}: {exc}", code="V211", source=host) from exc


NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _forbidden(address: str) -> bool:
    """Anything but a globally reachable unicast address, an IPv4 one inside IPv6 included
    (``::ffff:127.0.0.1``, NAT64 ``64:ff9b::a00:1``, 6to4); shared space 100.64/10 too."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return any(not x.is_global or x.is_multicast for x in (ip, *_embedded(ip)))


def _embedded(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    if ip.version == 4:
        return []
    inner = [ip.ipv4_mapped, ip.sixtofour]
    if ip in NAT64:
        inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [x for x in inner if x is not None]


def _addresses(host: str, resolve: Resolver) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        return list(resolve(host))


def check_url(url: str, settings: Settings, resolve: Resolver = resolve_host) -> None:
    """IngestError V214 unless the URL is http(s) to a host the policy allows."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise IngestError(f"only http(s) URLs with a host are fetched: {url}", code="V214", source=url)
    if settings.fetch_allow_private:
        return
    host = parts.hostname.rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        raise IngestError("refusing to fetch localhost", code="V214", source=url)
    bad = [a for a in _addresses(parts.hostname, resolve) if _forbidden(a)]
    if bad:
        raise IngestError(f"refusing a private, loopback or link-local address ({bad[0]})",
                          code="V214", source=url)


def _read_capped(response: httpx.Response, cap: int, url: str, deadline: float) -> bytes:
    """The body, at most ``cap`` bytes, read before ``deadline`` (a server that drips a byte
    at a time would pass every read timeout and never end)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise IngestError(f"body of {declared} bytes is over the {cap}-byte limit", code="V205", source=url)
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise IngestError(f"body is over the {cap}-byte limit", code="V205", source=url)
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the whole fetch took longer than fetch_timeout",
                                    request=response.request)
        chunks.append(chunk)
    return b"".join(chunks)


def _check_peer(response: httpx.Response, settings: Settings, url: str) -> None:
    """The address actually connected to must pass the policy too: a DNS answer that changed
    since ``check_url`` (DNS rebinding) is refused before the body is read."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer and not settings.fetch_allow_private and _forbidden(str(peer[0])):
        raise IngestError(f"refusing a private, loopback or link-local address ({peer[0]}) "
                          "the host name resolved to on connecting", code="V214", source=url)


def _hop(url: str, settings: Settings, client: httpx.Client,
         deadline: float) -> tuple[str | None, bytes, str]:
    """One request: (redirect target or None, body, content type)."""
    headers = {"User-Agent": settings.user_agent}
    with client.stream("GET", url, headers=headers, timeout=settings.fetch_timeout,
                       follow_redirects=False) as response:
        _check_peer(response, settings, url)
        if response.status_code in REDIRECT_CODES and "location" in response.headers:
            return urljoin(url, response.headers["location"]), b"", ""
        if response.status_code >= 400:
            raise IngestError(f"HTTP status {response.status_code}", code="V211", source=url)
        body = _read_capped(response, settings.max_file_bytes, url, deadline)
        return None, body, response.headers.get("content-type", "")


def fetch_url(url: str, settings: Settings, client: httpx.Client,
              resolve: Resolver = resolve_host) -> tuple[bytes, str, str]:
    """(body, final URL, content type); IngestError V205, V211, V212 or V214."""
    current, deadline = url, time.monotonic() + settings.fetch_timeout
    for _ in range(settings.fetch_max_redirects + 1):
        check_url(current, settings, resolve)
        if time.monotonic() > deadline:
            raise IngestError(f"timed out after {settings.fetch_timeout:g} s", code="V212", source=url)
        try:
            target, body, content_type = _hop(current, settings, client, deadline)
        except httpx.TimeoutException as exc:
            raise IngestError(f"timed out after {settings.fetch_timeout:g} s", code="V212", source=url) from exc
        except httpx.HTTPError as exc:
            raise IngestError(f"{type(exc).__name__}: {exc}", code="V211", source=url) from exc
        if target is None:
            return body, current, content_type
        current = target
    raise IngestError(f"more than {settings.fetch_max_redirects} redirects", code="V214", source=url)
