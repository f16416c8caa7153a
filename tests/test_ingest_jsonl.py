"""JSONL dumps: records with text or html; bad lines are failures with their line number."""
from __future__ import annotations

import json

import pytest

from vezha.errors import IngestError
from vezha.ingest import parse_jsonl_line

HTML = ("<html><body><article><h1>Нові тролейбуси</h1><p>До Вінниці прибули п'ять нових "
        "тролейбусів, які місто придбало за кредитні кошти банку.</p><p>Вони вийдуть на маршрути "
        "наступного тижня, повідомили у міській раді.</p></article></body></html>")


def _line(**record):
    return json.dumps(record, ensure_ascii=False)


def test_text_record():
    article = parse_jsonl_line(_line(id="r1", url="https://podillia.example/a", title="Міст",
                                     text="Рух мостом відновлять у понеділок.\r\nТак.",
                                     published="2023-10-05T21:00:00+03:00"), "dump.jsonl", 3)
    assert (article.source, article.title, article.published, article.meta["record_id"]) == (
        "dump.jsonl:3", "Міст", "2023-10-05", "r1")
    assert article.text == "Міст\n\nРух мостом відновлять у понеділок.\nТак."
    assert [s.kind for s in article.segments] == ["title", "body"]
    assert article.id.startswith("u-")


def test_html_record_uses_record_metadata():
    article = parse_jsonl_line(_line(url="https://podillia.example/t", html=HTML, published="2023-10-07"),
                               "dump.jsonl", 1)
    assert article.text.startswith("Нові тролейбуси\n\nДо Вінниці прибули")
    assert (article.published, article.url, article.meta["record_id"]) == (
        "2023-10-07", "https://podillia.example/t", "https://podillia.example/t")


def test_text_that_starts_with_its_title_is_kept():
    article = parse_jsonl_line(_line(title="Міст", text="Міст\n\nРух відновлять."), "d.jsonl", 1)
    assert article.text == "Міст\n\nРух відновлять."


def test_record_without_url_gets_a_content_id():
    article = parse_jsonl_line(_line(id=7, text="Текст без посилання."), "d.jsonl", 1)
    assert article.id.startswith("h-") and article.meta["record_id"] == "7"


# (line, code)
BAD_LINES = [
    ('{"id": "x", "text": "обірваний', "V209"),
    ("[1, 2]", "V209"),
    ("not json", "V209"),
    (b'{"text": "\xff\xfe"}', "V209"),
    (_line(id="x", title="лише заголовок"), "V210"),
    (_line(id="x", text="   "), "V210"),
    (_line(id="x", text=42), "V210"),
    (_line(id="x", html="<html><body><nav>меню</nav></body></html>"), "V206"),
]


@pytest.mark.parametrize("line, code", BAD_LINES)
def test_bad_lines_raise_their_code_with_the_line_number(line, code):
    with pytest.raises(IngestError) as err:
        parse_jsonl_line(line, "dump.jsonl", 17)
    assert (err.value.code, err.value.source) == (code, "dump.jsonl:17")
