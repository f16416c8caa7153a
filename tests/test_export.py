"""The evaluation contract: record ids, keys, geo on places, quotes with speakers, debug rules."""
from __future__ import annotations

import json

import pytest

from vezha.export import CONTRACT_KEYS, doc_to_record, record_id, to_jsonl
from vezha.model import Article, Doc, Mention, Place, Quote, Speaker, TimeExpr
from vezha.runner import analyze_sources


def doc(source: str = "news/a.txt", meta: dict | None = None, url: str | None = None, **fields):
    article = Article(id="id-1", text="Кулеба заявив у Києві: «Ми готові».", source=source,
                      url=url, language="uk", meta=meta or {})
    return Doc(article=article, **fields)


@pytest.mark.parametrize("source, meta, url, expected", [
    ("dump.jsonl#3", {"record_id": "rec-7", "relpath": "dump.jsonl"}, None, "rec-7"),
    ("/data/raw/uk/a.txt", {"relpath": "uk/a.txt"}, None, "uk/a.txt"),
    ("/data/raw/uk/a.txt", {}, None, "a.txt"),
    ("https://example.org/news/1", {}, "https://example.org/news/1?x", "https://example.org/news/1?x"),
])
def test_record_id_follows_the_contract(source, meta, url, expected):
    assert record_id(doc(source, meta, url)) == expected


def test_record_has_every_contract_key_and_is_json():
    record = doc_to_record(doc())
    assert tuple(record) == CONTRACT_KEYS
    assert json.loads(to_jsonl(record)) == record
    assert (record["entities"], record["quotes"], record["times"], record["events"]) == \
        ([], [], [], [])


def test_entities_quotes_and_times_are_exported_with_geo_and_speaker():
    mentions = (Mention(0, 6, "Кулеба", "PER", "Кулеба", "Q-kuleba"),
                Mention(15, 20, "Києві", "LOC", "Київ", "Q-kyiv"))
    quote = Quote(24, 33, "Ми готові", "direct", Speaker("Дмитро Кулеба", "Q-kuleba"), "заявив",
                  rule="colon_after_cue")
    record = doc_to_record(doc(mentions=mentions, quotes=(quote,),
                               places=(Place("Q-kyiv", "Київ", 50.45, 30.52, "UA", "Kyiv"),),
                               times=(TimeExpr(0, 1, "x", "2023", "year", "year"),)), debug=True)
    kyiv = record["entities"][1]
    assert kyiv["lemma"] == "Київ" and kyiv["geo"]["country"] == "UA"
    assert "geo" not in record["entities"][0]
    (q,) = record["quotes"]
    assert q["speaker"] == {"name": "Дмитро Кулеба", "entity_id": "Q-kuleba"}
    assert q["rule"] == "colon_after_cue" and record["times"][0]["value"] == "2023"
    assert "rule" not in doc_to_record(doc(quotes=(quote,)))["quotes"][0]


def test_analysed_text_is_one_ukrainian_record(tmp_path, settings, run_resources, pipeline):
    path = tmp_path / "zvit.txt"
    path.write_text("Глава МЗС Дмитро Кулеба заявив, що Україна чекає нових санкцій проти Росії. "
                    "Він додав, що рішення ухвалять до кінця місяця.", encoding="utf-8")
    (item,) = analyze_sources([path], settings, run_resources, pipeline=pipeline)
    record = doc_to_record(item)
    assert (record["id"], record["language"]) == ("zvit.txt", "uk")
    assert set(CONTRACT_KEYS) <= set(record)
