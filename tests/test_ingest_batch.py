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


GOLD = EXAMPLES / "gold" / "samples.jsonl"


def _gold_records():
    import json
    if not GOLD.is_file():
        return []
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def example_articles(settings, langid):
    folders = [EXAMPLES / name for name in ("articles", "pages", "feeds", "dumps")]
    return [i for i in _run([f for f in folders if f.is_dir()], settings, langid)]


def _match(articles, record):
    wanted = record["source"].removeprefix("examples/")
    return next(a for a in articles if record["id"] in (a.meta.get("record_id"), a.meta.get("guid"))
                or a.source.endswith(wanted))


@pytest.mark.parametrize("record", _gold_records(), ids=lambda r: r["id"])
def test_example_text_matches_the_gold_text(example_articles, record):
    article = _match(example_articles, record)
    ours = [p.strip() for p in article.text.split("\n\n")]
    gold = [p.strip() for p in record["text"].split("\n\n")]
    assert set(ours) <= set(gold)                                   # nothing made up
    assert len(ours) >= len(gold) - 1                               # at most one block lost (an ad)
    assert article.language == record["language"]
    assert article.published in (record["published"], None)        # plain .txt files carry no date


def test_example_pages_in_legacy_code_pages(example_articles):
    by_name = {a.source.rsplit("/", 1)[-1]: a for a in example_articles if isinstance(a, Article)}
    if "grain-brief.html" not in by_name:
        pytest.skip("examples/pages not there")
    assert "зерном" in by_name["grain-brief.html"].text
    assert "Укренерго" in by_name["energy-strikes.html"].text


def test_debug_mode_records_the_language_rules(settings, langid):
    from vezha.settings import replace
    (article,) = _run([FIXTURES / "bsnlp-header.txt"], replace(settings, debug_rules=True), langid)
    assert article.meta["language_rules"].split() == ["russian_letters", "lingua"]
