"""The text stage: sentences, tokens, lemmas and morphology for Ukrainian and Russian.

Blocks first, then sentences inside a block, then tokens:

* a block is a paragraph (blank lines around it) or a bullet item ("•", "●", "▪", "*", and
  dash items after a line ending in ":" or ";" or after another dash item). A line that starts
  with a dash but follows a quote or a sentence ("..., \\n– розповів він.") is the tail of that
  sentence, as in scraped news, and stays in the block;
* sentences come from tokenize-uk's SRX segmenter (LanguageTool rules; Russian and English rules
  for those languages), the same spans with less work (see ``vezha.sentences``);
* tokens from tokenize-uk's word tokenizer, with exact offsets, computed per whitespace-separated
  chunk and cached (see ``vezha.tokens``);
* each token gets the reading ``Morph.best`` picks in context (see ``vezha.morph``).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Iterator

from .model import Doc, Paragraph, Sentence, Token
from .morph import MORPH_LANGUAGES, Morph
from .pipeline import Resources, Stage
from .sentences import sentence_spans
from .tokens import word_spans

__all__ = ["STAGE", "run", "segment", "split_blocks", "join_initials", "tokenize", "BULLET_LINE"]

SRX_CODES = {"uk": "uk_two", "ru": "ru_two", "en": "en_two"}
BULLET_LINE = re.compile(r"^[ \t]*[•●▪◦·*][ \t]*", re.MULTILINE)
BULLET_MARK = re.compile(r"[ \t]*[•●▪◦·*][ \t]*")
DASH_LINE = re.compile(r"^[ \t]*[-–—][ \t]+")
LIST_INTRO_END = (":", ";")
# Twelve or more tokens of at most 6 characters ending in . ! ? or … (see _defuse); the
# atomic groups keep this pattern itself linear.
DOTTED_RUN = re.compile(r"(?>(?>\S{1,6})(?<=[.!?…])[ \t\u00a0]+){12,}")
DOTTED_RUN_LENGTH, SENTENCE_MARKS = 12, ".!?…"     # a run needs twelve marks at least
RUN_SPACES = str.maketrans({" ": "_", "\t": "_", "\u00a0": "_"})
WORD = re.compile(r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*")
NEXT_WORD = re.compile(r"[^\W\d_]+")
NAME_GRAMMEMES = frozenset({"Surn", "Name", "Patr"})
INITIAL_END = re.compile(r"(?:^|(?<=[\s(«\"„“]))[^\W\d_]\.$")  # a lone capital and its dot
BLANK = re.compile(r"\n[ \t]*\n\s*")


def run(doc: Doc, resources: Resources) -> Doc:
    """Add sentences with analysed tokens to ``doc``."""
    morph: Morph = resources["morph"]
    article = doc.article
    sentences = tuple(segment(article.text, morph, article.language, article.paragraphs))
    return dataclasses.replace(doc, sentences=sentences)


STAGE = Stage(name="text", run=run, needs=frozenset({"text"}),
              provides=frozenset({"sentences", "tokens", "lemmas"}),
              resources=frozenset({"morph"}))


def segment(text: str, morph: Morph, language: str = "uk",
            paragraphs: tuple[Paragraph, ...] = ()) -> Iterator[Sentence]:
    """Sentences of ``text`` with analysed tokens; a paragraph's own language wins."""
    for start, end in split_blocks(text):
        lang = _language_at(paragraphs, start, language)
        block = text[start:end]
        spans = sentence_spans(_defuse(block), _srx(lang))
        for s, e in join_initials(block, spans, morph, lang):
            yield Sentence(start + s, start + e, tuple(tokenize(text, start + s, start + e, morph, lang)), lang)


def join_initials(text: str, spans: list[tuple[int, int]], morph: Morph,
                  lang: str) -> list[tuple[int, int]]:
    """Undo splits after a name's initial: "сказала Т." + "Мей заявила" is one sentence when
    the next word can be a surname (or is another initial)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and INITIAL_END.search(text, out[-1][0], out[-1][1]) and _name_next(text, s, morph, lang):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _name_next(text: str, start: int, morph: Morph, lang: str) -> bool:
    word = NEXT_WORD.match(text, start)
    if not word or not word.group()[0].isupper():
        return False
    if INITIAL_END.fullmatch(word.group() + "."):
        return True
    return any(a.grammemes & NAME_GRAMMEMES for a in morph.parses(word.group(), lang))


def _defuse(block: str) -> str:
    """The block as the SRX segmenter may see it: in a run of many short dotted tokens
    (``. . . .``, ``AB. AB. AB.``) the spaces become ``_``, one character for one, so offsets
    hold. The English rules backtrack exponentially on such runs (100 × ". " takes 4 s). A block
    with fewer sentence marks than such a run has is returned as it is, unsearched."""
    if sum(map(block.count, SENTENCE_MARKS)) < DOTTED_RUN_LENGTH:
        return block
    return DOTTED_RUN.sub(lambda m: m.group()[:-1].translate(RUN_SPACES) + m.group()[-1], block)


def split_blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs and bullet items as (start, end) spans, stripped of surrounding space."""
    blocks = []
    for start, end in _paragraphs(text):
        blocks.extend(_bullet_items(text, start, end))
    return [b for b in (_strip(text, s, e) for s, e in blocks) if b[1] > b[0]]


def tokenize(text: str, start: int, end: int, morph: Morph, lang: str) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text`` and their readings."""
    tokens: list[Token] = []
    prev, seen, cursor = "", False, start     # seen: a letter or digit before this token
    analysed = lang in MORPH_LANGUAGES
    for s, e in word_spans(text[start:end]):
        s, e = start + s, start + e
        surface = text[s:e]
        if not seen:
            seen = any(ch.isalnum() for ch in text[cursor:s])     # linear, not n²
            cursor = s
        space = s == 0 or text[s - 1].isspace()
        if analysed and (surface.isalpha() or _is_word(surface)):
            a = morph.best(surface, lang, prev=prev, sentence_start=not seen)
            tokens.append(Token(s, e, surface, a.normal_form, a.pos, a.tag, space))
        else:
            tokens.append(Token(s, e, surface, surface.lower(), "", "", space))
        prev = surface
    return tokens


def _is_word(surface: str) -> bool:
    """Letters joined by hyphens or apostrophes ("пов'язані", "прес-служба"), no digits."""
    return WORD.fullmatch(surface) is not None


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in BLANK.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _bullet_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph before bullet lines and before dash items of a list."""
    cuts = [start]
    line_start = start
    prev_line = ""
    in_list = False
    for line in text[start:end].split("\n"):
        is_bullet = bool(BULLET_LINE.match(line))
        is_dash_item = bool(DASH_LINE.match(line)) and (in_list or prev_line.rstrip().endswith(LIST_INTRO_END))
        if (is_bullet or is_dash_item) and line_start > start:
            cuts.append(line_start)
        in_list = is_dash_item or (in_list and not line.strip())
        prev_line = line
        line_start += len(line) + 1
    cuts.append(end)
    return list(zip(cuts, cuts[1:]))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding space and a leading bullet mark."""
    bullet = BULLET_MARK.match(text, start, end)
    if bullet:
        start = bullet.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _language_at(paragraphs: tuple[Paragraph, ...], offset: int, default: str) -> str:
    for p in paragraphs:
        if p.start <= offset < p.end:
            return p.language if p.language in SRX_CODES else default
    return default if default in SRX_CODES else "uk"


def _srx(lang: str) -> str:
    return SRX_CODES.get(lang, "uk_two")
