"""vezha batch: Dask runs store what ingest stores, skip what is stored, record failures, resume.

Small on purpose: a LocalCluster of one or two thread workers (processes=False) over the
bundled samples; the workers reuse the session's pipeline and resources.
"""
from __future__ import annotations


import pytest
from click.testing import CliRunner

import vezha.batch as batch
import vezha.workers as workers
from vezha.errors import StoreError
from vezha.pipeline import Stage, build_pipeline
from vezha.runner import ingest_into
from vezha.settings import replace
from vezha.sinks import read_parquet_docs
from vezha.store import open_store

from conftest import EXAMPLES

ARTICLES = str(EXAMPLES / "articles")       # 3 plain-text articles
PAGES = str(EXAMPLES / "pages")             # 3 HTML pages


@pytest.fixture
def session_workers(monkeypatch, pipeline, run_resources):
    """Workers (threads of this process) use the session's pipeline and resources."""
    monkeypatch.setattr(workers, "worker_resources", lambda settings: (pipeline, run_resources))


@pytest.fixture
def store(store_url, resources):
    with open_store(store_url, lemmatize=resources["morph"].lemma) as opened:
        yield opened


def run(sources, settings, store=None, **kwargs):
    kwargs.setdefault("workers", 1)
    return batch.run_batch(sources, settings, store=store, processes=False, **kwargs)


def test_batch_stores_what_ingest_stores(session_workers, store, settings, tmp_path,
                                         run_resources, pipeline):
    report = run([ARTICLES, PAGES], settings, store, workers=2)
    assert (report.stored, report.failed, report.status) == (6, 0, "done")
    with open_store(f"sqlite:///{tmp_path / 'ingest.db'}") as reference:
        ingest_into(reference, [ARTICLES, PAGES], settings, run_resources, pipeline=pipeline)
        ids = _ids(reference)
        assert len(ids) == 6 and store.stored_hashes(ids) == reference.stored_hashes(ids)
        for doc_id in ids:
            assert store.get_doc(doc_id) == reference.get_doc(doc_id)


def _ids(store) -> list[str]:
    from sqlalchemy import select
    from vezha.store.schema import articles
    with store.engine.connect() as conn:
        return list(conn.execute(select(articles.c.id)).scalars())


def test_a_rerun_skips_what_is_stored(session_workers, store, settings):
    run([ARTICLES], settings, store)
    again = run([ARTICLES], settings, store)
    assert (again.stored, again.skipped) == (0, 3)
    assert [r["status"] for r in store.runs()] == ["done", "done"]


def test_bad_inputs_and_failing_stages_become_failure_rows(monkeypatch, store, settings,
                                                           tmp_path, pipeline, run_resources):
    def boom(doc, res):
        if "HIMARS" in doc.text:
            raise ValueError("stage bug")
        return doc
    failing = build_pipeline([*pipeline.stages, Stage("boom", boom)])
    monkeypatch.setattr(workers, "worker_resources", lambda settings: (failing, run_resources))
    (tmp_path / "empty.txt").write_text("")
    report = run([PAGES, str(tmp_path / "empty.txt")], settings, store)
    codes = sorted((f.code, f.stage) for f in report.failures)
    assert report.stored == 2 and codes == [("V202", "ingest"), ("V301", "boom")]
    assert sorted(f.code for f in store.failures(report.run_id)) == ["V202", "V301"]
    assert report.exit_code == 1


def test_a_lost_worker_fails_its_chunk_with_v303(session_workers, monkeypatch, store, settings):
    def lost(articles, settings, out):
        raise RuntimeError("worker killed")
    monkeypatch.setattr(workers, "analyse_chunk", lost)
    report = run([ARTICLES], settings, store)
    assert report.stored == 0 and [f.code for f in report.failures] == ["V303"] * 3


def test_a_crash_keeps_committed_batches_and_a_rerun_continues(session_workers, monkeypatch,
                                                               store, settings):
    one = replace(settings, batch_size=1)
    saved = store.save_docs
    calls = []

    def crash_on_second(docs, run_id=None):
        calls.append(len(docs))
        if len(calls) == 2:
            raise StoreError("disk full", code="V503")
        return saved(docs, run_id=run_id)
    monkeypatch.setattr(store, "save_docs", crash_on_second)
    with pytest.raises(StoreError):
        run([ARTICLES], one, store)
    monkeypatch.setattr(store, "save_docs", saved)
    assert store.stats()["counts"]["articles"] == 1
    assert store.runs()[0]["status"] == "failed"
    again = run([ARTICLES], one, store)
    assert (again.stored, again.skipped) == (2, 1)


def test_parquet_output_holds_the_docs_and_resumes(session_workers, settings, tmp_path):
    out = f"parquet:{tmp_path / 'pq'}"
    first = run([ARTICLES], settings, None, out=out)
    docs = list(read_parquet_docs(tmp_path / "pq"))
    assert first.stored == 3 and sorted(d.article.source for d in docs) == sorted(
        str(p) for p in (EXAMPLES / "articles").glob("*.txt"))
    assert all(d.sentences and d.mentions for d in docs)
    again = run([ARTICLES], settings, None, out=out)
    assert (again.stored, again.skipped) == (0, 3)


def test_an_unreachable_scheduler_fails_with_v109():
    from vezha.errors import ConfigError
    with pytest.raises(ConfigError) as info:
        batch.start_client(scheduler="tcp://127.0.0.1:1")
    assert info.value.code == "V109" and info.value.exit_code == 2


def test_vezha_batch_command_reports_json(session_workers, monkeypatch, tmp_path):
    start = batch.start_client
    monkeypatch.setattr(batch, "start_client",
                        lambda workers, scheduler, processes: start(1, None, processes=False))
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    from vezha.cli import cli
    result = CliRunner().invoke(cli, ["--db", db, "batch", ARTICLES, "--json"])
    assert result.exit_code == 0, result.output
    assert '"stored": 3' in result.output and '"status": "done"' in result.output


def test_a_lost_reading_task_fails_its_inputs_with_v303(session_workers, monkeypatch, store,
                                                        settings):
    def lost(units, settings):
        raise RuntimeError("worker killed")
    monkeypatch.setattr(workers, "read_units", lost)
    report = run([ARTICLES], settings, store)
    assert report.stored == 0 and sorted(f.code for f in report.failures) == ["V303"] * 3
    assert all(f.source.endswith(".txt") for f in report.failures)


def test_units_are_the_files_of_folders_and_the_urls(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    units = list(batch.list_units([str(tmp_path), "https://example.org/a", "/no/such/path"]))
    assert units[:2] == [(str(tmp_path / "sub" / "a.txt"), "sub/a.txt"), ("https://example.org/a", "")]
    assert units[2].code == "V201"


@pytest.mark.parametrize("chunk", [1, 16])
def test_what_workers_keep_between_reading_and_analysis_is_freed(session_workers, monkeypatch,
                                                                 store, settings, chunk):
    """One reading task's articles analysed in one task or, more than ``CHUNK``, in several
    (the last frees them); a rerun that skips them all frees them too."""
    monkeypatch.setattr(batch, "CHUNK", chunk)
    assert run([ARTICLES], settings, store).stored == 3 and workers.STASH == {}
    assert run([ARTICLES], settings, store).skipped == 3 and workers.STASH == {}


@pytest.mark.parametrize("ages, expected", [
    ({"a": 10, "b": 100}, {"a", "b"}),          # both used within the idle time: kept
    ({"a": 10, "b": 1000}, {"a"}),              # b's client is gone: dropped
    ({}, set()),
])
def test_a_reading_no_analysis_used_for_long_is_dropped(monkeypatch, ages, expected):
    """A client that died mid-run never sends the analyses of what a remote worker read: the
    next reading on that worker drops what no part used for ``STASH_IDLE_SECONDS``."""
    monkeypatch.setattr(workers, "STASH", {t: ([], [0, 5000.0 - age]) for t, age in ages.items()})
    dropped = workers.drop_idle(5000.0, idle=workers.STASH_IDLE_SECONDS)
    assert set(workers.STASH) == expected
    assert set(dropped) == set(ages) - expected


def test_a_worker_that_lost_what_it_read_fails_those_articles_with_v303(session_workers,
                                                                        monkeypatch, store,
                                                                        settings):
    def read_then_restart(units, settings):      # looks the reader up: cloudpickle-safe
        answer = workers.unpatched_read_units(units, settings)
        workers.STASH.clear()
        return answer
    monkeypatch.setattr(workers, "unpatched_read_units", workers.read_units, raising=False)
    monkeypatch.setattr(workers, "read_units", read_then_restart)
    report = run([ARTICLES], settings, store)
    assert report.stored == 0 and [f.code for f in report.failures] == ["V303"] * 3
    assert all(f.article_id for f in report.failures)
