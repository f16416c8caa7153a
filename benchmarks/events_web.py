"""Event timeline and map latency on the store of benchmarks/web.py (100,000 articles by default).

    .venv/bin/python benchmarks/events_web.py [--db /tmp/vezha-web-bench.db] [--requests 40]

Uses (and, when missing, builds) the database of ``benchmarks/web.py``; opening it applies the
migrations (0006 backfills the event keys once). Times requests through the ASGI app in process
(httpx, no network) and prints p50/p95/max in milliseconds. ``--old`` also times the event query
as it was before migration 0006 (every event read and filtered in Python), for the ratio.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web import build, count, row, timed  # noqa: E402

CASES = {
    "events, newest 50 (`/api/events`)": "/api/events",
    "events, page 100 (`offset=5000`)": "/api/events?offset=5000",
    "events, type + from (`type=meeting&date_from=2022-12-01`)":
        "/api/events?type=meeting&date_from=2022-12-01",
    "events, about a country (`about=Україна`)": "/api/events?about=Україна",
    "events, about a participant (`about=Сирський`)": "/api/events?about=Сирський",
    "events, place (`place=Вовчанськ`, one year)":
        "/api/events?place=Вовчанськ&date_from=2023-01-01&date_to=2023-12-31",
    "events page (HTML, newest 50)": "/events",
    "entity page with its events (`LOC-Ukraine`)": "/entity/LOC-Ukraine",
    "map data, every event (`/map.json`)": "/map.json",
    "map data, battles in 2023": "/map.json?type=battle&date_from=2023-01-01&date_to=2023-12-31",
    "map page (HTML)": "/map",
}


async def measure(db: Path, n: int) -> list[str]:
    from vezha.settings import load_settings
    from vezha.web import create_app
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{db}", search_cache_seconds=0,
                                   rate_limit_per_second=0))
    lines = ["| request | n | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://bench") as client:
        await timed(client, list(CASES.values()))      # warm up
        for name, url in CASES.items():
            lines.append(row(name, await timed(client, [url] * n)))
    return lines


def old_query(db: Path, n: int) -> list[str]:
    """The pre-0006 query: every event with its place read, filtered and sorted in Python."""
    import json
    from sqlalchemy import create_engine, select
    from vezha.store import schema
    from vezha.times import value_range
    engine = create_engine(f"sqlite:///{db}")
    out = []
    for _ in range(n):
        t = time.perf_counter()
        with engine.connect() as conn:
            e, a = schema.events, schema.articles
            rows = conn.execute(select(e, a.c.published).join(a, a.c.id == e.c.article_id)).all()
            places = {(r.article_id, r.entity_id): r.name for r in conn.execute(select(
                schema.places.c.article_id, schema.places.c.entity_id, schema.places.c.name))}
        keyed = [((value_range(r.time) or value_range((r.published or "")[:10]) or (None, None))[1]
                  or "", r.article_id, r.start, json.loads(r.participants_json),
                  places.get((r.article_id, r.place))) for r in rows]
        sorted(keyed, key=lambda k: k[:3], reverse=True)[:50]
        out.append((time.perf_counter() - t) * 1000)
    return [row("events, newest 50, pre-0006 query (Python filter)", out)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db", type=Path, default=Path("/tmp/vezha-web-bench.db"))
    parser.add_argument("--old", type=int, default=0, metavar="N",
                        help="also time the pre-0006 query N times")
    args = parser.parse_args()
    if count(args.db) != args.articles:
        print(f"building {args.db} with {args.articles:,} articles", file=sys.stderr)
        build(args.db, args.articles)
    from vezha.store import open_store
    open_store(f"sqlite:///{args.db}").close()          # migrations (0006 backfill) outside timing
    print(f"{args.articles:,} articles, {args.db.stat().st_size / 1e9:.2f} GB, in-process ASGI")
    lines = asyncio.run(measure(args.db, args.requests))
    print("\n".join(lines + (old_query(args.db, args.old) if args.old else [])))


if __name__ == "__main__":
    main()
