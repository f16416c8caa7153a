"""Hostile HTTP requests: bodies over max_request_bytes (declared, undeclared or lying),
over-long queries, writes without the token: each gets its status and the one error shape."""
from __future__ import annotations

import asyncio

import httpx
import pytest

TOKEN = "t0ken"


@pytest.fixture(scope="module")
def app(tmp_path_factory, run_resources, pipeline):
    from vezha.settings import load_settings
    from vezha.store import open_store
    from vezha.web import create_app
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.db'}"
    settings = load_settings(env={}, db_url=url, api_token=TOKEN, max_request_bytes=10_000,
                             rate_limit_per_second=0)
    app = create_app(settings, open_store(url))
    app.state.ctx._run = (pipeline, run_resources)      # the session's, not loaded again
    return app


def send(app, method, url, **kw) -> httpx.Response:
    async def go():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.request(method, url, **kw)
    return asyncio.run(go())


def multipart_chunks(n: int, size: int = 1000):
    """A valid multipart upload of n × size bytes, sent chunked (no Content-Length)."""
    async def gen():
        yield (b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
               b"Content-Type: text/plain\r\n\r\n")
        for _ in range(n):
            yield "слово ".encode() * (size // 12)
        yield b"\r\n--b--\r\n"
    return gen()


def test_a_chunked_body_without_length_is_cut_at_the_limit(app):
    r = send(app, "POST", "/api/ingest", content=multipart_chunks(50),
             headers={"authorization": f"Bearer {TOKEN}",
                      "content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "V205"


@pytest.mark.parametrize("length", ["999999999", "abc", "-1"])
def test_a_declared_length_over_the_limit_or_not_a_number_is_refused_unread(app, length):
    r = send(app, "POST", "/api/ingest", content=b"x" * 10,
             headers={"authorization": f"Bearer {TOKEN}", "content-length": length})
    assert r.status_code == 413 and r.json()["error"]["code"] == "V205"


def test_an_over_long_query_is_refused(app):
    r = send(app, "GET", "/api/search", params={"q": "слово " * 200})
    assert r.status_code == 422 and r.json()["error"]["code"] == "V105"


@pytest.mark.parametrize("headers, status", [({}, 401), ({"authorization": "Bearer nope"}, 401),
                                             ({"authorization": f"Basic {TOKEN}"}, 401)])
def test_writes_without_the_token_are_refused(app, headers, status):
    r = send(app, "POST", "/api/ingest", data={"urls": "https://news.example/a"}, headers=headers)
    assert r.status_code == status and r.json()["error"]["code"] == "V106"


def test_a_url_to_a_private_address_is_refused_by_the_fetch_policy(app):
    r = send(app, "POST", "/api/ingest", data={"urls": "http://169.254.169.254/latest/meta-data/"},
             headers={"authorization": f"Bearer {TOKEN}"})
    failures = r.json().get("failures", [])
    assert r.status_code == 200 and [f["code"] for f in failures] == ["V214"]
