"""Limits, each a setting: time per document (a watchdog inside stages), file size, HTML
nodes, feed items, request body size."""
from __future__ import annotations

import dataclasses
import re
import signal
import threading
import time

import pytest

from vezha.errors import ExtractError, IngestError
from vezha.ingest import iter_articles, parse_feed, parse_html
from vezha.limits import DocumentTimeout, time_limit
from vezha.model import Article
from vezha.pipeline import Resources, Stage, build_pipeline
from vezha.settings import load_settings

CATASTROPHE = re.compile(r"(a+)+$")     # exponential backtracking on 'aaaa…b'


def spin() -> None:
    while True:
        pass


def test_time_limit_interrupts_a_catastrophic_regex_in_the_main_thread():
    start = time.monotonic()
    with pytest.raises(DocumentTimeout) as caught:
        with time_limit(0.3, doc_id="d1"):
            CATASTROPHE.match("a" * 60 + "b")
    assert time.monotonic() - start < 3
    assert caught.value.code == "V302" and caught.value.doc_id == "d1"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_interrupts_a_python_loop_in_another_thread():
    seen: list[BaseException] = []

    def work():
        try:
            with time_limit(0.3, doc_id="d2", hard_exit=False):
                spin()
        except DocumentTimeout as exc:
            seen.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive() and seen and seen[0].code == "V302" and seen[0].doc_id == "d2"


def test_time_limit_leaves_fast_blocks_alone_and_restores_an_outer_timer():
    with time_limit(5):
        with time_limit(0.05):
            pass
        time.sleep(0.1)                      # the inner timer is gone
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 3 < left <= 5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with time_limit(0):                     # 0: no limit
        time.sleep(0.01)


def test_inner_limit_never_extends_an_outer_one():
    with pytest.raises(DocumentTimeout):
        with time_limit(0.2):
            with time_limit(30):
                spin()


def _hang(doc, resources):
    spin()


def test_a_stage_that_hangs_fails_its_document_with_v302():
    settings = load_settings(env={}, max_doc_seconds=0.5)
    pipeline = build_pipeline([Stage("hang", _hang)])
    article = Article(id="a1", text="Текст.", source="hang.txt")
    start = time.monotonic()
    with pytest.raises(ExtractError) as caught:
        pipeline(article, Resources(settings=settings))
    assert time.monotonic() - start < 5
    assert caught.value.code == "V302" and caught.value.stage == "hang"
    assert caught.value.doc_id == "a1"


def test_file_size_limit(tmp_path, langid):
    path = tmp_path / "big.txt"
    path.write_text("Слово. " * 300, encoding="utf-8")
    settings = load_settings(env={}, max_file_bytes=1000)
    [failure] = list(iter_articles([str(path)], settings, langid=langid))
    assert failure.code == "V205"


def test_jsonl_line_size_limit(tmp_path, langid):
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "' + "Слово. " * 300 + '"}\n{"text": "Коротко."}\n', encoding="utf-8")
    settings = load_settings(env={}, max_file_bytes=1000)
    items = list(iter_articles([str(path)], settings, langid=langid))
    assert [getattr(i, "code", "ok") for i in items] == ["V205", "ok"]


def test_html_node_limit():
    page = "<html><body>" + "<div><p>Абзац тексту.</p></div>" * 200 + "</body></html>"
    with pytest.raises(IngestError) as caught:
        parse_html(page.encode(), "nodes.html", max_nodes=100)
    assert caught.value.code == "V215"


def test_feed_item_limit():
    items = "".join(f"<item><title>Новина {i}</title><description>Текст новини {i}.</description>"
                    "</item>" for i in range(50))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    assert len(parse_feed(feed.encode(), "f.xml", max_items=7)) == 7


def test_every_limit_is_a_setting():
    names = {f.name for f in dataclasses.fields(load_settings(env={}))}
    assert {"max_file_bytes", "max_html_nodes", "max_doc_seconds", "max_feed_items",
            "max_request_bytes", "fetch_timeout", "fetch_max_redirects"} <= names


def test_a_hanging_stage_cannot_hang_a_batch_worker(monkeypatch, settings, langid, tmp_path):
    """vezha batch: the stages run in a Dask worker thread, where the watchdog raises V302."""
    import vezha.batch as batch
    from conftest import EXAMPLES
    from vezha.settings import replace
    from vezha.store import open_store
    quick = replace(settings, max_doc_seconds=0.5)
    hanging = build_pipeline([Stage("hang", _hang)])
    monkeypatch.setattr("vezha.workers.worker_resources", lambda s: (hanging, Resources(settings=quick)))
    with open_store(f"sqlite:///{tmp_path / 'batch.db'}") as store:
        start = time.monotonic()
        report = batch.run_batch([str(EXAMPLES / "articles")], quick, store=store, langid=langid,
                                 processes=False, workers=1)
    assert time.monotonic() - start < 60
    assert report.status == "done" and report.stored == 0
    assert {f.code for f in report.failures} == {"V302"} and report.failed == 3
