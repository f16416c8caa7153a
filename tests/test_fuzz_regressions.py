"""Inputs the fuzzer (``python -m fuzz run``) found that crashed or hung a parser, pinned."""
from __future__ import annotations

import json
import time

import pytest

from vezha.errors import IngestError
from vezha.ingest import parse_jsonl_line
from vezha.ingest.ids import content_hash
from vezha.ingest.build import make_article
from vezha.model import Doc
from vezha.pipeline import default_pipeline
from vezha.text import _defuse, segment


def test_a_lone_surrogate_escaped_in_jsonl_becomes_a_replacement_character():
    article = parse_jsonl_line(b'{"text": "\\ud800 \\u0422\\u0435\\u043a\\u0441\\u0442", '
                               b'"title": "\\udfff", "id": "\\ud83d"}', "dump.jsonl", 1)
    assert article.text == "\ufffd Текст"
    assert article.meta["record_id"] == "\ufffd"
    content_hash(article.text)          # was: UnicodeEncodeError


def test_the_html_field_of_a_jsonl_record_is_held_to_the_node_limit():
    html = "<html><body>" + "<p>Абзац тексту про події.</p>" * 300 + "</body></html>"
    line = json.dumps({"html": html}).encode()
    with pytest.raises(IngestError) as caught:
        parse_jsonl_line(line, "dump.jsonl", 1, max_nodes=100)
    assert caught.value.code == "V215"


@pytest.mark.parametrize("unit", [". ", "AB. ", "a.b. ", "Mr. ", "! ", "… "])
def test_runs_of_short_dotted_tokens_do_not_hang_the_english_segmenter(resources, unit):
    morph = resources["morph"]
    text = "He said so. " + unit * 400 + "The end. Another sentence."
    start = time.monotonic()
    sentences = list(segment(text, morph, "en"))
    assert time.monotonic() - start < 5        # was: 100 × ". " took 4 s, 150 never ended
    assert text[sentences[-1].start:sentences[-1].end] == "Another sentence."


def test_defusing_keeps_offsets_and_ordinary_prose():
    prose = "Mr. A. B. Smith said. Then he left. Вчора о 15:30 він сказав: «Так»."
    assert _defuse(prose) == prose
    run = ". " * 20
    assert len(_defuse(run)) == len(run) and "_" in _defuse(run)


def test_a_very_long_sentence_tokenizes_in_linear_time(resources):
    text = "«а" * 20_000                     # one sentence of 40,000 tokens
    start = time.monotonic()
    [sentence] = list(segment(text, resources["morph"], "uk"))
    assert len(sentence.tokens) == 40_000
    assert sentence.tokens[0].start == 0
    assert time.monotonic() - start < 10     # was: quadratic, minutes


@pytest.mark.parametrize("url", ["https://[.em0", "http://[::1", "https://]x[/"])
def test_a_url_that_cannot_be_split_is_kept_as_it_is(url):
    """Found by atheris (python -m fuzz.guided --target text): urlsplit raised ValueError."""
    from vezha.ingest import parse_text
    article = parse_text(f"ua-965\nru\n20240102\n{url}\nТекст статті.".encode(), "x.txt")
    assert article.id.startswith("u-") and article.outlet is None
    record = parse_jsonl_line(json.dumps({"text": "Текст.", "url": url}).encode(), "d.jsonl", 1)
    assert record.id.startswith("u-")


def test_a_speaker_phrase_that_ends_where_it_starts_does_not_loop_forever(resources):
    """speaker_phrases.phrases: a phrase with end == start (a mention ending at its first
    word, after an apostrophe used as a quote mark) looped forever."""
    from vezha.limits import time_limit
    text = ("'о 15:30' Київ У Києві вчора пройшла нарада. «Мы готовы к диалогу», — сказал "
            "представитель. \n· said")
    names = ("text", "ner", "baseform", "link", "quotes", "speakers")
    doc = Doc(article=make_article(text, "regression"))
    with time_limit(20):
        for stage in default_pipeline(names).stages:
            doc = stage.run(doc, resources)
