"""Distributional word clusters for the NER features: words that occur in like contexts share an id.

``train_clusters`` learns word2vec vectors (gensim) from the unlabelled text of the training
documents only (never from a held-out test set) and groups them with k-means twice: a coarse
id and a fine one, written ``"coarse.fine"`` ("12.301"). The table (lowercased word form ->
id) ships beside the CRF as ``clusters.tsv``; ``load_clusters`` reads it (empty when absent:
a model trained without clusters). Training is deterministic (one worker, fixed seeds).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

__all__ = ["CLUSTER_FILE", "ClusterConfig", "train_clusters", "save_clusters", "load_clusters"]

CLUSTER_FILE = "clusters.tsv"


class ClusterConfig:
    """Sizes of the word2vec model and of the two k-means partitions (class constants)."""
    dim = 64
    window = 3
    min_count = 3
    epochs = 12
    skipgram = 1        # skip-gram: better vectors for rare words on a small corpus than CBOW
    coarse = 64
    fine = 512
    seed = 7


def train_clusters(sentences: Iterable[list[str]], config: type[ClusterConfig] = ClusterConfig) -> dict[str, str]:
    """Cluster ids of the words of ``sentences`` (lists of word forms, lowercased here)."""
    import numpy as np
    from gensim.models import Word2Vec

    corpus = [[w.lower() for w in s if any(c.isalpha() for c in w)] for s in sentences]
    model = Word2Vec(corpus, vector_size=config.dim, window=config.window, min_count=config.min_count,
                     workers=1, sg=config.skipgram, epochs=config.epochs, seed=config.seed)
    words = list(model.wv.index_to_key)
    vectors = model.wv.vectors / np.maximum(np.linalg.norm(model.wv.vectors, axis=1, keepdims=True), 1e-9)
    coarse = _kmeans(vectors, min(config.coarse, len(words)), config.seed)
    fine = _kmeans(vectors, min(config.fine, len(words)), config.seed + 1)
    return {w: f"{c}.{f}" for w, c, f in zip(words, coarse, fine)}


def _kmeans(x, k: int, seed: int, iterations: int = 20):
    """Spherical k-means (unit vectors, dot-product similarity) from k random rows."""
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = x[rng.choice(len(x), size=k, replace=False)]
    assign = np.zeros(len(x), dtype=int)
    for _ in range(iterations):
        assign = np.argmax(x @ centres.T, axis=1)
        for c in range(k):
            members = x[assign == c]
            if len(members):
                mean = members.sum(axis=0)
                centres[c] = mean / max(float(np.linalg.norm(mean)), 1e-9)
    return assign.tolist()


def save_clusters(clusters: dict[str, str], path: Path) -> None:
    lines = (f"{w}\t{c}\n" for w, c in sorted(clusters.items()) if "\t" not in w and "\n" not in w)
    path.write_text("".join(lines), encoding="utf-8")


def load_clusters(path: Path) -> dict[str, str]:
    """The word -> cluster id table at ``path``; empty when the model has none."""
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, cid = line.partition("\t")
        if cid:
            out[word] = cid
    return out
