"""Rate limiting: a token bucket per client address; 429 with Retry-After and V112 past it."""
from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from vezha.web.ratelimit import MAX_CLIENTS, WRITE_COST, Bucket, RateLimit


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def ok(request):
    return PlainTextResponse("ok")


def limited(per_second: float, burst: float, clock: Clock) -> RateLimit:
    routes = [Route("/api/search", ok), Route("/api/ingest", ok, methods=["POST"]),
              Route("/static/app.css", ok)]
    return RateLimit(Starlette(routes=routes), per_second=per_second, burst=burst, clock=clock)


async def statuses(app, requests, client=("10.0.0.1", 5000)):
    transport = httpx.ASGITransport(app=app, client=client)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        return [await http.request(method, path) for method, path in requests]


def run(coro):
    return asyncio.run(coro)


def test_a_client_gets_its_burst_then_429_with_retry_after_and_v112():
    clock = Clock()
    app = limited(per_second=2, burst=5, clock=clock)
    responses = run(statuses(app, [("GET", "/api/search")] * 7))
    assert [r.status_code for r in responses] == [200] * 5 + [429] * 2
    last = responses[-1]
    assert last.headers["retry-after"] == "1"
    assert last.json()["error"]["code"] == "V112"


def test_the_bucket_refills_at_the_rate():
    clock = Clock()
    app = limited(per_second=2, burst=5, clock=clock)
    run(statuses(app, [("GET", "/api/search")] * 5))
    clock.now = 1.0                                      # two tokens back
    responses = run(statuses(app, [("GET", "/api/search")] * 3))
    assert [r.status_code for r in responses] == [200, 200, 429]


def test_clients_have_buckets_of_their_own_and_static_files_are_free():
    clock = Clock()
    app = limited(per_second=1, burst=1, clock=clock)
    a = run(statuses(app, [("GET", "/api/search")] * 2, client=("10.0.0.1", 1)))
    b = run(statuses(app, [("GET", "/api/search")], client=("10.0.0.2", 1)))
    static = run(statuses(app, [("GET", "/static/app.css")] * 5, client=("10.0.0.1", 1)))
    assert [r.status_code for r in a] == [200, 429] and b[0].status_code == 200
    assert {r.status_code for r in static} == {200}


def test_writes_cost_more():
    clock = Clock()
    app = limited(per_second=1, burst=WRITE_COST + 2, clock=clock)
    responses = run(statuses(app, [("POST", "/api/ingest")] * 2 + [("GET", "/api/search")] * 3))
    assert [r.status_code for r in responses] == [200, 429, 200, 200, 429]


def test_zero_turns_the_limiter_off():
    app = limited(per_second=0, burst=1, clock=Clock())
    assert {r.status_code for r in run(statuses(app, [("GET", "/api/search")] * 50))} == {200}


def test_the_bucket_table_stays_bounded():
    clock = Clock()
    limiter = limited(per_second=1, burst=2, clock=clock)
    for i in range(MAX_CLIENTS + 50):
        limiter._bucket(f"c{i}").take(1, 1, 2, clock())
        clock.now += 0.001
    assert len(limiter.buckets) <= MAX_CLIENTS


def test_bucket_arithmetic():
    bucket = Bucket(tokens=1, stamp=0)
    assert bucket.take(1, rate=4, burst=4, now=0) == 0
    assert bucket.take(1, rate=4, burst=4, now=0) == pytest.approx(0.25)
    assert bucket.take(1, rate=4, burst=4, now=0.25) == 0
def test_the_app_is_limited_by_its_settings(settings):
    from vezha.settings import replace
    from vezha.web import create_app
    app = create_app(replace(settings, rate_limit_per_second=1, rate_limit_burst=3))
    codes = [r.status_code for r in run(statuses(app, [("GET", "/api/stats")] * 5))]
    assert codes[-1] == 429 and codes.count(429) >= 1
