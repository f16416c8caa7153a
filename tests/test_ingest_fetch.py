"""URLs: fetched with an injected httpx client on a mock transport, never the network."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from vezha.errors import IngestError
from vezha.ingest import fetch_url, iter_articles
from vezha.ingest.fetch import check_url
from vezha.model import Article, Failure
from vezha.settings import replace

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PAGE = (FIXTURES / "page-cp1251.html").read_bytes()
FEED = (FIXTURES / "feed.rss").read_bytes()
NOTE = (FIXTURES / "note-cp1251.txt").read_bytes()
PUBLIC = {"news.example": ["93.184.216.34"], "feeds.example": ["93.184.216.35"],
          "evil.example": ["10.0.0.7"], "v6.example": ["2606:4700::1111"]}


def resolve(host):
    if host not in PUBLIC:
        raise IngestError(f"cannot resolve {host}", code="V211", source=host)
    return PUBLIC[host]


def chunks(size):
    for _ in range(size // 1000):
        yield b"x" * 1000


def handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    routes = {
        "/page": lambda: httpx.Response(200, content=PAGE, headers={"content-type": "text/html; charset=windows-1251"}),
        "/feed": lambda: httpx.Response(200, content=FEED, headers={"content-type": "application/rss+xml"}),
        "/ua": lambda: httpx.Response(200, text=request.headers["user-agent"], headers={"content-type": "text/plain"}),
        "/note": lambda: httpx.Response(200, content=NOTE, headers={"content-type": "text/plain; charset=windows-1251"}),
        "/hop1": lambda: httpx.Response(301, headers={"location": "/hop2"}),
        "/hop2": lambda: httpx.Response(302, headers={"location": "https://news.example/page"}),
        "/loop": lambda: httpx.Response(302, headers={"location": "/loop"}),
        "/to-private": lambda: httpx.Response(302, headers={"location": "http://169.254.169.254/latest"}),
        "/missing": lambda: httpx.Response(404, text="no"),
        "/big": lambda: httpx.Response(200, content=b"x" * 5000, headers={"content-type": "text/plain"}),
        "/big-stream": lambda: httpx.Response(200, content=chunks(50_000), headers={"content-type": "text/plain"}),
    }
    if path == "/slow":
        raise httpx.ReadTimeout("too slow", request=request)
    if path == "/refused":
        raise httpx.ConnectError("connection refused", request=request)
    return routes[path]()


@pytest.fixture
def client():
    with httpx.Client(transport=httpx.MockTransport(handler)) as c:
        yield c


@pytest.fixture
def small(settings):
    return replace(settings, max_file_bytes=4000)


def test_fetch_follows_redirects_to_the_final_url(settings, client):
    body, final, content_type = fetch_url("https://news.example/hop1", settings, client, resolve)
    assert (body, final, content_type.split(";")[0]) == (PAGE, "https://news.example/page", "text/html")


def test_user_agent_comes_from_settings(settings, client):
    body, _, _ = fetch_url("https://news.example/ua", replace(settings, user_agent="VezhaTest/1"), client, resolve)
    assert body == b"VezhaTest/1"


# (url, code)
FAILING_URLS = [
    ("https://news.example/loop", "V214"),
    ("https://news.example/to-private", "V214"),
    ("http://127.0.0.1/page", "V214"),
    ("http://[::1]/page", "V214"),
    ("http://localhost/page", "V214"),
    ("http://192.168.1.1/page", "V214"),
    ("https://evil.example/page", "V214"),
    ("file:///etc/passwd", "V214"),
    ("https://news.example/missing", "V211"),
    ("https://news.example/refused", "V211"),
    ("https://unknown.example/page", "V211"),
    ("https://news.example/slow", "V212"),
    ("https://news.example/big", "V205"),
    ("https://news.example/big-stream", "V205"),
]


@pytest.mark.parametrize("url, code", FAILING_URLS)
def test_fetch_failures_have_their_code(small, client, url, code):
    with pytest.raises(IngestError) as err:
        fetch_url(url, small, client, resolve)
    assert err.value.code == code


def test_private_addresses_allowed_when_settings_say_so(settings):
    check_url("http://127.0.0.1/page", replace(settings, fetch_allow_private=True), resolve)


def test_redirect_limit_comes_from_settings(settings, client):
    with pytest.raises(IngestError) as err:
        fetch_url("https://news.example/hop1", replace(settings, fetch_max_redirects=1), client, resolve)
    assert err.value.code == "V214"


def test_urls_in_a_batch(settings, client, langid):
    sources = ["https://news.example/hop1", "https://feeds.example/feed", "https://news.example/slow",
               "ftp://news.example/x"]
    items = list(iter_articles(sources, settings, langid=langid, client=client, resolve=resolve))
    kinds = [(type(i).__name__, i.source, getattr(i, "code", "")) for i in items]
    assert kinds == [
        ("Article", "https://news.example/hop1", ""),
        ("Article", "https://feeds.example/feed#1", ""),
        ("Article", "https://feeds.example/feed#2", ""),
        ("Failure", "https://news.example/slow", "V212"),
        ("Failure", "ftp://news.example/x", "V213"),
    ]
    page = items[0]
    assert isinstance(page, Article) and page.language == "uk"
    assert page.url == "https://poltava-news.example/2023/10/05/mist"      # the canonical link wins
    assert page.meta["final_url"] == "https://news.example/page"
    assert isinstance(items[3], Failure) and items[3].stage == "ingest"


def test_plain_text_url_uses_the_declared_charset(settings, client, langid):
    (article,) = iter_articles(["https://news.example/note"], settings, langid=langid, client=client,
                               resolve=resolve)
    assert article.title == "Мер Полтави розповів про відновлення мосту"
    assert article.url == "https://news.example/note" and article.language == "uk"
