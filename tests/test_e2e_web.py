"""End to end in real headless Chromium (Debian's package, driven by Playwright): search, open
an article, click a quote's speaker, open the graph; screenshots go to a temporary folder
(``VEZHA_SCREENSHOTS=docs/screenshots`` writes the README's). Skipped without /usr/bin/chromium.
"""
from __future__ import annotations

import contextlib

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("VEZHA_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent on this machine"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_url(web_app):
    """The app served by uvicorn in a thread on a free loopback port."""
    import uvicorn
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@contextlib.contextmanager
def chromium(tmp_path_factory):
    """(context, page) of a headless Chromium with a fresh profile; closed on exit."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=ARGS, viewport={"width": 1280, "height": 900})
        try:
            yield context, context.new_page()
        finally:
            context.close()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    with chromium(tmp_path_factory) as (_, page):
        page.errors, page.dialogs = [], []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        yield page


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("VEZHA_SCREENSHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


def snap(page, shots: Path, name: str) -> None:
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=False)
    assert (shots / f"{name}.png").stat().st_size > 5_000


def test_search_article_speaker_graph(live_url, page, shots):
    page.goto(live_url + "/")
    page.fill("form.search input[name=q]", "санкції")
    page.click("form.search button")
    page.wait_for_selector("li.hit mark")
    assert "/search?q=" in page.url
    snap(page, shots, "search")

    page.click("li.hit a.title >> nth=0")
    page.wait_for_selector("article.article")
    assert page.locator(".side a.speaker").count() > 0
    assert page.locator(".block.apart").count() + page.locator(".m").count() > 0
    snap(page, shots, "article")

    name = page.locator(".side a.speaker").first.inner_text()
    page.locator(".side a.speaker").first.click()
    page.wait_for_selector("ol.claims li.claim")
    assert "/speaker/" in page.url and page.locator("h1").inner_text() == name
    snap(page, shots, "speaker")

    page.goto(live_url + "/graph")
    page.wait_for_selector("#graph canvas", timeout=15_000)
    page.wait_for_selector("#graph[data-ready]", timeout=20_000)
    snap(page, shots, "graph")
    assert not [e for e in page.errors if "Content Security Policy" in e], page.errors


def test_entity_page_draws_its_chart(live_url, page, shots):
    page.goto(live_url + "/search?q=Україна")
    page.click("li.hit a.title >> nth=0")
    page.locator(".side .entities a").first.click()
    page.wait_for_selector("h1")
    assert "/entity/" in page.url
    assert page.locator("svg.chart rect.bar").count() > 0
    snap(page, shots, "entity")


def test_hostile_article_runs_no_script(live_url, page, shots):
    page.goto(live_url + "/article/evil-1")
    page.wait_for_selector("article.article")
    assert page.locator("article img").count() == 0
    assert page.locator("article script").count() == 0
    assert "<script>" in page.locator("article").inner_text()
    page.wait_for_timeout(300)
    assert page.dialogs == []           # no alert() of the article ever ran
    snap(page, shots, "hostile")
