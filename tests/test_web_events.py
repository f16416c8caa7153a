"""When and where in the web UI and its queries: the event timeline (/events, entity pages), the
map (/map, GeoJSON), the borders, the event keys of migration 0006 and the SQL filters behind them.

Routes run in process over the ingested examples (``web_app``); the store tables run on a doc of
our own sentences, on SQLite and PostgreSQL (``store_url``).
"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from test_web import ERROR_KEYS, Client, tags_of
from vezha.model import Article, Doc, Entity, Event, Mention, Place
from vezha.store import open_store
from vezha.store.eventkeys import event_keys
from vezha.store.eventmap import entity_names, place_markers, trigger_snippets
from vezha.store.events import event_page, find_events
from vezha.web.geo import granularity, load_borders
from vezha.web.oblasts import load_oblasts, parse_path

TEXT = ("Вчора росіяни завдали удару по Харкову. У липні тривали бої біля Вовчанська. "
        "Зеленський провів зустріч у Києві з Шольцом. Кабмін запровадив санкції.")


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def own_doc(aid: str = "w1", published: str = "2023-05-12", language: str = "uk") -> Doc:
    article = Article(aid, TEXT, "test", title=f"Стаття {aid}", published=published,
                      language=language)
    places = (Place("LOC-Kharkiv", "Харків", 49.99, 36.23, "UA", "Kharkiv Oblast"),
              Place("LOC-Vovchansk", "Вовчанськ", 50.29, 36.94, "UA", "Kharkiv Oblast"),
              Place("LOC-Kyiv", "Київ", 50.45, 30.52, "UA", "Kyiv"))
    entities = (Entity("LOC-Kharkiv", "Харків", "LOC"), Entity("LOC-Kyiv", "Київ", "LOC"),
                Entity("PER-Zelensky", "Володимир Зеленський", "PER"),
                Entity("PER-Scholz", "Олаф Шольц", "PER"), Entity("LOC-Ukraine", "Україна", "LOC"))
    mentions = (Mention(*at("Зеленський"), "Зеленський", "PER", "Володимир Зеленський", "PER-Zelensky"),)
    events = (Event("strike", *at("удару"), "удару", "2023-05-11", "LOC-Kharkiv", ("LOC-Russia",), 0.8, 0),
              Event("battle", *at("бої"), "бої", "2022-07", "LOC-Vovchansk", (), 0.7, 1),
              Event("meeting", *at("зустріч"), "зустріч", None, "LOC-Kyiv",
                    ("PER-Zelensky", "PER-Scholz"), 0.8, 2),
              Event("sanctions", *at("санкції"), "санкції", "2023-W19", None, ("ORG-Kabmin",), 0.6, 3))
    return Doc(article, mentions=mentions, entities=entities, places=places, events=events)


@pytest.fixture
def store(store_url):
    with open_store(store_url) as opened:
        opened.save_doc(own_doc())
        opened.save_doc(own_doc("w2", "2022-03-01", "ru"))
        yield opened


@pytest.mark.parametrize("time, published, place, keys", [
    ("2022-07", "2023-05-12", "LOC-Vovchansk", ("2022-07-01", "2022-07-31", "UA")),
    ("2022-12-01/2022-12-15", None, "", ("2022-12-01", "2022-12-15", "")),
    ("2022-W49", "2022-12-18", "LOC-X", ("2022-12-05", "2022-12-11", "")),
    (None, "2023-05-12T08:00:00", None, ("2023-05-12", "2023-05-12", "")),   # the article's day
    (None, None, None, (None, None, "")),                                     # undated
    ("не дата", "2023-01-02", None, ("2023-01-02", "2023-01-02", "")),
])
def test_event_keys_are_the_days_covered_and_the_country(time, published, place, keys):
    event = Event("strike", 0, 1, "x", time, place)
    got = event_keys(event, published, {"LOC-Vovchansk": "UA"})
    assert (got["day_from"], got["day_to"], got["country"]) == keys


# newest first by the last day covered: the week 2023-W19 ends on 05-14; a meeting without a
# time is dated by its article (w1 2023-05-12, w2 2022-03-01); w2 before w1 on the same day
@pytest.mark.parametrize("filters, found", [
    ({}, ["w2:санкції", "w1:санкції", "w1:зустріч", "w2:удару", "w1:удару", "w2:бої", "w1:бої",
          "w2:зустріч"]),
    ({"type": "battle"}, ["w2:бої", "w1:бої"]),
    ({"lang": "ru"}, ["w2:санкції", "w2:удару", "w2:бої", "w2:зустріч"]),
    ({"place": "Харків"}, ["w2:удару", "w1:удару"]),                 # the place only
    ({"place_id": "LOC-Kyiv", "lang": "uk"}, ["w1:зустріч"]),
    ({"about": "Шольц"}, ["w1:зустріч", "w2:зустріч"]),               # a participant by name
    ({"entity": "PER-Scholz"}, ["w1:зустріч", "w2:зустріч"]),
    ({"entity": "LOC-Ukraine"}, ["w1:зустріч", "w2:удару", "w1:удару", "w2:бої", "w1:бої",
                                 "w2:зустріч"]),                       # a country: places in it
    ({"about": "ORG-Kabmin", "date_from": "2023-05-13"}, ["w2:санкції", "w1:санкції"]),
    ({"date_from": "2022-07-15", "date_to": "2022-07-20"}, ["w2:бої", "w1:бої"]),
    ({"date_from": "2022-08", "date_to": "2022-12"}, []),
    ({"about": "Атлантида"}, []),
    ({"about": "%"}, []),                                              # LIKE wildcards are text
])
def test_event_filters_run_in_sql(store, filters, found):
    assert [f"{f.article_id}:{f.event.trigger}" for f in find_events(store, **filters)] == found


def test_event_page_pages_and_says_when_more_follow(store):
    first, more = event_page(store, limit=3)
    rest, more_after = event_page(store, limit=3, offset=6)
    assert (len(first), more, len(rest), more_after) == (3, True, 2, False)
    assert [f.title for f in first] == ["Стаття w2", "Стаття w1", "Стаття w1"]
    assert (first[2].place_name, first[2].admin1, first[2].lat) == ("Київ", "Kyiv", 50.45)


def test_place_markers_count_events_by_place_and_type(store):
    markers = place_markers(store)
    assert [(m["id"], m["count"], m["types"]) for m in markers] == [
        ("LOC-Kharkiv", 2, {"strike": 2}), ("LOC-Kyiv", 2, {"meeting": 2}),
        ("LOC-Vovchansk", 2, {"battle": 2})]
    assert markers[0]["lat"] == 49.99 and markers[0]["admin1"] == "Kharkiv Oblast"
    assert [m["id"] for m in place_markers(store, type="meeting", lang="ru")] == ["LOC-Kyiv"]
    assert place_markers(store, date_from="2030-01-01") == []


def test_names_and_snippets_of_a_page_of_events(store):
    found = find_events(store, lang="uk")
    assert entity_names(store, ["PER-Scholz", "ORG-Nobody"]) == {"PER-Scholz": "Олаф Шольц"}
    pieces = dict(zip([f.event.trigger for f in found], trigger_snippets(store, found)))
    assert pieces["удару"] == ("Вчора росіяни завдали ", "удару", " по Харкову.")
    assert pieces["санкції"] == ("Кабмін запровадив ", "санкції", ".")


def test_migration_0006_backfills_the_keys_of_stored_events(tmp_path):
    from vezha.store.store import upgrade
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO articles (id, text, source, published, language, "
                          "content_hash, meta_json, sentences_json, stored_at) VALUES "
                          "('a1', 'т', 's', '2023-01-05', 'uk', 'h', '{}', '[]', 'now')"))
        conn.execute(text("INSERT INTO places (article_id, idx, entity_id, name, lat, lon, "
                          "country, admin1, confidence) VALUES "
                          "('a1', 0, 'LOC-Kyiv', 'Київ', 50.4, 30.5, 'UA', 'Kyiv', 1)"))
        conn.execute(text("INSERT INTO events (article_id, idx, start, \"end\", type, trigger, "
                          "time, place, participants_json, confidence, sentence) VALUES "
                          "('a1', 0, 0, 1, 'strike', 'т', '2022-07', 'LOC-Kyiv', '[]', 1, 0), "
                          "('a1', 1, 0, 1, 'statement', 'т', NULL, NULL, '[]', 1, 0)"))
    engine.dispose()
    with open_store(url) as store:
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT day_from, day_to, country FROM events ORDER BY idx")).all()
    assert [tuple(r) for r in rows] == [("2022-07-01", "2022-07-31", "UA"),
                                        ("2023-01-05", "2023-01-05", "")]


@pytest.mark.parametrize("value, name", [
    ("2022-12-18", "day"), ("2022-12-01/2022-12-15", "interval"), ("2022-W49", "week"),
    ("2022-07", "month"), ("2022", "year"), ("2022-SU", "period"), (None, "published"),
])
def test_granularity_of_a_time_value(value, name):
    assert granularity(value) == name


# --- routes over the ingested examples -------------------------------------------------------

@pytest.fixture(scope="module")
def client(web_app):
    return Client(web_app, {"accept": "text/html"})


def events_of(client, query: str = "") -> list[dict]:
    return client.get(f"/api/events?limit=200&{query}").json()["events"]


def test_events_json_twin_api_and_html_agree(client):
    api = client.get("/api/events?type=strike").json()
    assert api == client.get("/events.json?type=strike").json()
    assert api["events"] and {e["type"] for e in api["events"]} == {"strike"}
    html = client.get("/events?type=strike").text
    assert html.count('<li class="event"') == len(api["events"])
    assert api["filters"] == {"type": "strike"} and api["next"] is None


@pytest.mark.parametrize("query, check", [
    ("type=battle", lambda e: e["type"] == "battle"),
    ("lang=ru", lambda e: e["language"] == "ru"),
    ("date_from=2023-01-01", lambda e: (e["time"] or e["published"] or "")[:4] >= "2023"),
    ("date_to=2022-12-31", lambda e: (e["time"] or e["published"])[:4] <= "2022"),
    ("about=Україна", lambda e: e["country"] == "UA"                # in it, or by name:
     or any("Ukraine" in p for p in e["participants"])),           # "Інтерфакс-Україна" too
    ("place=Харківщина", lambda e: e["place"] == "LOC-Kharkiv-Oblast"),
])
def test_event_filters_narrow_the_timeline(client, query, check):
    every, some = events_of(client), events_of(client, query)
    assert 0 < len(some) < len(every) and all(check(e) for e in some), query


def test_events_are_newest_first_and_page_with_next(client):
    first = client.get("/api/events?limit=3").json()
    second = client.get(first["next"]).json()
    assert len(first["events"]) == 3 and second["offset"] == 3 and second["prev"]
    days = [e["time"] or e["published"] or "" for e in events_of(client) if e["published"]]
    assert days[0] >= days[-1]


def test_an_empty_timeline_and_map(client):
    assert client.get("/api/events?about=Атлантида").json()["events"] == []
    assert "no events" in client.get("/events?about=Атлантида").text
    fc = client.get("/map.json?about=Атлантида").json()
    assert (fc["type"], fc["features"], fc["events"]) == ("FeatureCollection", [], 0)


def test_map_is_geojson_with_a_point_per_place_and_its_counts(client):
    fc = client.get("/map.json").json()
    assert fc == client.get("/api/map").json() and fc["type"] == "FeatureCollection"
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["type"] == "Feature" and -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["count"] == sum(f["properties"]["types"].values())
    placed = [e for e in events_of(client) if e["place"] and e["lat"] is not None]
    assert fc["events"] == len(placed)
    battles = client.get("/map.json?type=battle").json()
    assert 0 < battles["events"] < fc["events"]
    assert all(set(f["properties"]["types"]) == {"battle"} for f in battles["features"])
    html = client.get("/map?type=battle").text
    assert 'id="map"' in html and 'src="/static/leaflet/leaflet.js"' in html


def test_entity_page_lists_its_events_with_filters(client):
    place = next(e["place"] for e in events_of(client) if e["place"])
    data = client.get(f"/entity/{place}.json").json()["events"]
    assert data["timeline"] and all(e["place"] == place or place in e["participants"]
                                    for e in data["timeline"])
    kind = data["timeline"][0]["type"]
    narrowed = client.get(f"/entity/{place}.json?type={kind}").json()["events"]["timeline"]
    assert narrowed and {e["type"] for e in narrowed} == {kind}
    html = client.get(f"/entity/{place}").text
    assert 'class="entity-events"' in html and html.count('<li class="event"') == len(data["timeline"])


def test_borders_and_leaflet_come_from_the_installed_packages(client):
    fc = load_borders()
    ukraine = [f for f in fc["features"] if f["properties"]["iso"] == "UA"]
    assert len(fc["features"]) > 150 and ukraine[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert client.get("/api/borders").json() == fc
    js = client.get("/static/leaflet/leaflet.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert client.get("/static/leaflet/leaflet.css").status_code == 200
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/events", "/api/map", "/api/borders"} <= set(paths)


@pytest.mark.parametrize("url", [
    "/api/events?type=bogus", "/events.json?lang=xx", "/api/events?limit=0",
    "/api/events?limit=201", "/api/events?offset=-1", "/api/events?date_from=yesterday",
    "/api/events?date_from=2023-02-30", "/api/events?date_from=2023-02-01&date_to=2023-01-01",
    "/map.json?type=bogus", "/api/map?date_to=2023-13-01", "/api/events?about=" + "я" * 201,
    "/entity/LOC-Ukraine.json?type=bogus",
])
def test_bad_parameters_are_the_one_json_error(client, url):
    r = client.get(url)
    assert r.status_code == 422, r.text[:200]
    assert set(r.json()["error"]) == ERROR_KEYS and r.json()["error"]["code"] == "V105"


def test_hostile_event_text_is_escaped(tmp_path):
    from vezha.settings import load_settings
    from vezha.web import create_app
    doc = own_doc()
    bad = Event("strike", 0, 5, "<script>alert(1)</script>", None, "javascript:alert(2)",
                ("<img src=x onerror=alert(3)>",), 0.5, 0)
    places = (*doc.places, Place("javascript:alert(2)", "<b>місце</b>", 50.0, 30.0, "UA", ""))
    with open_store(f"sqlite:///{tmp_path / 'evil.db'}") as store:
        store.save_doc(Doc(doc.article, entities=doc.entities, places=places, events=(bad,)))
        app = create_app(load_settings(env={}, db_url="sqlite://"), store)
        client = Client(app, {"accept": "text/html"})
        for url in ("/events", "/map", "/entity/LOC-Kyiv"):
            r = client.get(url)
            assert r.status_code == 200
            for tag, attrs in tags_of(r.text):
                assert tag not in ("img", "b") and not any(n.startswith("on") for n in attrs)
                assert not (attrs.get("href") or "").lower().startswith("javascript:")
        assert "&lt;b&gt;місце&lt;/b&gt;" in client.get("/map").text


@pytest.mark.parametrize("d, rings", [
    ("m10 20l5 0 0 5z", [[(10, 20), (15, 20), (15, 25)]]),
    ("M10 20L15 20V25H10Z", [[(10, 20), (15, 20), (15, 25), (10, 25)]]),
    ("m1.5.5l.5-.5", [[(1.5, 0.5), (2.0, 0.0)]]),                     # compact numbers
    ("m0 0c1 1 2 2 3 0l1 1", [[(0, 0), (3, 0), (4, 1)]]),              # a curve keeps its end
    ("m0 0 1 0 1 1zm5 5h1v1z", [[(0, 0), (1, 0), (2, 1)], [(5, 5), (6, 5), (6, 6)]]),  # implicit l
])
def test_svg_path_rings(d, rings):
    assert parse_path(d) == rings


@pytest.mark.parametrize("region, lon, lat", [
    ("kyivcity", 30.52, 50.45), ("sevastopolcity", 33.52, 44.6), ("kharkiv", 36.4, 49.5),
])
def test_oblast_outlines_are_georeferenced(region, lon, lat):
    (feature,) = [f for f in load_oblasts()["features"] if f["properties"]["id"] == region]
    points = [p for polygon in feature["geometry"]["coordinates"] for ring in polygon for p in ring]
    middle = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    assert abs(middle[0] - lon) < 0.3 and abs(middle[1] - lat) < 0.3, middle


def test_oblasts_route_serves_every_region(client):
    fc = client.get("/api/oblasts").json()
    assert fc == client.get("/map/oblasts.json").json()
    assert len(fc["features"]) == 27 and {"kharkiv", "crimea", "kyivcity"} <= {
        f["properties"]["id"] for f in fc["features"]}
