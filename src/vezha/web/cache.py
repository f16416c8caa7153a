"""A short-lived cache of search responses, as ASGI middleware.

A search over a large store costs tens to hundreds of milliseconds (BM25 over every match,
snippets cut from stored sentences), while news readers ask the same few queries again and
again. ``SearchCache`` keeps the 200 responses of ``GET`` on ``CACHED_PATHS`` for ``seconds``
(the ``search_cache_seconds`` setting), keyed on the path, the query string and the request
headers a page depends on (``Host``: links are absolute; ``Accept``: HTML or JSON), at most
``MAX_ENTRIES`` of them (least recently used go first), each at most ``MAX_BODY`` bytes.
Concurrent requests for one new key wait for the first instead of all computing it. An expired
answer is still served while it is recomputed in the background (refresh ahead: a popular
query never waits for its own refresh), and entries expire between 75 and 100% of ``seconds``
(by key) so that refreshes spread out. Any
write through the app (POST, PUT, PATCH, DELETE) empties the cache; an ingest by another
process shows after at most ``seconds``. ``seconds <= 0`` turns it off.
"""
from __future__ import annotations

import asyncio
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["SearchCache", "CACHED_PATHS", "MAX_ENTRIES", "MAX_BODY", "cache_key"]

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
        self.tasks: set[asyncio.Task] = set()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            return await self.app(scope, receive, send)
        if scope["method"] in WRITE_METHODS:
            self.entries.clear()
        if scope["method"] != "GET" or scope["path"] not in CACHED_PATHS:
            return await self.app(scope, receive, send)
        key = cache_key(scope)
        while (entry := self.entries.get(key)) is None and key in self.pending:
            await self.pending[key].wait()  # someone computes it: wait for that answer
        if entry is not None:
            if entry.expires < self.clock() and key not in self.pending:
                self._refresh(scope, key)   # refresh ahead: this request still gets the old one
            self.entries.move_to_end(key)
            return await _replay(entry, send)
        self.pending[key] = event = asyncio.Event()
        try:
            await self.app(scope, receive, self._recorder(key, send))
        finally:
            del self.pending[key]
            event.set()

    def _refresh(self, scope, key) -> None:
        """Compute ``key`` again in the background; if that fails, the expired entry goes."""
        self.pending[key] = event = asyncio.Event()
        old = self.entries[key]

        async def run() -> None:
            try:
                await self.app(dict(scope), _no_body, self._recorder(key, _discard))
            except Exception:  # noqa: BLE001 - a failed refresh only drops the entry
                pass
            finally:
                if self.entries.get(key) is old:
                    self.entries.pop(key, None)
                del self.pending[key]
                event.set()

        task = asyncio.get_running_loop().create_task(run())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

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
        spread = 0.75 + 0.25 * (zlib.crc32(repr(key).encode()) % 1000) / 1000
        self.entries[key] = Entry(dict(start), body, self.clock() + self.seconds * spread)
        self.entries.move_to_end(key)
        while len(self.entries) > MAX_ENTRIES:
            self.entries.popitem(last=False)


async def _replay(entry: Entry, send) -> None:
    await send(entry.start)
    await send({"type": "http.response.body", "body": entry.body})


async def _no_body() -> dict:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _discard(message) -> None:
    pass


KEY_HEADERS = (b"host", b"accept")


def cache_key(scope: dict) -> tuple:
    """What a cached response may be reused for: same path, query and key headers."""
    headers = dict((k.lower(), v) for k, v in scope.get("headers", ()) if k.lower() in KEY_HEADERS)
    return (scope["path"], scope.get("query_string", b"")) + tuple(headers.get(h, b"") for h in KEY_HEADERS)
