"""Rate limiting: a token bucket per client address, as ASGI middleware.

Each client address gets a bucket of ``burst`` tokens that refills at ``per_second`` tokens a
second; a request takes one token, a write (POST, PUT, PATCH, DELETE) takes ``WRITE_COST``
(or the whole burst, if that is smaller).
An empty bucket answers 429 with ``Retry-After`` and the one JSON error shape (code V112).
Static files are not counted. ``per_second <= 0`` turns the limiter off. The address is the
TCP peer's (``X-Forwarded-For`` is not trusted: run one limiter per proxy if needed). At most
``MAX_CLIENTS`` buckets are kept; idle (full) ones are dropped first.
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import ConfigError

__all__ = ["RateLimit", "Bucket", "WRITE_COST", "MAX_CLIENTS", "EXEMPT_PREFIXES"]

WRITE_COST = 10.0
MAX_CLIENTS = 10_000
EXEMPT_PREFIXES = ("/static/",)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(slots=True)
class Bucket:
    tokens: float
    stamp: float

    def take(self, cost: float, rate: float, burst: float, now: float) -> float:
        """0 when ``cost`` tokens were taken, else the seconds until they will be there."""
        self.tokens = min(burst, self.tokens + (now - self.stamp) * rate)
        self.stamp = now
        if self.tokens >= cost:
            self.tokens -= cost
            return 0.0
        return (cost - self.tokens) / rate


class RateLimit:
    """429 (V112) for a client address that spends tokens faster than ``per_second``."""

    def __init__(self, app: Any, per_second: float, burst: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.rate = float(per_second)
        self.burst = max(float(burst), 1.0)
        self.clock = clock
        self.buckets: dict[str, Bucket] = {}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or self.rate <= 0 or scope["path"].startswith(EXEMPT_PREFIXES):
            return await self.app(scope, receive, send)
        cost = min(WRITE_COST, self.burst) if scope.get("method", "GET") in WRITE_METHODS else 1.0
        wait = self._bucket(_client(scope)).take(cost, self.rate, self.burst, self.clock())
        if wait:
            return await _too_many(send, wait, self.rate)
        await self.app(scope, receive, send)

    def _bucket(self, client: str) -> Bucket:
        bucket = self.buckets.get(client)
        if bucket is None:
            if len(self.buckets) >= MAX_CLIENTS:
                self._evict()
            bucket = self.buckets[client] = Bucket(self.burst, self.clock())
        return bucket

    def _evict(self) -> None:
        """Drop the buckets that refilled (idle clients); if none did, the oldest half."""
        now = self.clock()
        idle = [k for k, b in self.buckets.items() if b.tokens + (now - b.stamp) * self.rate >= self.burst]
        for key in idle or sorted(self.buckets, key=lambda k: self.buckets[k].stamp)[:len(self.buckets) // 2]:
            del self.buckets[key]


def _client(scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


async def _too_many(send, wait: float, rate: float) -> None:
    err = ConfigError(f"too many requests: at most {rate:g} a second from one address (the "
                      f"rate_limit_per_second setting); retry in {wait:.2f} s", code="V112",
                      stage="http")
    body = json.dumps({"error": err.as_dict()}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 429,
                "headers": [(b"content-type", b"application/json"),
                            (b"retry-after", str(max(1, math.ceil(wait))).encode()),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
