"""Training of the entity models: ``vezha train ner``.

Reads SlavicNER (uk, ru) and NER-UK (PER/ORG/LOC) from ``settings.shared_dir``, runs the
``text`` stage over every document (so training sees the tokens the pipeline will see), and
trains one joint uk+ru CRF with python-crfsuite, after word clusters learned from the same
training text (``vezha.ner_clusters``). The model is written to ``out_dir`` (default: the
package's ``data/ner``) with its ``clusters.tsv`` and a ``meta.json`` that states data and licences.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from .baseform_train import lemma_examples, train_lemma
from .corpora import SLAVICNER_TOPICS, Annotated, load_neruk, load_slavicner
from .kb import load_kb
from .morph import Morph, load_morph
from .model import Sentence
from .ner import (CLUSTER_FILE, LEMMA_FILE, MODEL_FILE, STARTERS_FILE, bio_labels, model_path, open_crf,
                  sentence_features)
from .ner_window import STARTER_WEIGHT, name_starters, save_starters
from .ner_clusters import save_clusters, train_clusters
from .text import segment

__all__ = ["TrainConfig", "train_ner", "training_docs", "segmented", "sequences", "DATA_LICENCES",
           "train_lemma"]

DATA_LICENCES = {
    "slavicner": "SlavicNER / BSNLP 2019-2021 shared-task data (SlavicNLP/SlavicNER): research use, "
                 "no licence stated; cite Piskorski et al. 2019, 2021, 2024",
    "ner-uk": "NER-UK 2.0 by lang-uk (https://github.com/lang-uk/ner-uk): CC BY-NC-SA 4.0",
}
STARTERS_NOTE = (f"{STARTERS_FILE}: the lowercase words and lemmas whose features weigh {STARTER_WEIGHT} more "
                 "for a B- label than for O in ner.crfsuite (vezha.ner_window.name_starters); derived from the model")
CLUSTERS_NOTE = (f"{CLUSTER_FILE}: word2vec (gensim, skip-gram) + k-means over the text of the training "
                 "documents above only; derived from them, under the same terms")
CRF_PARAMS = {"c1": 0.05, "c2": 0.05, "feature.possible_transitions": True}


@dataclass(frozen=True, slots=True)
class TrainConfig:
    topics: tuple[str, ...] = SLAVICNER_TOPICS
    languages: tuple[str, ...] = ("uk", "ru")
    neruk: bool = True                  # add NER-UK (PER/ORG/LOC only) as extra Ukrainian data
    neruk_share: float = 1.0            # first share of the NER-UK documents (for the 80/20 split)
    max_iterations: int = 150
    max_docs: int = 0                   # 0: all
    clusters: bool = True               # word-cluster features learned from the training text
    gazetteer_share: float = 0.5        # share of the documents trained with the KB gazetteer feature


def training_docs(shared: Path, config: TrainConfig) -> list[Annotated]:
    """The annotated documents a configuration trains on."""
    docs = load_slavicner(shared / "data" / "bsnlp" / "slavicner", config.topics, config.languages)
    if config.neruk:
        neruk = load_neruk(shared / "data" / "ner-uk" / "v2.0" / "data")
        docs += neruk[:int(len(neruk) * config.neruk_share)]
    return docs[:config.max_docs] if config.max_docs else docs


def segmented(docs: Iterable[Annotated], morph: Morph) -> list[tuple[Annotated, list[Sentence]]]:
    """Every document with its sentences as the ``text`` stage cuts them (empty ones left out)."""
    return [(doc, [s for s in segment(doc.text, morph, doc.language) if s.tokens]) for doc in docs]


def sequences(docs: Iterable[tuple[Annotated, list[Sentence]]], morph: Morph, gazetteer: dict[str, str],
              lemma_out: list | None = None, clusters: dict[str, str] | None = None,
              gazetteer_share: float = 1.0) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, labels) for every sentence of every segmented document; base-form examples of
    the mentions that have a base form are appended to ``lemma_out`` as (features, edits).

    Only every so many documents (``gazetteer_share`` of them, spread evenly) see the gazetteer:
    the training names are in the KB far more often than the names of new articles are, and a
    CRF that always sees them there learns to doubt every name the KB lacks."""
    for n, (doc, sents) in enumerate(docs):
        gaz = gazetteer if int((n + 1) * gazetteer_share) > int(n * gazetteer_share) else None
        for sent in sents:
            inside = [m for m in doc.mentions if m.start < sent.end and m.end > sent.start]
            yield (sentence_features(sent.tokens, sent.language, gaz, clusters),
                   bio_labels(sent.tokens, inside))
        if lemma_out is not None:
            lemma_out.extend(lemma_examples(doc, [t for s in sents for t in s.tokens], morph))


def train_ner(settings: Any, config: TrainConfig = TrainConfig(), out_dir: str | Path | None = None,
              docs: list[Annotated] | None = None, log: Any = None) -> dict[str, Any]:
    """Train the CRF and write it with its ``meta.json``; returns the meta record."""
    started = time.monotonic()
    shared = Path(settings.shared_dir)
    docs = training_docs(shared, config) if docs is None else docs
    morph = load_morph(settings)
    out = Path(out_dir) if out_dir else model_path(getattr(settings, "model_dir", ""))
    out.mkdir(parents=True, exist_ok=True)
    texts = segmented(docs, morph)
    clusters = _clusters(texts, out, config.clusters)
    lemma_examples_: list = []
    trainer, count = _crf_trainer(sequences(texts, morph, load_kb(settings).gazetteer(), lemma_examples_,
                                            clusters, config.gazetteer_share), config)
    if log:
        log(f"training on {len(docs)} documents, {count} sentences")
    trainer.train(str(out / MODEL_FILE))
    save_starters(name_starters(open_crf(out / MODEL_FILE)), out / STARTERS_FILE)
    train_lemma(lemma_examples_, out / LEMMA_FILE)
    meta = {"documents": len(docs), "sentences": count, "config": _config_dict(config),
            "seconds": round(time.monotonic() - started, 1), "data": _used(config),
            "clusters": CLUSTERS_NOTE if clusters else "", "lemma": LEMMA_NOTE, "starters": STARTERS_NOTE}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


def _crf_trainer(seqs: Iterable[tuple[list, list]], config: TrainConfig) -> tuple[Any, int]:
    """A CRF trainer holding every (features, labels) sequence, and how many there are."""
    import pycrfsuite
    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for xseq, yseq in seqs:
        trainer.append(xseq, yseq)
        count += 1
    trainer.set_params({**CRF_PARAMS, "max_iterations": config.max_iterations})
    return trainer, count


LEMMA_NOTE = ("lemma.crfsuite: base-form correction CRF, trained on the SlavicNER uk+ru base forms "
              "of the documents above (alone: `python -m vezha.baseform_train`); SlavicNER terms above")


def _clusters(texts: list[tuple[Annotated, list[Sentence]]], out: Path, wanted: bool) -> dict[str, str]:
    """Word clusters of the training text only, written beside the model (none: no file)."""
    if not wanted:
        (out / CLUSTER_FILE).unlink(missing_ok=True)
        return {}
    clusters = train_clusters([[t.text for t in s.tokens] for _, sents in texts for s in sents])
    save_clusters(clusters, out / CLUSTER_FILE)
    return clusters


def _used(config: TrainConfig) -> dict[str, str]:
    keys = ["slavicner"] + (["ner-uk"] if config.neruk else [])
    return {k: DATA_LICENCES[k] for k in keys}


def _config_dict(config: TrainConfig) -> dict[str, Any]:
    return {f: getattr(config, f) for f in config.__dataclass_fields__}
