"""Runs: idempotent re-ingest, failure rows, Ctrl-C mid-batch, fatal errors, analyze without a store."""
from __future__ import annotations

import pytest

from conftest import write_texts

from vezha.errors import ExtractError, ModelError
from vezha.model import Doc, Failure
from vezha.pipeline import Stage, build_pipeline
from vezha.runner import analyze_sources, ingest_into
from vezha.store import open_store

# Our own short news texts, one per file.
TEXTS = {
    "01-kyiv.txt": "Київ, 2 березня. Мер Києва Віталій Кличко заявив, що укриття працюють цілодобово.",
    "02-odesa.txt": "В Одесі відкрили новий пункт незламності, повідомила міська рада.",
    "03-lviv.txt": "Львівська ОВА повідомила про ремонт мосту на трасі до Польщі.",
    "04-dnipro.txt": "У Дніпрі волонтери передали військовим дві вантажівки з генераторами.",
    "05-sumy.txt": "Прикордонники на Сумщині зафіксували обстріл з боку Росії.",
}


@pytest.fixture
def corpus(tmp_path):
    return write_texts(tmp_path / "news", TEXTS)


@pytest.fixture
def store(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'run.db'}") as opened:
        yield opened


def staged(pipeline, run_on_doc):
    """The default pipeline plus a last stage that calls ``run_on_doc(n, doc)`` on the n-th doc."""
    seen = []

    def stage(doc: Doc, resources) -> Doc:
        seen.append(doc.article.id)
        run_on_doc(len(seen), doc)
        return doc
    return build_pipeline([*pipeline.stages, Stage(name="probe", run=stage)])


def test_rerun_stores_nothing_new(store, corpus, settings, run_resources, pipeline):
    first = ingest_into(store, [corpus], settings, run_resources, pipeline=pipeline)
    counts = store.stats()["counts"]
    second = ingest_into(store, [corpus], settings, run_resources, pipeline=pipeline)
    assert (first.stored, first.skipped, first.failed) == (len(TEXTS), 0, 0)
    assert (second.stored, second.skipped, second.failed) == (0, len(TEXTS), 0)
    after = store.stats()["counts"]
    assert {k: v for k, v in after.items() if k != "runs"} == \
        {k: v for k, v in counts.items() if k != "runs"}


def test_bad_inputs_become_failure_rows_and_the_batch_goes_on(store, corpus, settings,
                                                              run_resources, pipeline):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    missing = str(corpus / "missing.txt")
    report = ingest_into(store, [corpus, missing], settings, run_resources, pipeline=pipeline)
    assert report.stored == len(TEXTS) and report.exit_code == 1
    assert sorted(f.code for f in report.failures) == ["V201", "V202", "V203"]
    assert store.failures(report.run_id) == list(report.failures)


def test_a_stage_failing_on_one_document_is_recorded(store, corpus, settings, run_resources,
                                                     pipeline):
    def boom(n: int, doc: Doc) -> None:
        if n == 2:
            raise ExtractError("cannot parse", code="V301", stage="probe", doc_id=doc.article.id)
    report = ingest_into(store, [corpus], settings, run_resources, pipeline=staged(pipeline, boom))
    assert (report.stored, report.failed) == (len(TEXTS) - 1, 1)
    (failure,) = report.failures
    assert (failure.code, failure.stage, failure.source.endswith("02-odesa.txt")) == \
        ("V301", "probe", True)


def test_a_crash_in_stage_code_is_recorded_as_v301(store, corpus, settings, run_resources,
                                                   pipeline):
    def bug(n: int, doc: Doc) -> None:
        if n == 1:
            raise ZeroDivisionError("division by zero")
    report = ingest_into(store, [corpus], settings, run_resources, pipeline=staged(pipeline, bug))
    assert [f.code for f in report.failures] == ["V301"]
    assert "ZeroDivisionError" in report.failures[0].message


def test_interrupted_run_keeps_what_it_stored_and_the_next_run_finishes(
        store, corpus, settings, run_resources, pipeline):
    def interrupt(n: int, doc: Doc) -> None:
        if n == 3:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        ingest_into(store, [corpus], settings, run_resources,
                    pipeline=staged(pipeline, interrupt))
    assert store.stats()["counts"]["articles"] == 2
    assert store.runs()[0]["status"] == "interrupted"
    report = ingest_into(store, [corpus], settings, run_resources, pipeline=pipeline)
    assert (report.stored, report.skipped, report.status) == (len(TEXTS) - 2, 2, "done")
    assert store.stats()["counts"]["articles"] == len(TEXTS)


def test_a_fatal_error_marks_the_run_failed_and_propagates(store, corpus, settings,
                                                           run_resources, pipeline):
    def missing_model(n: int, doc: Doc) -> None:
        raise ModelError("ner model missing", code="V401")
    with pytest.raises(ModelError):
        ingest_into(store, [corpus], settings, run_resources,
                    pipeline=staged(pipeline, missing_model))
    assert store.runs()[0]["status"] == "failed"


def test_progress_hears_every_outcome(store, corpus, settings, run_resources, pipeline):
    heard = []
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    ingest_into(store, [corpus], settings, run_resources, pipeline=pipeline,
                progress=lambda outcome, source: heard.append(outcome))
    assert sorted(heard) == ["failed"] + ["stored"] * len(TEXTS)


def test_analyze_sources_fills_in_the_publication_date(corpus, settings, run_resources, pipeline):
    items = list(analyze_sources([corpus / "01-kyiv.txt", corpus / "nope.txt"], settings,
                                 run_resources, pipeline=pipeline, published="2023-03-02"))
    doc, failure = items
    assert isinstance(doc, Doc) and isinstance(failure, Failure)
    assert doc.article.published == "2023-03-02" and doc.sentences
    assert failure.code == "V201"
