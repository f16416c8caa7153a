"""Named-entity recognition: a CRF over the tokens of each sentence (BIO over PER, ORG, LOC, PRO, EVT).

Features are data: word shape and casing, affixes, the lemma and morphology of the token's
tag (pymorphy3 POS, case, Name/Surn/Geox/Abbr/Orgn ...), neighbours ±2, quotes around,
the language and a knowledge-base gazetteer flag. The model is trained by ``vezha train ner``
(see ``vezha.train``) and shipped in ``vezha/data/ner/``; ``load_ner`` loads it once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from .errors import ModelError
from .model import Doc, Mention, Token
from .pipeline import Resources, Stage

__all__ = [
    "NerTagger", "STAGE", "MODEL_FILE", "token_features", "sentence_features", "bio_labels",
    "spans_from_labels", "load_ner", "recognize", "model_path",
]

MODEL_FILE = "ner.crfsuite"
QUOTES = frozenset("\"«»„“”'‘’")
FLAG_GRAMMEMES = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Fixd", "anim", "inan", "Trad")
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")
LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")


@dataclass(frozen=True, slots=True)
class NerTagger:
    """A loaded CRF tagger (adapted: call ``tag`` with feature sequences) and its gazetteer."""
    tagger: Any
    gazetteer: dict[str, str] = field(default_factory=dict)

    def tag(self, features: list[list[str]]) -> list[str]:
        return list(self.tagger.tag(features))


def model_path(model_dir: str = "") -> Path:
    """The folder of the NER model: ``model_dir`` if set, else the one shipped in the package."""
    return Path(model_dir) if model_dir else Path(__file__).parent / "data" / "ner"


def load_ner(settings: Any) -> NerTagger:
    """Load the shipped (or ``settings.model_dir``) CRF model and the KB gazetteer."""
    import pycrfsuite
    from .kb import load_kb

    path = model_path(getattr(settings, "model_dir", "")) / MODEL_FILE
    if not path.exists():
        raise ModelError("NER model not found; run `vezha train ner`", code="V401", source=str(path))
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except Exception as exc:  # crfsuite raises a bare ValueError/IOError on a broken file
        raise ModelError(f"cannot open NER model: {exc}", code="V402", source=str(path)) from exc
    return NerTagger(tagger, load_kb(settings).gazetteer())


# --- features --------------------------------------------------------------------------------

def shape(word: str) -> str:
    """Xxxx -> Xx, ABC -> X, a-50 -> x-d: character classes with repeats collapsed."""
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def _grammemes(tag: str) -> set[str]:
    return set(re.split(r"[ ,]", tag)) if tag else set()


def _word_features(tok: Token, prefix: str, full: bool) -> list[str]:
    w = tok.text
    g = _grammemes(tok.tag)
    feats = [f"{prefix}w={w.lower()}", f"{prefix}sh={shape(w)}", f"{prefix}pos={tok.pos}"]
    feats += [f"{prefix}{gr}" for gr in FLAG_GRAMMEMES if gr in g]
    feats += [f"{prefix}c={c}" for c in CASES if c in g]
    if full:
        feats += [f"{prefix}l={tok.lemma.lower()}", f"{prefix}s3={w[-3:].lower()}",
                  f"{prefix}s2={w[-2:].lower()}", f"{prefix}s4={w[-4:].lower()}",
                  f"{prefix}p3={w[:3].lower()}", f"{prefix}lat={bool(LATIN.search(w))}",
                  f"{prefix}cyr={bool(CYRILLIC.search(w))}", f"{prefix}len={min(len(w), 8)}"]
    return feats


def token_features(tokens: Sequence[Token], i: int, language: str,
                   gazetteer: dict[str, str] | None = None) -> list[str]:
    """The CRF features of token ``i`` of a sentence."""
    tok = tokens[i]
    feats = ["bias", f"lang={language}"] + _word_features(tok, "", True)
    if i == 0:
        feats.append("first")
    if _inside_quotes(tokens, i):
        feats.append("inq")
    for d in (-2, -1, 1, 2):
        j = i + d
        if 0 <= j < len(tokens):
            feats += _word_features(tokens[j], f"{d}:", False)
            if abs(d) == 1:
                feats.append(f"{d}:l={tokens[j].lemma.lower()}")
            if abs(d) == 1 and tokens[j].text in QUOTES:
                feats.append(f"{d}:quote")
        else:
            feats.append(f"{d}:edge")
    if gazetteer:
        hit = gazetteer.get(tok.lemma.lower()) or gazetteer.get(tok.text.lower())
        if hit:
            feats.append(f"gaz={hit}")
    return feats


def _inside_quotes(tokens: Sequence[Token], i: int) -> bool:
    """An odd number of quote tokens before ``i`` in the sentence (a quote is open)."""
    return sum(t.text in QUOTES for t in tokens[max(0, i - 12):i]) % 2 == 1


def sentence_features(tokens: Sequence[Token], language: str,
                      gazetteer: dict[str, str] | None = None) -> list[list[str]]:
    return [token_features(tokens, i, language, gazetteer) for i in range(len(tokens))]


# --- labels <-> spans ------------------------------------------------------------------------

def bio_labels(tokens: Sequence[Token], mentions: Iterable[Mention]) -> list[str]:
    """BIO labels of a sentence's tokens from mentions (a token belongs to a span it overlaps)."""
    labels = ["O"] * len(tokens)
    for m in mentions:
        inside = [i for i, t in enumerate(tokens) if t.start < m.end and t.end > m.start]
        for k, i in enumerate(inside):
            labels[i] = ("B-" if k == 0 else "I-") + m.type
    return labels


def spans_from_labels(tokens: Sequence[Token], labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each BIO chunk; an I- that does not continue a chunk starts one."""
    spans: list[list[Any]] = []
    prev = "O"
    for tok, lab in zip(tokens, labels):
        if lab != "O" and lab[0] == "I" and prev != "O" and prev[2:] == lab[2:]:
            spans[-1][1] = tok.end
        elif lab != "O":
            spans.append([tok.start, tok.end, lab[2:]])
        prev = lab
    return [(s, e, t) for s, e, t in spans]


# --- the stage -------------------------------------------------------------------------------

def strip_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave an unbalanced quote character at either edge out of a span."""
    span = text[start:end]
    if len(span) > 1 and span[0] in QUOTES and not any(ch in QUOTES for ch in span[1:]):
        start += 1
    elif len(span) > 1 and span[-1] in QUOTES and not any(ch in QUOTES for ch in span[:-1]):
        end -= 1
    return start, end


def recognize(doc: Doc, ner: NerTagger) -> tuple[Mention, ...]:
    """Mentions (type and span; no base form or id yet) in every sentence of ``doc``."""
    out = []
    for sent in doc.sentences:
        if not sent.tokens:
            continue
        labels = ner.tag(sentence_features(sent.tokens, sent.language, ner.gazetteer))
        for start, end, typ in spans_from_labels(sent.tokens, labels):
            start, end = strip_quotes(doc.text, start, end)
            if end > start:
                out.append(Mention(start, end, doc.text[start:end], typ))
    return tuple(out)


def run(doc: Doc, resources: Resources) -> Doc:
    """The ``ner`` stage: add the mentions found by the CRF."""
    from dataclasses import replace
    return replace(doc, mentions=recognize(doc, resources["ner"]))


STAGE = Stage("ner", run, needs=frozenset({"sentences"}), provides=frozenset({"mentions"}),
              resources=frozenset({"ner"}))
