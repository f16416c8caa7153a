"""News-site residue inside an article body, marked as segments instead of deleted.

``mark_segments(text)`` cuts the text at line starts into segments that cover all of it:
``title``, ``body``, ``promo`` (a "Зверніть увагу ..." or "дивіться відео" line), ``caption``
("Фото: ...") and ``related`` (a heading such as "Ситуація в Білорусі: останні новини" with the
bullets or short lines after it). Rules are data: each one is a named pattern, and
``Segment.rule`` names the rule that marked a stretch. A segment runs from the start of its
first line to the start of the next segment, so blank lines belong to the segment above.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from ..model import Segment

__all__ = ["mark_segments", "classify_line", "PROMO_RULES", "CAPTION_RULES", "RELATED_HEADINGS",
           "is_bullet"]

MAX_RESIDUE_LINE = 200     # a promo or caption line is short
MAX_HEADING = 100          # so is a related-news heading
MAX_RELATED_ITEM = 160     # a non-bullet line longer than this ends a related block

_I = re.IGNORECASE

# promo: one line, recognised by how it starts or ends
PROMO_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("promo_attention", re.compile(r"^(Зверніть увагу|Обратите внимание)(\s*:|\s+(?-i:(?!(на|що|что|як|как)\b))\w)", _I)),
    ("promo_read_also", re.compile(r"^(Читайте|Дивіться|Слухайте|Смотрите|Слушайте) (також|також:|также|тоже|ще)\s*[:\-–—]\s*\S", _I)),
    ("promo_read_more", re.compile(r"^(Read (also|more)|See also|Also read)\s*[:\-–—]\s*\S", _I)),
    ("promo_video", re.compile(r"(дивіться|дивись|смотрите|смотри) (відео|видео)\s*[.!]?$|^(Дивіться|Смотрите|Watch) (відео|видео|the video)\b|^(Відео|Видео|Video)\s*[:.]", _I)),
    ("promo_subscribe", re.compile(r"^(Підписуйтесь|Підписуйтеся|Підпишіться|Подписывайтесь|Подпишитесь|Subscribe)\b", _I)),
    ("promo_join", re.compile(r"^(Приєднуйтесь|Приєднуйтеся|Присоединяйтесь|Стежте за|Следите за)\b.*\b(Telegram|Телеграм|Viber|YouTube|Facebook|каналі|каналом|каналу)", _I)),
    ("promo_typo", re.compile(r"(помітили помилку|заметили ошибку|Ctrl\s*\+\s*Enter)", _I)),
    ("promo_ad", re.compile(r"^(Реклама|Advertisement|Партнерський матеріал|Партнерский материал)\s*$", _I)),
)

CAPTION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("caption_photo", re.compile(r"^(Фото|Фото ілюстративне|Ілюстративне фото|Ілюстрація|Иллюстрация|Photo|Image)\s*(:|ілюстративне|иллюстративное|$|\()", _I)),
    ("caption_dateline", re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{4}(,?\s+\d{1,2}:\d{2})?$")),
    ("caption_credit", re.compile(r"^(Джерело фото|Источник фото|Фото з відкритих джерел|Фото из открытых источников)\b", _I)),
)

RELATED_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("related_latest", re.compile(r"^.{0,80}:\s*(останні новини|последние новости|головне|главное|хронологія|хронология)\s*$", _I)),
    ("related_news_heading", re.compile(r"^(Останні новини|Последние новости|Новини по темі|Новини за темою|Новости по теме|"
                                        r"Інші новини|Другие новости|Схожі новини|Похожие новости|Related( news| articles| stories)?|"
                                        r"Latest news|More on this( story)?)\s*:?\s*$", _I)),
    ("related_read_also", re.compile(r"^(Читайте також|Читайте также|Дивіться також|Смотрите также|Читайте ще|Read also|See also)\s*:?\s*$", _I)),
)

BULLET = re.compile(r"^\s*([•·▪▫◦‣►▶✓✔*]|[-–—](?=\s)|\d{1,2}[.)](?=\s))")


class Line(NamedTuple):
    start: int
    end: int          # end of the line's content, before its newline
    text: str


def is_bullet(line: str) -> bool:
    """A list item line: starts with a bullet sign, a dash or a number."""
    return bool(BULLET.match(line))


def classify_line(line: str) -> tuple[str, str]:
    """(kind, rule) of one line on its own: promo, caption, a related heading, or body."""
    text = line.strip()
    if not text:
        return "blank", ""
    for kind, rules, limit in (("promo", PROMO_RULES, MAX_RESIDUE_LINE),
                               ("caption", CAPTION_RULES, MAX_RESIDUE_LINE),
                               ("related", RELATED_HEADINGS, MAX_HEADING)):
        rule = _first_match(rules, text, limit)
        if rule:
            return kind, rule
    return "body", ""


def _first_match(rules: tuple[tuple[str, re.Pattern[str]], ...], text: str, limit: int) -> str:
    if len(text) > limit:
        return ""
    return next((name for name, pattern in rules if pattern.search(text)), "")


def _lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        content = raw.rstrip("\r\n")
        out.append(Line(pos, pos + len(content), content))
        pos += len(raw)
    return out


def _related_items(lines: list[Line], i: int) -> int:
    """Index of the first line after the related block whose heading is ``lines[i]``."""
    end = i + 1
    for j in range(i + 1, len(lines)):
        text = lines[j].text.strip()
        if not text:
            continue
        if not (is_bullet(text) or len(text) <= MAX_RELATED_ITEM) or classify_line(text)[0] != "body":
            break
        end = j + 1
    return end


def _labels(lines: list[Line], title: str | None) -> list[tuple[str, str]]:
    labels: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        kind, rule = classify_line(lines[i].text)
        if i == 0 and title and lines[0].text.strip() == title.strip():
            kind, rule = "title", "title_line"
        if kind == "related":
            stop = _related_items(lines, i)
            labels.extend([(kind, rule)] * (stop - i))
            i = stop
            continue
        labels.append((kind, rule))
        i += 1
    return labels


def mark_segments(text: str, title: str | None = None) -> tuple[Segment, ...]:
    """Segments covering all of ``text``; a first line equal to ``title`` is the ``title`` segment."""
    lines = _lines(text)
    segments: list[Segment] = []
    for line, (kind, rule) in zip(lines, _labels(lines, title)):
        if kind == "blank" and segments:
            continue
        kind = "body" if kind == "blank" else kind
        if segments and segments[-1].kind == kind and segments[-1].rule == rule and kind in ("body", "related"):
            continue
        segments.append(Segment(line.start, 0, kind, rule))
    bounds = [s.start for s in segments[1:]] + [len(text)]
    return tuple(Segment(s.start, end, s.kind, s.rule) for s, end in zip(segments, bounds))
