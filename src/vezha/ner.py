"""Named-entity recognition: a CRF over the tokens of each sentence (BIO over PER, ORG, LOC, PRO, EVT),
read in the windows around the words that can start a name (``vezha.ner_window``).

The features (``vezha.ner_features``) are data: word shape and casing, script, affixes,
pymorphy3 lemma and grammemes, neighbours ±2, quotes, the language, a knowledge-base gazetteer
flag and distributional word clusters learned from the training text (``vezha.ner_clusters``).
Rules after the CRF (``vezha.ner_rules``; place rules in ``vezha.ner_places``): unsure, trim,
close quotes, address, list, settlement, initials, street list, kb, compass, one type per
article, one sense per article, dotted name and final dot. The model is trained by ``vezha
train ner`` (see ``vezha.train``) and shipped in ``vezha/data/ner/``; ``load_ner`` loads it once.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from .errors import ModelError
from .model import Doc, Mention, Token
from .ner_clusters import CLUSTER_FILE, load_clusters
from .ner_features import capitalised_mid, script, sentence_features, shape, token_features
from .ner_places import address, compass, settlement, split_list, street_list
from .ner_rules import (ENTITY_TYPES, chunks, close_quotes, dotted_names, drop_final_dot, initials, kb_matches,
                        merge_kb, one_type, propagate, strip_quotes, trim, type_probabilities, unsure)
from .ner_window import STARTERS_FILE, load_starters, tag_windows
from .pipeline import Resources, Stage

__all__ = [
    "NerTagger", "STAGE", "MODEL_FILE", "LEMMA_FILE", "CLUSTER_FILE", "STARTERS_FILE", "token_features",
    "sentence_features", "open_crf",
    "bio_labels", "spans_from_labels", "load_ner", "recognize", "model_path", "script", "capitalised_mid",
    "unsure", "shape", "strip_quotes", "ENTITY_TYPES",
]

MODEL_FILE = "ner.crfsuite"
LEMMA_FILE = "lemma.crfsuite"


@dataclass(frozen=True, slots=True)
class NerTagger:
    """A loaded CRF tagger (adapted: call ``tag`` with feature sequences), its gazetteer, word
    clusters and the base-form correction CRF trained with it (see ``vezha.baseform``)."""
    tagger: Any
    gazetteer: dict[str, str] = field(default_factory=dict)
    lemma_tagger: Any = None
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    clusters: dict[str, str] = field(default_factory=dict)
    starters: frozenset[str] = frozenset()
    phrase_lengths: dict[str, int] | None = None

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

    def features(self, tokens: Sequence[Token], language: str,
                 only: Sequence[int] | None = None) -> list[list[str]]:
        return sentence_features(tokens, language, self.gazetteer, self.clusters, only)

    def read(self, tokens: Sequence[Token], language: str) -> tuple[list[str], "NerTagger"]:
        """The CRF's labels of a sentence's tokens, read in its windows (``vezha.ner_window``),
        and this tagger seen through them (its marginals are that sentence's, by token index)."""
        labels, view = tag_windows(tokens, self.gazetteer, self.starters,
                                   lambda only: self.features(tokens, language, only), self.tag, self.tagger)
        return labels, replace(self, tagger=view)


def model_path(model_dir: str = "") -> Path:
    """The folder of the NER model: ``model_dir`` if set, else the one shipped in the package."""
    return Path(model_dir) if model_dir else Path(__file__).parent / "data" / "ner"


def load_ner(settings: Any) -> NerTagger:
    """Load the shipped (or ``settings.model_dir``) CRF model, its clusters and the KB gazetteer."""
    from .kb import load_kb, phrase_lengths
    from .morph import load_morph

    path = model_path(getattr(settings, "model_dir", "")) / MODEL_FILE
    if not path.exists():
        raise ModelError("NER model not found; run `vezha train ner`", code="V401", source=str(path))
    lemma_path = path.parent / LEMMA_FILE
    lemma = open_crf(lemma_path) if lemma_path.exists() else None
    kb, tagger = load_kb(settings), open_crf(path)
    phrases = kb.phrases(load_morph(settings).lemma)
    return NerTagger(tagger, kb.gazetteer(), lemma, phrases, load_clusters(path.parent / CLUSTER_FILE),
                     load_starters(path.parent / STARTERS_FILE, tagger), phrase_lengths(phrases))


def open_crf(path: Path) -> Any:
    import pycrfsuite
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except Exception as exc:  # crfsuite raises a bare ValueError/IOError on a broken file
        raise ModelError(f"cannot open model: {exc}", code="V402", source=str(path)) from exc
    return tagger


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
    return [(tokens[i].start, tokens[j].end, t) for i, j, t in chunks(labels)]


def recognize(doc: Doc, ner: NerTagger) -> tuple[Mention, ...]:
    """Mentions (type and span; no base form or id yet) in every sentence of ``doc``."""
    found: list[tuple[int, int, str]] = []
    keys: list[tuple[str, ...]] = []
    probs: list[dict[str, float]] = []
    by_kb: list[bool] = []
    for sent in doc.sentences:
        if sent.tokens:
            named, from_kb, seen = _sentence(sent.tokens, sent.language, ner)
            for i, j, t in named:
                found.append((sent.tokens[i].start, sent.tokens[j].end, t))
                keys.append(tuple(tok.lemma.lower() for tok in sent.tokens[i:j + 1]))
                probs.append(type_probabilities(seen, i, j))
                by_kb.append((i, j, t) in from_kb)
    found = one_type(found, keys, probs, by_kb)
    found += propagate(doc, found)
    out = []
    for start, end, typ in dotted_names(doc.text, found):
        start, end = strip_quotes(doc.text, start, drop_final_dot(doc.text, start, end))
        if end > start:
            out.append(Mention(start, end, doc.text[start:end], typ))
    return tuple(out)


def _sentence(tokens: Sequence[Token], language: str,
              ner: NerTagger) -> tuple[list[tuple[int, int, str]], set, NerTagger]:
    """Token chunks of one sentence: the CRF, then the rules unsure, trim, close quotes, address,
    list, settlement, initials, street list, kb and compass; the chunks the KB typed; and the
    tagger seen through this sentence's windows (for its marginals)."""
    labels, ner = ner.read(tokens, language)
    labels = unsure(ner, tokens, labels)
    crf = street_list(tokens, initials(tokens, [
        settlement(tokens, part) for c in chunks(labels)
        for part in split_list(tokens, address(tokens, close_quotes(tokens, trim(tokens, c))))]))
    kb = kb_matches(tokens, ner.phrases, ner.phrase_lengths)
    return compass(tokens, merge_kb(crf, kb, tokens)), set(kb), ner


def run(doc: Doc, resources: Resources) -> Doc:
    """The ``ner`` stage: add the mentions found by the CRF."""
    return replace(doc, mentions=recognize(doc, resources["ner"]))


STAGE = Stage("ner", run, needs=frozenset({"sentences"}), provides=frozenset({"mentions"}),
              resources=frozenset({"ner"}))
