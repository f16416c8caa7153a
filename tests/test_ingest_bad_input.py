"""Bad input: each case is a Failure with the input's name, a stable code and the reason;
the batch goes on."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vezha.errors import CODES
from vezha.ingest import iter_articles
from vezha.model import Article, Failure
from vezha.settings import replace

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = FIXTURES / "article-uk.txt"

# (fixture file, failure source suffix, code)
BAD_FILES = [
    ("empty.txt", "empty.txt", "V202"),
    ("blank.txt", "blank.txt", "V202"),
    ("binary.bin", "binary.bin", "V203"),
    ("undecodable.txt", "undecodable.txt", "V204"),
    ("no-text.html", "no-text.html", "V206"),
    ("unparsable.xml", "unparsable.xml", "V207"),
    ("broken-items.rss", "broken-items.rss#2", "V208"),
    ("dump.jsonl", "dump.jsonl:3", "V210"),
    ("dump.jsonl", "dump.jsonl:4", "V209"),
    ("dump.jsonl", "dump.jsonl:5", "V209"),
]


def _run(sources, settings, langid):
    return list(iter_articles([str(s) for s in sources], settings, langid=langid))


@pytest.mark.parametrize("name, source, code", BAD_FILES)
def test_bad_input_is_a_failure_and_the_batch_goes_on(settings, langid, name, source, code):
    items = _run([FIXTURES / name, GOOD], settings, langid)
    failures = [i for i in items if isinstance(i, Failure) and i.source.endswith(source)]
    assert [f.code for f in failures] == [code]
    assert failures[0].stage == "ingest" and failures[0].message and code in CODES
    assert isinstance(items[-1], Article) and items[-1].source == str(GOOD)


def test_missing_file_is_v201(settings, langid, tmp_path):
    (failure, good) = _run([tmp_path / "nope.txt", GOOD], settings, langid)
    assert (failure.code, failure.source) == ("V201", str(tmp_path / "nope.txt"))
    assert isinstance(good, Article)


def test_200_mb_file_fails_without_being_read(settings, langid, tmp_path, monkeypatch):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:          # sparse: no 200 MB written to disk
        f.truncate(200 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    (failure,) = _run([huge], settings, langid)
    assert (failure.code, failure.source) == ("V205", str(huge))


def test_size_limit_comes_from_settings(settings, langid):
    (failure, article) = _run([GOOD, FIXTURES / "bsnlp-header.txt"], replace(settings, max_file_bytes=600), langid)
    assert failure.code == "V205" and isinstance(article, Article)


def test_too_many_html_nodes_is_v215(settings, langid, tmp_path):
    page = tmp_path / "nodes.html"
    page.write_text("<html><body>" + "<p>слово</p>" * 300 + "</body></html>", encoding="utf-8")
    (failure,) = _run([page], replace(settings, max_html_nodes=100), langid)
    assert failure.code == "V215"


def test_folder_of_good_and_bad_files(settings, langid, tmp_path):
    names = ["article-uk.txt", "empty.txt", "binary.bin", "page-koi8u.html", "undecodable.txt",
             "no-text.html", "feed.atom"]        # odd ones go to sub/
    (tmp_path / "sub").mkdir()
    for i, name in enumerate(names):
        shutil.copy(FIXTURES / name, tmp_path / ("sub" if i % 2 else "") / name)
    (tmp_path / ".hidden.txt").write_text("Прихований файл не читається.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    items = _run([tmp_path], settings, langid)
    articles = [i.meta["relpath"] for i in items if isinstance(i, Article)]
    failures = sorted((Path(i.source).name, i.code) for i in items if isinstance(i, Failure))
    assert articles == ["article-uk.txt", "feed.atom", "sub/page-koi8u.html"]
    assert failures == [("binary.bin", "V203"), ("empty.txt", "V202"), ("no-text.html", "V206"),
                        ("undecodable.txt", "V204")]


def test_jsonl_is_streamed_and_the_limit_applies_to_each_line(settings, langid, tmp_path):
    dump = tmp_path / "big.jsonl"
    short = '{"id": "k%d", "text": "Короткий запис номер %d про події в місті."}\n'
    dump.write_text("".join(short % (i, i) for i in range(30)) + '{"id": "long", "text": "'
                    + "дуже " * 400 + '"}\n' + short % (99, 99), encoding="utf-8")
    items = _run([dump], replace(settings, max_file_bytes=1000), langid)
    assert dump.stat().st_size > 1000
    assert [i.code for i in items if isinstance(i, Failure)] == ["V205"]
    assert sum(isinstance(i, Article) for i in items) == 31
    assert items[30].source == f"{dump}:31" and items[31].meta["record_id"] == "k99"
