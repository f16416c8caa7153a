"""Training of the base-form correction CRF (``lemma.crfsuite``) from SlavicNER base forms.

``vezha train ner`` calls ``lemma_examples`` for every training document and ``train_lemma``
once; ``python -m vezha.baseform_train [--out PATH]`` retrains only this model from
``../shared/data`` (SlavicNER uk and ru, every topic), leaving the NER model alone.
"""
from __future__ import annotations

import argparse
import bisect
from pathlib import Path
from typing import Any, Iterable, Iterator

from .baseform import Context, base_form, edit_features, edit_of
from .corpora import SLAVICNER_TOPICS, Annotated, load_slavicner
from .morph import Morph

__all__ = ["lemma_examples", "train_lemma", "examples_of", "LEMMA_PARAMS"]

LEMMA_PARAMS = {"c1": 0.05, "c2": 0.05, "feature.possible_transitions": True, "max_iterations": 100}


def lemma_examples(doc: Annotated, tokens: list, morph: Morph) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, edits) of each mention whose base form has as many words as its text."""
    starts = [t.start for t in tokens]
    for m in doc.mentions:
        words, lemmas = m.text.split(), m.lemma.split()
        if not m.lemma or len(words) != len(lemmas):
            continue
        lo, hi = bisect.bisect_left(starts, m.start), bisect.bisect_left(starts, m.end)
        ctx = Context(doc.language, m.type, morph, m.text, m.start, tokens[lo - 1].text if lo else "")
        rule = base_form(ctx, [tokens[i] for i in range(lo, hi) if tokens[i].end <= m.end])
        yield edit_features(ctx, rule), [edit_of(w, l) for w, l in zip(words, lemmas)]


def examples_of(docs: Iterable[Annotated], morph: Morph) -> list:
    """Base-form examples of ``docs``, each document segmented by the ``text`` stage."""
    from .text import segment
    out: list = []
    for doc in docs:
        tokens = [t for s in segment(doc.text, morph, doc.language) for t in s.tokens]
        out.extend(lemma_examples(doc, tokens, morph))
    return out


def train_lemma(examples: list, path: Path, params: dict[str, Any] | None = None) -> None:
    """Train the base-form correction CRF on (features, edits) examples."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in examples:
        trainer.append(xseq, yseq)
    trainer.set_params({**LEMMA_PARAMS, **(params or {})})
    trainer.train(str(path))


def main(argv: list[str] | None = None) -> None:
    from .morph import load_morph
    from .ner import LEMMA_FILE, model_path
    from .settings import load_settings

    ap = argparse.ArgumentParser(description="retrain the base-form correction model only")
    ap.add_argument("--out", default="", help=f"output file (default: the package's data/ner/{LEMMA_FILE})")
    args = ap.parse_args(argv)
    settings = load_settings()
    docs = load_slavicner(Path(settings.shared_dir) / "data" / "bsnlp" / "slavicner", SLAVICNER_TOPICS)
    out = Path(args.out) if args.out else model_path("") / LEMMA_FILE
    train_lemma(examples_of(docs, load_morph(settings)), out)


if __name__ == "__main__":
    main()
