"""URL fetching refuses loopback, private, link-local and other non-global addresses by
default (also inside IPv6 forms and after a DNS answer changes), follows at most
``fetch_max_redirects`` hops, and caps size and total time, against a real loopback server."""
from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from vezha.errors import IngestError
from vezha.ingest import fetch_url, iter_articles
from vezha.ingest.fetch import check_url, resolve_host
from vezha.settings import replace

PAGE = "Новина дня\n\nМіністр заявив, що переговори тривають.".encode()
PUBLIC = "93.184.216.34"


class Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        Handler.hits.append(self.path)
        if self.path.startswith("/hop/"):
            n = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/hop/{n - 1}" if n else "/page")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        if self.path == "/drip":
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/huge":
            for _ in range(100):
                self.wfile.write(b"x" * 10_000)
        else:
            self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def open_policy(settings):
    return replace(settings, fetch_allow_private=True, fetch_timeout=1.0)


def lying(host):
    """A resolver that says every host is public (what an attacker's DNS says first)."""
    return [PUBLIC]


REFUSED = [
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::]/",
    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1%25eth0]/", "http://[fc00::1]/",
    "http://224.0.0.1/", "http://255.255.255.255/", "http://192.0.2.1/", "http://198.18.0.1/",
    "http://news.example@127.0.0.1/", "http://localhost./", "http://a.localhost/",
    "gopher://news.example/", "ftp://news.example/", "file:///etc/passwd", "http:///nohost",
]


@pytest.mark.parametrize("url", REFUSED)
def test_non_global_addresses_and_other_schemes_are_refused(settings, url):
    with pytest.raises(IngestError) as caught:
        check_url(url, settings, lying)
    assert caught.value.code == "V214"


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f.0.0.1", "017700000001"])
def test_numeric_spellings_of_loopback_are_refused(settings, host):
    assert resolve_host(host) == ["127.0.0.1"]          # the system resolver reads them so
    with pytest.raises(IngestError) as caught:
        check_url(f"http://{host}/", settings, resolve_host)
    assert caught.value.code == "V214"


def test_a_host_with_one_private_address_among_public_ones_is_refused(settings):
    with pytest.raises(IngestError):
        check_url("http://mixed.example/", settings, lambda host: [PUBLIC, "10.1.2.3"])


def test_a_loopback_server_is_not_even_asked_by_default(settings, server, langid):
    Handler.hits.clear()
    [failure] = list(iter_articles([f"{server}/page"], settings, langid=langid))
    assert failure.code == "V214" and Handler.hits == []


def test_the_same_server_is_fetched_when_private_addresses_are_allowed(open_policy, server):
    with httpx.Client() as client:
        body, final, _ = fetch_url(f"{server}/page", open_policy, client)
    assert body == PAGE and final.endswith("/page")


def test_a_dns_answer_that_changes_to_loopback_is_refused(settings, server, monkeypatch):
    """DNS rebinding: the policy's lookup says public, the connection reaches 127.0.0.1."""
    port = int(server.rsplit(":", 1)[1])
    real = socket.getaddrinfo

    def rebound(host, *args, **kwargs):
        return real("127.0.0.1" if host == "rebind.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebound)
    with httpx.Client() as client, pytest.raises(IngestError) as caught:
        fetch_url(f"http://rebind.example:{port}/page", settings, client, lying)
    assert caught.value.code == "V214"


@pytest.mark.parametrize("hops, ok", [(5, True), (6, False)])
def test_at_most_five_redirects_are_followed(open_policy, server, hops, ok):
    assert open_policy.fetch_max_redirects == 5
    with httpx.Client() as client:
        if ok:
            assert fetch_url(f"{server}/hop/{hops - 1}", open_policy, client)[0] == PAGE
        else:
            with pytest.raises(IngestError) as caught:
                fetch_url(f"{server}/hop/{hops - 1}", open_policy, client)
            assert caught.value.code == "V214"


def test_a_server_that_drips_is_cut_at_the_total_time_limit(open_policy, server):
    start = time.monotonic()
    with httpx.Client() as client, pytest.raises(IngestError) as caught:
        fetch_url(f"{server}/drip", open_policy, client)   # 40 bytes, one per 0.1 s
    assert caught.value.code == "V212"
    assert time.monotonic() - start < 3


def test_a_body_over_the_size_limit_is_cut(open_policy, server):
    with httpx.Client() as client, pytest.raises(IngestError) as caught:
        fetch_url(f"{server}/huge", replace(open_policy, max_file_bytes=50_000), client)
    assert caught.value.code == "V205"
