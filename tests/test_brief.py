"""Briefings: the document's content (claims, timeline, charts, source links), HTML and PDF."""
from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from vezha.cli import cli
from vezha.errors import ConfigError
from vezha.store import open_store
from vezha.store.alerts import find_alerts, save_watchlist
from vezha.watch import load_watcher
from vezha.watch.brief import build_briefing, parse_since
from vezha.watch.render import pdf_available, render_html, render_pdf
from vezha.watch.watcher import stored_watchlist

from conftest import EXAMPLES

BELARUS = (EXAMPLES / "watchlists" / "belarus.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def briefing(tmp_path_factory, watch_docs, run_resources):
    kb = run_resources["kb"]
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('brief') / 'b.db'}")
    save_watchlist(store, "belarus", "Наступ з Білорусі?", "yaml", BELARUS)
    watcher = load_watcher(store, kb=kb)
    for doc in watch_docs.values():
        store.save_doc(doc)
        watcher(doc)
    wl, rules = stored_watchlist(store, "belarus", kb)
    brief = build_briefing(store, wl.name, wl.title, rules, kb, dt.date(2023, 1, 30),
                           dt.date(2023, 2, 3), "http://vezha.test")
    yield brief, store
    store.close()


@pytest.fixture(scope="module")
def page(briefing):
    return lxml_html.fromstring(render_html(briefing[0]))


@pytest.mark.parametrize("since, until, first", [
    ("24h", "2023-02-03", "2023-02-03"),
    ("48h", "2023-02-03", "2023-02-02"),
    ("7d", "2023-02-03", "2023-01-28"),
    ("2023-01-15", "2023-02-03", "2023-01-15"),
])
def test_since_reads_durations_and_dates(since, until, first):
    assert parse_since(since, dt.date.fromisoformat(until)).isoformat() == first


def test_since_refuses_nonsense():
    with pytest.raises(ConfigError):
        parse_since("yesterday-ish", dt.date(2023, 2, 3))


def test_top_claims_carry_their_speakers_and_sources(page):
    claims = page.xpath("//section[@id='claims']//li[@class='claim']")
    speakers = {c.xpath(".//b[@class='speaker']")[0].text for c in claims}
    assert speakers == {"Олександр Лукашенко"}
    texts = " ".join(c.text_content() for c in claims)
    assert "ОДКБ має посилити свою роль" in texts and "вступить у війну" in texts
    csto = next(c for c in claims if "ОДКБ" in c.text_content())
    links = [a.get("href") for a in csto.xpath(".//div[@class='src']//a")]
    assert all(re.fullmatch(r"http://vezha\.test/article/minsk-[ab]#q\d+", link) for link in links)
    assert {link.split("/article/")[1].split("#")[0] for link in links} == {"minsk-a", "minsk-b"}


def test_events_are_on_a_timeline_in_order(page):
    rows = page.xpath("//section[@id='events']//tr[@class='event']")
    days = [r.xpath("./td")[0].text for r in rows]
    assert days == sorted(days) and {"strike", "movement"} <= {r.xpath("./td")[1].text for r in rows}
    strike = next(r for r in rows if r.xpath("./td")[1].text == "strike")
    assert len(strike.xpath(".//a")) == 2        # the reprint is a second source


def test_every_watched_entity_has_a_mentions_chart(page):
    entities = {e.get("data-entity"): e for e in page.xpath("//section[@id='mentions']//div[@class='entity']")}
    assert {"PER-Alexander-Lukashenko", "LOC-Belarus", "ORG-CSTO", "PRO-A-50U"} <= set(entities)
    chart = entities["PER-Alexander-Lukashenko"].xpath(".//img[@class='chart']")[0].get("src")
    assert chart.startswith("data:image/svg+xml;base64,")
    assert int(entities["PER-Alexander-Lukashenko"].xpath(".//span[@class='count']")[0].text) >= 5


def test_alerts_and_every_source_span_are_linked(page, briefing):
    brief, store = briefing
    assert len(page.xpath("//section[@id='alerts']//li[@class='alert']")) == len(find_alerts(store))
    listed = {a.get("href") for a in page.xpath("//section[@id='sources']//a")}
    inline = {a.get("href") for a in page.xpath("//section[@id='claims' or @id='events' or @id='alerts']//a")}
    assert inline <= listed and any("#q" in link for link in listed)


def test_the_pdf_says_what_the_html_says(briefing):
    if not pdf_available():
        pytest.skip("WeasyPrint cannot load here (no Pango)")
    from pypdf import PdfReader
    pdf = render_pdf(render_html(briefing[0]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    for needle in ("Наступ з Білорусі?", "Top new claims", "Олександр Лукашенко",
                   "ОДКБ має посилити свою роль", "Events on a timeline", "Mentions per watched entity"):
        assert needle in text


def test_cli_watch_alerts_and_brief(tmp_path, watch_docs):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    path = str(EXAMPLES / "watchlists" / "belarus.yaml")
    added = runner.invoke(cli, ["--db", db, "watch", "add", path])
    assert added.exit_code == 0 and "6 rule(s)" in added.output
    assert "belarus" in runner.invoke(cli, ["--db", db, "watch", "list"]).output
    shown = json.loads(runner.invoke(cli, ["--db", db, "watch", "show", "belarus", "--json"]).output)
    assert shown["rules"][0]["entity"] == ["PER-Alexander-Lukashenko"]
    with open_store(db) as store:
        watcher = load_watcher(store)
        for doc in watch_docs.values():
            store.save_doc(doc)
            watcher(doc)
    lines = runner.invoke(cli, ["--db", db, "alerts", "--watchlist", "belarus", "--json"]).output
    alerts = [json.loads(line) for line in lines.splitlines()]
    assert {a["rule"] for a in alerts} >= {"lukashenko", "lukashenko-changes"}
    out = tmp_path / "briefs"
    args = ["--db", db, "brief", "--watchlist", "belarus", "--since", "7d", "--until",
            "2023-02-03", "--out", str(out)] + (["--pdf"] if pdf_available() else [])
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (out / "briefing-belarus-2023-02-03.html").exists()
    missing = runner.invoke(cli, ["--db", db, "brief", "--watchlist", "nope"])
    assert missing.exit_code == 6


def test_the_pdf_index_of_sources_can_be_capped(briefing):
    page = lxml_html.fromstring(render_html(briefing[0], sources_limit=2))
    assert len(page.xpath("//section[@id='sources']//a")) == 2
    assert "the HTML briefing links all" in page.xpath("//section[@id='sources']")[0].text_content()
