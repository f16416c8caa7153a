"""HTML pages: main text, metadata, code pages, truncated pages, node limit."""
from __future__ import annotations

from pathlib import Path

import pytest

from vezha.errors import IngestError
from vezha.ingest import parse_html
from vezha.ingest.html import fragment_text

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
TITLE = "Мер Полтави розповів про відновлення мосту"
CANONICAL = "https://poltava-news.example/2023/10/05/mist"


@pytest.mark.parametrize("name", ["page-utf8.html", "page-cp1251.html", "page-koi8u.html"])
def test_page_text_and_metadata(name):
    article = parse_html((FIXTURES / name).read_bytes(), name)
    assert article.text.startswith(TITLE + "\n\nМіський голова Полтави заявив")
    assert (article.title, article.url, article.outlet, article.author, article.published) == (
        TITLE, CANONICAL, "Полтавські вісті", "Оксана Гончаренко", "2023-10-05")
    assert "Головна" not in article.text and "Усі права захищено" not in article.text


def test_same_page_in_any_code_page_is_the_same_article():
    ids = {parse_html((FIXTURES / n).read_bytes(), n).id
           for n in ("page-utf8.html", "page-cp1251.html", "page-koi8u.html")}
    assert len(ids) == 1 and ids.pop().startswith("u-")


def test_undeclared_cp1251_page_decodes_right():
    article = parse_html((FIXTURES / "page-undeclared-cp1251.html").read_bytes(), "p.html")
    assert article.title == "Мэр Полтавы рассказал о восстановлении моста"


def test_blocks_are_paragraphs_and_residue_is_marked():
    article = parse_html((FIXTURES / "page-utf8.html").read_bytes(), "p.html")
    kinds = [s.kind for s in article.segments]
    assert kinds[0] == "title" and "promo" in kinds
    promo = next(s for s in article.segments if s.kind == "promo")
    assert article.text[promo.start:promo.end].startswith("Зверніть увагу Як у Полтаві")
    assert len(article.paragraphs) == 5


def test_truncated_page_still_gives_its_text():
    article = parse_html((FIXTURES / "truncated.html").read_bytes(), "t.html")
    assert "Міський голова Полтави" in article.text


def test_list_items_are_bullet_lines():
    html = ("<html><body><article><p>Що отримало місто від партнерів за минулий місяць роботи:</p>"
            "<ul><li>п'ять нових тролейбусів</li><li>два автобуси з пандусами</li></ul>"
            "<p>Решту техніки очікують до кінця року, повідомили у міській раді.</p></article></body></html>")
    text = parse_html(html, "l.html").text
    assert "\n\n  • п'ять нових тролейбусів\n  • два автобуси з пандусами\n\n" in text


def test_url_given_when_no_canonical_link():
    html = ("<html><body><article><p>Міська рада ухвалила бюджет на наступний рік після довгого "
            "обговорення.</p><p>Депутати підтримали зміни до програми розвитку транспорту.</p>"
            "</article></body></html>")
    article = parse_html(html, "x", url="https://podillia.example/news/budget")
    assert article.url == "https://podillia.example/news/budget"
    assert article.outlet == "podillia.example" and article.published is None


# (html code, expected code)
BAD_PAGES = [
    ((FIXTURES / "no-text.html").read_bytes(), "V206"),
    (b"", "V202"),
    (b"   \n ", "V202"),
    (b"\x00\x01\x02<html>", "V203"),
]


@pytest.mark.parametrize("data, code", BAD_PAGES)
def test_bad_pages_raise_their_code(data, code):
    with pytest.raises(IngestError) as err:
        parse_html(data, "bad.html")
    assert err.value.code == code


def test_too_many_nodes_fails_before_extraction():
    html = "<html><body>" + "<div><span>x</span></div>" * 600 + "</body></html>"
    with pytest.raises(IngestError) as err:
        parse_html(html, "big.html", max_nodes=1000)
    assert err.value.code == "V215"


# (fragment, text)
FRAGMENTS = [
    ("<p>Перший абзац.</p><p>Другий<br>рядок.</p>", "Перший абзац.\n\nДругий\nрядок."),
    ("<ul><li>один</li><li>два</li></ul>", "  • один\n  • два"),
    ("Простий текст без тегів", "Простий текст без тегів"),
    ("<b>Жирний</b> і &amp; звичайний", "Жирний і & звичайний"),
]


@pytest.mark.parametrize("fragment, text", FRAGMENTS)
def test_fragment_text(fragment, text):
    assert fragment_text(fragment) == text
