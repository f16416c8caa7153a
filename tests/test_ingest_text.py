"""Plain text: decoding (code pages, BOM, CRLF), the BSNLP header, titles, ids, paragraphs."""
from __future__ import annotations

from pathlib import Path

import pytest

from vezha.errors import IngestError
from vezha.ingest import decode, parse_text
from vezha.ingest.ids import article_id, iso_date, normalise_url
from vezha.ingest.paragraphs import split_paragraphs

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
UK_TITLE = "Мер Полтави розповів про відновлення мосту"
RU_TITLE = "Мэр Полтавы рассказал о восстановлении моста"

# (file, its first line once decoded)
ENCODED_NOTES = [
    ("note-cp1251.txt", UK_TITLE),
    ("note-koi8u.txt", UK_TITLE),
    ("note-koi8r.txt", RU_TITLE),
    ("note-utf8-bom-crlf.txt", UK_TITLE),
]

# (text, encoding): short texts that charset-normalizer alone gets wrong or nearly so
SHORT_CYRILLIC = [
    ("Україна і Європа", "koi8_u"),
    ("Україна і Європа", "mac_cyrillic"),
    ("Їжак з’їв яблуко", "mac_cyrillic"),
    ("ЄС ухвалив рішення щодо ґрунтів", "mac_cyrillic"),
    ("Він сказав: «Ми готові».", "cp1251"),
    ("Москва заявила, что переговоры продолжатся в среду.", "koi8_r"),
    ("Привіт, світе! Це коротка новина про Київ.", "cp1251"),
    ("Привіт, світе! Це коротка новина про Київ.", "koi8_u"),
    ("Привіт, світе! Це коротка новина про Київ.", "iso8859_5"),
    ("Café au lait, s'il vous plaît.", "cp1252"),
]


@pytest.mark.parametrize("name, first_line", ENCODED_NOTES)
def test_code_pages_decode_right(name, first_line):
    article = parse_text((FIXTURES / name).read_bytes(), name)
    assert article.text.split("\n")[0] == first_line
    assert "\r" not in article.text and "\ufeff" not in article.text


@pytest.mark.parametrize("text, encoding", SHORT_CYRILLIC)
def test_short_texts_decode_right(text, encoding):
    assert decode(text.encode(encoding), "x") == text


def test_title_is_a_short_first_line_followed_by_a_blank_line():
    article = parse_text((FIXTURES / "note-cp1251.txt").read_bytes(), "n.txt")
    assert article.title == UK_TITLE
    assert article.segments[0].kind == "title"
    assert parse_text("Перше речення статті.\n\nДруге.", "x").title is None
    assert parse_text("Без порожнього рядка\nдалі текст", "x").title is None


def test_text_is_kept_exactly():
    text = "  Відступ на початку.\n\n\tТабуляція  і  подвійні пробіли.\n"
    assert parse_text(text.encode("utf-8"), "x").text == text


def test_bsnlp_header_gives_metadata_and_leaves_the_text():
    article = parse_text((FIXTURES / "bsnlp-header.txt").read_bytes(), "b.txt")
    assert (article.url, article.published, article.language) == (
        "https://gazeta.example.ru/2019/03/14/most.html", "2019-03-14", "ru")
    assert article.text.startswith(RU_TITLE)
    assert article.id == article_id("", "https://gazeta.example.ru/2019/03/14/most.html")


def test_same_text_same_id_and_hash():
    a, b = parse_text("Однаковий текст.", "a.txt"), parse_text("Однаковий текст.", "b.txt")
    assert a.id == b.id and a.id.startswith("h-") and a.content_hash == b.content_hash


# (text, paragraph texts)
PARAGRAPHS = [
    ("Перший.\n\nДругий\nрядок.", ["Перший.", "Другий\nрядок."]),
    ("Список:\n  • один;\n  • два.\n\nКінець.", ["Список:", "• один;", "• два.", "Кінець."]),
    ("\n\n  Відступ.  \n\n", ["Відступ."]),
    ("- перший пункт\n- другий пункт", ["- перший пункт", "- другий пункт"]),
]


@pytest.mark.parametrize("text, expected", PARAGRAPHS)
def test_paragraph_split(text, expected):
    assert [text[p.start:p.end] for p in split_paragraphs(text)] == expected


# (value, ISO date or None)
DATES = [
    ("2023-10-05", "2023-10-05"),
    ("2023-10-05T23:30:00+03:00", "2023-10-05"),
    ("Thu, 05 Oct 2023 23:30:00 +0300", "2023-10-05"),
    ("yesterday", None),
    ("2023-13-45", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("value, expected", DATES)
def test_iso_date_is_never_guessed(value, expected):
    assert iso_date(value) == expected


# (url, normalised)
URLS = [
    ("HTTPS://News.Example.com/a/1/?utm_source=x#top", "https://news.example.com/a/1"),
    ("https://news.example.com/a/1", "https://news.example.com/a/1"),
    ("https://news.example.com/?id=5&fbclid=z", "https://news.example.com/?id=5"),
]


@pytest.mark.parametrize("url, expected", URLS)
def test_url_normalisation_for_ids(url, expected):
    assert normalise_url(url) == expected


def test_undecodable_bytes_raise_v204():
    with pytest.raises(IngestError) as err:
        decode((FIXTURES / "undecodable.txt").read_bytes(), "u.txt")
    assert err.value.code == "V204" and err.value.source == "u.txt"


def test_utf8_with_a_stray_byte_stays_utf8():
    text = "Міський голова заявив, що ремонт мосту завершать до кінця осені. " * 20
    data = text.encode("utf-8")
    broken = data[:500] + b"\xff" + data[500:]
    assert decode(broken, "x").replace("\ufffd", "") == text


# (the page's real code page, the one its <meta> declares): a declared code page is taken
# without scoring only when it reads into well-shaped words; a mislabelled page is scored.
MISLABELLED = [("cp1251", "cp1251"), ("koi8_u", "cp1251"), ("mac_cyrillic", "cp1251"),
               ("cp1251", "koi8-u"), ("iso8859_5", "cp1251"), ("cp1251", "iso-8859-5")]
PAGE_TEXT = ("Уряд України ухвалив план відновлення мостів і доріг на Полтавщині. "
             "«Роботи почнуться навесні», — сказала міністерка Олена Коваль. "
             "Єврокомісія виділить на це двісті мільйонів євро; ґрунтові дороги чекатимуть.")


@pytest.mark.parametrize("real, declared", MISLABELLED)
def test_a_declared_code_page_is_trusted_only_when_it_reads_right(real, declared):
    page = (f'<html><head><meta charset="{declared}"><title>Мости › Полтава</title></head>'
            f"<body><p>{PAGE_TEXT}</p></body></html>")
    data = page.encode(real, errors="replace")     # letters a code page lacks become "?"
    assert decode(data, "x") == data.decode(real)
