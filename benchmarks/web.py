"""Web benchmark: search and article-page latency on a store of N (default 100,000) articles.

    .venv/bin/python benchmarks/web.py [--articles 100000] [--requests 300] [--db /tmp/vezha-web-bench.db]
        [--pg postgresql+psycopg://vezha:vezha@localhost/vezha_bench --articles 5000]

Builds the database once (kept at --db and reused when it already holds N articles): the bundled
examples are analysed by the pipeline once, then copied N times with varied ids, publication
dates (2018-2025) and a byline of varied invented names (its tokens and a PER mention added),
and written in bulk (rows of ``store.rows.doc_rows``, SQLite's FTS insert, the entity
aggregates of each chunk, one entity refresh at the end) rather than through the pipeline N
times. A store built by an older version is brought to the current schema when opened (migration
0007 backfills the entity aggregates: ~1.5 min at 100,000 articles). Then it times requests through
the ASGI app in process (httpx, no network): a one-word search (a rare and a common word) and
the article page (HTML and its JSON twin), the entity page of the most mentioned entity and the
page of a speaker with 54,546 claims (each: first page and an older page by its keyset cursor),
the graph (all of it and one entity's edges), printing p50/p95/max in milliseconds. Migration
0009 adds the claim aggregates to an older store (~5 s at 100,000 articles). With ``--pg URL``
the same requests go to a PostgreSQL store holding the first --articles articles of --db,
copied there through the store's write path once (kept when it holds them).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["Олег", "Ірина", "Тарас", "Марта", "Богдан", "Олена", "Степан", "Леся", "Андрій", "Софія"]
LAST = ["Гайдамака", "Черешня", "Вербицький", "Ковальчук", "Левада", "Мирошник", "Остапчук",
        "Приходько", "Стельмах", "Ткачишин", "Яворівська", "Зозуля", "Бондар", "Гнатів"]


def sample_docs(tmp: Path):
    """The bundled examples, analysed once by the real pipeline."""
    from sqlalchemy import select
    from vezha.pipeline import default_pipeline
    from vezha.runner import ingest_into, load_run_resources
    from vezha.settings import load_settings
    from vezha.store import open_store
    url = f"sqlite:///{tmp / 'samples.db'}"
    settings = load_settings(env={}, db_url=url)
    pipeline = default_pipeline()
    resources = load_run_resources(settings, pipeline)
    store = open_store(url, lemmatize=resources["morph"].lemma)
    folders = [ROOT / "examples" / f for f in ("articles", "pages", "feeds", "dumps")]
    ingest_into(store, folders, settings, resources, pipeline=pipeline)
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(select(store.tables.articles.c.id))]
    return [store.get_doc(i) for i in ids], resources["morph"]


def byline(i: int) -> tuple[str, str, str]:
    """(first name, last name, ISO date) of copy ``i``."""
    rnd = random.Random(i)
    day = date(2018, 1, 1) + timedelta(days=rnd.randrange(2900))
    return rnd.choice(FIRST), rnd.choice(LAST), day.isoformat()


def templates(docs, now: str):
    """Per sample: its rows (doc_rows), title and body lemmas, entity rows."""
    from vezha.store import fts
    from vezha.store.rows import doc_rows, entity_row
    out = []
    for doc in docs:
        rows = doc_rows(doc, run_id=None, now=now)
        out.append((doc, rows, fts.title_lemmas(doc), fts.doc_lemmas(doc)))
    entities = {e.id: entity_row(e, now) for doc in docs for e in doc.entities}
    for doc in docs:
        for m in doc.mentions:
            if m.entity_id and m.entity_id not in entities:
                entities[m.entity_id] = _entity(m.entity_id, m.lemma or m.text, m.type, now)
    return out, entities


def _entity(eid: str, name: str, type_: str, now: str) -> dict:
    return {"id": eid, "name": name, "type": type_, "attrs_json": "{}", "aliases_json": "[]",
            "mention_count": 0, "article_count": 0, "updated_at": now}


def copy_rows(template, i: int) -> tuple[dict, str, str]:
    """The rows of copy ``i`` of a sample: own id and date, a byline with its token and mention."""
    doc, rows, title_lemmas, lemmas = template
    first, last, day = byline(i)
    aid = f"bench-{i:06d}"
    base = len(doc.text) + 2
    article = dict(rows["articles"][0], id=aid, published=day, content_hash=aid, url=None,
                   source=f"bench#{i}", text=doc.text + f"\n\nАвтор: {first} {last}.")
    tokens = [[base, base + 5, "Автор", "автор", "NOUN", "", True],
              [base + 7, base + 7 + len(first), first, first.lower(), "NOUN", "", True],
              [base + 8 + len(first), base + 8 + len(first) + len(last), last, last.lower(), "NOUN", "", True]]
    extra = json.dumps([base, tokens[-1][1], "uk", tokens], ensure_ascii=False)
    body = rows["articles"][0]["sentences_json"]
    article["sentences_json"] = (body[:-1] + "," if body != "[]" else "[") + extra + "]"
    out = {"articles": [article]}
    for name, found in rows.items():
        if name != "articles":
            out[name] = [dict(r, article_id=aid) for r in found]
    for r in out["claims"]:
        r["id"], r["published"] = f"{aid}:{r['idx']}", day
    for r in out["claim_about"]:
        r["claim_id"] = aid + ":" + str(next(c["idx"] for c in rows["claims"] if c["id"] == r["claim_id"]))
    mention = {"article_id": aid, "idx": len(out["mentions"]), "start": base + 7,
               "end": tokens[-1][1], "text": f"{first} {last}", "type": "PER",
               "lemma": f"{first} {last}", "entity_id": f"PER-bench-{first}-{last}", "score": 1.0,
               "attrs_json": "{}"}
    out["mentions"].append(mention)
    return out, title_lemmas, f"{lemmas} автор {first.lower()} {last.lower()}"


def build(db: Path, n: int) -> None:
    """Write n varied copies of the samples into ``db`` in bulk."""
    import tempfile
    from vezha.store import open_store
    from vezha.store.aggregates import sync_articles
    from vezha.store.claim_aggregates import sync_claims
    from vezha.store.schema import CHILD_TABLES, articles, entities
    from vezha.store.sqlite import FTS_INSERT
    from vezha.store.write import refresh_entities
    with tempfile.TemporaryDirectory() as tmp:
        docs, morph = sample_docs(Path(tmp))
    db.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{db}", lemmatize=morph.lemma)
    now = "2025-01-01T00:00:00+00:00"
    samples, entity_rows = templates(docs, now)
    entity_rows.update({f"PER-bench-{f}-{la}": _entity(f"PER-bench-{f}-{la}", f"{f} {la}", "PER", now)
                        for f in FIRST for la in LAST})
    with store.engine.begin() as conn:
        store.dialect.insert_ignore(conn, entities, list(entity_rows.values()))
    t0 = time.perf_counter()
    for chunk in range(0, n, 5000):
        tables = {t.name: [] for t in (articles, *CHILD_TABLES)}
        fts_rows: list[dict] = []
        with store.engine.begin() as conn:
            for i in range(chunk, min(n, chunk + 5000)):
                rows, title, lemmas = copy_rows(samples[i % len(samples)], i)
                for name, found in rows.items():
                    tables[name] += found
                fts_rows.append({"article_id": rows["articles"][0]["id"], "title": title,
                                 "lemmas": lemmas})
            for table in (articles, *CHILD_TABLES):
                if tables[table.name]:
                    conn.execute(table.insert(), tables[table.name])
            # the FTS rows of new ids in one go (fts_replace's DELETE scans the FTS table)
            conn.execute(FTS_INSERT, fts_rows)
            sync_articles(conn, [r["article_id"] for r in fts_rows])    # entity aggregates
            sync_claims(conn, [], tables)                                # claim aggregates
        print(f"\r  wrote {min(n, chunk + 5000):,} articles in {time.perf_counter() - t0:.0f} s",
              end="", file=sys.stderr)
    with store.engine.begin() as conn:
        refresh_entities(conn, store.dialect, entity_rows)
    print(file=sys.stderr)
    store.close()


def count(db: Path) -> int:
    import sqlite3
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            return 0


async def timed(client: httpx.AsyncClient, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        t = time.perf_counter()
        r = await client.get(url)
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code, r.text[:200])
    return out


def row(name: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]   # noqa: E731
    return f"| {name} | {len(ms)} | {statistics.median(ms):.1f} | {p(0.95):.1f} | {ms[-1]:.1f} |"


def copy_to(url: str, db: Path, n: int) -> None:
    """Fill the store at ``url`` (PostgreSQL) with the first ``n`` articles of the SQLite store
    ``db``, through the store's write path, 200 a transaction (kept when it holds them)."""
    from sqlalchemy import func, select
    from vezha.store import open_store
    target = open_store(url)
    with target.engine.connect() as conn:
        held = conn.execute(select(func.count()).select_from(target.tables.articles)).scalar()
    if held < n:
        source, t0 = open_store(f"sqlite:///{db}"), time.perf_counter()
        for chunk in range(held, n, 200):
            target.save_docs([source.get_doc(f"bench-{i:06d}") for i in range(chunk, min(n, chunk + 200))])
            print(f"\r  copied {min(n, chunk + 200):,} articles in {time.perf_counter() - t0:.0f} s",
                  end="", file=sys.stderr)
        source.close()
    target.close()


async def measure(url: str, n_requests: int, n_articles: int, only: str = "") -> list[str]:
    from vezha.settings import load_settings
    from vezha.web import create_app
    # the store's own speed: no search cache (it would answer repeats), no rate limit
    app = create_app(load_settings(env={}, db_url=url, search_cache_seconds=0,
                                   rate_limit_per_second=0))
    rnd = random.Random(7)
    ids = [f"bench-{rnd.randrange(n_articles):06d}" for _ in range(n_requests)]
    cases = {
        "search, rare word (`Гайдамака`, ~1/14 of articles)": ["/search?q=Гайдамака"] * n_requests,
        "search, common word (`Україна`, ~90% of articles)":
            ["/search?q=Україна"] * max(20, n_requests // 10),
        "search JSON, rare word, page 5": ["/search.json?q=Гайдамака&offset=80"] * n_requests,
        "article page (HTML)": [f"/article/{i}" for i in ids],
        "article page (.json twin)": [f"/article/{i}.json" for i in ids],
    }
    few = max(10, n_requests // 15)
    cases |= {
        "entity page, common (`LOC-Ukraine`)": ["/entity/LOC-Ukraine"] * few,
        "entity page, common, older articles (`?before=`)":
            ["/entity/LOC-Ukraine?before=2021-06-30%7Cbench-999999"] * few,
        "speaker page (`PER-Taras-Gnatiuk`, 54,546 claims, 50 listed)": ["/speaker/PER-Taras-Gnatiuk"] * few,
        "speaker page, older claims (`?before=`)":
            ["/speaker/PER-Taras-Gnatiuk?before=2021-06-30%7Cbench-999999:0"] * few,
        "graph page data (`/graph.json`, 150 edges)": ["/graph.json"] * few,
        "graph page data, one entity (`/graph.json?entity=LOC-Ukraine`)":
            ["/graph.json?entity=LOC-Ukraine"] * few,
        "timeline, rare word (200 articles)": ["/timeline?q=Гайдамака"] * few,
    }
    cases = {name: urls for name, urls in cases.items() if only in name}
    lines = ["| request | n | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        await timed(client, [u[0] for u in cases.values()])    # warm up
        for name, urls in cases.items():
            lines.append(row(name, await timed(client, urls)))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--db", type=Path, default=Path("/tmp/vezha-web-bench.db"))
    parser.add_argument("--only", default="", help="time only the requests whose name has this")
    parser.add_argument("--pg", default="", help="time this PostgreSQL store instead, filled "
                        "with the first --articles articles of --db (which may hold more)")
    args = parser.parse_args()
    if count(args.db) != args.articles and not (args.pg and count(args.db) >= args.articles):
        print(f"building {args.db} with {args.articles:,} articles", file=sys.stderr)
        build(args.db, args.articles)
    url = args.pg or f"sqlite:///{args.db}"
    if args.pg:
        copy_to(args.pg, args.db, args.articles)
        print(f"{args.articles:,} articles in PostgreSQL, in-process ASGI")
    else:
        print(f"{args.articles:,} articles, {args.db.stat().st_size / 1e9:.2f} GB, in-process ASGI")
    print("\n".join(asyncio.run(measure(url, args.requests, args.articles, args.only))))


if __name__ == "__main__":
    main()
