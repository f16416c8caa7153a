"""Named-entity recognition: a CRF over the tokens of each sentence (BIO over PER, ORG, LOC, PRO, EVT).

Features are data: word shape and casing, the script (Latin / Cyrillic) with the shape, a
capitalised word mid-sentence, affixes, the lemma and morphology of the token's
tag (pymorphy3 POS, case, Name/Surn/Geox/Abbr/Orgn ...), neighbours ±2, quotes around,
the language and a knowledge-base gazetteer flag. The model is trained by ``vezha train ner``
(see ``vezha.train``) and shipped in ``vezha/data/ner/``; ``load_ner`` loads it once.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from .errors import ModelError
from .kb import match_phrases
from .model import Doc, Mention, Token
from .pipeline import Resources, Stage

__all__ = [
    "NerTagger", "STAGE", "MODEL_FILE", "LEMMA_FILE", "token_features", "sentence_features", "bio_labels",
    "spans_from_labels", "load_ner", "recognize", "model_path", "script", "capitalised_mid", "unsure",
]

MODEL_FILE = "ner.crfsuite"
LEMMA_FILE = "lemma.crfsuite"
QUOTES = frozenset("\"«»„“”'‘’")
FLAG_GRAMMEMES = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Fixd", "anim", "inan", "Trad")
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")
TRAILING_POS = frozenset({"PREP", "CONJ", "PRCL"})
TRAILING_WORDS = frozenset({"з", "із", "до", "в", "у", "на", "і", "й", "та", "за", "від", "для", "по", "о",
                            "и", "с", "к", "от", "из", "а", "або", "или", "чи", "не"})
SENTENCE_OPENERS = frozenset(".!?:;—–-\"«„“'")
ENTITY_TYPES = ("PER", "ORG", "LOC", "PRO", "EVT")
UNSURE_O = 0.7      # measured on the held-out topics: 0.5 and 0.7 both help, 0.7 most
LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")


@dataclass(frozen=True, slots=True)
class NerTagger:
    """A loaded CRF tagger (adapted: call ``tag`` with feature sequences), its gazetteer and
    the base-form correction CRF trained with it (see ``vezha.baseform``)."""
    tagger: Any
    gazetteer: dict[str, str] = field(default_factory=dict)
    lemma_tagger: Any = None
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)

    def tag(self, features: list[list[str]]) -> list[str]:
        self.tagger.set(features)
        return list(self.tagger.tag())

    def probabilities(self, k: int) -> dict[str, float]:
        """P(token ``k`` of the last tagged sequence is outside a name ("O") or in a name of each
        type), from the CRF's marginals."""
        out: dict[str, float] = defaultdict(float)
        for label in self.tagger.labels():
            out[label[2:] or label] += self.tagger.marginal(label, k)
        return out


def model_path(model_dir: str = "") -> Path:
    """The folder of the NER model: ``model_dir`` if set, else the one shipped in the package."""
    return Path(model_dir) if model_dir else Path(__file__).parent / "data" / "ner"


def load_ner(settings: Any) -> NerTagger:
    """Load the shipped (or ``settings.model_dir``) CRF model and the KB gazetteer."""
    from .kb import load_kb
    from .morph import load_morph

    path = model_path(getattr(settings, "model_dir", "")) / MODEL_FILE
    if not path.exists():
        raise ModelError("NER model not found; run `vezha train ner`", code="V401", source=str(path))
    lemma_path = path.parent / LEMMA_FILE
    lemma = _open_crf(lemma_path) if lemma_path.exists() else None
    kb = load_kb(settings)
    return NerTagger(_open_crf(path), kb.gazetteer(), lemma, kb.phrases(load_morph(settings).lemma))


def _open_crf(path: Path) -> Any:
    import pycrfsuite
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except Exception as exc:  # crfsuite raises a bare ValueError/IOError on a broken file
        raise ModelError(f"cannot open model: {exc}", code="V402", source=str(path)) from exc
    return tagger


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


def script(word: str) -> str:
    """L (Latin letters only), C (Cyrillic only), M (both) or N (no letters of either)."""
    lat, cyr = bool(LATIN.search(word)), bool(CYRILLIC.search(word))
    return "M" if lat and cyr else "L" if lat else "C" if cyr else "N"


def _word_features(tok: Token, prefix: str, full: bool) -> list[str]:
    w = tok.text
    g = _grammemes(tok.tag)
    feats = [f"{prefix}w={w.lower()}", f"{prefix}sh={shape(w)}", f"{prefix}pos={tok.pos}",
             f"{prefix}ssh={script(w)}{shape(w)}"]
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
    elif capitalised_mid(tokens, i):
        feats.append(f"capmid={script(tok.text)}")
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


def capitalised_mid(tokens: Sequence[Token], i: int) -> bool:
    """A capitalised word that does not open the sentence or follow a full stop, colon or quote."""
    return i > 0 and tokens[i].text[:1].isupper() and tokens[i - 1].text not in SENTENCE_OPENERS


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
    return [(tokens[i].start, tokens[j].end, t) for i, j, t in _chunks(labels)]


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
    found: list[tuple[int, int, str]] = []
    for sent in doc.sentences:
        if sent.tokens:
            labels = unsure(ner, sent.tokens, ner.tag(sentence_features(sent.tokens, sent.language, ner.gazetteer)))
            crf = _initials(sent.tokens, [_trim(sent.tokens, c) for c in _chunks(labels)])
            spans = merge_kb(crf, _kb_matches(sent.tokens, ner.phrases), sent.tokens)
            found += [(sent.tokens[i].start, sent.tokens[j].end, t) for i, j, t in spans]
    found += propagate(doc, found)
    out = []
    for start, end, typ in sorted(found):
        start, end = strip_quotes(doc.text, start, end)
        if end > start:
            out.append(Mention(start, end, doc.text[start:end], typ))
    return tuple(out)


def unsure(ner: NerTagger, tokens: Sequence[Token], labels: list[str]) -> list[str]:
    """Rule ``unsure``: a capitalised word mid-sentence that the CRF left outside any name with
    P(O) < ``UNSURE_O`` takes its most probable type (the CRF spreads an unseen name's
    probability over four types, so O wins alone: "як easyJet, Ryanair, IAG")."""
    out = list(labels)
    for k in range(1, len(out)):
        if out[k] == "O" and capitalised_mid(tokens, k) and ner.tagger.marginal("O", k) < UNSURE_O:
            probs = ner.probabilities(k)
            best = max(ENTITY_TYPES, key=probs.__getitem__)
            out[k] = ("I-" if out[k - 1][2:] == best else "B-") + best
    return out


def _trim(tokens: Sequence[Token], chunk: tuple[int, int, str]) -> tuple[int, int, str]:
    """Rule ``trim``: a name does not end in a lowercase preposition or conjunction, nor in a
    number after one ("Генштабу ЗСУ з 1 до" -> "Генштабу ЗСУ"; "Північний потік 2" stays)."""
    i, j, t = chunk
    while j > i:
        if _trailing(tokens[j]):
            j -= 1
        elif tokens[j].text.isdigit() and j - 1 > i and _trailing(tokens[j - 1]):
            j -= 2
        else:
            break
    return i, j, t


def _initials(tokens: Sequence[Token], chunks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Rule ``initials``: "Т. Мей" is one person: an initial and its dot join the name after it."""
    out: list[tuple[int, int, str]] = []
    for i, j, t in chunks:
        while t == "PER" and i >= 1 and _initial(tokens[i - 1]) and tokens[i - 1].text.endswith("."):
            i -= 1
        prev = out[-1] if out else None
        if (prev and t == prev[2] == "PER" and prev[1] + 1 >= i
                and all(_initial(tokens[k]) for k in range(prev[0], prev[1] + 1))):
            out[-1] = (prev[0], j, t)
        else:
            out.append((i, j, t))
    return out


def _initial(tok: Token) -> bool:
    """"Т", "Т." or "." (the dot of an initial)."""
    return tok.text == "." or len(tok.text.rstrip(".")) == 1 and tok.text[:1].isupper()


def _trailing(tok: Token) -> bool:
    low = tok.text.lower()
    return tok.text == low and (tok.pos in TRAILING_POS or low in TRAILING_WORDS)


def _kb_matches(tokens: Sequence[Token], phrases: dict[tuple[str, ...], str]) -> list[tuple[int, int, str]]:
    """Knowledge-base aliases found in the sentence, as token spans (see ``kb.match_phrases``)."""
    words = [k for k, t in enumerate(tokens) if any(c.isalnum() for c in t.text)]
    lemmas = [(tokens[k].lemma or tokens[k].text).lower() for k in words]
    caps = [tokens[k].text[:1].isupper() or tokens[k].text[:1].isdigit() for k in words]
    return [(words[i], words[j], t) for i, j, t in match_phrases(lemmas, caps, phrases)]


def merge_kb(crf: list[tuple[int, int, str]], kb: list[tuple[int, int, str]],
             tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
    """Rule ``kb``: a multi-word alias replaces the CRF spans it overlaps (unless one contains
    it); a one-word alias is added mid-sentence, or retypes a CRF span of exactly that word,
    except ORG <-> LOC, which annotators label either way (ЄС, США, Євросоюз: left to the CRF)."""
    out = list(crf)
    for i, j, t in kb:
        over = [c for c in out if c[0] <= j and c[1] >= i]
        exact = len(over) == 1 and over[0][:2] == (i, j)
        retype = exact and ("PER" in (t, over[0][2]) or {t, over[0][2]} != {"ORG", "LOC"})
        inside = any(c[0] <= i and c[1] >= j for c in over) and not exact
        if (j > i and not inside) or retype or (not over and i > 0):
            out = [c for c in out if c not in over] + [(i, j, t)]
    return sorted(out)


def _chunks(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token, type) of each BIO chunk."""
    out: list[list[Any]] = []
    prev = "O"
    for k, lab in enumerate(labels):
        if lab != "O" and lab[0] == "I" and prev != "O" and prev[2:] == lab[2:]:
            out[-1][1] = k
        elif lab != "O":
            out.append([k, k, lab[2:]])
        prev = lab
    return [(i, j, t) for i, j, t in out]


def propagate(doc: Doc, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Rule ``one sense per article``: other untagged occurrences of a tagged name (same lemmas,
    capitalised) get its most frequent type ("Ryanair" tagged once -> every "Ryanair")."""
    tokens = [t for s in doc.sentences for t in s.tokens]
    starts = {t.start: k for k, t in enumerate(tokens)}
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    covered = set()
    for start, end, typ in found:
        idx = [k for k in range(starts.get(start, len(tokens)), len(tokens)) if tokens[k].end <= end]
        covered.update(idx)
        if idx and tokens[idx[0]].text[:1].isupper():
            votes[tuple(tokens[k].lemma.lower() for k in idx)][typ] += 1
    at: dict[str, list[int]] = defaultdict(list)
    for k, t in enumerate(tokens):
        if t.text[:1].isupper():
            at[t.lemma.lower()].append(k)
    out = []
    for key, counter in sorted(votes.items(), key=lambda kv: -len(kv[0])):
        n = len(key)
        for k in at.get(key[0], ()):
            span = range(k, k + n)
            if (k + n <= len(tokens) and not covered.intersection(span)
                    and tuple(tokens[x].lemma.lower() for x in span) == key):
                out.append((tokens[k].start, tokens[k + n - 1].end, counter.most_common(1)[0][0]))
                covered.update(span)
    return out


def run(doc: Doc, resources: Resources) -> Doc:
    """The ``ner`` stage: add the mentions found by the CRF."""
    from dataclasses import replace
    return replace(doc, mentions=recognize(doc, resources["ner"]))


STAGE = Stage("ner", run, needs=frozenset({"sentences"}), provides=frozenset({"mentions"}),
              resources=frozenset({"ner"}))
