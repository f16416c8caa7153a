"""iter_articles over files and folders: relpaths, languages, ids, and idempotence."""
from __future__ import annotations

from pathlib import Path

import pytest

from vezha.ingest import iter_articles
from vezha.model import Article, Failure, from_dict, to_dict

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOOD = ["article-uk.txt", "bsnlp-header.txt", "feed.rss", "feed.atom", "dump.jsonl",
        "page-utf8.html", "page-cp1251.html", "page-koi8u.html", "page-undeclared-cp1251.html",
        "note-koi8r.txt", "truncated.html"]


def _run(sources, settings, langid):
    return list(iter_articles([str(s) for s in sources], settings, langid=langid))


@pytest.fixture(scope="module")
def batch(settings, langid):
    return _run([FIXTURES / name for name in GOOD], settings, langid)


def test_ingesting_again_changes_nothing(batch, settings, langid):
    again = _run([FIXTURES / name for name in GOOD], settings, langid)
    assert [to_dict(a) for a in again] == [to_dict(a) for a in batch]


def test_articles_round_trip_through_json(batch):
    for item in batch:
        assert from_dict(type(item), to_dict(item)) == item


def test_articles_are_well_formed(batch):
    for article in (i for i in batch if isinstance(i, Article)):
        assert article.id[:2] in ("u-", "h-") and len(article.id) == 18
        assert article.segments[0].start == 0 and article.segments[-1].end == len(article.text)
        assert all(0 <= p.start < p.end <= len(article.text) for p in article.paragraphs)
        assert article.language in ("uk", "ru", "en", "other")
        assert article.meta["relpath"]


# (source suffix, language)
LANGUAGES = [
    ("article-uk.txt", "uk"),
    ("bsnlp-header.txt", "ru"),
    ("note-koi8r.txt", "ru"),
    ("page-undeclared-cp1251.html", "ru"),
    ("page-koi8u.html", "uk"),
    ("dump.jsonl:7", "ru"),
    ("feed.atom#1", "uk"),
]


@pytest.mark.parametrize("suffix, language", LANGUAGES)
def test_article_language(batch, suffix, language):
    (article,) = [i for i in batch if i.source.endswith(suffix)]
    assert article.language == language
    assert {p.language for p in article.paragraphs} <= {language, "other"}


def test_jsonl_records_carry_record_ids(batch):
    records = {i.source.rsplit("/", 1)[-1]: i.meta["record_id"] for i in batch
               if isinstance(i, Article) and ".jsonl:" in i.source}
    assert records == {"dump.jsonl:1": "rec-1", "dump.jsonl:2": "https://podillia.example/news/trolleybus",
                       "dump.jsonl:7": "rec-7"}


def test_only_the_known_bad_records_fail(batch):
    failures = sorted(i.source.rsplit("/", 1)[-1] for i in batch if isinstance(i, Failure))
    assert failures == ["dump.jsonl:3", "dump.jsonl:4", "dump.jsonl:5"]


def test_paragraph_languages_of_a_mixed_text(settings, langid, tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text("Міністр оборони заявив про нові поставки зброї.\n\n"
                    "Министр обороны заявил о новых поставках оружия.\n\n"
                    "The minister said new weapons deliveries would arrive soon.\n\n"
                    "Уряд ухвалив рішення про підвищення пенсій з березня.\n", encoding="utf-8")
    (article,) = _run([path], settings, langid)
    assert [p.language for p in article.paragraphs] == ["uk", "ru", "en", "uk"]
    assert article.language == "uk"


def test_reference_article(shared_dir, settings, langid):
    (article,) = _run([shared_dir / "seed" / "article-000.txt"], settings, langid)
    assert article.language == "uk" and article.meta["relpath"] == "article-000.txt"
    assert article.text == (shared_dir / "seed" / "article-000.txt").read_text(encoding="utf-8")
    assert [s.kind for s in article.segments].count("promo") == 2


@pytest.mark.skipif(not (EXAMPLES / "articles").is_dir(), reason="examples/ not there yet")
def test_example_articles_ingest_cleanly(settings, langid):
    items = _run([EXAMPLES / "articles"], settings, langid)
    assert items and all(isinstance(i, Article) for i in items)
    assert all(i.language in ("uk", "ru", "en") for i in items)
