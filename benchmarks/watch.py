"""Watch benchmark: planted matches in a stream built from the samples, alert latency, a 10k briefing.

    .venv/bin/python benchmarks/watch.py stream          # precision/recall + latency
    .venv/bin/python benchmarks/watch.py burst           # one planted burst over a baseline
    .venv/bin/python benchmarks/watch.py brief --n 10000 --keep /tmp/vezha-brief10k
                                                         # build a 10k-article store, time a briefing
    .venv/bin/python benchmarks/watch.py all

**stream**: every sample article of ``examples/`` (articles, pages, feeds, dumps) is the base
of a few copies with other outlets and dates; some copies get one planted paragraph (our own
sentences in ``PLANTS``, each listing the rules of ``WATCHLIST`` it must trigger), some get a
distractor (``DISTRACTORS``: near misses that must not alert), some nothing. The stream goes
through ``vezha.runner.ingest_into`` with the watcher as ``on_stored``. A planted match is
found when an alert of its rule has the article among its sources; an alert source with no
planted match is a false alert. Latency = the watcher's time per stored article (from the
article being stored to its alerts recorded).

**brief**: the analysed stream's docs are copied (new ids, outlets, dates over 30 days) up to
``--n`` articles and saved with ``Store.save_docs``; the watcher runs over all of them; then a
briefing over the last ``--since`` days (default 30d: all of them) is built and rendered to
HTML and PDF, timed.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from vezha.model import Article, Doc  # noqa: E402

WATCHLIST = """
name: bench
title: Наступ з Білорусі? (benchmark)
rules:
  - {id: lukashenko, entity: Лукашенко}
  - {id: lukashenko-on-csto, speaker: Лукашенко, about: ОДКБ}
  - {id: strikes-in-belarus, event: strike, place: Білорусь}
  - {id: a50-movements, event: movement, participant: А-50}
  - {id: lukashenko-changes, claims: [repeat, contradict], speaker: Лукашенко}
"""
CSTO = ("ОДКБ готова захищати союзників", "ОДКБ потребує нових правил ухвалення рішень",
        "ОДКБ слід розширити за рахунок азійських партнерів",
        "ОДКБ має посилити свою роль у регіоні", "ОДКБ відкриє штаб у Мінську",
        "ОДКБ не буде втручатися у справи членів")
# (key, paragraph, rules it must trigger); {csto} is filled with a different clause each time.
PLANTS = (
    ("entity", "Тим часом Олександр Лукашенко провів нараду з урядом.", {"lukashenko"}),
    ("entity-ru", "Тем временем Александр Лукашенко провел совещание с правительством.",
     {"lukashenko"}),
    ("csto", "Лукашенко заявив, що {csto}.", {"lukashenko", "lukashenko-on-csto"}),
    ("strike", "Вчора російські війська завдали удару по аеродрому в Мачулищах під Мінськом.",
     {"strikes-in-belarus"}),
    ("a50", "Росія перекинула літак А-50 до Білорусі.", {"a50-movements"}),
)
CLAIM_CHAIN = (     # planted in three different stories, in this order
    ("claim-first", "Лукашенко заявив, що білоруські війська не перетинатимуть кордону України.",
     {"lukashenko"}),
    ("claim-repeat", "Лукашенко вкотре заявив, що білоруські війська не перетинатимуть кордону "
     "України.", {"lukashenko", "lukashenko-changes"}),
    ("claim-contradict", "Лукашенко заявив, що білоруські війська перетнуть кордон України, "
     "якщо Білорусь атакують.", {"lukashenko", "lukashenko-changes"}),
)
DISTRACTORS = (
    "Президент Казахстану заявив, що ОДКБ має посилити свою роль у регіоні.",
    "Росія перекинула літаки Су-34 до Білорусі.",
    "Вчора російські війська завдали удару по Харкову.",
    "Лукаш Новак, чеський тренер, заявив, що команда готова до сезону.",
)
COPIES = 6


def sample_articles(settings, langid) -> list[Article]:
    from vezha.ingest import iter_articles
    folders = [ROOT / "examples" / f for f in ("articles", "pages", "feeds", "dumps")]
    return [a for a in iter_articles([str(f) for f in folders], settings, langid=langid)
            if isinstance(a, Article)]


def build_stream(bases: list[Article], seed: int = 7) -> tuple[list[dict], dict[str, set[str]]]:
    """JSONL records of the stream and, per record id, the rules planted in it."""
    rng = random.Random(seed)
    records, expected, csto = [], {}, iter(CSTO)
    plants = [p for p in PLANTS for _ in range(6)]
    rng.shuffle(plants)
    chain = {i * 3 + 1: c for i, c in enumerate(CLAIM_CHAIN)}     # base index -> claim plant
    day0 = dt.date(2023, 3, 1)
    for b, base in enumerate(bases):
        for k in range(COPIES):
            rid = f"{base.id.split('/')[-1][:40]}-{k}"
            plant, rules = "", set()
            if k == 1 and b in chain:
                _, plant, rules = chain[b]
            elif k in (1, 2, 3, 4) and plants:
                _, plant, rules = plants.pop()
                plant = plant.format(csto=next(csto)) if "{csto}" in plant else plant
            elif k == 5:
                plant = DISTRACTORS[b % len(DISTRACTORS)]
            records.append(_record(base, rid, plant, b, k, rng, day0))
            expected[rid] = set(rules)
    return records, expected


def _record(base: Article, rid: str, plant: str, b: int, k: int, rng: random.Random,
            day0: dt.date) -> dict:
    paragraphs = base.text.split("\n\n")
    body = paragraphs[1:] if len(paragraphs) > 1 else paragraphs
    if plant:
        body.insert(rng.randint(1, max(1, len(body))), plant)
    published = (day0 + dt.timedelta(days=b * 2 + (1 if k else 0))).isoformat()
    return {"id": rid, "url": f"https://outlet{k}.example/{rid}", "published": published,
            "title": base.title or paragraphs[0][:80], "text": "\n\n".join(body)}


def run_stream(args) -> dict:
    from vezha.pipeline import default_pipeline
    from vezha.runner import ingest_into, load_run_resources
    from vezha.settings import load_settings
    from vezha.store import open_store
    from vezha.store.alerts import find_alerts, save_watchlist
    from vezha.watch import load_watcher
    tmp = Path(tempfile.mkdtemp(prefix="vezha-watch-"))
    settings = load_settings(env={}, db_url=f"sqlite:///{tmp / 'stream.db'}")
    pipeline = default_pipeline()
    resources = load_run_resources(settings, pipeline)
    records, expected = build_stream(sample_articles(settings, resources["langid"]))
    dump = tmp / "stream.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    store = open_store(settings.db_url, lemmatize=resources["morph"].lemma)
    save_watchlist(store, "bench", "bench", "yaml", WATCHLIST)
    watcher = load_watcher(store, settings, kb=resources["kb"])
    latencies, docs = [], []

    def on_stored(doc: Doc) -> None:
        start = time.perf_counter()
        watcher(doc)
        latencies.append(time.perf_counter() - start)
        docs.append(doc)
    started = time.perf_counter()
    report = ingest_into(store, [dump], settings, resources, pipeline=pipeline, on_stored=on_stored)
    total = time.perf_counter() - started
    result = score(find_alerts(store, limit=100_000), expected, _ids(docs, records))
    result.update(articles=report.stored, failed=report.failed,
                  latency_mean=statistics.fmean(latencies), latency_max=max(latencies),
                  latency_p95=sorted(latencies)[int(0.95 * (len(latencies) - 1))],
                  ingest_seconds_per_article=total / max(1, report.stored))
    args.docs = docs
    return result


def _ids(docs: list[Doc], records: list[dict]) -> dict[str, str]:
    """Stored article id -> stream record id (ingestion ids come from the URL)."""
    by_url = {r["url"]: r["id"] for r in records}
    return {d.article.id: by_url.get(d.article.url or "", d.article.id) for d in docs}


def score(alerts, expected: dict[str, set[str]], ids: dict[str, str]) -> dict:
    found = {(a.rule, ids.get(s.article_id, s.article_id)) for a in alerts for s in a.sources}
    planted = {(rule, rid) for rid, rules in expected.items() for rule in rules}
    hits, false = planted & found, sorted(found - planted)
    return {"planted": len(planted), "found": len(hits), "recall": len(hits) / max(1, len(planted)),
            "alert_sources": len(found), "precision": len(hits) / max(1, len(found)),
            "alerts": len(alerts), "missed": sorted(planted - found), "false": false}


def run_burst(args) -> dict:
    """14 quiet days (0–1 mention of Білорусь a day), then a day with 8 articles on it."""
    from vezha.model import Mention
    from vezha.store import open_store
    from vezha.store.alerts import find_alerts, save_watchlist
    from vezha.watch import load_watcher
    store = open_store(f"sqlite:///{Path(tempfile.mkdtemp(prefix='vezha-burst-')) / 'b.db'}")
    save_watchlist(store, "burst", "", "yaml", "name: burst\nrules:\n  - {burst: Білорусь, min_count: 4}\n")
    watcher = load_watcher(store)
    rng, day0 = random.Random(3), dt.date(2023, 5, 1)
    plan = [(d, 1 if rng.random() < 0.5 else 0) for d in range(14)] + [(14, 8)]
    for d, n in plan:
        for i in range(n):
            text = f"Новина {d}-{i}: Білорусь проводить навчання біля кордону, номер {d * 10 + i}."
            article = Article(id=f"b{d}-{i}", text=text, source="gen", language="uk",
                              published=(day0 + dt.timedelta(days=d)).isoformat(),
                              content_hash=f"b{d}-{i}")
            doc = Doc(article=article, mentions=(Mention(text.index("Білорусь"),
                      text.index("Білорусь") + 8, "Білорусь", "LOC", "Білорусь", "LOC-Belarus"),))
            store.save_doc(doc)
            watcher(doc)
    alerts = find_alerts(store)
    return {"baseline_days": 14, "burst_day_articles": 8, "alerts": len(alerts),
            "alert_days": [a.story for a in alerts], "statistic": [a.statistic for a in alerts],
            "sources": [len(a.sources) for a in alerts]}


def replicate(docs: list[Doc], n: int, days: int = 30, seed: int = 11):
    """``n`` copies of ``docs`` with new ids, outlets and dates (claims renamed to match);
    without their tokens, which the briefing does not read (and which make saving slow)."""
    rng, last = random.Random(seed), dt.date(2023, 6, 30)
    for i in range(n):
        doc = docs[i % len(docs)]
        aid = f"gen-{i:05d}"
        published = (last - dt.timedelta(days=rng.randrange(days))).isoformat()
        article = dataclasses.replace(doc.article, id=aid, url=f"https://o{i % 40}.example/{aid}",
                                      outlet=f"outlet-{i % 40}", published=published,
                                      content_hash=aid)
        claims = tuple(dataclasses.replace(c, id=f"{aid}:{k}", article_id=aid, published=published)
                       for k, c in enumerate(doc.claims))
        yield dataclasses.replace(doc, article=article, claims=claims, sentences=())


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _save_all(store, docs, size: int = 500) -> None:
    batch = []
    for doc in docs:
        batch.append(doc)
        if len(batch) == size:
            store.save_docs(batch)
            batch = []
    store.save_docs(batch)


def run_brief(args) -> dict:
    from vezha.kb import load_kb
    from vezha.store import open_store
    from vezha.store.alerts import find_alerts, save_watchlist
    from vezha.watch.brief import build_briefing, parse_since
    from vezha.watch.render import PDF_SOURCES, pdf_available, render_html, render_pdf
    from vezha.watch.watcher import load_watcher, stored_watchlist
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="vezha-brief-"))
    tmp.mkdir(parents=True, exist_ok=True)
    built = (tmp / "big.db").exists()
    store, kb = open_store(f"sqlite:///{tmp / 'big.db'}"), load_kb()
    saved = watched = 0.0
    if not built:       # --keep FOLDER reuses a store built before: only the briefing is timed
        docs = getattr(args, "docs", None) or run_stream(args) and args.docs
        save_watchlist(store, "bench", "Наступ з Білорусі? (benchmark)", "yaml", WATCHLIST)
        saved = _timed(lambda: _save_all(store, replicate(docs, args.n)))
        watcher = load_watcher(store, kb=kb)
        watched = _timed(lambda: [watcher.record(d) for d in replicate(docs, args.n)])
    started = time.perf_counter()
    wl, rules = stored_watchlist(store, "bench", kb)
    until = dt.date(2023, 6, 30)
    brief = build_briefing(store, wl.name, wl.title, rules, kb, parse_since(args.since, until),
                           until)
    html = render_html(brief)
    html_seconds = time.perf_counter() - started
    pdf = render_pdf(render_html(brief, PDF_SOURCES)) if pdf_available() else b""
    total = time.perf_counter() - started
    (tmp / "brief.html").write_text(html, encoding="utf-8")
    (tmp / "brief.pdf").write_bytes(pdf)
    return {"articles": args.n, "window": args.since, "sources": len(brief.sources),
            "save_seconds": round(saved, 1), "watch_seconds": round(watched, 1),
            "alerts": len(find_alerts(store, limit=100_000)), "claims": len(brief.claims),
            "events": len(brief.events), "briefing_html_seconds": round(html_seconds, 2),
            "briefing_html_pdf_seconds": round(total, 2), "pdf_bytes": len(pdf),
            "out": str(tmp)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["stream", "burst", "brief", "all"])
    parser.add_argument("--n", type=int, default=10_000, help="articles in the briefing store")
    parser.add_argument("--since", default="30d", help="briefing window (30d: every article)")
    parser.add_argument("--keep", metavar="FOLDER", help="build the briefing store there once, "
                        "reuse it on the next runs")
    args = parser.parse_args()
    for name, run in (("stream", run_stream), ("burst", run_burst), ("brief", run_brief)):
        if args.what in (name, "all"):
            print(name, json.dumps(run(args), ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
