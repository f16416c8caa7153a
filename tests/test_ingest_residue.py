"""News-site residue is marked as segments (promo, related, caption), never deleted."""
from __future__ import annotations

import pytest

from vezha.ingest.residue import classify_line, mark_segments

# (line, kind, rule)
LINES = [
    ("Зверніть увагу Путін збирається до Мінська: про що говоритимуть", "promo", "promo_attention"),
    ("Зверніть увагу: Як працює ППО у Києві", "promo", "promo_attention"),
    ("Зверніть увагу, що міст закрито до понеділка.", "body", ""),
    ("Зверніть увагу на графік руху автобусів у вихідні.", "body", ""),
    ("Зверніть увагу як змінився графік руху автобусів.", "body", ""),
    ("Зверніть увагу Як змінився графік руху автобусів", "promo", "promo_attention"),
    ("Обратите внимание: Как работает ПВО в Киеве", "promo", "promo_attention"),
    ("Читайте також: Як у Вінниці змінили розклад автобусів", "promo", "promo_read_also"),
    ("Читайте также: Как в Виннице изменили расписание", "promo", "promo_read_also"),
    ("Про що домовилися мери двох міст: дивіться відео", "promo", "promo_video"),
    ("Дивіться відео: як працюють HIMARS на фронті", "promo", "promo_video"),
    ("Підписуйтесь на наш Telegram-канал, щоб першими дізнаватися новини.", "promo", "promo_subscribe"),
    ("Подписывайтесь на наш Telegram: только проверенные новости", "promo", "promo_subscribe"),
    ("Реклама", "promo", "promo_ad"),
    ("Якщо ви помітили помилку, виділіть її та натисніть Ctrl+Enter", "promo", "promo_typo"),
    ("Фото: пресслужба міської ради", "caption", "caption_photo"),
    ("Фото ілюстративне", "caption", "caption_photo"),
    ("01.08.2022, 11:20", "caption", "caption_dateline"),
    ("01.08.2022 розпочався новий етап переговорів.", "body", ""),
    ("Транспорт у Вінниці: останні новини", "related", "related_latest"),
    ("Ситуация на фронте: последние новости", "related", "related_latest"),
    ("Читайте також", "related", "related_read_also"),
    ("Новини по темі:", "related", "related_news_heading"),
    ("Мер заявив, що дивіться відео не варто в темряві, бо це шкодить очам, і додав ще дещо.", "body", ""),
    ("Фотограф Петро Кравчук отримав премію.", "body", ""),
]


@pytest.mark.parametrize("line, kind, rule", LINES)
def test_line_kind_and_rule(line, kind, rule):
    assert classify_line(line) == (kind, rule)


def _pieces(text):
    return [(s.kind, text[s.start:s.end].strip()) for s in mark_segments(text)]


def _covers(text, segments):
    return segments[0].start == 0 and segments[-1].end == len(text) and all(
        a.end == b.start for a, b in zip(segments, segments[1:]))


OWN_ARTICLE = (
    "Сьогодні до Вінниці прибули нові тролейбуси.\n\n"
    "Читайте також: Як у Вінниці змінили розклад автобусів\n\n"
    "За словами директора, машини вийдуть на маршрути наступного тижня.\n\n"
    "Транспорт у Вінниці: останні новини\n\n"
    "  • Місто оголосило тендер на ремонт колій.\n"
    "  • Вартість проїзду не змінюватиметься.\n"
)


def test_segments_cover_the_text_and_keep_every_character():
    segments = mark_segments(OWN_ARTICLE)
    assert _covers(OWN_ARTICLE, segments)
    assert "".join(OWN_ARTICLE[s.start:s.end] for s in segments) == OWN_ARTICLE


def test_own_article_residue():
    assert _pieces(OWN_ARTICLE) == [
        ("body", "Сьогодні до Вінниці прибули нові тролейбуси."),
        ("promo", "Читайте також: Як у Вінниці змінили розклад автобусів"),
        ("body", "За словами директора, машини вийдуть на маршрути наступного тижня."),
        ("related", "Транспорт у Вінниці: останні новини\n\n  • Місто оголосило тендер на ремонт колій.\n"
                    "  • Вартість проїзду не змінюватиметься."),
    ]


def test_related_block_ends_at_a_long_paragraph():
    long = "Після цього директор підприємства довго пояснював журналістам, " * 4
    text = f"Новини по темі\n\n  • Перша коротка новина.\n\n{long}\n"
    assert [kind for kind, _ in _pieces(text)] == ["related", "body"]


def test_first_line_equal_to_the_title_is_the_title_segment():
    text = "Нові тролейбуси у Вінниці\n\nСьогодні прибули нові машини."
    assert [s.kind for s in mark_segments(text, title="Нові тролейбуси у Вінниці")] == ["title", "body"]
    assert [s.kind for s in mark_segments(text)] == ["body"]


def test_reference_article_residue(shared_dir):
    text = (shared_dir / "seed" / "article-000.txt").read_text(encoding="utf-8")
    segments = mark_segments(text)
    assert _covers(text, segments)
    marked = [(s.kind, text[s.start:s.end].strip()) for s in segments if s.kind != "body"]
    assert [kind for kind, _ in marked] == ["promo", "promo", "related"]
    assert marked[0][1].startswith("Зверніть увагу Путін збирається")
    assert marked[1][1].endswith("дивіться відео")
    related = marked[2][1].split("\n")
    assert related[0] == "Ситуація в Білорусі: останні новини"
    assert [line.strip()[0] for line in related[1:] if line.strip()] == ["•", "•", "•"]
    assert segments[-1].kind == "related" and segments[-1].end == len(text)


from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

from vezha.ingest.paragraphs import split_paragraphs  # noqa: E402

LINE_PIECES = st.sampled_from([
    "", " ", "  • пункт списку", "Читайте також", "Читайте також: інша новина", "Звичайне речення тексту.",
    "Фото: архів", "Новини: останні новини", "Реклама", "- тире", "\t", "Дуже довгий абзац " * 12,
])


@hsettings(max_examples=200, deadline=None)
@given(st.lists(LINE_PIECES, max_size=12), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_segments_and_paragraphs_always_cover_and_stay_in_bounds(lines, newline, final):
    text = newline.join(lines) + (newline if final else "")
    segments = mark_segments(text)
    assert "".join(text[s.start:s.end] for s in segments) == text
    for p in split_paragraphs(text):
        assert 0 <= p.start < p.end <= len(text) and text[p.start:p.end].strip()
