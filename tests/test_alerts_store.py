"""Alerts in the store: one alert per story with many sources, delivery bookkeeping, webhook, Atom."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import feedparser
import httpx
import pytest
from sqlalchemy import insert

from vezha.model import Article, Doc, Mention
from vezha.store import open_store
from vezha.store.alerts import (find_alerts, mark_delivered, pending, record_hit,
                                encode_fingerprint, save_watchlist)
from vezha.store.schema import story_groups
from vezha.dedup import fingerprint
from vezha.watch import Evidence, Hit
from vezha.watch.atom import atom_feed
from vezha.watch.webhook import deliver_webhook

BODY = ("Лукашенко заявив, що білоруська армія проводить навчання біля кордону з Україною. "
        "За його словами, навчання триватимуть два тижні, а до них залучать кілька бригад. ") * 3


def doc(aid: str, text: str = BODY, outlet: str = "Видання", published: str = "2023-02-01") -> Doc:
    article = Article(id=aid, text=text, source=f"{aid}.txt", outlet=outlet, published=published,
                      language="uk", content_hash=aid)
    return Doc(article=article, mentions=(Mention(0, 9, "Лукашенко", "PER", "Лукашенко",
                                                  "PER-Alexander-Lukashenko"),))


def hit(aid: str, rule: str = "lukashenko", story: str = "") -> Hit:
    return Hit("belarus", rule, "entity", "PER-Alexander-Lukashenko", f"Лукашенко in {aid}",
               Evidence(aid, "mention", 0, 9, "Лукашенко заявив"), story=story)


def record(store, d: Doc, h: Hit):
    store.save_doc(d)
    mark = encode_fingerprint(fingerprint(d.article).minhash.hashvalues)
    return record_hit(store, h, mark, d.article.published)


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def test_reprints_are_one_alert_with_a_source_each(store):
    first = record(store, doc("a", outlet="Перша"), hit("a"))
    again = record(store, doc("b", BODY + "Підписуйтеся на наш канал.", outlet="Друга"), hit("b"))
    other = record(store, doc("c", "Зовсім інша історія про погоду в Києві. " * 5), hit("c"))
    assert first == (1, True) and again == (1, False) and other[1]
    alert = find_alerts(store, ids=[1])[0]
    assert [s.outlet for s in alert.sources] == ["Перша", "Друга"]


def test_the_same_hit_twice_adds_no_source(store):
    record(store, doc("a"), hit("a"))
    record(store, doc("a"), hit("a"))
    assert len(find_alerts(store)[0].sources) == 1


def test_story_groups_join_rewrites_the_fingerprint_misses(store):
    record(store, doc("a"), hit("a"))
    store.save_doc(doc("z", "Інший текст тієї ж історії. " * 5))
    with store.engine.begin() as conn:
        conn.execute(insert(story_groups), [{"article_id": "a", "group_id": "a", "similarity": 1.0},
                                            {"article_id": "z", "group_id": "a", "similarity": 0.4}])
    assert record(store, doc("z", "Інший текст тієї ж історії. " * 5), hit("z"))[1] is False


def test_bursts_are_one_alert_per_day(store):
    assert record(store, doc("a"), hit("a", "burst", "burst:2023-02-01"))[1]
    assert not record(store, doc("c", "Інше. " * 20), hit("c", "burst", "burst:2023-02-01"))[1]
    assert record(store, doc("d", "Ще інше. " * 20), hit("d", "burst", "burst:2023-02-02"))[1]


def test_delivered_alerts_are_not_pending_after_a_restart(store, store_url):
    record(store, doc("a"), hit("a"))
    record(store, doc("c", "Зовсім інша історія. " * 5), hit("c"))
    mark_delivered(store, 1, "webhook")
    with open_store(store_url) as again:
        assert [a.id for a in pending(again, "webhook")] == [2]
        assert [a.id for a in pending(again, "cli")] == [1, 2]


# --- webhook: a receiver on 127.0.0.1

class Receiver(BaseHTTPRequestHandler):
    received: list = []
    fail_first = 0

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        if Receiver.fail_first > 0:
            Receiver.fail_first -= 1
            self.send_response(503)
        else:
            Receiver.received.append((self.headers["idempotency-key"], body))
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.received, Receiver.fail_first = [], 0
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


def test_webhook_posts_each_alert_once_even_after_a_restart(store, store_url, receiver):
    record(store, doc("a"), hit("a"))
    with httpx.Client(timeout=5) as client:
        assert deliver_webhook(store, receiver, client, base_url="http://vezha").sent == 1
        record(store, doc("c", "Зовсім інша історія. " * 5), hit("c"))
        with open_store(store_url) as restarted:
            assert deliver_webhook(restarted, receiver, client).sent == 1
            assert deliver_webhook(restarted, receiver, client).sent == 0
    keys = [k for k, _ in Receiver.received]
    assert keys == ["vezha-alert-1", "vezha-alert-2"]
    first = Receiver.received[0][1]["alert"]
    assert first["rule"] == "lukashenko" and first["sources"][0]["link"] == "http://vezha/article/a"


def test_webhook_retries_are_bounded_and_failures_stay_pending(store, receiver):
    record(store, doc("a"), hit("a"))
    Receiver.fail_first = 10
    waits = []
    with httpx.Client(timeout=5) as client:
        report = deliver_webhook(store, receiver, client, retries=2, sleep=waits.append)
    assert report.failed == 1 and report.error == "HTTP 503" and waits == [0.5, 1.0]
    assert [a.id for a in pending(store, "webhook")] == [1]
    Receiver.fail_first = 1
    with httpx.Client(timeout=5) as client:
        assert deliver_webhook(store, receiver, client, sleep=waits.append).sent == 1
    assert pending(store, "webhook") == []


def test_webhook_gives_up_when_the_receiver_is_gone(store):
    record(store, doc("a"), hit("a"))
    transport = httpx.MockTransport(lambda request: (_ for _ in ()).throw(
        httpx.ConnectError("refused", request=request)))
    with httpx.Client(transport=transport) as client:
        report = deliver_webhook(store, "http://127.0.0.1:9/hook", client, retries=1,
                                 sleep=lambda s: None)
    assert report.failed == 1 and "ConnectError" in report.error


def test_atom_feed_has_one_entry_per_alert_with_its_sources(store):
    record(store, doc("a", outlet="Перша"), hit("a"))
    record(store, doc("b", BODY + " Кінець.", outlet="Друга"), hit("b"))
    record(store, doc("c", "Зовсім інша історія. " * 5), hit("c"))
    feed = feedparser.parse(atom_feed("belarus", "Білорусь", find_alerts(store), "http://v"))
    assert feed.feed.title == "Білорусь" and len(feed.entries) == 2
    ids = sorted(e.id for e in feed.entries)
    assert ids == ["urn:vezha:alert:1", "urn:vezha:alert:2"]
    first = next(e for e in feed.entries if e.id.endswith(":1"))
    assert "Перша" in first.content[0].value and "Друга" in first.content[0].value
    assert first.link == "http://v/article/a"


def test_watcher_bursts_and_briefing_queries_run_on_this_backend(store):
    import datetime as dt
    from vezha.kb import load_kb
    from vezha.watch import load_watcher
    from vezha.watch.brief import build_briefing
    from vezha.watch.watcher import stored_watchlist
    save_watchlist(store, "w", "", "yaml", "name: w\nrules:\n  - {burst: Білорусь, min_count: 3}\n")
    watcher = load_watcher(store, kb=load_kb())
    for day, n in ((1, 1), (9, 0), (10, 4)):
        for i in range(n):
            text = f"Білорусь: новина {day}-{i} про навчання біля кордону."
            d = Doc(article=Article(id=f"d{day}-{i}", text=text, source="t", language="uk",
                                    published=f"2023-02-{day:02d}", content_hash=f"{day}{i}"),
                    mentions=(Mention(0, 8, "Білорусь", "LOC", "Білорусь", "LOC-Belarus"),))
            store.save_doc(d)
            watcher(d)
    (alert,) = find_alerts(store)
    assert alert.story == "burst:2023-02-10" and alert.statistic.startswith("Poisson tail P(X≥")
    assert [s.article_id for s in alert.sources] == ["d10-3"]    # P(X≥3 | 0.2) > alpha: the 4th
    kb = load_kb()
    wl, rules = stored_watchlist(store, "w", kb)
    brief = build_briefing(store, "w", "", rules, kb, dt.date(2023, 2, 10), dt.date(2023, 2, 10))
    (belarus,) = brief.entities
    assert belarus["in_window"] == 4 and sum(belarus["counts"]) == 5 and len(brief.alerts) == 1


def test_a_receiver_that_is_down_is_left_alone_for_a_while(store):
    from vezha.settings import load_settings
    from vezha.watch.webhook import COOLDOWN, webhook_deliverer
    calls, now = [], [1000.0]

    def refuse(request):
        calls.append(request)
        raise httpx.ConnectError("refused", request=request)
    settings = load_settings(env={}, alert_webhook_url="http://127.0.0.1:9/hook",
                             alert_webhook_retries=0)
    deliver = webhook_deliverer(settings, httpx.Client(transport=httpx.MockTransport(refuse)),
                                clock=lambda: now[0])
    record(store, doc("a"), hit("a"))
    assert deliver(store).failed == 1 and deliver(store).failed == 0 and len(calls) == 1
    now[0] += COOLDOWN + 1
    assert deliver(store).failed == 1 and len(calls) == 2
