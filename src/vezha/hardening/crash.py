"""Crash safety: kill ``vezha ingest`` / ``vezha batch`` with SIGKILL, then check the database.

``build_corpus`` writes varied copies of the bundled examples; ``kill_rounds`` starts the
command again and again on one SQLite database and SIGKILLs its whole process group (Dask
workers too) at seeded random moments, mostly a little after it stored something (so the
kill often lands inside a transaction), sometimes during start-up. After each kill
``check_store`` asserts what a crash must never break:

* ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` finds nothing;
* no article id is stored twice (the FTS index included: one row per article);
* no half-written article: each stored article has exactly the child rows (segments,
  paragraphs, mentions, quotes, claims, times, places, events ...) that a clean run stores
  for it (``expected_counts`` of a reference database).

A last run without a kill must complete the rest: its stored ids equal the reference's.
"""
from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..errors import StoreError

__all__ = ["build_corpus", "expected_counts", "check_store", "kill_rounds", "remove_db", "Round", "KillPlan",
           "CHILD_TABLES", "FTS_TABLE"]

CHILD_TABLES = ("segments", "paragraphs", "article_entities", "mentions", "quotes", "claims",
                "claim_about", "times", "places", "events")
FTS_TABLE = "articles_fts"
NOTES = ("Редакція оновила матеріал о {h}:{m:02d}.", "Матеріал доповнено коментарем {name}.",
         "Читайте також огляд подій за {d} число.", "Фото: {name} для редакції.")
CANONICAL = re.compile(rb'(?:rel="canonical" href|property="og:url" content)="([^"]+)"')
NAMES = ("Олени Гайдамаки", "Тараса Вербицького", "Марти Левади", "Степана Зозулі")


def build_corpus(folder: Path, copies: int, examples: Path, seed: int = 1) -> list[Path]:
    """``copies`` varied copies of the example articles (.txt) and pages (.html)."""
    samples = sorted((examples / "articles").glob("*.txt")) + sorted((examples / "pages").glob("*.html"))
    folder.mkdir(parents=True, exist_ok=True)
    rng, out = random.Random(seed), []
    for i in range(copies):
        sample = samples[i % len(samples)]
        note = rng.choice(NOTES).format(h=rng.randrange(24), m=rng.randrange(60),
                                        name=rng.choice(NAMES), d=rng.randrange(1, 29))
        path = folder / f"copy-{i:04d}{sample.suffix}"
        data = _varied(sample.read_bytes(), sample.suffix, f"Випуск {i}. {note}")
        path.write_bytes(_own_url(data, i))
        out.append(path)
    return out


def _varied(data: bytes, suffix: str, note: str) -> bytes:
    """The sample with ``note`` as its last paragraph (character references in HTML, so the
    page's own encoding does not matter)."""
    if suffix != ".html":
        return data.rstrip() + f"\n\n{note}\n".encode("utf-8")
    para = ("<p>" + "".join(f"&#{ord(c)};" for c in note) + "</p>").encode("ascii")
    for end in (b"</article>", b"</main>", b"</body>"):
        if end in data:
            return data.replace(end, para + end, 1)
    return data + para


def _own_url(data: bytes, i: int) -> bytes:
    """A page keyed on its canonical URL gets a URL of its own (else copies share one id)."""
    found = CANONICAL.search(data)
    return data.replace(found.group(1), found.group(1) + f"-{i}".encode()) if found else data


def _connect(db: Path) -> sqlite3.Connection:
    """A plain connection: read-only ones may not recover the WAL a killed writer left, and
    then show an older snapshot. The checks only read."""
    return sqlite3.connect(db, timeout=30)


def expected_counts(db: Path) -> dict[str, tuple[int, ...]]:
    """Article id -> its child-row counts (CHILD_TABLES order, then FTS rows)."""
    with _connect(db) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
        counts = {aid: [0] * (len(CHILD_TABLES) + 1) for aid in ids}
        for col, table in enumerate((*CHILD_TABLES, FTS_TABLE)):
            for aid, n in conn.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"):
                counts.setdefault(aid, [0] * (len(CHILD_TABLES) + 1))[col] = n
    return {aid: tuple(c) for aid, c in counts.items()}


def check_store(db: Path, expected: dict[str, tuple[int, ...]]) -> int:
    """The number of articles stored; StoreError V503 naming the first broken promise."""
    if not db.exists():
        return 0
    with _connect(db) as conn:
        if not _has_schema(conn):
            return 0
        _check(conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], "integrity_check failed", db)
        _check(not conn.execute("PRAGMA foreign_key_check").fetchall(), "foreign_key_check found rows", db)
        dupes = conn.execute("SELECT count(*) - count(DISTINCT id) FROM articles").fetchone()[0]
        _check(dupes == 0, f"{dupes} duplicate article ids", db)
    found = expected_counts(db)
    for aid, counts in found.items():
        _check(aid in expected, f"article {aid} is not one the corpus has", db)
        _check(counts == expected[aid], f"article {aid} is half-written: child rows {counts}, "
                                        f"a clean run stores {expected[aid]}", db)
    return len(found)


def _has_schema(conn: sqlite3.Connection) -> bool:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return "articles" in names and FTS_TABLE in names


def _check(ok: bool, message: str, db: Path) -> None:
    if not ok:
        raise StoreError(f"after a SIGKILL: {message}", code="V503", source=str(db))


@dataclass
class Round:
    """One start of the command: killed (or not), after how long, articles stored after it."""
    killed: bool
    seconds: float
    stored: int
    exit_code: int | None = None


@dataclass
class KillPlan:
    """When to kill: ``startup_share`` of the kills land at a random moment in the first
    ``startup_seconds``; the others ``0..jitter`` s after the article count last grew."""
    rng: random.Random
    startup_seconds: float = 8.0
    startup_share: float = 0.2
    jitter: float = 1.5
    wait_limit: float = 180.0
    rounds: list[Round] = field(default_factory=list)


def _count(db: Path) -> int:
    if not db.exists():         # never create it: the command under test does
        return 0
    try:
        with _connect(db) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _wait_and_kill(proc: subprocess.Popen, db: Path, plan: KillPlan) -> bool:
    """Kill ``proc``'s process group at the planned moment; False if it ended first."""
    start, before = time.monotonic(), _count(db)
    if plan.rng.random() < plan.startup_share:
        deadline = start + plan.rng.uniform(0.2, plan.startup_seconds)
    else:
        deadline = None
    while proc.poll() is None and time.monotonic() - start < plan.wait_limit:
        if deadline is None and _count(db) > before:
            deadline = time.monotonic() + plan.rng.uniform(0, plan.jitter)
        if deadline is not None and time.monotonic() >= deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.05)
    if proc.poll() is None:     # stuck past the wait limit: that is a failure of its own
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise StoreError(f"the command made no progress in {plan.wait_limit:g} s", code="V503")
    return False


def kill_rounds(command: Sequence[str], db: Path, expected: dict[str, tuple[int, ...]], *,
                kills: int, plan: KillPlan, env: dict[str, str] | None = None,
                log: Path | None = None) -> list[Round]:
    """Start ``command`` until it was SIGKILLed ``kills`` times, checking the store after each
    kill. When a run ends by itself it must have stored the whole corpus; the database is then
    removed and the kills go on from scratch. A last run completes what the last kill left."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        while sum(r.killed for r in plan.rounds) < kills:
            done = _round(command, db, expected, plan, env, out)
            if not done.killed and sum(r.killed for r in plan.rounds) < kills:
                remove_db(db)
        if plan.rounds and plan.rounds[-1].killed:
            plan.wait_limit, plan.startup_share, plan.jitter = plan.wait_limit * 10, 0.0, 1e9
            _round(command, db, expected, plan, env, out, kill=False)
    finally:
        if log:
            out.close()
    return plan.rounds


def _round(command: Sequence[str], db: Path, expected: dict[str, tuple[int, ...]],
           plan: KillPlan, env: dict[str, str] | None, out, kill: bool = True) -> Round:
    start = time.monotonic()
    proc = subprocess.Popen(list(command), env=env, stdout=out, stderr=out, start_new_session=True)
    killed = _wait_and_kill(proc, db, plan) if kill else False
    proc.wait()
    stored = check_store(db, expected)
    result = Round(killed, time.monotonic() - start, stored, proc.returncode)
    plan.rounds.append(result)
    if not killed:
        _check(proc.returncode == 0, f"the run that was not killed exited with {proc.returncode}", db)
        _check(stored == len(expected), f"a complete run left {stored} of {len(expected)} articles", db)
    return result


def remove_db(db: Path) -> None:
    """The SQLite file and its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
