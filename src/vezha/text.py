"""The text stage: sentences, tokens, lemmas and morphology for Ukrainian and Russian.

Blocks first, then sentences inside a block, then tokens:

* a block is a paragraph (blank lines around it) or a bullet item ("•", "●", "▪", "*", and
  dash items after a line ending in ":" or ";" or after another dash item). A line that starts
  with a dash but follows a quote or a sentence ("..., \\n– розповів він.") is the tail of that
  sentence, as in scraped news, and stays in the block;
* sentences come from tokenize-uk's SRX segmenter (LanguageTool rules; Russian and English rules
  for those languages). A break rule whose "before" part is empty (``<0}``, a translation-memory
  marker) is tried by choppa at every character in Python, ~60 % of the splitting time; it is
  left out of a block where its "after" part occurs nowhere (``_sentence_spans``), which
  cannot change a split: such a rule never matches in that block;
* tokens from tokenize-uk's word tokenizer, with exact offsets;
* each token gets the reading ``Morph.best`` picks in context (see ``vezha.morph``).
"""
from __future__ import annotations

import copy
import dataclasses
import re
from functools import lru_cache
from typing import Any, Iterator

import tokenize_uk
from tokenize_uk.pipeline import _get_sentence_splitter

from .model import Doc, Paragraph, Sentence, Token
from .morph import Morph
from .pipeline import Resources, Stage

__all__ = ["STAGE", "run", "segment", "split_blocks", "join_initials", "tokenize", "BULLET_LINE"]

SRX_CODES = {"uk": "uk_two", "ru": "ru_two", "en": "en_two"}
BULLET_LINE = re.compile(r"^[ \t]*[•●▪◦·*][ \t]*", re.MULTILINE)
BULLET_MARK = re.compile(r"[ \t]*[•●▪◦·*][ \t]*")
DASH_LINE = re.compile(r"^[ \t]*[-–—][ \t]+")
LIST_INTRO_END = (":", ";")
# Twelve or more tokens of at most 6 characters ending in . ! ? or … (see _defuse); the
# atomic groups keep this pattern itself linear.
DOTTED_RUN = re.compile(r"(?>(?>\S{1,6})(?<=[.!?…])[ \t\u00a0]+){12,}")
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
        spans = _sentence_spans(_defuse(block), _srx(lang))
        for s, e in join_initials(block, spans, morph, lang):
            yield Sentence(start + s, start + e, tuple(tokenize(text, start + s, start + e, morph, lang)), lang)


def _sentence_spans(block: str, code: str) -> list[tuple[int, int]]:
    """tokenize-uk's ``tokenize_sents_with_spans`` (same spans), with the break rules that
    cannot match in ``block`` left out before choppa tries them."""
    document, iterator = _get_sentence_splitter()
    segments = iterator(document, code, block)
    segments.rule_manager = _live_rules(segments.rule_manager, block)
    spans, offset = [], 0
    for part in segments:
        stripped = part.strip()
        if stripped:
            lead = len(part) - len(part.lstrip())
            spans.append((offset + lead, offset + lead + len(stripped)))
        offset += len(part)
    return spans


def _live_rules(rules: Any, block: str) -> Any:
    """The rule manager without the empty-"before" break rules whose "after" pattern is not in
    ``block`` (choppa drops a rule that never matches; dropping it first changes nothing)."""
    dead = tuple(i for i, (rule, after) in enumerate(_empty_before(rules))
                 if after is not None and after.search(block) is None)
    return _without(rules, dead) if dead else rules


@lru_cache(maxsize=64)
def _empty_before(rules: Any) -> tuple[tuple[Any, Any], ...]:
    document = _get_sentence_splitter()[0]
    return tuple((r, document.compile(r.after_pattern) if not r.before_pattern else None)
                 for r in rules.break_rule_list)


@lru_cache(maxsize=64)
def _without(rules: Any, dead: tuple[int, ...]) -> Any:
    trimmed = copy.copy(rules)
    trimmed.break_rule_list = [r for i, r in enumerate(rules.break_rule_list) if i not in dead]
    return trimmed


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
    hold. The English rules backtrack exponentially on such runs (100 × ". " takes 4 s)."""
    return DOTTED_RUN.sub(lambda m: m.group()[:-1].translate(RUN_SPACES) + m.group()[-1], block)


def split_blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs and bullet items as (start, end) spans, stripped of surrounding space."""
    blocks = []
    for start, end in _paragraphs(text):
        blocks.extend(_bullet_items(text, start, end))
    return [b for b in (_strip(text, s, e) for s, e in blocks) if b[1] > b[0]]


def tokenize(text: str, start: int, end: int, morph: Morph, lang: str) -> Iterator[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text`` and their readings."""
    prev, seen, cursor = "", False, start     # seen: a letter or digit before this token
    for _, s, e in tokenize_uk.tokenize_words_with_spans(text[start:end]):
        surface = text[start + s:start + e]
        seen = seen or any(ch.isalnum() for ch in text[cursor:start + s])   # linear, not n²
        cursor = start + s
        yield _token(text, start + s, start + e, surface, morph, lang, prev, not seen)
        prev = surface


def _token(text: str, s: int, e: int, surface: str, morph: Morph, lang: str, prev: str,
           first: bool) -> Token:
    space = s == 0 or text[s - 1].isspace()
    if lang not in ("uk", "ru") or not surface.isalpha() and not _is_word(surface):
        return Token(s, e, surface, surface.lower(), "", "", space)
    a = morph.best(surface, lang, prev=prev, sentence_start=first)
    return Token(s, e, surface, a.normal_form, a.pos, a.tag, space)


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
