"""The web UI and HTTP API, in process: httpx against the ASGI app over the ingested examples."""
from __future__ import annotations

import asyncio
import csv
import io
import json
from html.parser import HTMLParser

import httpx
import pytest

from vezha.web.limits import CSP

ERROR_KEYS = {"code", "error", "message", "meaning", "source", "stage"}


class Client:
    """A synchronous face over ``httpx.AsyncClient`` with the app as its ASGI transport."""

    def __init__(self, app, headers=None):
        self.app, self.headers = app, headers or {}

    def request(self, method: str, url: str, **kw) -> httpx.Response:
        async def go():
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://vezha.test",
                                         headers=self.headers) as client:
                return await client.request(method, url, **kw)
        return asyncio.run(go())

    def get(self, url: str, **kw) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw) -> httpx.Response:
        return self.request("POST", url, **kw)


@pytest.fixture(scope="module")
def client(web_app):
    return Client(web_app, {"accept": "text/html"})


def first_ids(client):
    """(an article id with quotes, a speaker id, an entity id) from the JSON API."""
    claim = client.get("/api/claims?limit=50").json()["claims"]
    claim = next(c for c in claim if c["about"] and not c["speaker_id"].startswith("javascript"))
    return claim["article_id"], claim["speaker_id"], claim["about"][0]


PAGES = ["/search?q=санкції", "/article/{a}", "/speaker/{s}", "/entity/{e}", "/graph",
         "/timeline?q=санкції", "/ingest"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_json_twin_with_the_same_data(client, page):
    a, s, e = first_ids(client)
    url = page.format(a=a, s=s, e=e)
    html = client.get(url)
    path, _, query = url.partition("?")
    twin = client.get(f"{path}.json" + (f"?{query}" if query else ""))
    assert client.get("/index.json").json()["stats"]["counts"]["articles"] > 10
    assert html.status_code == twin.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert twin.headers["content-type"].startswith("application/json")
    assert f'href="{path}.json' in html.text.replace("http://vezha.test", "")
    assert twin.json()


@pytest.mark.parametrize("path", ["/", "/search?q=x", "/api/stats", "/nope", "/static/vezha.css"])
def test_every_response_carries_the_content_security_policy(client, path):
    r = client.get(path)
    assert r.headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "default-src 'self'" in CSP
    assert r.headers["x-content-type-options"] == "nosniff"


def test_search_is_lemma_aware_and_marks_the_matched_words(client):
    hits = client.get("/search.json?q=санкція").json()["hits"]
    assert hits, "the examples speak of санкції"
    assert all(any(p["mark"] for p in h["pieces"]) for h in hits)
    assert "<mark>" in client.get("/search?q=санкція").text


@pytest.mark.parametrize("q, query, check", [
    ("в", "lang=ru", lambda h: h["language"] == "ru"),
    ("Україна", "date_from=2022-09-01&date_to=2022-12-31",
     lambda h: "2022-09-01" <= h["published"] <= "2022-12-31"),
    ("в", "outlet=Днепровские новости",
     lambda h: h["article_id"] in ("u-dcdb0c56cd71db18", "u-7b289a162b020ec4")),
])
def test_search_filters_narrow_the_hits(client, q, query, check):
    everything = client.get(f"/api/search?q={q}&limit=200").json()["hits"]
    some = client.get(f"/api/search?q={q}&limit=200&{query}").json()["hits"]
    assert some and len(some) < len(everything)
    assert all(check(h) for h in some)


def test_search_by_entity_and_speaker(client):
    a, s, e = first_ids(client)
    by_speaker = client.get("/api/search", params={"q": "в", "speaker": s, "limit": 200}).json()
    assert a in {h["article_id"] for h in by_speaker["hits"]}
    by_entity = client.get("/api/search", params={"q": "в", "entity": e, "limit": 200}).json()
    assert a in {h["article_id"] for h in by_entity["hits"]}
    name = client.get(f"/api/entities/{e}").json()["name"]
    by_name = client.get("/api/search", params={"q": "в", "entity": name, "limit": 200}).json()
    assert by_name["hits"] == by_entity["hits"]


def test_search_pages_with_limit_offset_and_next(client):
    first = client.get("/api/search?q=Україна&limit=2").json()
    assert len(first["hits"]) == 2 and first["next"] and first["prev"] is None
    second = client.get(first["next"]).json()
    assert second["offset"] == 2 and second["prev"]
    assert not {h["article_id"] for h in first["hits"]} & {h["article_id"] for h in second["hits"]}


def test_article_sets_promo_apart_and_links_each_quote_to_its_speaker(client):
    a, s, _ = first_ids(client)
    data = client.get(f"/article/{a}.json").json()
    assert data["quotes"] and any(q["speaker_id"] == s for q in data["quotes"])
    html = client.get("/article/h-b0e5a6fe8361cf40").text      # air-force-a50: promo lines
    assert 'class="block seg-promo apart"' in html
    assert 'class="speaker" href="/speaker/' in html
    assert 'class="m m-PER' in html and 'class="q"' in html


def test_speaker_page_counts_firm_and_hedged_claims(client):
    _, s, _ = first_ids(client)
    data = client.get(f"/api/speakers/{s}").json()
    assert data["claims"] and data["firm"] + data["hedged"] == data["total"] == len(data["claims"])
    assert all(c["speaker_id"] == s for c in data["claims"])
    assert data["about"] and sum(p["count"] for p in data["by_month"]) == data["total"]
    dated = [c["published"] for c in data["claims"] if c["published"]]     # newest first,
    assert dated == sorted(dated, reverse=True)                             # the undated last
    assert all(c["published"] for c in data["claims"][:len(dated)])
    first = client.get(f"/api/speakers/{s}?limit=1").json()
    older = client.get(f"/api/speakers/{s}", params={"limit": 1, "before": first["claims_next"]}).json()
    assert [c["id"] for c in first["claims"] + older["claims"]] == [c["id"] for c in data["claims"][:2]]
    assert 'rel="next" href="/speaker/' in client.get(f"/speaker/{s}?limit=1").text


def test_entity_page_has_aliases_a_chart_and_who_speaks_about_it(client):
    _, _, e = first_ids(client)
    data = client.get(f"/entity/{e}.json").json()
    assert data["aliases"] and data["timeline"] and data["speakers"]
    assert sum(p["count"] for p in data["timeline"]) == data["mention_count"]
    assert '<svg class="chart"' in client.get(f"/entity/{e}").text


def test_graph_edges_join_known_nodes(client):
    data = client.get("/graph.json").json()
    ids = {n["id"] for n in data["nodes"]}
    assert data["edges"] and all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    html = client.get("/graph").text
    assert '<script src="/static/lib/vis-network.min.js"' in html
    assert client.get("/static/lib/vis-network.min.js").status_code == 200


def test_timeline_orders_articles_by_date(client):
    data = client.get("/timeline.json?q=Україна").json()
    dates = [a["date"] for a in data["articles"] if a["date"]]
    assert dates == sorted(dates) and data["periods"]
    assert sum(p["articles"] for p in data["periods"]) == len(data["articles"])


@pytest.mark.parametrize("url, status, code", [
    ("/api/articles/no-such-article", 404, "V504"),
    ("/article/no-such-article.json", 404, "V504"),
    ("/api/speakers/nobody", 404, "V504"),
    ("/api/entities/nothing-at-all-xyz", 404, "V504"),
    ("/api/search?q=x&limit=0", 422, "V105"),
    ("/search.json?q=x&date_from=yesterday", 422, "V105"),
    ("/api/no-such-endpoint", 404, "V108"),
])
def test_errors_have_one_json_shape(client, url, status, code):
    r = client.get(url)
    assert r.status_code == status
    assert set(r.json()["error"]) == ERROR_KEYS and r.json()["error"]["code"] == code


def test_html_errors_are_pages(client):
    r = client.get("/article/no-such-article")
    assert r.status_code == 404 and "V504" in r.text and r.headers["content-type"].startswith("text/html")


def test_claims_api_pages_and_exports_agree(client):
    page = client.get("/api/claims?limit=5").json()
    assert len(page["claims"]) == 5 and page["next"]
    lines = client.get("/api/claims.jsonl").text.splitlines()
    rows = list(csv.DictReader(io.StringIO(client.get("/api/claims.csv").text)))
    assert len(lines) == len(rows) > 5
    assert [json.loads(x)["id"] for x in lines] == [r["id"] for r in rows]
    articles = [json.loads(x) for x in client.get("/api/articles.jsonl").text.splitlines()]
    assert {a["id"] for a in articles} >= {"evil-1", "h-b0e5a6fe8361cf40"}


def test_csv_export_defuses_formulas():
    from vezha.web.api import csv_lines
    out = "".join(csv_lines([{"text": "=HYPERLINK(1)", "about": ["a", "b"]}], ("text", "about")))
    assert out.splitlines()[1] == "'=HYPERLINK(1),a; b"


def test_openapi_document_lists_the_rest_routes(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/search", "/api/articles/{article_id}", "/api/speakers/{speaker_id}",
                 "/api/entities/{entity_id}", "/api/graph", "/api/timeline", "/api/claims",
                 "/api/claims.csv", "/api/claims.jsonl", "/api/articles.jsonl", "/api/ingest"):
        assert path in paths, path
    assert client.get("/docs").status_code == 404      # Swagger UI would load from a CDN


# --- untrusted content -----------------------------------------------------------------------

class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


HOSTILE_PAGES = ["/article/evil-1", "/search?q=посилання", "/speaker/javascript%3Aalert%285%29",
                 "/entity/javascript%3Aalert%283%29", "/graph", "/timeline?q=посилання"]


@pytest.mark.parametrize("url", HOSTILE_PAGES)
def test_hostile_article_is_escaped_everywhere(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    for tag, attrs in tags_of(r.text):
        assert tag not in ("img", "b", "i", "iframe"), (tag, attrs)
        assert tag != "script" or attrs.get("src", "").startswith("/static/"), attrs
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").lower().lstrip().startswith(("javascript:", "data:"))
    assert "&lt;script&gt;" in r.text or url == "/graph"


def test_hostile_article_text_survives_as_text(client):
    data = client.get("/api/articles/evil-1").json()
    assert '<script>alert("a")</script>' in data["article"]["text"]
    assert data["source_url"] == ""          # a javascript: URL never becomes a link
    assert 'class="m m-X' in client.get("/article/evil-1").text   # unknown type: no class injection
