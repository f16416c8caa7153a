"""A short-lived cache of search responses, as ASGI middleware.

A search over a large store costs tens to hundreds of milliseconds (BM25 over every match,
snippets cut from stored sentences), while news readers ask the same few queries again and
again. ``SearchCache`` keeps the 200 responses of ``GET`` on ``CACHED_PATHS`` for ``seconds``
(the ``search_cache_seconds`` setting), keyed on the path and query string, at most
``MAX_ENTRIES`` of them (least recently used go first), each at most ``MAX_BODY`` bytes.
Concurrent requests for one key wait for the first instead of all computing it; while an
expired answer is being recomputed, the others get the expired one (stale while revalidate,
so a popular query never queues behind its own refresh). Any
write through the app (POST, PUT, PATCH, DELETE) empties the cache; an ingest by another
process shows after at most ``seconds``. ``seconds <= 0`` turns it off.
"""
from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["SearchCache", "CACHED_PATHS", "MAX_ENTRIES", "MAX_BODY"]

CACHED_PATHS = frozenset({"/api/search", "/search", "/search.json"})
MAX_ENTRIES = 2048
MAX_BODY = 1_000_000
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class Entry:
    start: dict
    body: bytes
    expires: float


class SearchCache:
    """Serves a repeated search from memory for ``seconds``; see the module's docstring."""

    def __init__(self, app: Any, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.seconds = float(seconds)
        self.clock = clock
        self.entries: OrderedDict[tuple[str, bytes], Entry] = OrderedDict()
        self.pending: dict[tuple[str, bytes], asyncio.Event] = {}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            return await self.app(scope, receive, send)
        if scope["method"] in WRITE_METHODS:
            self.entries.clear()
        if scope["method"] != "GET" or scope["path"] not in CACHED_PATHS:
            return await self.app(scope, receive, send)
        key = (scope["path"], scope.get("query_string", b""))
        while key in self.pending:          # someone is computing it: the old answer, or wait
            if (stale := self.entries.get(key)) is not None:
                return await _replay(stale, send)
            await self.pending[key].wait()
        if (entry := self._get(key)) is not None:
            return await _replay(entry, send)
        self.pending[key] = event = asyncio.Event()
        try:
            await self.app(scope, receive, self._recorder(key, send))
        finally:
            del self.pending[key]
            event.set()

    def _get(self, key) -> Entry | None:
        """A fresh entry; an expired one stays (served while its successor is computed)."""
        entry = self.entries.get(key)
        if entry is None or entry.expires < self.clock():
            return None
        self.entries.move_to_end(key)
        return entry

    def _recorder(self, key, send):
        start: dict = {}
        chunks: list[bytes] = []

        async def record(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and start.get("status") == 200:
                    self._put(key, start, b"".join(chunks))
            await send(message)

        return record

    def _put(self, key, start: dict, body: bytes) -> None:
        if len(body) > MAX_BODY:
            return
        self.entries[key] = Entry(dict(start), body, self.clock() + self.seconds)
        self.entries.move_to_end(key)
        while len(self.entries) > MAX_ENTRIES:
            self.entries.popitem(last=False)


async def _replay(entry: Entry, send) -> None:
    await send(entry.start)
    await send({"type": "http.response.body", "body": entry.body})
