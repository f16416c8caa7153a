"""Alerts in the web app: the page and its JSON twin, the Atom feed, editing behind the token."""
from __future__ import annotations

import feedparser
import pytest
from fastapi.testclient import TestClient

from vezha.settings import load_settings
from vezha.store import open_store
from vezha.store.alerts import record_hit, save_watchlist
from vezha.watch import Evidence, Hit

from conftest import EXAMPLES, WEB_TOKEN

BELARUS = (EXAMPLES / "watchlists" / "belarus.yaml").read_text(encoding="utf-8")


@pytest.fixture
def client(tmp_path):
    from test_alerts_store import doc
    from vezha.web import create_app
    store = open_store(f"sqlite:///{tmp_path / 'web.db'}")
    save_watchlist(store, "belarus", "Наступ з Білорусі?", "yaml", BELARUS)
    store.save_doc(doc("a", outlet="<b>Перша</b>"))
    record_hit(store, Hit("belarus", "lukashenko", "entity", "PER-Alexander-Lukashenko",
                          "Лукашенко <script>alert(1)</script>",
                          Evidence("a", "claim", 0, 9, "Лукашенко заявив", quote=0)), None,
               "2023-02-01")
    settings = load_settings(env={}, db_url="sqlite://", api_token=WEB_TOKEN,
                             public_url="http://vezha.test")
    with TestClient(create_app(settings, store)) as c:
        yield c
    store.close()


def test_alerts_json_twin_lists_alerts_with_linked_sources(client):
    data = client.get("/alerts.json").json()
    (alert,) = data["alerts"]
    assert alert["rule"] == "lukashenko"
    assert alert["sources"][0]["link"] == "http://vezha.test/article/a#q0"
    assert client.get("/api/alerts?watchlist=other").json()["alerts"] == []


def test_alerts_page_escapes_and_links_the_span(client):
    page = client.get("/alerts").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert 'href="/article/a#q0"' in page and "&lt;b&gt;Перша" in page


def test_feed_per_watchlist_is_atom(client):
    response = client.get("/watchlists/belarus/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10" and len(feed.entries) == 1
    assert client.get("/watchlists/nope/feed.atom").status_code == 404


def test_watchlist_pages_and_twins(client):
    assert [w["name"] for w in client.get("/watchlists.json").json()["watchlists"]] == ["belarus"]
    one = client.get("/watchlists/belarus.json").json()
    assert one["text"] == BELARUS and len(one["rules"]) == 6
    assert "textarea" in client.get("/watchlists/belarus").text


def test_editing_a_watchlist_needs_the_token(client):
    text = "name: belarus\ntitle: Лише Лукашенко\nrules:\n  - entity: Лукашенко\n"
    assert client.put("/api/watchlists/belarus", content=text).status_code == 401
    wrong = client.put("/api/watchlists/belarus", content=text,
                       headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = client.put("/api/watchlists/belarus", content=text,
                    headers={"Authorization": f"Bearer {WEB_TOKEN}"})
    assert ok.status_code == 200 and ok.json()["title"] == "Лише Лукашенко"
    form = client.post("/watchlists/belarus", data={"token": WEB_TOKEN, "text": BELARUS})
    assert form.status_code == 200 and "Saved." in form.text


@pytest.mark.parametrize("text, code", [
    ("name: belarus\nrules: [{colour: red}]\n", "V110"),
    ("name: other\nrules: [{entity: X}]\n", "V105"),
])
def test_an_invalid_watchlist_is_refused_with_its_code(client, text, code):
    response = client.put("/api/watchlists/belarus", content=text,
                          headers={"Authorization": f"Bearer {WEB_TOKEN}"})
    assert response.status_code in (400, 422) and response.json()["error"]["code"] == code
