"""The search cache: a repeated search is served from memory for search_cache_seconds; a
write empties it; concurrent requests for one query compute it once."""
from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from vezha.web import cache
from vezha.web.cache import SearchCache


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def app_with(seconds: float, clock: Clock):
    calls: list[str] = []

    async def search(request):
        calls.append(request.url.query)
        await asyncio.sleep(0.01)
        status = 200 if request.query_params.get("q") != "bad" else 422
        return JSONResponse({"q": request.query_params.get("q"), "n": len(calls)}, status_code=status)

    async def ingest(request):
        return JSONResponse({"ok": True})

    routes = [Route("/api/search", search), Route("/api/stats", search),
              Route("/api/ingest", ingest, methods=["POST"])]
    return SearchCache(Starlette(routes=routes), seconds, clock=clock), calls


async def get_all(app, requests, concurrent=False):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        calls = [http.request(m, p) for m, p in requests]
        if concurrent:
            return await asyncio.gather(*calls)
        return [await c for c in calls]


def test_a_repeated_search_is_served_from_memory_until_it_expires():
    clock = Clock()
    app, calls = app_with(10, clock)
    first = asyncio.run(get_all(app, [("GET", "/api/search?q=Київ")] * 3))
    assert [r.json()["n"] for r in first] == [1, 1, 1] and len(calls) == 1
    clock.now = 7                                # 75-100 % of 10 s: maybe expired, never gone
    asyncio.run(get_all(app, [("GET", "/api/search?q=Київ")]))
    assert len(calls) in (1, 2)


def test_errors_other_paths_and_other_queries_are_not_cached():
    app, calls = app_with(10, Clock())
    asyncio.run(get_all(app, [("GET", "/api/search?q=bad")] * 2 + [("GET", "/api/stats")] * 2
                        + [("GET", "/api/search?q=a"), ("GET", "/api/search?q=b")]))
    assert len(calls) == 6


def test_a_write_empties_the_cache():
    app, calls = app_with(10, Clock())
    asyncio.run(get_all(app, [("GET", "/api/search?q=a"), ("POST", "/api/ingest"),
                              ("GET", "/api/search?q=a")]))
    assert len(calls) == 2


def test_concurrent_requests_for_one_query_compute_it_once():
    app, calls = app_with(10, Clock())
    responses = asyncio.run(get_all(app, [("GET", "/api/search?q=x")] * 20, concurrent=True))
    assert {r.status_code for r in responses} == {200} and len(calls) == 1


def test_zero_turns_the_cache_off_and_the_table_stays_bounded(monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 20)
    app, calls = app_with(0, Clock())
    asyncio.run(get_all(app, [("GET", "/api/search?q=a")] * 3))
    assert len(calls) == 3
    app, calls = app_with(10, Clock())
    asyncio.run(get_all(app, [("GET", f"/api/search?q={i}") for i in range(30)]))
    assert len(app.entries) == 20


def test_an_expired_answer_is_served_while_it_is_refreshed_in_the_background():
    clock = Clock()
    app, calls = app_with(10, clock)

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            await http.get("/api/search?q=a")
            clock.now = 11
            stale = await asyncio.gather(*[http.get("/api/search?q=a") for _ in range(5)])
            await asyncio.sleep(0.1)                     # the refresh ends
            fresh = await http.get("/api/search?q=a")
            return [r.json()["n"] for r in stale], fresh.json()["n"]

    stale, fresh = asyncio.run(scenario())
    assert stale == [1] * 5 and fresh == 2 and len(calls) == 2


@pytest.mark.parametrize("other", [
    [(b"host", b"other.test")],                     # absolute links differ by host
    [(b"host", b"vezha.test"), (b"accept", b"application/json")],
])
def test_cache_key_tells_apart_hosts_and_accept(other):
    from vezha.web.cache import cache_key
    base = {"path": "/search", "query_string": b"q=x", "headers": [(b"host", b"vezha.test")]}
    assert cache_key(base) != cache_key({**base, "headers": other})
    assert cache_key(base) == cache_key({**base, "headers": [(b"Host", b"vezha.test")]})
