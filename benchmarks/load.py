"""Load test: `vezha serve` in one process, an open-loop HTTP load generator in another.

    .venv/bin/python benchmarks/load.py [--db /tmp/vezha-load.db] [--articles 100000]
        [--rate 200] [--seconds 60] [--warmup 10] [--path /api/search] [--no-cache] [--json]

Uses (or builds, with `benchmarks/web.py`'s bulk builder) a SQLite store of --articles
articles, starts `vezha --db ... serve` on 127.0.0.1 (a free port; the rate limiter on, set
above the offered load, so its cost is measured too) and, from this process, sends --rate
requests a second for --seconds (after --warmup seconds at the same rate that are not
counted) to `--path?q=WORD` with a varied one-word query per request (names and words that
the store holds, seeded). Open loop: request i is due at i/rate whatever the server does, and
its latency counts from when it was due, so a slow server cannot hide behind a slow client.
Prints the rate achieved, p50/p95/p99/max latency, status counts and errors; exit 0 when it
held --rate with p99 under --p99-ms and no errors. Loopback only; bounded in time and count.
"""
from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["Україна", "Харків", "Київ", "санкції", "літак", "енергетика", "зерно", "ракета",
         "Зеленський", "Росія", "уряд", "міністр", "заява", "фронт", "обстріл", "допомога",
         "HIMARS", "світло", "Укренерго", "посол"]
MAX_IN_FLIGHT = 500


def web_bench():
    """benchmarks/web.py as a module: its bulk builder of large stores."""
    spec = importlib.util.spec_from_file_location("vezha_web_bench", ROOT / "benchmarks" / "web.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def vocabulary(bench, seed: int) -> list[str]:
    """One-word queries: invented bylines the builder wrote (rare) and words of the samples."""
    words = [*bench.FIRST, *bench.LAST, *WORDS]
    random.Random(seed).shuffle(words)
    return words


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, rate_limit: float, cache_seconds: float) -> subprocess.Popen:
    env = {**os.environ, "VEZHA_RATE_LIMIT_PER_SECOND": str(rate_limit),
           "VEZHA_RATE_LIMIT_BURST": str(int(rate_limit * 2)),
           "VEZHA_SEARCH_CACHE_SECONDS": str(cache_seconds), "VEZHA_DB_URL": f"sqlite:///{db}"}
    return subprocess.Popen([sys.executable, __file__, "--serve", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def serve(port: int) -> None:
    """The server process: what `vezha serve` runs, with the rate limiter and search cache
    added if this version of ``create_app`` does not add them itself."""
    import uvicorn
    from vezha.settings import load_settings
    from vezha.web import create_app
    from vezha.web.cache import SearchCache
    from vezha.web.ratelimit import RateLimit
    settings = load_settings()
    app = create_app(settings)
    present = {m.cls for m in app.user_middleware}
    if SearchCache not in present:
        app.add_middleware(SearchCache, seconds=settings.search_cache_seconds)
    if RateLimit not in present:
        app.add_middleware(RateLimit, per_second=settings.rate_limit_per_second,
                           burst=settings.rate_limit_burst)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def wait_ready(base: str, server: subprocess.Popen, timeout: float = 900) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if server.poll() is not None:
            raise SystemExit(f"the server exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{base}/api/stats", timeout=5).status_code == 200:
                return time.monotonic() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not answer in time")


class Pool:
    """Keep-alive HTTP/1.1 connections to one server, on plain asyncio streams (a lighter
    client than httpx, so the generator itself stays cheap at a few hundred requests a second)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port, self.idle = host, port, []

    async def get(self, path: str) -> int:
        if self.idle:                     # a kept-alive connection the server may have closed
            try:
                return await self._send(self.idle.pop(), path)
            except (OSError, asyncio.IncompleteReadError):
                pass                        # then once more on a new connection
        return await self._send(await asyncio.open_connection(self.host, self.port), path)

    async def _send(self, conn, path: str) -> int:
        reader, writer = conn
        try:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), 0)
            await reader.readexactly(length)
        except BaseException:
            writer.close()
            raise
        self.idle.append(conn)
        return status

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()


async def _one(pool: Pool, path: str, due: float, out: list) -> None:
    try:
        status = await asyncio.wait_for(pool.get(path), timeout=30)
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as exc:
        status = type(exc).__name__
    out.append((due, time.perf_counter() - due, status))


async def drive(base: str, path: str, words: list[str], rate: float, seconds: float,
                seed: int) -> tuple[list, float, int]:
    """Open loop: request i is sent at start + i/rate. (results, elapsed, dropped)"""
    rng, results, tasks, dropped = random.Random(seed), [], set(), 0
    host, port = base.rsplit("/", 1)[1].split(":")
    pool = Pool(host, int(port))
    start = time.perf_counter()
    for i in range(int(rate * seconds)):
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        if len(tasks) >= MAX_IN_FLIGHT:
            dropped += 1
            continue
        task = asyncio.create_task(_one(pool, f"{path}?q={quote(rng.choice(words))}", due, results))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    await asyncio.gather(*tasks)
    pool.close()
    return results, time.perf_counter() - start, dropped


def summary(results: list, elapsed: float, dropped: int, rate: float) -> dict:
    ms = sorted(r[1] * 1000 for r in results)
    pick = lambda q: round(ms[min(len(ms) - 1, int(q * len(ms)))], 1) if ms else None  # noqa: E731
    statuses = Counter(str(r[2]) for r in results)
    return {"offered_rate": rate, "sent": len(results) + dropped, "completed": len(results),
            "dropped": dropped, "seconds": round(elapsed, 1),
            "achieved_rate": round(len(results) / elapsed, 1) if elapsed else 0,
            "p50_ms": pick(0.50), "p95_ms": pick(0.95), "p99_ms": pick(0.99),
            "max_ms": round(ms[-1], 1) if ms else None, "statuses": dict(statuses),
            "errors": sum(n for s, n in statuses.items() if s != "200") + dropped}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/vezha-load.db"))
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=30.0)
    parser.add_argument("--path", default="/api/search")
    parser.add_argument("--p99-ms", type=float, default=200.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache-seconds", type=float, default=60.0,
                        help="the server's search_cache_seconds")
    parser.add_argument("--no-cache", action="store_true", help="measure searches uncached")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    bench = web_bench()
    if bench.count(args.db) < args.articles:
        print(f"building {args.db} with {args.articles:,} articles", file=sys.stderr)
        bench.build(args.db, args.articles)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.db, port, rate_limit=args.rate * 5,
                          cache_seconds=0 if args.no_cache else args.cache_seconds)
    try:
        ready = wait_ready(base, server)
        words = vocabulary(bench, args.seed)
        if args.warmup:
            asyncio.run(drive(base, args.path, words, args.rate, args.warmup, args.seed + 1))
        result = summary(*asyncio.run(drive(base, args.path, words, args.rate, args.seconds,
                                            args.seed)), args.rate)
    finally:
        server.terminate()
        server.wait(30)
    result |= {"articles": bench.count(args.db), "path": args.path, "queries": len(words),
               "cache_seconds": 0 if args.no_cache else args.cache_seconds,
               "server_ready_s": round(ready, 1), "warmup_s": args.warmup}
    ok = (result["achieved_rate"] >= 0.98 * args.rate and result["errors"] == 0
          and result["p99_ms"] is not None and result["p99_ms"] < args.p99_ms)
    result["held"] = ok
    print(json.dumps(result, ensure_ascii=False) if args.json else _text(result, args))
    return 0 if ok else 1


def _text(r: dict, args) -> str:
    return (f"{r['articles']:,} articles, {r['path']}?q=<one of {r['queries']} words>, search "
            f"cache {r['cache_seconds']:g} s: offered "
            f"{r['offered_rate']:g}/s for {r['seconds']} s (after {r['warmup_s']:g} s warm-up) -> "
            f"achieved {r['achieved_rate']}/s, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, "
            f"p99 {r['p99_ms']} ms, max {r['max_ms']} ms, statuses {r['statuses']}, "
            f"dropped {r['dropped']}: {'HELD' if r['held'] else 'NOT HELD'} "
            f"(target {args.rate:g}/s, p99 < {args.p99_ms:g} ms)")


if __name__ == "__main__":
    sys.exit(main())
