"""Crash safety, short: SIGKILL `vezha ingest` twice while it stores, then let it finish.

After each kill the database passes PRAGMA integrity_check and holds no duplicate and no
half-written article; the run after the kills completes the rest. The long version, with
`vezha batch` and many kills, is `benchmarks/crash.py` (README "Hardening").
"""
from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

from vezha.hardening.crash import (KillPlan, build_corpus, check_store, expected_counts,
                                   kill_rounds)
from vezha.runner import ingest_into
from vezha.settings import replace
from vezha.store import open_store

from conftest import EXAMPLES

VEZHA = str(Path(sys.executable).parent / "vezha")
# A rerun must store what a clean run stores: the KB must not grow with what the killed runs stored.
REPRODUCIBLE = {**os.environ, "VEZHA_KB_FROM_STORE": "0"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("crash") / "corpus", 12, EXAMPLES, seed=3)[0].parent


@pytest.fixture(scope="module")
def expected(corpus, settings, run_resources, pipeline, tmp_path_factory):
    """What a clean run stores for each article (its child-row counts)."""
    db = tmp_path_factory.mktemp("reference") / "reference.db"
    url = f"sqlite:///{db}"
    with open_store(url, lemmatize=run_resources["morph"].lemma) as store:
        report = ingest_into(store, [corpus], replace(settings, db_url=url), run_resources,
                             pipeline=pipeline)
    assert report.stored == 12 and report.failed == 0
    return expected_counts(db)


@pytest.mark.slow
def test_ingest_survives_sigkill_and_a_rerun_completes_the_rest(corpus, expected, tmp_path):
    db = tmp_path / "killed.db"
    plan = KillPlan(random.Random(5), startup_share=0.0, jitter=0.2)
    rounds = kill_rounds([VEZHA, "--db", f"sqlite:///{db}", "ingest", str(corpus)], db,
                         expected, kills=2, plan=plan, env=REPRODUCIBLE, log=tmp_path / "ingest.log")
    kills = [r for r in rounds if r.killed]
    assert len(kills) == 2 and any(0 < k.stored < len(expected) for k in kills)
    assert not rounds[-1].killed and rounds[-1].exit_code == 0
    assert check_store(db, expected) == len(expected) == 12


def test_check_store_finds_a_half_written_article(expected, tmp_path):
    import sqlite3
    from vezha.errors import StoreError
    db = tmp_path / "broken.db"
    with open_store(f"sqlite:///{db}"):
        pass
    assert check_store(db, expected) == 0
    with sqlite3.connect(db) as conn:      # an article row without its children
        conn.execute("INSERT INTO articles (id, text, source, language, content_hash, meta_json, "
                     "sentences_json, stored_at) VALUES (?, 'x', 'x', 'uk', 'h', '{}', '[]', 'now')",
                     (next(iter(expected)),))
    with pytest.raises(StoreError, match="half-written"):
        check_store(db, expected)


def test_an_empty_database_file_does_not_stop_the_next_run(tmp_path):
    """A first run killed before its migrations committed leaves an empty file; the next run
    read entities from it before migrating and failed with V501 (found by this harness)."""
    from vezha.store.entities import stored_entities
    db = tmp_path / "empty.db"
    db.touch()
    assert stored_entities(f"sqlite:///{db}") == []
